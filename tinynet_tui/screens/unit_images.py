"""What each hidden unit is looking for: every first-layer unit's weights drawn as a picture the shape of the input.

The seed runbook's part 6 ("what each hidden node is looking for"), live: a red pixel is one
whose brightness drives the unit up, a blue one drives it down; the mark says the same without
colour (● • · up, ✖ × ˙ down, by size). Each picture is scaled to its own largest weight.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..frame import Frame
from ..numbers import compact
from ..widgets.weight_heatmap import colour
from .diagram import edge_mark
from .live_view import LiveViewScreen

GAP = 2  # columns between two pictures
# (characters, lines) a pixel may take, largest first: the largest with which every picture fits is used.
PIXEL_SIZES = ((8, 4), (6, 3), (4, 2), (2, 1), (1, 1))
FOLLOW_S = 1 / 12  # how often the view looks for a new frame
LEGEND = Text.assemble(
    ("●•· red", "bold red"), ": a bright pixel here drives the unit up · ", ("✖×˙ blue", "bold blue"), ": down · ",
    ("h3 0.81 ±0.42", "bold"), ": the unit, its output for the input on screen, its largest weight (the picture's scale)",
)


def unit_picture(weights: list[float], shape: tuple[int, int], width: int, height: int = 1) -> list[Text]:
    """One unit's weights as a picture: each pixel `width` characters wide and `height` lines tall."""
    largest = max((abs(w) for w in weights if math.isfinite(w)), default=0.0)
    rows, cols = shape
    lines = []
    for row in range(rows):
        line = Text()
        for w in weights[row * cols : (row + 1) * cols]:
            mark = edge_mark(w, largest) if math.isfinite(w) else "!"
            line.append(mark.ljust(width), style=f"bold white {colour(w, largest)}")
        lines.extend([line] * height)
    return lines


def unit_heading(unit: int, output: float | None, weights: list[float], width: int) -> Text:
    """'h3 0.81 ±0.42', cut to the picture's width."""
    largest = max((abs(w) for w in weights if math.isfinite(w)), default=0.0)
    out = f"{compact(output, 4, signed=False).strip()} " if output is not None else ""
    text = Text.assemble((f"h{unit} ", "bold"), out, (f"±{compact(largest, 4, signed=False).strip()}", "dim"))
    text.truncate(width)
    return text


def pictures(frame: Frame, width: int, height: int) -> Text:
    """Every first-layer unit's picture, as many a row as fit, with the largest pixels that let all of them fit."""
    shape = frame.world.image_shape
    weights = frame.values["layer1.weight"]
    rows, cols = shape

    def layout(size: tuple[int, int]) -> tuple[int, int]:
        """(pictures across, lines in all) with pixels this size."""
        across = max(1, (width + GAP) // (cols * size[0] + GAP))
        return across, math.ceil(len(weights) / across) * (rows * size[1] + 2)

    fitting = [size for size in PIXEL_SIZES if cols * size[0] <= width and layout(size)[1] <= height]
    pixel_width, pixel_height = fitting[0] if fitting else PIXEL_SIZES[-1]
    across, _ = layout((pixel_width, pixel_height))
    picture_width = cols * pixel_width
    text = Text()
    for first in range(0, len(weights), across):
        units = range(first, min(len(weights), first + across))
        blocks = []
        for unit in units:
            output = frame.hidden[unit] if unit < len(frame.hidden) else None
            heading = unit_heading(unit, output, weights[unit], picture_width)
            heading.pad_right(picture_width - heading.cell_len)
            blocks.append([heading, *unit_picture(weights[unit], shape, pixel_width, pixel_height)])
        for line in range(rows * pixel_height + 1):
            for i, block in enumerate(blocks):
                if i:
                    text.append(" " * GAP)
                text.append_text(block[line])
            text.append("\n")
        text.append("\n")
    text.right_crop(2)  # the last blank line and newline (rstrip would eat the last pixel's padding)
    return text


class UnitImages(VerticalScroll):
    """The pictures, scrolling when they are more than the screen holds."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frame: Frame | None = None

    def compose(self) -> ComposeResult:
        """The legend and the pictures."""
        yield Static(LEGEND, id="unit-legend")
        yield Static("", id="unit-pictures")

    def show(self, frame: Frame) -> None:
        """Redraw for a new frame."""
        self.frame = frame
        self._draw()

    def on_resize(self) -> None:
        """Lay the pictures out again for the new size."""
        self._draw()

    def _draw(self) -> None:
        if self.frame is None or not self.is_mounted:
            return
        width, height = self.scrollable_content_region.size
        legend_lines = max(1, math.ceil(LEGEND.cell_len / max(1, width)))
        self.query_one("#unit-pictures", Static).update(pictures(self.frame, width, height - legend_lines - 1))


class UnitImagesScreen(LiveViewScreen):
    """The hidden units' pictures, live: n, e and r still train, and the pictures follow."""

    BINDINGS = [Binding("escape,u", "app.pop_screen", "Back")]
    heading = "What each hidden unit is looking for · esc: back"
    TOO_SMALL_NAME = "The hidden units' pictures"

    def body(self) -> UnitImages:
        """The pictures."""
        return UnitImages(id="view-body")

    def on_mount(self) -> None:
        """Paint the frame the view opened with, then follow the app's frames."""
        super().on_mount()
        self.set_interval(FOLLOW_S, self._follow)

    def _follow(self) -> None:
        """Repaint when the app has painted a newer frame (the app hands frames only to its own views)."""
        frame = self.app.frame
        if frame is not None and frame is not self.frame and frame.world is not None and frame.world.image_shape:
            self.show(frame)
