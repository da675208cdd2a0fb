"""The plain input view: the input's numbers and the network's answer, for kinds without a view of their own."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ..frame import Frame
from ..numbers import compact
from .base import InputView

BAR_WIDTH = 8
# At most this many input values are listed; the rest are counted.
SHOWN_INPUTS = 6


class AnswerView(InputView):
    """Lists the input's values and one bar per output, the largest marked."""

    def compose(self) -> ComposeResult:
        """The input and the answer, one under the other."""
        yield Static("", id="probe-values")
        yield Static("", id="answer")

    def show(self, frame: Frame) -> None:
        """Paint the frame's input and answer."""
        self.query_one("#probe-values", Static).update(input_text(frame))
        self.query_one("#answer", Static).update(answer_text(frame.world.answer_names, frame.prediction, frame.world.task))


def input_text(frame: Frame) -> Text:
    """'x1 +0.500  x2 -1.200 …' for the input on screen, and which example it is."""
    text = Text()
    names = frame.world.feature_names
    for name, value in list(zip(names, frame.grid_input))[:SHOWN_INPUTS]:
        text.append(f"{name[:8]:<8} ", style="dim")
        text.append(f"{compact(value).strip()}\n")
    if len(names) > SHOWN_INPUTS:
        text.append(f"… and {len(names) - SHOWN_INPUTS} more inputs\n", style="dim")
    if frame.example is not None:
        text.append(f"{frame.example.name} ({frame.example.index + 1}/{frame.example.count})", style="italic")
    return text


def answer_text(names: tuple[str, ...], outputs: tuple[float, ...], task: str) -> Text:
    """One bar per output for probabilities; the number itself for a regression."""
    text = Text()
    if not all(math.isfinite(v) for v in outputs):
        return Text("→ the network has diverged (NaN)", style="bold red")
    if task == "regression":
        for name, value in zip(names, outputs):
            text.append(f"→ {name} = {compact(value).strip()}\n", style="bold")
        return text
    best = max(range(len(outputs)), key=outputs.__getitem__)
    for i, (name, value) in enumerate(zip(names, outputs)):
        filled = round(min(1.0, max(0.0, value)) * BAR_WIDTH)
        text.append(f"{name[:8]:<8} ", style="bold" if i == best else "")
        text.append("█" * filled, style="green" if i == best else "")
        text.append("░" * (BAR_WIDTH - filled), style="dim")
        text.append(f" {value:4.0%}" + (" ◀\n" if i == best else "\n"))
    return text
