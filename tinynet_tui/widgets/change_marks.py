"""How a weight's number and its change are written: one cell format, marks that read without colour, a background by size."""

from __future__ import annotations

import math

from ..numbers import compact

# A change at least this share of the frame's largest change counts as "big" (filled arrow).
BIG_CHANGE = 0.5
# Background colours for a change, from faint to the frame's largest: (faint rgb, full rgb).
UP_COLOURS = ((20, 60, 30), (0, 150, 70))
DOWN_COLOURS = ((70, 25, 25), (190, 40, 40))
NUMBER_WIDTH = 6  # "+0.123"; then the change marker and a space: 8 columns a cell, so 5 fit at 80x24


def change_marker(change: float, largest: float) -> str:
    """▲/▼ for a big move up/down, △/▽ for a small one, · for none: readable without colour."""
    if not math.isfinite(change):
        return "!"
    if change == 0 or largest == 0:
        return "·"
    big = abs(change) >= BIG_CHANGE * largest
    if change > 0:
        return "▲" if big else "△"
    return "▼" if big else "▽"


def change_style(change: float, largest: float) -> str:
    """A background whose hue gives the sign and whose strength gives the size of a change."""
    if not math.isfinite(change):
        return "bold white on red"
    if change == 0 or largest == 0:
        return ""
    faint, full = UP_COLOURS if change > 0 else DOWN_COLOURS
    t = min(1.0, abs(change) / largest)
    r, g, b = (round(f + (u - f) * t) for f, u in zip(faint, full))
    return f"bold white on rgb({r},{g},{b})"


def fit_number(value: float, width: int = NUMBER_WIDTH) -> str:
    """A signed number in exactly `width` characters (numbers.compact): the one cell format."""
    return compact(value, width)
