"""Small differences grow: two copies of one TinyNet, one weight apart by a tiny offset, trained
side by side on the same patterns in the same order, and the gap between them measured.

The copies train with the hand engine (plain Python floats, float64, no torch), so the app can
run the experiment on the network it shows. A float32 sum done in another order differs by
about one part in 10^7; this measures what such a difference becomes over a long run.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import TrainConfig
from .hand_engine import HandEngine
from .world import training_set

OFFSET = 1e-7  # about float32's rounding step on a weight near 1
CHECKPOINTS = (1, 10, 100, 300, 1000, 3000, 10000)  # epochs at which the gap is recorded


@dataclass(frozen=True)
class Drift:
    """How far two copies of a network have come apart, epoch by epoch."""

    offset: float  # the gap at the start, in one weight
    epochs: tuple[int, ...]  # when the gap was measured
    gaps: tuple[float, ...]  # the largest |difference| over all parameters at each of those epochs

    @property
    def final(self) -> float:
        """The gap at the end of the run."""
        return self.gaps[-1]

    @property
    def growth(self) -> float:
        """The final gap over the starting one."""
        return self.final / self.offset


def hand_trainable(config: TrainConfig) -> str | None:
    """None if the copies can be trained for this config, else why not (one line)."""
    if not config.is_tinynet or config.head != "sigmoid" or config.loss not in ("mse", "bce"):
        return "the copies are TinyNets on the 2×2 world, one pattern a nudge"
    if config.optimizer not in ("sgd", "adam") or config.l1:
        return "the copies train with SGD or Adam, without L1"
    if config.noise:
        return "the copies train without input noise (both would need the same draws)"
    return None


def drift(params: list[float], config: TrainConfig, epochs: int, offset: float = OFFSET, index: int = 0) -> Drift:
    """Train `params` and a copy with params[index] + offset for `epochs` epochs; the gap at checkpoints.

    Each copy starts with a fresh optimizer. Raises ValueError for a config the copies cannot train.
    """
    why_not = hand_trainable(config)
    if why_not:
        raise ValueError(why_not)
    shifted = list(params)
    shifted[index] += offset
    first, second = HandEngine(params, config), HandEngine(shifted, config)
    samples = [(list(p.pixels), list(p.target)) for p in training_set(config.ambiguous)]
    marks = [e for e in CHECKPOINTS if e < epochs] + [epochs]
    gaps = []
    for epoch in range(1, epochs + 1):
        for x, target in samples:
            first.step(x, target)
            second.step(x, target)
        if epoch in marks:
            gaps.append(max(abs(a - b) for a, b in zip(first.params, second.params)))
    return Drift(offset, tuple(marks), tuple(gaps))
