"""A world's names and shape for the panes, from the engine's trainer or (before it is up) from a config."""

from __future__ import annotations

from typing import Any

from tinynet_core.worlds import WORLDS
from tinynet_core.worlds.base import DataOptions

from .frame import WorldInfo


def answer_names(world: Any, head: str) -> tuple[str, ...]:
    """What each output of the network says: a class, the chance of one class, or the number."""
    names = tuple(world.output_names)
    if world.task == "classes" and world.outputs_for(head) == 1:
        return (f"P({names[1]})",)  # one sigmoid: the chance of the second class
    return names


def world_info(trainer: Any) -> WorldInfo:
    """The world and network a trainer has (in the engine process)."""
    world, data = trainer.world, trainer.data
    return WorldInfo(
        name=world.name,
        kind=world.kind,
        task=world.task,
        summary=world.summary,
        feature_names=tuple(data.feature_names),
        answer_names=answer_names(world, trainer.config.head),
        class_names=tuple(world.output_names),
        image_shape=world.image_shape,
        sizes=tuple(trainer.sizes),
        parameter_count=trainer.layout.size,
        train_count=len(data.train_index),
        validation_count=int(data.validation.sum()),
    )


def provisional_world_info(config: dict[str, object]) -> WorldInfo | None:
    """What the panes can know of a config's world before the engine has made its data (None: a csv file's)."""
    world = WORLDS.get(str(config.get("world")))
    if world is None:
        return None
    features = config.get("features")
    names = world.feature_names(DataOptions(features=tuple(features) if features else None))
    hidden = tuple(int(w) for w in config.get("hidden") or ())
    outputs = world.outputs_for(str(config.get("head")))
    return WorldInfo(
        name=world.name,
        kind=world.kind,
        task=world.task,
        summary=world.summary,
        feature_names=tuple(names),
        answer_names=answer_names(world, str(config.get("head"))),
        class_names=tuple(world.output_names),
        image_shape=world.image_shape,
        sizes=(len(names), *hidden, outputs),
        parameter_count=0,
        train_count=0,
        validation_count=0,
    )
