"""Edit a weight by hand, and "what if": the training loss along that one weight, with its slope."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .errors import InputError
from .history import History, Moment
from .limits import MAX_HAND_WEIGHT, MAX_SLICE_POINTS
from .nets import apply_head, training_loss
from .records import ParamLayout
from .trainer import Trainer, targets_for_head

SLICE_POINTS = 41  # values of the weight the slice samples, its own in the middle
SLICE_SPAN = 2.0  # how far either side of the weight's value the slice reaches


class EditError(InputError):
    """A weight or value that cannot be set by hand; one line."""


def weight_index(layout: ParamLayout, name: str, position: tuple[int, ...]) -> int:
    """The flat index of one weight: a parameter's name and its place in it, e.g. ("layer1.weight", (2, 0))."""
    if name not in layout.names:
        raise EditError(f"no parameter {name!r}; the network has: {', '.join(layout.names)}")
    shape = layout.shapes[layout.names.index(name)]
    position = tuple(position)
    if len(position) != len(shape) or not all(isinstance(p, int) and 0 <= p < n for p, n in zip(position, shape)):
        raise EditError(f"{name} has shape {list(shape)}; {list(position)} is not a place in it")
    index = 0
    for p, n in zip(position, shape):
        index = index * n + p
    return layout.offsets[layout.names.index(name)] + index


def checked_value(value: object) -> float:
    """A value a weight may be set to: a finite number within ±MAX_HAND_WEIGHT."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or abs(value) > MAX_HAND_WEIGHT:
        raise EditError(f"a weight set by hand must be a number from -{MAX_HAND_WEIGHT:g} to {MAX_HAND_WEIGHT:g}, got {value!r}")
    return float(value)


def edit_weight(history: History, name: str, position: tuple[int, ...], value: object) -> Moment:
    """Set one weight, recorded as a step "edited by hand"; returns that step."""
    index = weight_index(history.layout, name, position)
    history.edit(index, checked_value(value))
    return history.at(history.steps)


@dataclass(frozen=True)
class LossSlice:
    """The training loss along one weight, the others held: a slice of the loss landscape."""

    index: int  # the weight's flat index
    values: list[float]  # the weight's values along the slice
    losses: list[float]  # the training loss at each
    current: float  # the weight's value now
    loss: float  # the training loss now
    slope: float  # d loss / d weight now: the slice's slope at the current value


def loss_slice(trainer: Trainer, index: int, span: float = SLICE_SPAN, points: int = SLICE_POINTS) -> LossSlice:
    """The training loss (clean inputs, no regularisation) at `points` values of one weight, in one vmapped pass."""
    if not (isinstance(points, int) and 2 <= points <= MAX_SLICE_POINTS):
        raise EditError(f"a slice takes from 2 to {MAX_SLICE_POINTS} points, got {points!r}")
    if not (isinstance(span, (int, float)) and math.isfinite(span) and span > 0):
        raise EditError(f"a slice's span must be a positive number, got {span!r}")
    loss_of = _loss_function(trainer)
    flat = trainer.flat_parameters().to(trainer.device)
    current = float(flat[index])
    values = current + torch.linspace(-span, span, points, device=flat.device)
    flats = flat.repeat(points, 1)
    flats[:, index] = values
    with torch.no_grad():
        losses = torch.func.vmap(loss_of)(flats)
    loss, grad = torch.func.grad_and_value(loss_of)(flat)[::-1]
    return LossSlice(index, values.tolist(), losses.tolist(), current, float(loss), float(grad[index]))


def _loss_function(trainer: Trainer):
    """flat weights [P] -> the mean training loss, as the trainer's network computes it."""
    config, model, layout = trainer.config, trainer.model, trainer.layout
    inputs, targets = trainer.data.train
    inputs = inputs.to(trainer.device)
    targets = targets_for_head(trainer.world.task, config.head, targets).to(trainer.device)

    def loss_of(flat: torch.Tensor) -> torch.Tensor:
        logits = torch.func.functional_call(model, layout.split(flat), (inputs,), {"logits": True})
        return training_loss(config.loss, logits, apply_head(config.head, logits), targets)

    return loss_of
