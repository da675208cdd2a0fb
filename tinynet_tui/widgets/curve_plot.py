"""The curve: the data as dots, the network's fitted curve through them, and a cursor x to ask about."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from ..lenses.curve import CurveLook
from .dot_canvas import DotCanvas

# Layers, bottom to top, and how each is drawn.
AXIS, CURSOR, TRAIN, HELD_OUT, FITTED = range(5)
STYLES = {
    AXIS: Style(color="grey42"),
    CURSOR: Style(color="#6cc24a"),
    TRAIN: Style(color="#4a9fe0"),
    HELD_OUT: Style(color="#e4572e"),
    FITTED: Style(color="#f2c14e", bold=True),
}
MARGIN = 0.1  # room above and below the data, as a share of its range


def y_range(look: CurveLook) -> tuple[float, float]:
    """The data's range with a margin (the curve may run off it; the data never does)."""
    low, high = min(look.point_y), max(look.point_y)
    pad = (high - low) * MARGIN or 1.0
    return low - pad, high + pad


class CurvePlot(Widget, can_focus=True):
    """Draws the last look at its own size; left/right (h/l) or a click move the cursor's x."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "Left", show=False, tooltip="move the cursor along x (or click)"),
        Binding("right,l", "move(1)", "Right", show=False),
    ]

    @dataclass
    class Moved(Message):
        """The cursor moved to this x."""

        x: float

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.look: CurveLook | None = None
        self.cursor: float | None = None

    def show(self, look: CurveLook, cursor: float | None = None) -> None:
        """Draw a new look (and put the cursor at an x, if one is given)."""
        self.look = look
        if cursor is not None:
            self.cursor = cursor
        self.refresh()

    def render(self) -> Text:
        """Dots, curve and cursor line."""
        look = self.look
        width, height = self.size.width, self.size.height
        if look is None or not width or not height:
            return Text("")
        canvas = DotCanvas(width, height, (-look.extent, look.extent), y_range(look))
        canvas.line(AXIS, (-look.extent, look.extent), (0.0, 0.0))
        if self.cursor is not None:
            low, high = canvas.y_range
            canvas.line(CURSOR, (self.cursor, self.cursor), (low, high))
        for x, y, held in zip(look.point_x, look.point_y, look.held_out):
            canvas.point(HELD_OUT if held else TRAIN, x, y)
        canvas.line(FITTED, look.xs, look.fitted)
        return Text("\n").join(canvas.lines(STYLES))

    def x_of_column(self, column: int) -> float:
        """The x in the middle of a column of cells."""
        extent = self.look.extent
        return -extent + (column + 0.5) * 2 * extent / max(1, self.size.width)

    def action_move(self, step: int) -> None:
        """One column along."""
        if self.look is None:
            return
        extent, width = self.look.extent, max(1, self.size.width)
        column = int(((self.cursor if self.cursor is not None else 0.0) + extent) / (2 * extent) * width)
        self._put(min(width - 1, max(0, column + step)))

    def on_click(self, event) -> None:
        """Put the cursor at the clicked column."""
        if self.look is not None:
            self._put(min(self.size.width - 1, max(0, event.x)))

    def _put(self, column: int) -> None:
        x = self.x_of_column(column)
        if x != self.cursor:
            self.cursor = x
            self.refresh()
            self.post_message(self.Moved(x))
