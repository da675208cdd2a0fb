"""The plane as a heatmap of the network's answer: two pixels a cell ("▀", top in the foreground
colour, bottom in the background), the data's points on top, and a cursor that keys and the mouse move."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ..lenses.plane import PlaneLook
from .plane_palette import LEVELS, contrast, mark_colour, two_class_colour, winner_colour

HALF = "▀"
TRAIN_MARK, HELD_OUT_MARK, CURSOR_MARK = "●", "○", "╋"
# What the points key cycles through.
POINT_MODES = ("all points", "training points", "held-out points", "no points")


def pixel_index(count: int, size: int) -> list[int]:
    """For each of `count` pixels across, the lattice point (of `size`) nearest its centre."""
    return [min(size - 1, int((i + 0.5) * size / count)) for i in range(count)]


def cell_of(value: float, extent: float, count: int) -> int | None:
    """Which of `count` equal steps across [-extent, extent] holds value (None: outside)."""
    if not math.isfinite(value):
        return None
    step = int((value + extent) / (2 * extent) * count)
    return step if 0 <= step < count else None


def centre_of(step: int, extent: float, count: int) -> float:
    """The middle of step `step` of `count` across [-extent, extent]."""
    return -extent + (step + 0.5) * 2 * extent / count


def merged(cells: list[tuple[str, Style]]) -> list[Segment]:
    """A row of one-character cells as segments, a run of one style in one segment (less to composite)."""
    segments: list[Segment] = []
    run, run_style = "", None
    for text, style in cells:
        if style is not run_style and run:
            segments.append(Segment(run, run_style))
            run = ""
        run += text
        run_style = style
    if run:
        segments.append(Segment(run, run_style))
    return segments


class PlaneMap(Widget, can_focus=True):
    """The heatmap: it draws the last look it was given, at its own size, and owns the cursor."""

    BINDINGS = [
        Binding("up,k", "move(0, -1)", "Up", show=False, tooltip="move the cursor on the plane (or click, or drag)"),
        Binding("down,j", "move(0, 1)", "Down", show=False),
        Binding("left,h", "move(-1, 0)", "Left", show=False),
        Binding("right,l", "move(1, 0)", "Right", show=False),
        Binding("space", "cycle_points", "Points", show=False, tooltip="show all points, the training ones, the held-out ones, or none"),
    ]

    @dataclass
    class Moved(Message):
        """The cursor moved to this point of the plane."""

        point: tuple[float, float]

    @dataclass
    class Clicked(Message):
        """A click on the map (not a drag): the cursor is now at this point (the middle of the cell clicked)."""

        point: tuple[float, float]

    def __init__(self, class_count: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.class_count = class_count
        self.look: PlaneLook | None = None
        self.cursor: tuple[float, float] | None = None
        self.points_mode = 0
        self._strips: list[Strip] = []
        self._styles: dict[tuple, Style] = {}
        self._pairs: dict[tuple[int, int], Style] = {}  # (top key, bottom key) -> the half-block's style
        self._key_colours: dict[int, Color] = {}
        self._painted: tuple | None = None  # what the strips show

    # -- what to draw ---------------------------------------------------------------------------

    def show(self, look: PlaneLook, cursor: tuple[float, float] | None = None) -> None:
        """Draw a new look (and put the cursor on a point, if one is given)."""
        self.look = look
        if cursor is not None:
            self.cursor = cursor
        self._paint()

    @property
    def map_size(self) -> tuple[int, int]:
        """(columns, rows) of the square drawn: one column and two pixels a row make square pixels."""
        columns = min(self.size.width, 2 * self.size.height)
        return columns, min(self.size.height, (columns + 1) // 2)

    def on_resize(self) -> None:
        """Redraw at the new size."""
        self._paint()

    def on_focus(self) -> None:
        """The cursor shows only with focus."""
        self._paint()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self._paint()

    def render_line(self, y: int) -> Strip:
        """One row of the map."""
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width)

    def _style(self, fg: Color, bg: Color, bold: bool = False) -> Style:
        key = (fg.rgb, bg.rgb, bold)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(color=fg.rich_color, bgcolor=bg.rich_color, bold=bold)
        return style

    def _paint(self) -> None:
        look = self.look
        columns, rows = self.map_size
        if look is None or columns == 0 or rows == 0:
            self._strips, self._painted = [], None
            self.refresh()
            return
        keys = self._lattice_keys(look)
        # Late in training most frames change no colour step: then there is nothing to repaint.
        signature = (keys, columns, rows, look.points, self.points_mode, self.cursor, self.has_focus)
        if signature == self._painted:
            return
        self._painted = signature
        across, down = pixel_index(columns, look.size), pixel_index(2 * rows, look.size)
        marks = self._marks(look, columns, rows)
        colours = self._colours
        pairs: dict[tuple[int, int], Style] = self._pairs
        strips = []
        for row in range(rows):
            top_row, bottom_row = down[2 * row] * look.size, down[2 * row + 1] * look.size
            cells: list[tuple[str, Style]] = []
            for column, i in enumerate(across):
                pair = (keys[top_row + i], keys[bottom_row + i])
                mark = marks.get((column, row))
                if mark is None:
                    style = pairs.get(pair)
                    if style is None:
                        style = pairs[pair] = self._style(colours(pair[0]), colours(pair[1]))
                    cells.append((HALF, style))
                else:
                    glyph, colour_of, lower = mark
                    background = colours(pair[1] if lower else pair[0])
                    cells.append((glyph, self._style(colour_of(background), background, bold=True)))
            strips.append(Strip(merged(cells), columns))
        self._strips = strips
        self.refresh()

    def _lattice_keys(self, look: PlaneLook) -> list[int]:
        """Each lattice point's colour as a small number (see _colours): its answer, in LEVELS steps."""
        if look.second is not None:
            return [-1 if v != v else round((0.0 if v < 0 else 1.0 if v > 1 else v) * LEVELS) for v in look.second]
        floor = 1 / self.class_count
        scale = LEVELS / (1 - floor)
        steps = LEVELS + 1
        return [
            -1 if p != p else w * steps + round(min(LEVELS, max(0.0, (p - floor) * scale)))
            for w, p in zip(look.winner, look.chance)
        ]

    def _colours(self, key: int) -> Color:
        """The colour a lattice key stands for (made once per key)."""
        colour = self._key_colours.get(key)
        if colour is None:
            if self.class_count == 2:
                colour = two_class_colour(key)
            elif key < 0:
                colour = winner_colour(0, self.class_count, -1)
            else:
                winner, step = divmod(key, LEVELS + 1)
                colour = winner_colour(winner, self.class_count, step)
            self._key_colours[key] = colour
        return colour

    def _marks(self, look: PlaneLook, columns: int, rows: int) -> dict[tuple[int, int], tuple]:
        """(column, row) -> (glyph, its colour on a background, whether it sits in the lower pixel)."""
        marks: dict[tuple[int, int], tuple] = {}
        extent, points = look.extent, look.points
        mode = POINT_MODES[self.points_mode]
        for x1, x2, label, held in zip(points.x1, points.x2, points.labels, points.held_out):
            if (held and mode == "training points") or (not held and mode == "held-out points") or mode == "no points":
                continue
            column, pixel_row = cell_of(x1, extent, columns), cell_of(-x2, extent, 2 * rows)
            if column is None or pixel_row is None or (column, pixel_row // 2) in marks:
                continue
            glyph = HELD_OUT_MARK if held else TRAIN_MARK
            marks[column, pixel_row // 2] = (glyph, lambda bg, label=label: mark_colour(label, self.class_count, bg), pixel_row % 2)
        if self.cursor is not None and self.has_focus:
            cell = self.cursor_cell(columns, rows)
            if cell is not None:
                marks[cell] = (CURSOR_MARK, contrast, False)
        return marks

    # -- the cursor -----------------------------------------------------------------------------

    def cursor_cell(self, columns: int | None = None, rows: int | None = None) -> tuple[int, int] | None:
        """The cell the cursor is in, or None (no look yet, or off the map)."""
        return None if self.cursor is None else self.cell_at(self.cursor, columns, rows)

    def cell_at(self, point: tuple[float, float], columns: int | None = None, rows: int | None = None) -> tuple[int, int] | None:
        """The (column, row) of the cell a point of the plane is in, or None (no look yet, or off the map)."""
        if self.look is None:
            return None
        if columns is None:
            columns, rows = self.map_size
        column, row = cell_of(point[0], self.look.extent, columns), cell_of(-point[1], self.look.extent, rows)
        return None if column is None or row is None else (column, row)

    @property
    def cell_height(self) -> float:
        """How much of x2 one row of the map spans (a row is two pixels: twice a column's share of x1)."""
        _, rows = self.map_size
        return 2 * self.look.extent / rows if self.look is not None and rows else 0.0

    def put_cursor(self, column: int, row: int) -> None:
        """Move the cursor to the middle of a cell (the nearest on the map), and say so."""
        point = self.centre_of_cell(column, row)
        if point is not None:
            self.move_to(point)

    def centre_of_cell(self, column: int, row: int) -> tuple[float, float] | None:
        """The point in the middle of a cell (the nearest on the map), or None before there is a map."""
        columns, rows = self.map_size
        if self.look is None or not columns or not rows:
            return None
        column, row = min(columns - 1, max(0, column)), min(rows - 1, max(0, row))
        extent = self.look.extent
        return centre_of(column, extent, columns), -centre_of(row, extent, rows)

    def move_to(self, point: tuple[float, float]) -> None:
        """Put the cursor on a point of the plane, and say so."""
        if point == self.cursor:
            return  # a drag within one cell: nothing new to ask
        self.cursor = point
        self._paint()
        self.post_message(self.Moved(point))

    def action_move(self, across: int, down: int) -> None:
        """One cell over; from the map's middle when the cursor is off it."""
        columns, rows = self.map_size
        column, row = self.cursor_cell() or (columns // 2, rows // 2)
        self.put_cursor(column + across, row + down)

    def action_cycle_points(self) -> None:
        """The next set of points to draw."""
        self.points_mode = (self.points_mode + 1) % len(POINT_MODES)
        self._paint()
        self.notify(f"The plane shows {POINT_MODES[self.points_mode]}.", timeout=2)

    def click(self, point: tuple[float, float]) -> None:
        """What a click at a point does: the cursor goes there, and the view hears of the click (its pen may draw)."""
        self.move_to(point)
        self.post_message(self.Clicked(point))

    def on_mouse_down(self, event) -> None:
        """Put the cursor in the middle of the cell clicked (the view hears of the click), and follow a drag."""
        self.capture_mouse()
        self.focus()
        point = self.centre_of_cell(event.x, event.y)
        if point is not None:
            self.click(point)

    def on_mouse_move(self, event) -> None:
        """Follow the mouse while its button is held."""
        if self.app.mouse_captured is self:
            self.put_cursor(event.x, event.y)

    def on_mouse_up(self) -> None:
        """The drag is over."""
        self.release_mouse()
