"""Immutable records of what training did, holding plain CPU values only."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import torch


@dataclass(frozen=True)
class ParamLayout:
    """Where each named parameter sits inside the trainer's flat parameter vector."""

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]
    offsets: tuple[int, ...]

    @classmethod
    def from_shapes(cls, shapes: dict[str, tuple[int, ...]]) -> ParamLayout:
        """Lay the parameters out one after another, in the given order."""
        offsets, total = [], 0
        for shape in shapes.values():
            offsets.append(total)
            total += math.prod(shape)
        return cls(tuple(shapes), tuple(shapes.values()), tuple(offsets))

    @property
    def size(self) -> int:
        """Total number of scalars."""
        return self.offsets[-1] + math.prod(self.shapes[-1])

    def split(self, flat: torch.Tensor) -> dict[str, torch.Tensor]:
        """Views of a flat vector (or the last axis of a batch of them) as named, shaped tensors."""
        lead = flat.shape[:-1]
        return {
            name: flat[..., offset : offset + math.prod(shape)].view(*lead, *shape)
            for name, shape, offset in zip(self.names, self.shapes, self.offsets)
        }


@dataclass(frozen=True)
class ParamChange:
    """One parameter tensor around one nudge."""

    before: torch.Tensor
    after: torch.Tensor
    grad: torch.Tensor  # dLoss/dparam for this sample (weight decay is the optimizer's, not here)

    @property
    def change(self) -> torch.Tensor:
        """after - before."""
        return self.after - self.before


@dataclass(frozen=True)
class Nudge:
    """Everything one optimizer step on one sample did."""

    step: int  # nudges taken since reset, this one included
    epoch: int  # epoch this nudge belongs to, counting from 0
    sample_index: int  # position of the sample in the epoch
    sample_name: str  # the pattern it was, e.g. "top row" (a batch: its first … its last)
    input: torch.Tensor  # what the net saw (after noise): [features], or [B, features] for a batch
    target: torch.Tensor  # [outputs] (or [B, outputs]; class indices for a softmax head)
    output: torch.Tensor  # the net's answer before the step, shaped like the target's rows
    loss: float  # loss on this sample (the batch's mean) before the step
    lr: float  # learning rate the step used
    layout: ParamLayout
    # Every parameter as one flat vector [P], in layout order. `before` is shared with the
    # previous record's `after`: both are read-only copies, so sharing is safe and saves a copy.
    before: torch.Tensor = field(repr=False)
    after: torch.Tensor = field(repr=False)
    grad: torch.Tensor = field(repr=False)
    batch_size: int = 1  # examples this nudge learned from

    @cached_property
    def params(self) -> dict[str, ParamChange]:
        """Per-parameter before/after/grad, e.g. params["layer1.weight"].change."""
        before, after, grad = (self.layout.split(flat) for flat in (self.before, self.after, self.grad))
        return {name: ParamChange(before[name], after[name], grad[name]) for name in self.layout.names}

    @property
    def finite(self) -> bool:
        """False once the loss or any parameter is NaN or infinite."""
        return math.isfinite(self.loss) and bool(torch.isfinite(self.after).all())


@dataclass(frozen=True)
class EpochSummary:
    """One completed epoch."""

    epoch: int  # which epoch, counting from 0
    mean_loss: float  # mean of the nudges' losses, each taken before its step
    movement: dict[str, float]  # norm of the change over the epoch: per layer and "total"
    val_loss: float = math.nan  # loss on the held-out examples after the epoch
    train_score: float = math.nan  # accuracy (share right), or R² for a number, on the training set
    val_score: float = math.nan  # the same on the held-out examples
