"""How well a network does, by task: accuracy for answers, R² for numbers, and what the curves say.

Accuracy is the share of examples answered right: the most probable class (softmax), the side of
0.5 (one sigmoid), or every output on the right side of 0.5 (independent sigmoids; a target of
0.5, TinyNet's "unsure", counts as right only near 0.5, within UNSURE_BAND). R² is
1 − (squared error) / (spread of the targets): 1 is a perfect fit, 0 no better than the mean.
"""

from __future__ import annotations

import math

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
    elif head == "softmax":
        values = (flat.argmax(dim=2) == targets.reshape(1, count)).float().mean(dim=1)
    else:
        truth = targets.reshape(1, count, -1)
        unsure = (truth - 0.5).abs() < 1e-6
        right = torch.where(unsure, (flat - 0.5).abs() < UNSURE_BAND, (flat >= 0.5) == (truth >= 0.5))
        values = right.all(dim=2).float().mean(dim=1)
    return torch.where(finite, values, torch.full_like(values, math.nan)).tolist()
