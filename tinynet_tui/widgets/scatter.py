"""Predicted against actual as braille dots, with the y = x diagonal a perfect answer would lie on."""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

from .dot_canvas import DotCanvas

DIAGONAL, ROWS, CHOSEN = range(3)
STYLES = {DIAGONAL: Style(color="grey50"), ROWS: Style(color="#4a9fe0"), CHOSEN: Style(color="#f2c14e", bold=True)}


def scatter_text(actual: tuple[float, ...], predicted: tuple[float, ...], columns: int, rows: int, chosen: int | None = None) -> Text:
    """A columns × rows scatter: x the truth, y the answer, both on the same scale; `chosen` drawn bright."""
    values = [v for v in (*actual, *predicted) if math.isfinite(v)]
    if not values or columns < 2 or rows < 1:
        return Text("")
    low, high = min(values), max(values)
    pad = (high - low) * 0.05 or 1.0
    span = (low - pad, high + pad)
    canvas = DotCanvas(columns, rows, span, span)
    canvas.line(DIAGONAL, span, span)
    for i, (x, y) in enumerate(zip(actual, predicted)):
        canvas.point(CHOSEN if i == chosen else ROWS, x, y)
    return Text("\n").join(canvas.lines(STYLES))
