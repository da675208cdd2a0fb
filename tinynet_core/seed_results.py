"""What one seed's network did in a sweep (a lottery): plain records, with no torch behind them.

The engine's process sends them to the app's, which unpickles them by this module's name, so it
must not import torch: importing it there freezes the screen for a second or more.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedResult:
    """What one seed's network did on TinyNet's world."""

    seed: int
    final_loss: float
    solved: bool  # every training pattern gets a clear, right answer
    diverged: bool
    stress: tuple[str, ...]  # "horizontal", "vertical" or "unsure" for each stress pattern
    all16: tuple[str, ...]  # the same for the 16 black/white patterns


@dataclass(frozen=True)
class LotteryResult:
    """What one seed's network did, on any world."""

    seed: int
    final_loss: float  # the last epoch's mean loss
    train_score: float  # accuracy (or R²) on the training set after training
    val_score: float  # the same on the held-out examples (NaN if none)
    diverged: bool
