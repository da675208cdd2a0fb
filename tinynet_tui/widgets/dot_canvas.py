"""A canvas of braille dots (2 × 4 a cell) in layers: each cell shows every layer's dots in the
colour of the topmost layer there. Plots and scatters drawn with characters."""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

BRAILLE = 0x2800
# The bit of each dot of a cell, by (column, row) inside it.
DOT_BITS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}


class DotCanvas:
    """columns × rows cells showing x in x_range (left to right) and y in y_range (bottom to top)."""

    def __init__(self, columns: int, rows: int, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        self.columns, self.rows = max(1, columns), max(1, rows)
        self.x_range, self.y_range = x_range, y_range
        self._bits: dict[tuple[int, int], int] = {}
        self._top: dict[tuple[int, int], int] = {}  # cell -> the highest layer with a dot there

    def dot_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The dot (column, row from the top) where (x, y) falls, or None outside the canvas."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        if not (math.isfinite(x) and math.isfinite(y)) or x1 <= x0 or y1 <= y0:
            return None
        column = math.floor((x - x0) / (x1 - x0) * self.columns * 2)
        row = math.floor((y1 - y) / (y1 - y0) * self.rows * 4)
        column = min(column, self.columns * 2 - 1) if x == x1 else column
        row = min(row, self.rows * 4 - 1) if y == y0 else row
        if 0 <= column < self.columns * 2 and 0 <= row < self.rows * 4:
            return column, row
        return None

    def set_dot(self, layer: int, column: int, row: int) -> None:
        """Light one dot, in a layer."""
        cell = (column // 2, row // 4)
        self._bits[cell] = self._bits.get(cell, 0) | DOT_BITS[column % 2, row % 4]
        self._top[cell] = max(layer, self._top.get(cell, layer))

    def point(self, layer: int, x: float, y: float) -> None:
        """A dot at (x, y), if it is on the canvas."""
        dot = self.dot_of(x, y)
        if dot is not None:
            self.set_dot(layer, *dot)

    def line(self, layer: int, xs, ys) -> None:
        """A line through the points in turn, every dot between them lit (off-canvas parts left out)."""
        previous = None
        for x, y in zip(xs, ys):
            dot = self._clamped_dot(x, y)
            if dot is not None and previous is not None:
                steps = max(abs(dot[0] - previous[0]), abs(dot[1] - previous[1]), 1)
                for k in range(steps + 1):
                    column = previous[0] + round((dot[0] - previous[0]) * k / steps)
                    row = previous[1] + round((dot[1] - previous[1]) * k / steps)
                    if 0 <= row < self.rows * 4:
                        self.set_dot(layer, column, row)
            previous = dot

    def _clamped_dot(self, x: float, y: float) -> tuple[int, int] | None:
        """Like dot_of, but a y above or below the canvas lands just outside it (so lines run off the edge)."""
        (y0, y1) = self.y_range
        if not math.isfinite(y):
            return None
        inside = self.dot_of(x, min(max(y, y0), y1))
        if inside is None:
            return None
        return inside[0], (-1 if y > y1 else self.rows * 4 if y < y0 else inside[1])

    def lines(self, styles: dict[int, Style]) -> list[Text]:
        """The canvas as rows of text, each cell styled by its top layer."""
        out = []
        for row in range(self.rows):
            text = Text(no_wrap=True, overflow="crop")
            for column in range(self.columns):
                bits = self._bits.get((column, row))
                if bits is None:
                    text.append(" ")
                else:
                    text.append(chr(BRAILLE + bits), styles.get(self._top[column, row]))
            out.append(text)
        return out
