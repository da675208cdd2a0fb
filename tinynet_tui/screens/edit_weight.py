"""Edit one weight by hand: type a value or nudge it with the arrows; "what if" charts the training loss along it.

The dialog sits low on the screen so the panes above (the answer, the weights, the heatmap)
show each edit at once. Each edit is a step in the run's history, "edited by hand".
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual_plotext import PlotextPlot

from tinynet_core.limits import MAX_HAND_WEIGHT

from ..frame import Frame

SMALL_STEP = 0.01  # how far up / down move the weight (shift: ten times as far)
FOLLOW_S = 0.1  # how often the dialog looks for a new frame
SLOPE_REACH = 0.25  # the slope is drawn over this share of the slice either side of the value


def weight_of(frame: Frame, name: str, index: tuple[int, ...]) -> float:
    """One weight's value in a frame."""
    value = frame.values[name]
    for i in index:
        value = value[i]
    return float(value)


def parse_weight(text: str) -> float | None:
    """A value a weight may be set to, from typed text (None if it is not one)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= MAX_HAND_WEIGHT else None


def weight_label(name: str, index: tuple[int, ...]) -> str:
    """layer1.weight[2,0]."""
    return f"{name}[{','.join(map(str, index))}]"


class WhatIfChart(PlotextPlot):
    """The training loss along one weight (the others held), its value now marked, the slope drawn there."""

    def show(self, cut) -> None:
        """Plot a tinynet_core.hand_edit.LossSlice."""
        plt = self.plt
        plt.clear_figure()
        plt.theme("textual-design-dark")
        finite = [(v, loss) for v, loss in zip(cut.values, cut.losses) if math.isfinite(loss)]
        if not finite:
            plt.title("the loss is not finite along this weight")
            self.refresh()
            return
        plt.plot([v for v, _ in finite], [loss for _, loss in finite], marker="braille", color="cyan", label="training loss")
        reach = SLOPE_REACH * (cut.values[-1] - cut.values[0]) / 2
        xs = [cut.current - reach, cut.current + reach]
        plt.plot(xs, [cut.loss + cut.slope * (x - cut.current) for x in xs], marker="braille", color="red", label="slope")
        plt.scatter([cut.current], [cut.loss], marker="●", color="yellow")
        plt.vertical_line(cut.current, color="yellow")
        plt.xlabel("the weight's value")
        self.refresh()


class EditWeightScreen(ModalScreen[None]):
    """Set one weight by hand; every change is at once a new frame, and a step in the history."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("up", "nudge_weight(1)", "+0.01", tooltip="move the weight up / down by 0.01 (shift: 0.1)"),
        Binding("down", "nudge_weight(-1)", "-0.01"),
        Binding("shift+up", "nudge_weight(10)", "+0.1", show=False),
        Binding("shift+down", "nudge_weight(-10)", "-0.1", show=False),
    ]

    def __init__(self, name: str, index: tuple[int, ...]) -> None:
        super().__init__()
        self.weight_name, self.index = name, tuple(index)
        self._shown: Frame | None = None
        self._asked: float | None = None  # the last value sent, until a frame shows it

    def compose(self) -> ComposeResult:
        """The weight, a box for its value, what it does to the loss, and the what-if chart."""
        with Vertical(id="edit-box") as box:
            box.border_title = f"Edit {weight_label(self.weight_name, self.index)} by hand"
            box.border_subtitle = "enter sets it · ↑↓ ±0.01 (shift ±0.1) · esc closes"
            yield Input(placeholder=f"a value from -{MAX_HAND_WEIGHT:g} to {MAX_HAND_WEIGHT:g}", id="edit-input")
            yield Label("", id="edit-loss")
            yield WhatIfChart(id="edit-chart")

    def on_mount(self) -> None:
        """Ask the engine for the loss along this weight, and follow the frames."""
        self.app.engine.slice_weight(self.weight_name, self.index)
        self.query_one(Input).value = f"{self.value:.4g}"
        self.set_interval(FOLLOW_S, self._follow)
        self._follow()

    @property
    def value(self) -> float:
        """The weight's value as the last frame painted it (or as last asked for, until then)."""
        return self._asked if self._asked is not None else weight_of(self.app.frame, self.weight_name, self.index)

    def _follow(self) -> None:
        """Show a new frame's loss and slice."""
        frame = self.app.frame
        if frame is None or frame is self._shown:
            return
        self._shown, self._asked = frame, None
        cut = frame.loss_slice
        if cut is None:
            words = "(the loss along it comes with the next frame)"
        else:
            words = f"value {cut.current:+.4f} · training loss {cut.loss:.5g} · slope {cut.slope:+.3g}"
            if cut.slope:
                words += f": {'down' if cut.slope > 0 else 'up'} lowers the loss"
            self.query_one(WhatIfChart).show(cut)
        self.query_one("#edit-loss", Label).update(words)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Set the typed value, or say why not."""
        value = parse_weight(event.value.strip())
        if value is None:
            self.query_one("#edit-loss", Label).update(f"Enter a number from -{MAX_HAND_WEIGHT:g} to {MAX_HAND_WEIGHT:g}.")
            return
        self._set(value)

    def action_nudge_weight(self, steps: int) -> None:
        """Move the weight by steps × 0.01."""
        self._set(max(-MAX_HAND_WEIGHT, min(MAX_HAND_WEIGHT, round(self.value + steps * SMALL_STEP, 10))))
        self.query_one(Input).value = f"{self.value:.4g}"

    def _set(self, value: float) -> None:
        self._asked = value
        self.app.engine.edit_weight(self.weight_name, self.index, value)

    def action_close(self) -> None:
        """Close; the engine stops working out the slice."""
        if self.app.engine_down is None:
            self.app.engine.slice_weight(None)
        self.dismiss(None)
