"""The worlds (data sets) the lab trains on, one module per family, behind one interface.

    from tinynet_core.worlds import world_named, DataOptions
    data = world_named("spiral-3").make(seed=0, options=DataOptions(val_split=0.2))
    x, y = data.train

A new world is a new module here and one line in WORLDS; nothing else names a world.
"""

from __future__ import annotations

from .base import KINDS, TASKS, DataOptions, Dataset, World, WorldError
from .curve import Curve
from .journey import JOURNEY_WORLDS
from .pixels import PIXEL_WORLDS
from .plane import FEATURES, PLANE_WORLDS
from .tabular import CsvWorld, Diabetes

DEFAULT_WORLD = "pixels-2x2"
# Every named world, in the order `tinynet worlds` lists them. `csv` is made from a file instead.
WORLDS: dict[str, World] = {w.name: w for w in (*PIXEL_WORLDS, *PLANE_WORLDS, Curve(), Diabetes(), *JOURNEY_WORLDS)}


def world_named(name: str, data: str | None = None, target: str | None = None) -> World:
    """The world of that name; `csv` reads the user's file `data` (target column named, or the last)."""
    if not isinstance(name, str) or not name:
        raise WorldError("a world name is required; see 'tinynet worlds'")
    if name == "csv":
        if not data:
            raise WorldError("the csv world needs a file: --data FILE.csv")
        return CsvWorld.from_file(data, target)
    if data:
        raise WorldError(f"--data goes with --world csv, not {name!r}")
    try:
        return WORLDS[name]
    except KeyError:
        raise WorldError(f"unknown world {name!r}; choose one of: {', '.join([*WORLDS, 'csv'])}") from None


__all__ = [
    "DEFAULT_WORLD", "FEATURES", "KINDS", "TASKS", "WORLDS", "CsvWorld", "DataOptions", "Dataset", "World",
    "WorldError", "world_named",
]
