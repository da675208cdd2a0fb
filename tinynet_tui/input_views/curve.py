"""The curve world's input: x, on a plot of the data and the network's fitted curve."""

from __future__ import annotations

import math

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from ..frame import Frame
from ..lenses.curve import CurveLook, in_units
from ..widgets.curve_plot import FITTED, HELD_OUT, STYLES, TRAIN, CurvePlot, y_range
from ..widgets.wide_pane import WidensPane
from .base import InputView

SIDE_WIDTH = 19


class CurveView(WidensPane, InputView):
    """The plot on the left; x, the answer there, the legend and the keys on the right."""

    TITLE = "The curve: the data and the network's fit"

    def __init__(self, world, **kwargs) -> None:
        super().__init__(world, **kwargs)
        self.add_class("lab-view")
        self._walked: tuple | None = None

    def compose(self) -> ComposeResult:
        """Plot and side text."""
        yield CurvePlot(id="curve-plot", classes="lab-picture")
        yield Static("", id="curve-side", classes="lab-side")

    def on_resize(self) -> None:
        """The plot takes what the side text leaves."""
        self.query_one(CurvePlot).styles.width = max(8, self.content_size.width - SIDE_WIDTH)

    def show(self, frame: Frame) -> None:
        """Paint the fit, then the answer at the cursor's x."""
        plot = self.query_one(CurvePlot)
        look = frame.look if isinstance(frame.look, CurveLook) else None
        if look is not None:
            walked = (frame.example.index if frame.example else None, frame.probe)
            follow = plot.cursor is None or (frame.example is not None and walked != self._walked)
            self._walked = walked if frame.example is not None else None
            plot.show(look, frame.probe[0] if follow and frame.probe else None)
        self.query_one("#curve-side", Static).update(side_text(frame, look))

    @on(CurvePlot.Moved)
    def _moved(self, message: CurvePlot.Moved) -> None:
        message.stop()
        self.post_message(self.ProbeChanged((message.x,)))


def side_text(frame: Frame, look: CurveLook | None) -> Text:
    """x, the network's y there, and what the plot's marks mean."""
    text = Text()
    name = frame.world.class_names[0] if frame.world.class_names else "y"
    scale = look.scale if look else None
    if frame.probe and frame.prediction:
        answer = in_units(frame.prediction[0], scale)
        text.append(f"x = {frame.probe[0]:+.3f}\n", style="bold")
        text.append(f"→ {name} = {answer:+.3f}\n" if math.isfinite(answer) else "→ diverged (NaN)\n", style="bold")
    if frame.example is not None:
        truth = in_units(frame.example.truth[0], scale)
        text.append(f"{frame.example.name}: {name} {truth:+.3f}\n", style="italic")
    if look is not None:
        low, high = y_range(look)
        text.append(f"{name} {low:+.2f} … {high:+.2f}\n", style="dim")
    text.append("⣿", STYLES[FITTED]).append(" the fit\n", style="dim")
    text.append("⠂", STYLES[TRAIN]).append(" train ", style="dim").append("⠂", STYLES[HELD_OUT]).append(" held out\n", style="dim")
    text.append("← → h l or click", style="dim")
    return text
