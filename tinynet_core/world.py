"""The 2x2 pixel world: training patterns, fuzzy and stress sets, all 16 patterns, input noise.

Pixels are ordered top-left, top-right, bottom-left, bottom-right; brightness is 0.0-1.0.
Outputs are ordered horizontal, vertical.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

PIXEL_NAMES = ("TL", "TR", "BL", "BR")
OUTPUT_NAMES = ("horizontal", "vertical")

HORIZONTAL = (1.0, 0.0)
VERTICAL = (0.0, 1.0)
UNSURE = (0.5, 0.5)

LABEL_HORIZONTAL = "horizontal"
LABEL_VERTICAL = "vertical"
LABEL_AMBIGUOUS = "ambiguous"

# A verdict within this distance of 50/50 counts as "unsure" rather than a claim.
UNSURE_MARGIN = 0.15


@dataclass(frozen=True)
class Pattern:
    """One 2x2 input with a name and what a sensible answer is."""

    name: str
    pixels: tuple[float, float, float, float]
    label: str  # LABEL_HORIZONTAL, LABEL_VERTICAL or LABEL_AMBIGUOUS

    @property
    def target(self) -> tuple[float, float]:
        """The training target for this pattern's label."""
        return {LABEL_HORIZONTAL: HORIZONTAL, LABEL_VERTICAL: VERTICAL}.get(self.label, UNSURE)


TRAINING_PATTERNS = (
    Pattern("top row", (1.0, 1.0, 0.0, 0.0), LABEL_HORIZONTAL),
    Pattern("bottom row", (0.0, 0.0, 1.0, 1.0), LABEL_HORIZONTAL),
    Pattern("left column", (1.0, 0.0, 1.0, 0.0), LABEL_VERTICAL),
    Pattern("right column", (0.0, 1.0, 0.0, 1.0), LABEL_VERTICAL),
)

FUZZY_PATTERNS = (
    Pattern("fuzzy top row", (0.8888, 0.9, 0.1112, 0.1), LABEL_HORIZONTAL),
    Pattern("fuzzy bottom row", (0.1, 0.15, 0.85, 0.9), LABEL_HORIZONTAL),
    Pattern("fuzzy left column", (0.9, 0.12, 0.8, 0.1), LABEL_VERTICAL),
    Pattern("fuzzy right column", (0.05, 0.95, 0.2, 0.75), LABEL_VERTICAL),
)

STRESS_PATTERNS = (
    Pattern("single top-left pixel", (1.0, 0.0, 0.0, 0.0), LABEL_AMBIGUOUS),
    Pattern("solid gray", (0.5, 0.5, 0.5, 0.5), LABEL_AMBIGUOUS),
    Pattern("diagonal /", (0.0, 1.0, 1.0, 0.0), LABEL_AMBIGUOUS),
    Pattern("diagonal \\", (1.0, 0.0, 0.0, 1.0), LABEL_AMBIGUOUS),
)


def label_of(pixels: tuple[float, ...]) -> str:
    """What a black/white pattern is by nature: a full row, a full column, or ambiguous."""
    lit = tuple(p >= 0.5 for p in pixels)
    rows = {(True, True, False, False), (False, False, True, True)}
    columns = {(True, False, True, False), (False, True, False, True)}
    if lit in rows:
        return LABEL_HORIZONTAL
    if lit in columns:
        return LABEL_VERTICAL
    return LABEL_AMBIGUOUS


def _bw_name(pixels: tuple[float, ...]) -> str:
    lit = [name for name, p in zip(PIXEL_NAMES, pixels) if p]
    return "+".join(lit) if lit else "none"


ALL_BW_PATTERNS = tuple(
    Pattern(_bw_name(bits), bits, label_of(bits))
    for bits in (tuple(float(b) for b in combo) for combo in itertools.product((0, 1), repeat=4))
)

# Ambiguous patterns the net may train on (target 50/50) when a config asks for them: every
# black/white pattern that is neither a row nor a column, except those in the stress set, so the
# stress test stays a test of inputs the net has never seen.
AMBIGUOUS_TRAINING_PATTERNS = tuple(
    p
    for p in ALL_BW_PATTERNS
    if p.label == LABEL_AMBIGUOUS and p.pixels not in {s.pixels for s in STRESS_PATTERNS}
)

PATTERN_SETS = {
    "training": TRAINING_PATTERNS,
    "fuzzy": FUZZY_PATTERNS,
    "stress": STRESS_PATTERNS,
    "all16": ALL_BW_PATTERNS,
}


def training_set(ambiguous: bool) -> tuple[Pattern, ...]:
    """The patterns one epoch visits, in order."""
    return TRAINING_PATTERNS + (AMBIGUOUS_TRAINING_PATTERNS if ambiguous else ())


def as_tensors(patterns: tuple[Pattern, ...]) -> tuple["torch.Tensor", "torch.Tensor"]:
    """Inputs [N, 4] and targets [N, 2] as float32 CPU tensors."""
    import torch  # here, not at the top: the world's patterns are plain data the app reads early

    inputs = torch.tensor([p.pixels for p in patterns], dtype=torch.float32)
    targets = torch.tensor([p.target for p in patterns], dtype=torch.float32)
    return inputs, targets


@dataclass(frozen=True)
class Verdict:
    """The network's answer to one input, judged against what a sensible answer is."""

    horizontal: float
    vertical: float

    @property
    def winner(self) -> str:
        """"horizontal" or "vertical", or "unsure" when the confidence is near 50/50 (or NaN)."""
        if not self.confidence >= 0.5 + UNSURE_MARGIN:  # written so that NaN reads as unsure
            return "unsure"
        return LABEL_HORIZONTAL if self.horizontal > self.vertical else LABEL_VERTICAL

    @property
    def confidence(self) -> float:
        """Share of the winning output in the two outputs, 0.5-1.0."""
        total = self.horizontal + self.vertical
        return max(self.horizontal, self.vertical) / total if total > 0 else 0.5

    def is_sensible(self, label: str) -> bool:
        """A clear answer for rows and columns; an unsure one for ambiguous patterns."""
        return self.winner == ("unsure" if label == LABEL_AMBIGUOUS else label)
