"""Judging a trained TinyNet: verdicts on pattern sets and a one-line story of a run.

Importing it does not import torch: the app's tours use LEARNED_LOSS and epochs_to_learn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .world import (
    LABEL_AMBIGUOUS,
    PATTERN_SETS,
    STRESS_PATTERNS,
    TRAINING_PATTERNS,
    Pattern,
    Verdict,
)

if TYPE_CHECKING:
    from .trainer import Trainer


@dataclass(frozen=True)
class Judgement:
    """One pattern, the net's verdict on it, and whether that verdict is sensible."""

    pattern: Pattern
    verdict: Verdict

    @property
    def sensible(self) -> bool:
        """Clear and right for rows and columns; unsure for ambiguous patterns."""
        return self.verdict.is_sensible(self.pattern.label)


def judge(trainer: Trainer, patterns: tuple[Pattern, ...]) -> list[Judgement]:
    """The net's verdict on each pattern."""
    outputs = trainer.predict([p.pixels for p in patterns]).tolist()
    return [Judgement(p, Verdict(h, v)) for p, (h, v) in zip(patterns, outputs)]


def judge_all(trainer: Trainer) -> dict[str, list[Judgement]]:
    """Verdicts on every named pattern set: training, fuzzy, stress, all16."""
    return {name: judge(trainer, patterns) for name, patterns in PATTERN_SETS.items()}


@dataclass(frozen=True)
class RunReport:
    """What one trained network shows: did it learn, and is it honest about what it does not know."""

    final_loss: float
    solved: bool  # every training pattern gets a clear, right answer
    training_confidence: float  # mean confidence on the training patterns
    stress_confident_wrong: int  # stress patterns (all ambiguous) answered with a clear claim
    stress_confidence: float  # mean confidence on the stress set (0.5 is honest)
    ambiguous_confidence: float  # mean confidence on the 12 ambiguous black/white patterns
    epochs_to_learn: int | None  # first epoch whose mean loss fell below LEARNED_LOSS


# A mean MSE below this means the 4 patterns are answered with roughly 80% or better.
LEARNED_LOSS = 0.05


def epochs_to_learn(loss_history: Sequence[float]) -> int | None:
    """The first epoch (counting from 1) whose mean loss fell below LEARNED_LOSS, or None."""
    return next((i + 1 for i, loss in enumerate(loss_history) if loss < LEARNED_LOSS), None)


def report(trainer: Trainer) -> RunReport:
    """Summarise a trained network against the training patterns, the stress set and all 16."""
    training = judge(trainer, TRAINING_PATTERNS)
    stress = judge(trainer, STRESS_PATTERNS)
    ambiguous = [j for j in judge(trainer, PATTERN_SETS["all16"]) if j.pattern.label == LABEL_AMBIGUOUS]
    history = trainer.loss_history
    return RunReport(
        final_loss=history[-1] if history else math.nan,
        solved=all(j.sensible for j in training),
        training_confidence=_mean(j.verdict.confidence for j in training),
        stress_confident_wrong=sum(not j.sensible for j in stress),
        stress_confidence=_mean(j.verdict.confidence for j in stress),
        ambiguous_confidence=_mean(j.verdict.confidence for j in ambiguous),
        epochs_to_learn=epochs_to_learn(history),
    )


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)
