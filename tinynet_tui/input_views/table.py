"""The table worlds' input: held-out rows, each with its truth and the network's answer; for a
number, a scatter of answer against truth as well."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ..frame import Frame
from ..lenses.table import TableLook
from ..numbers import compact
from ..widgets.scatter import CHOSEN, ROWS, STYLES, scatter_text
from ..widgets.wide_pane import WidensPane
from .base import InputView

CELL = 7  # characters a number takes in the table
LEAD = 6  # the row number's column
FIXED_LINES = 3  # the summary, the column names and the keys
REGRESSION_TABLE = LEAD + 3 * CELL  # row, truth, answer and error: what the scatter leaves


def cell(value: float) -> str:
    """A number in a table cell's width."""
    return f"{compact(value).strip()[:CELL - 1]:>{CELL - 1}} "


class TableView(WidensPane, InputView):
    """Rows of truth against answer; the row walked to (p, P, M) is marked and kept in view."""

    TITLE = "Held-out rows: the answer against the truth"

    def __init__(self, world, **kwargs) -> None:
        super().__init__(world, **kwargs)
        self.add_class("lab-view")
        self._top = 0  # the first row shown

    def compose(self) -> ComposeResult:
        """Table, and (for a number) the scatter beside it."""
        yield Static("", id="table-rows", classes="lab-picture")
        if self.world.task == "regression":
            yield Static("", id="table-scatter", classes="lab-side")

    def on_resize(self) -> None:
        """The scatter, square in dots, takes up to half the width."""
        if self.world.task == "regression":
            width, height = self.content_size
            self.query_one("#table-scatter").styles.width = max(8, min(width - REGRESSION_TABLE, 2 * height + 1))

    def show(self, frame: Frame) -> None:
        """Paint the rows around the example on screen, and the scatter."""
        look = frame.look if isinstance(frame.look, TableLook) else None
        table = self.query_one("#table-rows", Static)
        if look is None:
            table.update("")
            return
        chosen = frame.example.index if frame.example is not None and frame.example.index < len(look.rows) else None
        table.update(self.table_text(look, chosen, *table.content_size))
        if self.world.task == "regression":
            scatter = self.query_one("#table-scatter", Static)
            width, height = scatter.content_size
            text = Text("answer ↑ truth →\n", style="dim")
            text.append_text(scatter_text(look.truth, look.answer, width - 1, max(1, height - 1), chosen))
            scatter.update(text)

    def table_text(self, look: TableLook, chosen: int | None, width: int, height: int) -> Text:
        """The summary, the column names, the rows that fit (the chosen one among them) and the keys."""
        regression = self.world.task == "regression"
        names = self.world.class_names
        shown = max(0, min(len(look.columns), (width - LEAD - 3 * CELL - 2) // CELL))
        text = Text(no_wrap=True, overflow="ellipsis")
        what = f"R² {look.score:+.2f}" if regression else f"{look.score:.0%} right"
        text.append(f"{what} on {len(look.rows)} held-out rows\n" if math.isfinite(look.score) else "the network has diverged (NaN)\n", style="bold")
        header = f"{'row':>{LEAD - 1}} " + "".join(f"{c[:CELL - 1]:>{CELL - 1}} " for c in look.columns[:shown])
        header += f"{'truth':>{CELL - 1}} " + (f"{'answer':>{CELL - 1}}  error" if regression else f"{'answer':>{CELL + 2}}")
        text.append(header.rstrip() + "\n", style="underline")
        room = max(1, height - FIXED_LINES)
        if chosen is not None and not self._top <= chosen < self._top + room:
            self._top = max(0, chosen - room // 2)
        self._top = min(self._top, max(0, len(look.rows) - room))
        for i in range(self._top, min(len(look.rows), self._top + room)):
            line = f"{look.rows[i]:>{LEAD - 1}} " + "".join(cell(v) for v in look.inputs[i][:shown])
            if regression:
                line += cell(look.truth[i]) + cell(look.answer[i]) + f"{compact(look.answer[i] - look.truth[i]).strip()}"
                mark_style = ""
            else:
                line += f"{names[int(look.truth[i])][:CELL - 1]:>{CELL - 1}} {names[int(look.answer[i])][:CELL - 2]:>{CELL - 2}}"
                line += f"{look.sure[i]:4.0%} " + ("✓" if look.right[i] else "✗")
                mark_style = "" if look.right[i] else "red"
            text.append(line + "\n", style="reverse" if i == chosen else mark_style)
        if 0 < shown < look.input_count:
            text.append(f"({shown} of {look.input_count} inputs) ", style="dim")
        text.append("p/P: rows" + ("" if regression else " · M: a mistake"), style="dim")
        return text
