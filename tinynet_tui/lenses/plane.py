"""The plane's lens: the probe is a point (x1, x2), the network reads its features, and the look is
the network's answer over the whole square with the data's points on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import Lens

# The answer is sampled on a GRID × GRID lattice of the square; the view resamples it to its size
# (64 covers a 60×30-cell map at two pixels a cell without stretching).
GRID = 64


@dataclass(frozen=True)
class PlanePoints:
    """The data's points, in the order made: coordinates, class and whether each is held out."""

    x1: tuple[float, ...]
    x2: tuple[float, ...]
    labels: tuple[int, ...]
    held_out: tuple[bool, ...]


@dataclass(frozen=True)
class PlaneLook:
    """The network's answer over [-extent, extent]², and the points to draw on it.

    The answer is given at the centres of the lattice's squares, row by row from the top
    (x2 = +extent) and left to right (x1 = -extent): for two classes the chance of the second,
    for more the class answered and its chance.
    """

    extent: float
    size: int  # lattice points a side
    second: tuple[float, ...] | None  # two classes: P(second class) at each lattice point
    winner: tuple[int, ...] | None  # more classes: the likeliest class at each point
    chance: tuple[float, ...] | None  # … and its probability
    points: PlanePoints


def lattice(extent: float, size: int) -> list[float]:
    """The centres of `size` equal steps across [-extent, extent], left to right."""
    step = 2 * extent / size
    return [-extent + (i + 0.5) * step for i in range(size)]


class PlaneLens(Lens):
    """Points in, features to the network, the answer over the plane out."""

    def __init__(self, size: int = GRID) -> None:
        self.size = size
        self._grid: tuple[tuple, Any] | None = None  # (features, extent) -> the lattice's features
        self._points: tuple[Any, PlanePoints] | None = None  # (data set, its points)

    def first_probe(self, trainer: Any) -> tuple[float, ...]:
        """The first training point."""
        return self.probe_of_example(trainer, int(trainer.data.train_index[0]))

    def probe_size(self, trainer: Any) -> int:
        """A point: x1 and x2."""
        return 2

    def network_input(self, trainer: Any, probe: tuple[float, ...]) -> tuple[float, ...]:
        """The point's features, computed as the world computes its data's."""
        return tuple(self.features(trainer, [probe[0]], [probe[1]])[0].tolist())

    def probe_of_example(self, trainer: Any, row: int) -> tuple[float, ...]:
        """Where example `row` lies."""
        return tuple(trainer.data.coordinates[row].tolist())

    def features(self, trainer: Any, x1, x2):
        """The network's inputs for points given by their coordinates: a float32 tensor [N, features]."""
        import numpy as np
        import torch

        from tinynet_core.worlds.plane import check_features, featurise

        chosen = check_features(trainer.config.features)
        values = featurise(chosen, np.asarray(x1, dtype=np.float64), np.asarray(x2, dtype=np.float64))
        return torch.from_numpy(values.astype(np.float32))

    def look(self, trainer: Any, probe: tuple[float, ...]) -> PlaneLook:
        """The answer over the lattice in one batched pass, and the points."""
        extent = float(trainer.world.extent)
        outputs = trainer.predict(self._grid_features(trainer, extent))
        second = winner = chance = None
        if outputs.shape[1] == 1:  # one sigmoid: the chance of the second class itself
            second = tuple(outputs[:, 0].tolist())
        elif outputs.shape[1] == 2:
            second = tuple(outputs[:, 1].tolist())
        else:
            best, index = outputs.max(dim=1)
            winner, chance = tuple(index.tolist()), tuple(best.tolist())
        return PlaneLook(extent, self.size, second, winner, chance, self._points_of(trainer.data))

    def _grid_features(self, trainer: Any, extent: float):
        key = (trainer.config.features, extent)
        if self._grid is None or self._grid[0] != key:
            steps = lattice(extent, self.size)
            x1 = [x for _ in steps for x in steps]
            x2 = [y for y in reversed(steps) for _ in steps]
            self._grid = (key, self.features(trainer, x1, x2))
        return self._grid[1]

    def _points_of(self, data: Any) -> PlanePoints:
        # Made once per data set: the points do not move while the network learns.
        if self._points is None or self._points[0] is not data:
            x1, x2 = data.coordinates.T.tolist()
            self._points = (data, PlanePoints(tuple(x1), tuple(x2), tuple(data.targets.tolist()), tuple(data.validation.tolist())))
        return self._points[1]
