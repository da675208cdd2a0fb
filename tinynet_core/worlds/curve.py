"""The curve: one number in, one number out. Fit y = sin(x) through noisy samples."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .base import DataOptions, Dataset, World, WorldError, check_seed, regression_dataset

CURVE_SAMPLES = 200
CURVE_NOISE = 0.1  # std of the noise on y unless input_noise says otherwise
MAX_SAMPLES = 100_000


@dataclass(frozen=True)
class Curve(World):
    """x uniform in [-π, π], y = sin(x) + Gaussian noise (std 0.1, or the input noise given)."""

    name: str = "curve"
    summary: str = "Fit a curve: y = sin(x) from 200 noisy samples (regression)"
    kind: str = "curve"
    task: str = "regression"
    output_names: tuple[str, ...] = ("y",)
    base_features: tuple[str, ...] = ("x",)
    extent: float = math.pi

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """Samples from the seed, unscaled (x and y are already near -3..3 and -1..1)."""
        import numpy as np

        options = options or DataOptions()
        samples = options.samples or CURVE_SAMPLES
        if not 2 <= samples <= MAX_SAMPLES:
            raise WorldError(f"samples must be from 2 to {MAX_SAMPLES}, got {samples}")
        rng = np.random.RandomState(check_seed(seed))
        x = rng.uniform(-self.extent, self.extent, samples)
        y = np.sin(x) + rng.normal(0.0, options.input_noise or CURVE_NOISE, samples)
        return regression_dataset(self, options, x.reshape(-1, 1), y, rng, self.base_features, scale=False)
