"""Axes the loss chart works out itself: whole-epoch x ticks, and y limits, ticks and labels on a
linear or log scale. The chart plots log10 of the values on a linear plotext axis, because
plotext's own log scale breaks on an axis with no data and turns a lone point upside down."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..numbers import precise

# How far a lone value's axis reaches either side of it: a tenth linearly, ×1.4 on a log scale.
LINEAR_PAD = 0.1
LOG_PAD = math.log10(1.4)
# Tick steps for whole epochs: 1, 2, 5, 10, 20, 50, ...
NICE_STEPS = (1, 2, 5)


@dataclass(frozen=True)
class ValueAxis:
    """A y axis in plot coordinates (log10 of the value on a log scale)."""

    log: bool
    low: float
    high: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]

    def position(self, value: float) -> float:
        """Where a value sits on this axis."""
        return math.log10(value) if self.log else value


def plottable(value: float, log: bool) -> bool:
    """A value the axis can show: finite, and above zero on a log scale."""
    return math.isfinite(value) and (value > 0 or not log)


def value_axis(values: list[float], log: bool, tick_count: int) -> ValueAxis | None:
    """An axis from the lowest to the highest plottable value; None when there is none."""
    usable = [v for v in values if plottable(v, log)]
    if not usable:
        return None
    position = math.log10 if log else float
    low, high = position(min(usable)), position(max(usable))
    if high - low < 1e-12:
        pad = LOG_PAD if log else (abs(low) * LINEAR_PAD or LINEAR_PAD)
        low, high = low - pad, high + pad
        if not log and min(usable) >= 0:
            low = max(low, 0.0)  # a loss is never below zero, nor its axis
    count = max(2, tick_count)
    ticks = tuple(low + (high - low) * i / (count - 1) for i in range(count))
    shown = [10**t if log else t for t in ticks]
    return ValueAxis(log, low, high, ticks, distinct_labels(shown))


def distinct_labels(values: list[float]) -> tuple[str, ...]:
    """The shortest labels (3 to 6 significant digits) that tell every tick apart."""
    for digits in range(3, 7):
        labels = tuple(precise(v, digits, signed=False) for v in values)
        if len(set(labels)) == len(labels):
            return labels
    return labels


def epoch_ticks(last: int, max_ticks: int, first: int = 1) -> list[int]:
    """Whole epochs from `first` to `last`, evenly stepped (1, 2, 5, 10, ...), the last always labelled.

    `first` is above 1 once a long run has dropped its oldest epochs (limits.MAX_LOSS_HISTORY).
    """
    span = last - first + 1
    step = next(s * 10**k for k in range(12) for s in NICE_STEPS if math.ceil(span / (s * 10**k)) <= max(1, max_ticks - 1))
    ticks = [first] + [t for t in range(step * math.ceil(first / step), last + 1, step) if t > first]
    # Drop a regular tick too close to the last to leave room for its label.
    ticks = [t for t in ticks if last - t >= step / 2 or t == first]
    return ticks if last in ticks else ticks + [last]
