"""What a tour is made of: tours, chapters, the setup a chapter opens with, and its measured claim."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tinynet_core.world import STRESS_PATTERNS, TRAINING_PATTERNS

from ..frame import Frame

# Patterns chapters put on the grid.
TOP_ROW = TRAINING_PATTERNS[0].pixels
SOLID_GRAY = next(p.pixels for p in STRESS_PATTERNS if p.name == "solid gray")


@dataclass(frozen=True)
class Setup:
    """The state a chapter opens with; walking back to a chapter rebuilds it exactly."""

    preset: str
    seed: int = 0
    changes: dict[str, object] = field(default_factory=dict)  # config changes on top of the preset
    epochs: int = 0  # trained before the chapter opens
    grid: tuple[float, ...] = TOP_ROW


@dataclass(frozen=True)
class Claim:
    """What a chapter measured on the live network, and whether the runbook's claim holds there.

    holds is None for a chapter that only reports numbers (nothing to hold or fail).
    """

    text: str
    holds: bool | None = None


@dataclass(frozen=True)
class Chapter:
    """One step of a tour."""

    title: str
    setup: Setup
    story: str  # what to look at: prose without numbers (the numbers are measured)
    measure: Callable[[Frame], Claim]
    act: str  # what to try before moving on


@dataclass(frozen=True)
class Tour:
    """A runbook as a sequence of chapters."""

    name: str
    title: str
    summary: str
    chapters: tuple[Chapter, ...]

