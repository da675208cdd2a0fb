"""The learning journey's synthetic tables: random features, a hidden non-linear rule, 5% label noise.

The journey's notebooks describe their data only as "random features with hidden non-linear
patterns, 5% label noise, 80/20 split", with 1,000 samples (notebook 1) and 1,500 (notebooks 2
and 3). These are such sets. Features are standard normal; the rule, hidden from the network, is:

    journey-2: yes when x1·x2 + 0.5·sin(3·x1) > 0
    journey-3: yes when x1² + x2·x3 > 0.6
    journey-4: yes when x1·x2 + sin(2·x3) - 0.5·x4² > -0.5

Each threshold puts roughly half of the examples on each side (checked in the tests). Label
noise flips 5% of the training labels by default; validation labels stay true, so the validation
curve measures what the network learned of the rule, not of the noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import DataOptions, Dataset, World, WorldError, check_seed, classes_dataset

MAX_SAMPLES = 100_000


def rule_2(x):
    """journey-2's hidden rule."""
    import numpy as np

    return x[:, 0] * x[:, 1] + 0.5 * np.sin(3 * x[:, 0]) > 0


def rule_3(x):
    """journey-3's hidden rule."""
    return x[:, 0] ** 2 + x[:, 1] * x[:, 2] > 0.6


def rule_4(x):
    """journey-4's hidden rule."""
    import numpy as np

    return x[:, 0] * x[:, 1] + np.sin(2 * x[:, 2]) - 0.5 * x[:, 3] ** 2 > -0.5


@dataclass(frozen=True)
class JourneyWorld(World):
    """A table of standard-normal features and a yes/no answer given by a hidden rule."""

    name: str
    summary: str
    features: int
    default_samples: int
    rule: object
    kind: str = "table"
    task: str = "classes"
    output_names: tuple[str, ...] = ("no", "yes")
    default_label_noise: float = 0.05
    source: str = "made from the seed, like the PyTorch learning journey's synthetic data"

    @property
    def base_features(self) -> tuple[str, ...]:
        """x1 … xN."""
        return tuple(f"x{i + 1}" for i in range(self.features))

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """Features from the seed, labels from the rule, then the split and the label noise."""
        import numpy as np

        options = options or DataOptions()
        samples = options.samples or self.default_samples
        if not 2 <= samples <= MAX_SAMPLES:
            raise WorldError(f"samples must be from 2 to {MAX_SAMPLES}, got {samples}")
        rng = np.random.RandomState(check_seed(seed))
        x = rng.randn(samples, self.features)
        labels = self.rule(x).astype(np.int64)
        if options.input_noise:  # measurement noise: the rule saw the true values
            x = x + rng.normal(0.0, options.input_noise, x.shape)
        return classes_dataset(self, options, x, labels, rng, self.base_features)


JOURNEY_WORLDS = (
    JourneyWorld("journey-2", "Learning journey notebook 1: 2 features, a hidden rule, 1,000 samples", 2, 1000, rule_2),
    JourneyWorld("journey-3", "Learning journey notebook 2: 3 features, a hidden rule, 1,500 samples", 3, 1500, rule_3),
    JourneyWorld("journey-4", "Learning journey notebook 3: 4 features, a hidden rule, 1,500 samples", 4, 1500, rule_4),
)
