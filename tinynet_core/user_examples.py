"""Your own examples: pictures you drew and points you placed, added to a world's training set as yours.

An example of yours is named "yours N" (the name the nudge records show) and learnt from the next
epoch on (Trainer.replace_data). A plane world can also start from no points at all, and any of its
points, yours or the world's own, can be erased by where it lies. The data,
yours included, saves as a CSV that `--world csv --data FILE` opens again.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .errors import InputError
from .export import dataset_csv, write_text
from .limits import MAX_COORDINATE
from .trainer import Trainer
from .world import HORIZONTAL, LABEL_AMBIGUOUS, LABEL_HORIZONTAL, LABEL_VERTICAL, UNSURE, VERTICAL
from .worlds import Dataset
from .worlds.plane import FEATURES, check_features

YOURS = "yours"  # the name of each of your examples begins with it
MAX_USER_EXAMPLES = 10_000  # in one world's data
# The 2×2 world answers two yes/no questions: a label names the pair of targets.
MULTI_LABEL_TARGETS = {LABEL_HORIZONTAL: HORIZONTAL, LABEL_VERTICAL: VERTICAL, LABEL_AMBIGUOUS: UNSURE}
KINDS = ("pixels", "plane")


class ExampleError(InputError):
    """An example that cannot be added or removed; one line."""


@dataclass(frozen=True)
class UserExample:
    """One of your examples as the data holds it."""

    name: str  # "yours 3"
    row: int  # its row in the world's data
    features: tuple[float, ...]  # what the network reads
    label: str  # its class (or, on the 2×2 world, horizontal / vertical / ambiguous)


def add_example(trainer: Trainer, probe: list[float] | tuple[float, ...], label: str | int) -> UserExample:
    """Add a picture (its pixels, 0 to 1) or a point on the plane (x1, x2) with a label; learnt from the next epoch."""
    world, data = trainer.world, trainer.data
    if world.kind not in KINDS:
        raise ExampleError(f"your own examples go on pixel and plane worlds, not on {world.name} ({world.kind})")
    if len(user_examples(trainer)) >= MAX_USER_EXAMPLES:
        raise ExampleError(f"this world holds {MAX_USER_EXAMPLES:,} examples of yours already; remove some first")
    features = _features(trainer, probe)
    target = _target(trainer, label)
    names = _names(data)
    number = 1 + max((int(n.split()[1]) for n in names if _is_yours(n)), default=0)
    name = f"{YOURS} {number}"
    row = len(data.inputs)
    changed = dataclasses.replace(
        data,
        inputs=torch.cat([data.inputs, torch.tensor([features], dtype=data.inputs.dtype)]),
        targets=torch.cat([data.targets, target[None]]),
        validation=torch.cat([data.validation, torch.tensor([False])]),
        train_index=torch.cat([data.train_index, torch.tensor([row])]),
        example_names=(*names, name),
        flipped=None if data.flipped is None else torch.cat([data.flipped, torch.tensor([False])]),
        coordinates=None if data.coordinates is None else torch.cat([data.coordinates, torch.tensor([probe], dtype=data.coordinates.dtype)]),
    )
    trainer.replace_data(changed)
    return UserExample(name, row, tuple(changed.inputs[row].tolist()), _label_of(trainer, changed.targets[row]))


def user_examples(trainer: Trainer) -> list[UserExample]:
    """Your examples in the world's data, oldest first."""
    data = trainer.data
    names = data.example_names or ()
    return [
        UserExample(name, row, tuple(data.inputs[row].tolist()), _label_of(trainer, data.targets[row]))
        for row, name in enumerate(names)
        if _is_yours(name)
    ]


def remove_example(trainer: Trainer, name: str) -> None:
    """Remove one of your examples by name ("yours 3"); the world's own cannot be removed."""
    names = _names(trainer.data)
    if not _is_yours(name) or name not in names:
        yours = ", ".join(e.name for e in user_examples(trainer)) or "none"
        raise ExampleError(f"no example of yours named {name!r} (yours: {yours})")
    trainer.replace_data(_without(trainer.data, [names.index(name)]))


def erase_near(trainer: Trainer, point: tuple[float, float], radius: float) -> UserExample | None:
    """Remove the plane's point nearest (x1, x2) within radius, yours or the world's own; None if none is that near."""
    data = trainer.data
    if trainer.world.kind != "plane" or data.coordinates is None:
        raise ExampleError(f"points are erased on a plane world, not on {trainer.world.name} ({trainer.world.kind})")
    try:
        x1, x2, reach = (float(v) for v in (*point, radius))
    except (TypeError, ValueError):
        raise ExampleError(f"a point on the plane is (x1, x2) and a radius, got {point!r:.40} and {radius!r:.20}") from None
    if not all(math.isfinite(v) for v in (x1, x2, reach)) or reach <= 0:
        raise ExampleError("a point to erase near needs finite coordinates and a radius above 0")
    if not len(data.inputs):
        return None
    distances = torch.hypot(data.coordinates[:, 0] - x1, data.coordinates[:, 1] - x2)
    row = int(distances.argmin())  # the first of equally near points: the oldest
    if float(distances[row]) > reach:
        return None
    erased = UserExample(_names(data)[row], row, tuple(data.inputs[row].tolist()), _label_of(trainer, data.targets[row]))
    trainer.replace_data(_without(data, [row]))
    return erased


def start_empty(trainer: Trainer) -> None:
    """A plane world with no points at all (none to train on, none held out): add your own to begin."""
    if trainer.world.kind != "plane":
        raise ExampleError(f"only a plane world starts empty, not {trainer.world.name} ({trainer.world.kind})")
    trainer.replace_data(_without(trainer.data, list(range(len(trainer.data.inputs)))))


def save_data_csv(trainer: Trainer, path: str | Path, overwrite_read_only: bool = False) -> Path:
    """The world's data, yours included, as a CSV that --world csv --data FILE opens (atomically written)."""
    data, task = trainer.data, trainer.world.task
    if task == "multi-label":  # the 2×2 world: one class column, horizontal 0 and vertical 1
        one_hot = (data.targets == 1.0).sum(dim=1) == 1
        if not bool(one_hot.all()):
            raise ExampleError("ambiguous examples (50/50 targets) have no class to write in a CSV; remove them first")
        data, task = dataclasses.replace(data, targets=data.targets.argmax(dim=1)), "classes"
    return write_text(path, dataset_csv(data, task), overwrite_read_only)


def _is_yours(name: str) -> bool:
    """Whether an example's name marks it as the user's ("yours 3")."""
    head, _, number = name.partition(" ")
    return head == YOURS and number.isdigit()


def _names(data: Dataset) -> tuple[str, ...]:
    """Every row's name: the world's own, or "example r" as the trainer calls unnamed rows."""
    return data.example_names or tuple(f"example {r}" for r in range(len(data.inputs)))


def _without(data: Dataset, rows: list[int]) -> Dataset:
    """The data without some rows; the epoch's order keeps the others' order."""
    keep = torch.ones(len(data.inputs), dtype=torch.bool)
    keep[rows] = False
    new_row = torch.cumsum(keep, 0) - 1  # where each kept row lands
    order = data.train_index[keep[data.train_index]]
    names = _names(data)
    return dataclasses.replace(
        data,
        inputs=data.inputs[keep],
        targets=data.targets[keep],
        validation=data.validation[keep],
        train_index=new_row[order],
        example_names=tuple(n for n, k in zip(names, keep.tolist()) if k),
        flipped=None if data.flipped is None else data.flipped[keep],
        coordinates=None if data.coordinates is None else data.coordinates[keep],
    )


def _features(trainer: Trainer, probe) -> list[float]:
    """What the network reads for a picture or a point, checked."""
    try:
        values = [float(v) for v in probe]
    except (TypeError, ValueError):
        raise ExampleError(f"an example is a list of numbers, got {probe!r:.60}") from None
    if not all(math.isfinite(v) for v in values):
        raise ExampleError("every value of an example must be a finite number")
    if trainer.world.kind == "pixels":
        if len(values) != trainer.sizes[0] or not all(0.0 <= v <= 1.0 for v in values):
            raise ExampleError(f"a picture here is {trainer.sizes[0]} pixels, each from 0 (dark) to 1 (lit)")
        return values
    if len(values) != 2 or not all(abs(v) <= MAX_COORDINATE for v in values):
        raise ExampleError(f"a point on the plane is (x1, x2), each within ±{MAX_COORDINATE:g}")
    x1, x2 = (np.asarray([v]) for v in values)
    return [float(np.asarray(FEATURES[f][1](x1, x2))[0]) for f in check_features(trainer.config.features)]


def _target(trainer: Trainer, label: str | int) -> torch.Tensor:
    """The target row for a label: a class index, or the 2×2 world's pair."""
    world, names = trainer.world, trainer.data.output_names
    if world.task == "multi-label":
        if label not in MULTI_LABEL_TARGETS:
            raise ExampleError(f"a 2×2 picture is {', '.join(MULTI_LABEL_TARGETS)}; got {label!r}")
        return torch.tensor(MULTI_LABEL_TARGETS[label], dtype=trainer.data.targets.dtype)
    if isinstance(label, int) and not isinstance(label, bool) and 0 <= label < len(names):
        return torch.tensor(label)
    if label in names:
        return torch.tensor(names.index(label))
    raise ExampleError(f"unknown class {label!r}; {world.name}'s classes are: {', '.join(names)}")


def _label_of(trainer: Trainer, target: torch.Tensor) -> str:
    """A target row's label, as add_example takes it."""
    if trainer.world.task == "multi-label":
        pair = tuple(target.tolist())
        return next((label for label, t in MULTI_LABEL_TARGETS.items() if t == pair), str(pair))
    return trainer.data.output_names[int(target)]
