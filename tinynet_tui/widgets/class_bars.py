"""The answer for a picture with many classes: which example it is, then one bar per class, most likely first."""

from __future__ import annotations

import math

from rich.text import Text

from ..frame import ExampleShown
from ..screens.live_view import FrameView

MIN_BAR = 3  # the bar is never narrower than this, whatever the width
PERCENT = " 100%"


def example_lines(example: ExampleShown | None, class_names: tuple[str, ...], width: int) -> Text:
    """'held-out 12/360' and 'truth 7 ✓', or 'your drawing' when the user drew the picture."""
    text = Text()
    if example is None:
        text.append("your drawing\n", style="italic")
        return text
    text.append(f"held-out {example.index + 1}/{example.count}"[:width] + "\n", style="italic")
    if example.truth and len(example.truth) == len(class_names):
        truth = class_names[max(range(len(example.truth)), key=example.truth.__getitem__)]
        text.append(f"truth {truth} "[:width])
    if example.correct is not None:
        text.append("✓ right" if example.correct else "✗ wrong", style="bold green" if example.correct else "bold red")
    text.append("\n")
    return text


def sorted_bars(names: tuple[str, ...], outputs: tuple[float, ...], width: int, rows: int) -> Text:
    """'7 ██████░░ 82%' for the `rows` most likely classes, best first (it gets a ◀ too)."""
    if not all(math.isfinite(v) for v in outputs):
        return Text("→ the network has diverged (NaN)", style="bold red")
    order = sorted(range(len(outputs)), key=lambda i: -outputs[i])[: max(0, rows)]
    name_width = max((len(names[i]) for i in order), default=1)
    bar_width = max(MIN_BAR, width - name_width - 1 - len(PERCENT) - 2)
    text = Text()
    for rank, i in enumerate(order):
        best = rank == 0
        filled = round(min(1.0, max(0.0, outputs[i])) * bar_width)
        text.append(f"{names[i]:<{name_width}} ", style="bold" if best else "")
        text.append("█" * filled, style="green" if best else "")
        text.append("░" * (bar_width - filled), style="dim")
        text.append(f" {outputs[i]:4.0%}", style="bold" if best else "")
        text.append(" ◀\n" if best else "\n")
    return text


class ClassBars(FrameView):
    """The example on show and the classes' bars, as many as the widget has rows for."""

    def on_resize(self) -> None:
        """More or fewer bars fit."""
        self.refresh()

    def render(self) -> Text:
        """The example lines, then the bars that fit below them."""
        frame = self.frame
        if frame is None:
            return Text("")
        width = self.size.width
        text = example_lines(frame.example, frame.world.class_names, width)
        rows = self.size.height - len(text.plain.splitlines())
        text.append_text(sorted_bars(frame.world.answer_names, frame.prediction, width, rows))
        text.rstrip()
        return text
