"""The pixel worlds' input: a picture to draw on, and the network's answer for it."""

from __future__ import annotations

from collections import deque

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tinynet_core.world import STRESS_PATTERNS, TRAINING_PATTERNS

from ..frame import Frame
from ..widgets.class_bars import ClassBars
from ..widgets.pixel_grid import TINY_SHAPE, PixelGrid, is_labelled
from ..widgets.prediction import PredictionBars
from .answer import answer_text
from .base import InputView

# TinyNet's patterns that `p` puts on the grid, in order.
GRID_EXAMPLES = tuple((p.name, p.pixels) for p in TRAINING_PATTERNS + STRESS_PATTERNS)
# Drawings sent to the engine and not yet seen back in a frame; beyond this many, the oldest are
# forgotten (a drawing the engine never answered must not stop the grid following it for good).
MAX_IN_FLIGHT = 256


class PixelsView(InputView):
    """The grid of pixels (click, drag or keys to draw), what is on it, and the answer's bars."""

    BINDINGS = [Binding("delete,backspace", "clear", "Clear picture", show=False, tooltip="clear the picture (every pixel dark)")]

    HELP = ("The picture the network looks at; click a pixel or use the arrows and space to change its "
            "brightness. The bars below are the network's answer for this picture right now.")

    def __init__(self, world, **kwargs) -> None:
        super().__init__(world, **kwargs)
        self.shape = tuple(world.image_shape or TINY_SHAPE)
        self._example = -1
        self._in_flight: deque[tuple[float, ...]] = deque(maxlen=MAX_IN_FLIGHT)

    @property
    def grid(self) -> PixelGrid:
        """The picture."""
        return self.query_one(PixelGrid)

    def compose(self) -> ComposeResult:
        """TinyNet's: grid, name, bars. A larger picture: small cells, with the bars beside or below."""
        if is_labelled(self.shape):
            yield PixelGrid(self.shape, id="grid")
            yield Static("", id="pattern-name")
            yield PredictionBars(id="prediction")
            return
        with Horizontal(id="pixels-body"):
            yield PixelGrid(self.shape, id="grid")
            yield ClassBars(id="class-bars")

    def on_mount(self) -> None:
        """Name the starting drawing."""
        self._name_drawing(self.grid.pixels)

    def on_resize(self) -> None:
        """Square two-column pixels with the bars below where there is room; one-column pixels with the bars beside where not."""
        if is_labelled(self.shape):
            return
        rows, cols = self.shape
        roomy = self.size.height >= rows + 2 + len(self.world.answer_names) and self.size.width >= 2 * cols
        self.set_class(roomy, "-roomy")
        self.grid.styles.width = cols * (2 if roomy else 1)
        self.grid.styles.height = rows

    def show(self, frame: Frame) -> None:
        """Follow the engine's picture (an example it put on screen), then paint the answer."""
        self._follow(frame)
        if not is_labelled(self.shape):
            self.query_one(ClassBars).show(frame)
            return
        bars = self.query_one(PredictionBars)
        if frame.world.is_tinynet:
            bars.show(*frame.prediction)
        else:
            bars.update(answer_text(frame.world.answer_names, frame.prediction, frame.world.task))

    def _follow(self, frame: Frame) -> None:
        """Take the frame's picture onto the grid, unless it is an older drawing of ours still on its way back."""
        probe = tuple(frame.probe)
        if probe in self._in_flight:
            while self._in_flight.popleft() != probe:
                pass  # drawings sent before this one have been answered too
            return
        grid = self.grid
        if self._in_flight or len(probe) != len(grid.pixels) or probe == grid.pixels:
            return  # the user's newer drawing is on its way: the frame is out of date
        grid.show_pixels(probe)
        self._name_drawing(probe, frame.example.name if frame.example else None)

    @on(PixelGrid.Changed)
    def _drawn(self, message: PixelGrid.Changed) -> None:
        message.stop()
        self._name_drawing(message.pixels)
        self._in_flight.append(tuple(message.pixels))
        self.post_message(self.ProbeChanged(tuple(message.pixels)))

    def _name_drawing(self, pixels: tuple[float, ...], name: str | None = None) -> None:
        """Under TinyNet's grid: the pattern's name, or 'your drawing' (larger pictures say so beside their bars)."""
        for label in self.query("#pattern-name").results(Static):
            names = [n for n, p in GRID_EXAMPLES if p == pixels]
            label.update(name or (names[0] if names else "your drawing"))

    def action_clear(self) -> None:
        """Every pixel dark."""
        self.grid.clear()

    def walk_examples(self, direction: int) -> bool:
        """TinyNet's training and stress patterns, in turn."""
        if not self.world.is_tinynet:
            return False
        self._example = (self._example + direction) % len(GRID_EXAMPLES)
        self.grid.pixels = GRID_EXAMPLES[self._example][1]
        return True
