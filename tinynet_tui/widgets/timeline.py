"""The timeline under the loss chart: where on the run the screen is (now, or a past step), and the runs kept."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from ..frame import Frame, TimelineInfo

NOW_HINT = "< > step · { } epoch · home start"
PAST_HINT = "end: back to now · B: branch from here"
MIN_BAR = 8  # the bar's fewest cells; below it the words alone are shown


def step_at(column: int, bar_start: int, bar_width: int, steps: int) -> int | None:
    """The step a click on a column of the bar picks (None off the bar)."""
    if bar_width < 1 or not bar_start <= column < bar_start + bar_width:
        return None
    if bar_width == 1:
        return steps
    return round((column - bar_start) * steps / (bar_width - 1))


def marker_at(step: int, steps: int, bar_width: int) -> int:
    """The bar's cell that marks a step."""
    return 0 if steps == 0 else round(step * (bar_width - 1) / steps)


class TimelineBar(Widget):
    """One line: a bar from the start to now with the step on screen marked, and what the keys do."""

    DEFAULT_CSS = """
    TimelineBar { height: 1; }
    """

    @dataclass
    class Picked(Message):
        """A click on the bar picked a step."""

        step: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.info: TimelineInfo | None = None
        self._bar = (0, 0)  # (first column, width) of the bar as last rendered

    def show(self, frame: Frame) -> None:
        """Follow the frame's place on the timeline."""
        if frame.timeline == self.info:
            return
        was_past = self.info is not None and self.info.past
        self.info = info = frame.timeline
        self.set_class(bool(info and info.past), "-past")
        self.refresh()
        if info is not None and info.past and not was_past:
            self.app.notify(f"You are looking at the past: nudge {info.nudges} of {info.newest_nudges}, read-only. {PAST_HINT}.", timeout=4)

    def render(self) -> Text:
        info = self.info
        if info is None:
            return Text("")
        if info.past:
            head = Text.assemble(("◀ the past ", "bold reverse"), " ")
            epochs = "1 epoch" if info.epochs_done == 1 else f"{info.epochs_done} epochs"
            where = f" nudge {info.nudges} of {info.newest_nudges} ({epochs} done)"
            if info.kind != "nudge":
                where += f", {info.kind}"
            tail = Text.assemble(where, " · ", (PAST_HINT, "dim"))
        else:
            head = Text("timeline ", style="dim")
            tail = Text.assemble(f" now: nudge {info.newest_nudges}", " · ", (NOW_HINT, "dim"))
        runs = _runs_text(info)
        width = self.size.width
        bar_width = width - len(head) - len(tail) - len(runs)
        if bar_width < MIN_BAR:  # no room: the words, shortened by the widget
            self._bar = (0, 0)
            return Text.assemble(head, tail.plain.lstrip(), runs)
        self._bar = (len(head), bar_width)
        mark = marker_at(info.step, info.steps, bar_width)
        bar = Text.assemble(("━" * mark, "green"), ("●", "bold yellow" if info.past else "bold green"), ("─" * (bar_width - mark - 1), "dim"))
        return Text.assemble(head, bar, tail, runs)

    def on_click(self, event: events.Click) -> None:
        """A click on the bar moves to the step under it."""
        if self.info is None:
            return
        step = step_at(event.x, *self._bar, self.info.steps)
        if step is not None:
            self.post_message(self.Picked(step))


def _runs_text(info: TimelineInfo) -> Text:
    """The runs kept, in their colours, the current one underlined (nothing while there is one)."""
    if len(info.runs) < 2:
        return Text("")
    parts: list = [" · runs:"]
    for run in info.runs:
        parts += [" ", (run.name, f"{run.colour} underline" if run.current else run.colour)]
    return Text.assemble(*parts)
