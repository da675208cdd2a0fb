"""The 2x2 input: four large cells shaded by brightness, edited by mouse or keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
# One shade character per level, so brightness reads without colour too.
SHADES = (" ", "░", "▒", "▓", "█")
PIXEL_LABELS = ("top-left", "top-right", "bottom-left", "bottom-right")


def level_index(brightness: float) -> int:
    """The nearest of the 5 levels."""
    return min(range(len(LEVELS)), key=lambda i: abs(LEVELS[i] - brightness))


def next_level(brightness: float) -> float:
    """The level after this one, wrapping from 1.0 back to 0.0."""
    return LEVELS[(level_index(brightness) + 1) % len(LEVELS)]


class PixelCell(Widget):
    """One pixel; a click cycles its brightness."""

    brightness: reactive[float] = reactive(0.0)
    has_cursor: reactive[bool] = reactive(False)

    @dataclass
    class Clicked(Message):
        """The user clicked this cell."""

        index: int

    def __init__(self, index: int) -> None:
        super().__init__(id=f"cell-{index // 2}-{index % 2}")
        self.index = index
        self.tooltip = f"{PIXEL_LABELS[index]} pixel: click to change its brightness"

    def render(self) -> Text:
        """Fill the cell with the shade of its level and write the value in the middle."""
        width, height = self.size.width, self.size.height
        shade = SHADES[level_index(self.brightness)]
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

    def on_click(self) -> None:
        """Ask the grid to cycle this pixel."""
        self.post_message(self.Clicked(self.index))


class PixelGrid(Grid, can_focus=True):
    """The four pixels in reading order: top-left, top-right, bottom-left, bottom-right."""

    BINDINGS = [
        Binding("up,k", "move(-2)", "Up", show=False, tooltip="move the pixel cursor"),
        Binding("down,j", "move(2)", "Down", show=False),
        Binding("left,h", "move(-1)", "Left", show=False),
        Binding("right,l", "move(1)", "Right", show=False),
        Binding("space,enter", "cycle", "Cycle pixel", show=False, tooltip="cycle the pixel's brightness (or click it)"),
        *(Binding(str(i), f"set_level({i})", f"Level {i}", show=False, tooltip="set the pixel to 0, 0.25, 0.5, 0.75 or 1") for i in range(5)),
    ]

    pixels: reactive[tuple[float, ...]] = reactive((1.0, 1.0, 0.0, 0.0))
    cursor: reactive[int] = reactive(0)

    @dataclass
    class Changed(Message):
        """The drawing changed."""

        pixels: tuple[float, ...]

    def compose(self):
        """Four cells."""
        for index in range(4):
            yield PixelCell(index)

    def watch_pixels(self, pixels: tuple[float, ...]) -> None:
        """Repaint the cells and tell the app."""
        for cell, value in zip(self.query(PixelCell), pixels):
            cell.brightness = value
        self.post_message(self.Changed(pixels))

    def watch_cursor(self) -> None:
        """Mark the cell under the cursor (only while the grid has focus)."""
        self._show_cursor()

    def on_focus(self) -> None:
        """Show the cursor."""
        self._show_cursor()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self._show_cursor()

    def _show_cursor(self) -> None:
        for cell in self.query(PixelCell):
            cell.has_cursor = self.has_focus and cell.index == self.cursor

    def on_mount(self) -> None:
        """Paint the starting drawing."""
        self.watch_pixels(self.pixels)

    def on_pixel_cell_clicked(self, message: PixelCell.Clicked) -> None:
        """Cycle the clicked cell and move the cursor there."""
        self.cursor = message.index
        self.action_cycle()

    def action_move(self, delta: int) -> None:
        """Move the cursor, staying inside the 2x2 grid."""
        row, col = divmod(self.cursor, 2)
        if abs(delta) == 2:
            row = min(1, max(0, row + delta // 2))
        else:
            col = min(1, max(0, col + delta))
        self.cursor = row * 2 + col

    def action_cycle(self) -> None:
        """Next brightness level for the cell under the cursor."""
        self.set_pixel(self.cursor, next_level(self.pixels[self.cursor]))

    def action_set_level(self, level: int) -> None:
        """Set the cell under the cursor to level 0-4 (0.0, 0.25, 0.5, 0.75, 1.0)."""
        self.set_pixel(self.cursor, LEVELS[level])

    def set_pixel(self, index: int, value: float) -> None:
        """Change one pixel."""
        pixels = list(self.pixels)
        pixels[index] = value
        self.pixels = tuple(pixels)
