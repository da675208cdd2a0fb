"""A frame's copy of the training curves: every epoch of a short run, every Nth epoch of a long one.

A trainer keeps up to limits.MAX_LOSS_HISTORY epochs. Copying them all into each of 12 frames a
second, and plotting them all, made a long run's keys slow (a frame of 100,000 epochs was 4.5 MB
and took the chart 57 ms), while a chart a few hundred columns wide shows a few hundred points. So
a frame carries at most about limits.FRAME_CURVE_POINTS points a curve: the epochs that are
multiples of a power-of-two stride, plus the first and the newest, which the tours quote. Counting
from epoch numbers, not from the list's end, keeps the same epochs from one frame to the next, so
the drawn curve does not shimmer as the run goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tinynet_core.limits import FRAME_CURVE_POINTS


@dataclass(frozen=True)
class CurvePoints:
    """Which epochs of a run's curves a frame keeps."""

    indices: tuple[int, ...]  # into the full loss history, rising
    epochs: tuple[int, ...]  # the epoch of each (counting from 1)
    length: int  # the full history's length

    def of(self, curve: Sequence) -> tuple:
        """The kept points of a curve that ends at the newest epoch (it may have started later)."""
        curve = curve[-self.length :] if len(curve) > self.length else curve
        missing = self.length - len(curve)  # epochs before the curve's first point
        return tuple(curve[i - missing] for i in self.indices if i >= missing)


def stride_for(length: int, limit: int = FRAME_CURVE_POINTS) -> int:
    """The smallest power of two that thins `length` points to at most `limit`."""
    stride = 1
    while length > limit * stride:
        stride *= 2
    return stride


def curve_points(first_epoch: int, length: int, limit: int = FRAME_CURVE_POINTS) -> CurvePoints:
    """The points kept of a history of `length` epochs whose first is `first_epoch`."""
    stride = stride_for(length, limit)
    if stride == 1:
        indices = tuple(range(length))
    else:
        multiples = range((-first_epoch) % stride, length, stride)
        indices = tuple(sorted({0, length - 1, *multiples}))
    return CurvePoints(indices, tuple(first_epoch + i for i in indices), length)
