"""How well a network does, by task: accuracy for answers, R² for numbers, and what the curves say.

Accuracy is the share of examples answered right: the most probable class (softmax), the side of
0.5 (one sigmoid), or every output on the right side of 0.5 (independent sigmoids; a target of
0.5, TinyNet's "unsure", counts as right only near 0.5, within UNSURE_BAND). R² is
1 − (squared error) / (spread of the targets): 1 is a perfect fit, 0 no better than the mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

UNSURE_BAND = 0.15  # an output within this of 0.5 answers "unsure", as world.UNSURE_MARGIN


@torch.no_grad()
def score(task: str, head: str, outputs: torch.Tensor, targets: torch.Tensor) -> list[float]:
    """Accuracy (0-1) for answers, R² for numbers, for each of a stack of outputs [E, N, …].

    NaN for a stack entry with no examples or non-finite outputs.
    """
    count = len(targets)
    if count == 0:
        return [math.nan] * len(outputs)
    flat = outputs.reshape(len(outputs), count, -1)
    finite = torch.isfinite(flat).flatten(1).all(dim=1)
    if task == "regression":
        truth = targets.reshape(1, count, -1)
        residual = ((flat - truth) ** 2).flatten(1).sum(dim=1)
        spread = float(((truth - truth.mean()) ** 2).sum())
        values = 1.0 - residual / spread if spread > 0 else torch.full_like(residual, math.nan)
    else:
        values = _right(head, flat, targets).float().mean(dim=1)
    return torch.where(finite, values, torch.full_like(values, math.nan)).tolist()


@torch.no_grad()
def answered_right(task: str, head: str, outputs: torch.Tensor, targets: torch.Tensor) -> list[bool] | None:
    """Whether each answer [N, …] is right, by the rule accuracy counts with; None for numbers."""
    if task == "regression":
        return None
    return _right(head, outputs.reshape(1, len(targets), -1), targets)[0].tolist()


def _right(head: str, flat: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """[E, N] booleans: each answer of a stack [E, N, outputs] judged against targets."""
    count = len(targets)
    if head == "softmax":
        return flat.argmax(dim=2) == targets.reshape(1, count)
    truth = targets.reshape(1, count, -1)
    unsure = (truth - 0.5).abs() < 1e-6
    return torch.where(unsure, (flat - 0.5).abs() < UNSURE_BAND, (flat >= 0.5) == (truth >= 0.5)).all(dim=2)


# A validation loss that has risen this many epochs past its lowest point reads as overfitting.
OVERFIT_WINDOW = 20
OVERFIT_RISE = 0.05  # … by at least this share above its lowest
OVERFIT_GAP = 0.1  # … and ends at least this share above the train loss (else it is noise, not memorising)
UNDERFIT_SHARE = 0.8  # a training loss still above this share of the first epoch's has barely learned


@dataclass(frozen=True)
class FitDiagnosis:
    """What the train and validation curves say, as the learning journey reads them."""

    kind: str  # "overfitting", "underfitting", "good fit" or "too early to tell"
    sentence: str  # the reading, with the numbers it rests on


def diagnose(train_losses: list[float], val_losses: list[float], first_epoch: int = 1) -> FitDiagnosis:
    """Read the two loss curves (one value an epoch, the first being epoch `first_epoch`)."""
    pairs = [(t, v) for t, v in zip(train_losses, val_losses) if math.isfinite(t) and math.isfinite(v)]
    if not pairs:
        return reading_of(0, (math.nan, math.nan), (math.nan, math.nan), 0, (math.nan, math.nan), first_epoch)
    best = min(range(len(pairs)), key=lambda i: pairs[i][1])
    return reading_of(len(pairs), pairs[0], pairs[best], best, pairs[-1], first_epoch)


def reading_of(count: int, first: tuple[float, float], best: tuple[float, float], best_index: int, last: tuple[float, float], first_epoch: int) -> FitDiagnosis:
    """The reading from what it rests on: `count` finite (train, val) pairs, the first, the one with
    the lowest validation loss (the `best_index`th) and the newest (fit_watch keeps these as a run goes)."""
    if count < 2:
        return FitDiagnosis("too early to tell", "too early to tell: fewer than two epochs with a validation loss")
    since = count - 1 - best_index
    rising = since >= OVERFIT_WINDOW and last[1] >= best[1] * (1 + OVERFIT_RISE) and last[0] < best[0]
    if rising and last[1] >= last[0] * (1 + OVERFIT_GAP):
        return FitDiagnosis(
            "overfitting",
            f"overfitting: validation loss rising for {since} epochs (from {best[1]:.4g} at epoch {best_index + first_epoch} "
            f"to {last[1]:.4g}) while train loss falls ({best[0]:.4g} to {last[0]:.4g})",
        )
    if first[0] > 0 and last[0] >= UNDERFIT_SHARE * first[0]:  # (a first loss of 0 has nothing to fall from)
        return FitDiagnosis(
            "underfitting",
            f"underfitting: train loss still {last[0]:.4g}, {last[0] / first[0]:.0%} of the first epoch's "
            f"{first[0]:.4g}, and validation loss {last[1]:.4g}: both stay high",
        )
    return FitDiagnosis(
        "good fit",
        f"good fit: both losses fell (train {first[0]:.4g} to {last[0]:.4g}, validation {first[1]:.4g} to {last[1]:.4g}); "
        f"the gap is {last[1] - last[0]:+.4g}",
    )
