"""A picture to draw on: one cell a pixel, shaded by brightness, edited by mouse (click or drag) or keyboard.

TinyNet's 2×2 picture has four large cells with their values written in; a larger picture (the
8×8 digits) has small cells, one or two characters wide, that show their shade only.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
# One shade character per level, so brightness reads without colour too.
SHADES = (" ", "░", "▒", "▓", "█")
PIXEL_LABELS = ("top-left", "top-right", "bottom-left", "bottom-right")
TINY_SHAPE = (2, 2)
# Pictures of at most this many pixels get large cells with their values written in.
LABELLED_MAX_PIXELS = 4
# What a small cell under the cursor shows instead of its shade (by the cell's width).
SMALL_CURSOR = {1: "◘", 2: "[]"}


def level_index(brightness: float) -> int:
    """The nearest of the 5 levels."""
    return min(range(len(LEVELS)), key=lambda i: abs(LEVELS[i] - brightness))


def next_level(brightness: float) -> float:
    """The level after this one, wrapping from 1.0 back to 0.0."""
    return LEVELS[(level_index(brightness) + 1) % len(LEVELS)]


def is_labelled(shape: tuple[int, int]) -> bool:
    """Whether a picture this shape gets large cells with their values written in."""
    return shape[0] * shape[1] <= LABELLED_MAX_PIXELS


def pixel_label(index: int, shape: tuple[int, int]) -> str:
    """'top-left' on the 2×2 picture, 'row 3, column 5' on any other."""
    if shape == TINY_SHAPE:
        return PIXEL_LABELS[index]
    row, col = divmod(index, shape[1])
    return f"row {row + 1}, column {col + 1}"


class PixelCell(Widget):
    """One pixel; pressing the mouse on it cycles its brightness (and starts painting)."""

    brightness: reactive[float] = reactive(0.0)
    has_cursor: reactive[bool] = reactive(False)

    @dataclass
    class Clicked(Message):
        """The user pressed the mouse on this cell (a replay script's click does not paint on)."""

        index: int
        paint: bool = False  # whether moves until the button is released paint too

    def __init__(self, index: int, shape: tuple[int, int] = TINY_SHAPE) -> None:
        row, col = divmod(index, shape[1])
        super().__init__(id=f"cell-{row}-{col}")
        self.index = index
        self.labelled = is_labelled(shape)
        self.tooltip = f"{pixel_label(index, shape)} pixel: click to change its brightness"
        if not self.labelled:
            self.tooltip += ", drag to paint"

    def render(self) -> Text:
        """Fill the cell with the shade of its level and, in a large cell, write the value in the middle."""
        width, height = self.size.width, self.size.height
        shade = SHADES[level_index(self.brightness)]
        if not self.labelled:
            if self.has_cursor:
                # A mark, not only a style, so the cursor reads without colour too.
                mark = SMALL_CURSOR.get(width, "[" + " " * max(0, width - 2) + "]")
                return Text("\n".join([mark] * height), style="reverse bold")
            return Text("\n".join([shade * width] * height))
        label = f"{self.brightness:.2f}"
        label = f"›{label}‹" if self.has_cursor else f" {label} "
        text = Text()
        middle = height // 2
        for row in range(height):
            if row == middle and width >= len(label):
                pad = (width - len(label)) // 2
                text.append(shade * pad)
                text.append(label, style="reverse bold" if self.has_cursor else "bold on black")
                text.append(shade * (width - pad - len(label)))
            else:
                text.append(shade * width)
            if row < height - 1:
                text.append("\n")
        return text

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Ask the grid to cycle this pixel (a drag from here paints its new level)."""
        if event.button == 1:
            self.post_message(self.Clicked(self.index, paint=True))


class PixelGrid(Grid, can_focus=True):
    """The pixels in reading order (TinyNet's: top-left, top-right, bottom-left, bottom-right)."""

    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, tooltip="move the pixel cursor"),
        Binding("down,j", "move(1, 0)", "Down", show=False),
        Binding("left,h", "move(0, -1)", "Left", show=False),
        Binding("right,l", "move(0, 1)", "Right", show=False),
        Binding("space,enter", "cycle", "Cycle pixel", show=False, tooltip="cycle the pixel's brightness (or click it)"),
        *(Binding(str(i), f"set_level({i})", f"Level {i}", show=False, tooltip="set the pixel to 0, 0.25, 0.5, 0.75 or 1") for i in range(5)),
    ]

    pixels: reactive[tuple[float, ...]] = reactive((1.0, 1.0, 0.0, 0.0))
    cursor: reactive[int] = reactive(0)

    @dataclass
    class Changed(Message):
        """The user (or a tour) changed the drawing."""

        pixels: tuple[float, ...]

    def __init__(self, shape: tuple[int, int] = TINY_SHAPE, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shape = shape
        self._painting: float | None = None  # the level a mouse drag paints, while the button is held
        if shape != TINY_SHAPE:
            self.set_reactive(PixelGrid.pixels, (0.0,) * (shape[0] * shape[1]))
        if not is_labelled(shape):
            self.add_class("-small-cells")

    def compose(self):
        """One cell a pixel."""
        for index in range(self.shape[0] * self.shape[1]):
            yield PixelCell(index, self.shape)

    def on_mount(self) -> None:
        """Lay the cells out in the picture's shape, paint the starting drawing and the cursor."""
        self.styles.grid_size_rows, self.styles.grid_size_columns = self.shape
        self._paint_cells()
        self._show_cursor()

    def watch_pixels(self, pixels: tuple[float, ...]) -> None:
        """Repaint the cells and tell the app."""
        self._paint_cells()
        self.post_message(self.Changed(pixels))

    def show_pixels(self, pixels: tuple[float, ...]) -> None:
        """Put a picture on the grid that the engine chose (an example): repainted, not sent back."""
        self.set_reactive(PixelGrid.pixels, tuple(pixels))
        self._paint_cells()

    def _paint_cells(self) -> None:
        for cell, value in zip(self.query(PixelCell), self.pixels):
            cell.brightness = value

    def watch_cursor(self) -> None:
        """Mark the cell under the cursor (only while the grid has focus)."""
        self._show_cursor()

    def watch_has_focus(self, has_focus: bool) -> None:
        """Show the cursor while focused, hide it when not (has_focus is set after on_focus runs)."""
        super().watch_has_focus(has_focus)
        self._show_cursor()

    def _show_cursor(self) -> None:
        for cell in self.query(PixelCell):
            cell.has_cursor = self.has_focus and cell.index == self.cursor

    def on_pixel_cell_clicked(self, message: PixelCell.Clicked) -> None:
        """Cycle the pressed cell, move the cursor there, and paint its new level while the button is held."""
        self.cursor = message.index
        self.action_cycle()
        if message.paint and not is_labelled(self.shape):
            self._painting = self.pixels[message.index]
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """While painting, every cell the pointer crosses takes the level being painted."""
        if self._painting is None:
            return
        cell = self._cell_at(event.screen_x, event.screen_y)
        if cell is not None:
            self.cursor = cell.index
            if self.pixels[cell.index] != self._painting:
                self.set_pixel(cell.index, self._painting)

    def on_mouse_up(self) -> None:
        """The drag is over."""
        self._stop_painting()

    def on_mouse_capture_lost(self) -> None:
        """The drag ended elsewhere (the pointer left the window)."""
        self._painting = None

    def _stop_painting(self) -> None:
        if self._painting is not None:
            self._painting = None
            self.release_mouse()

    def _cell_at(self, x: int, y: int) -> PixelCell | None:
        for cell in self.query(PixelCell):
            if cell.region.contains(x, y):
                return cell
        return None

    def action_move(self, rows: int, cols: int) -> None:
        """Move the cursor, staying inside the picture."""
        height, width = self.shape
        row, col = divmod(self.cursor, width)
        row = min(height - 1, max(0, row + rows))
        col = min(width - 1, max(0, col + cols))
        self.cursor = row * width + col

    def action_cycle(self) -> None:
        """Next brightness level for the cell under the cursor."""
        self.set_pixel(self.cursor, next_level(self.pixels[self.cursor]))

    def action_set_level(self, level: int) -> None:
        """Set the cell under the cursor to level 0-4 (0.0, 0.25, 0.5, 0.75, 1.0)."""
        self.set_pixel(self.cursor, LEVELS[level])

    def clear(self) -> None:
        """Every pixel dark."""
        self.pixels = (0.0,) * len(self.pixels)

    def set_pixel(self, index: int, value: float) -> None:
        """Change one pixel."""
        pixels = list(self.pixels)
        pixels[index] = value
        self.pixels = tuple(pixels)
