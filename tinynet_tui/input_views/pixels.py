"""The pixel worlds' input: a picture to draw on, and the network's answer for it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from tinynet_core.world import STRESS_PATTERNS, TRAINING_PATTERNS

from ..frame import Frame
from ..widgets.pixel_grid import PixelGrid
from ..widgets.prediction import PredictionBars
from .answer import answer_text
from .base import InputView

# TinyNet's patterns that `p` puts on the grid, in order.
GRID_EXAMPLES = tuple((p.name, p.pixels) for p in TRAINING_PATTERNS + STRESS_PATTERNS)


class PixelsView(InputView):
    """The grid of pixels (click or keys to draw), the pattern's name, and the answer's bars."""

    HELP = ("The picture the network looks at; click a pixel or use the arrows and space to change its "
            "brightness. The bars below are the network's answer for this picture right now.")

    def __init__(self, world, **kwargs) -> None:
        super().__init__(world, **kwargs)
        self._example = -1

    def compose(self) -> ComposeResult:
        """Grid, name, bars."""
        yield PixelGrid(id="grid")
        yield Static("", id="pattern-name")
        yield PredictionBars(id="prediction")

    def show(self, frame: Frame) -> None:
        """Paint the answer for the drawing."""
        bars = self.query_one(PredictionBars)
        if frame.world.is_tinynet:
            bars.show(*frame.prediction)
        else:
            bars.update(answer_text(frame.world.answer_names, frame.prediction, frame.world.task))

    @on(PixelGrid.Changed)
    def _drawn(self, message: PixelGrid.Changed) -> None:
        message.stop()
        names = [name for name, pixels in GRID_EXAMPLES if pixels == message.pixels]
        self.query_one("#pattern-name", Static).update(names[0] if names else "your drawing")
        self.post_message(self.ProbeChanged(tuple(message.pixels)))

    def walk_examples(self, direction: int) -> bool:
        """TinyNet's training and stress patterns, in turn."""
        if not self.world.is_tinynet:
            return False
        self._example = (self._example + direction) % len(GRID_EXAMPLES)
        self.query_one(PixelGrid).pixels = GRID_EXAMPLES[self._example][1]
        return True
