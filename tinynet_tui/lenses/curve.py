"""The curve's lens: the probe is x, and the look is the network's whole fitted curve with the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import Lens

# The fitted curve is the network's answer at this many x's across [-extent, extent].
SAMPLES = 160


@dataclass(frozen=True)
class CurveLook:
    """The fitted curve and the data, in the target's own units."""

    extent: float
    xs: tuple[float, ...]  # SAMPLES x's from -extent to extent
    fitted: tuple[float, ...]  # the network's answer at each
    point_x: tuple[float, ...]  # the data, in the order made
    point_y: tuple[float, ...]
    held_out: tuple[bool, ...]
    scale: tuple[float, float] | None  # (mean, std) that turn the network's outputs into units


def in_units(value: float, scale: tuple[float, float] | None) -> float:
    """A network output (or target) in the target's units."""
    return value if scale is None else value * scale[1] + scale[0]


class CurveLens(Lens):
    """x in, the curve out: one batched pass over SAMPLES x's a frame."""

    def __init__(self, samples: int = SAMPLES) -> None:
        self.samples = samples
        self._data: tuple[Any, tuple] | None = None  # (data set, its points in units)

    def look(self, trainer: Any, probe: tuple[float, ...]) -> CurveLook:
        """The network's answer across the world's range, and the data's points."""
        import torch

        extent = float(trainer.world.extent)
        xs = torch.linspace(-extent, extent, self.samples)
        scale = trainer.data.target_scale
        fitted = trainer.predict(xs.reshape(-1, 1)).reshape(-1).tolist()
        return CurveLook(extent, tuple(xs.tolist()), tuple(in_units(v, scale) for v in fitted), *self._points(trainer.data), scale)

    def _points(self, data: Any) -> tuple:
        # Made once per data set: the data does not move while the network learns.
        if self._data is None or self._data[0] is not data:
            ys = tuple(in_units(v, data.target_scale) for v in data.targets.reshape(-1).tolist())
            self._data = (data, (tuple(data.inputs[:, 0].tolist()), ys, tuple(data.validation.tolist())))
        return self._data[1]
