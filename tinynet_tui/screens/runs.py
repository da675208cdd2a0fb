"""The runs view: the runs kept side by side (up to four), their metrics, where they differ most; enter trains one."""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..frame import RunRow

WAITING = "Measuring the runs…"


def number(value: float) -> str:
    """A metric, or a dash where there is none (nothing held out: no val loss)."""
    return "–" if not math.isfinite(value) else f"{value:.4g}"


def runs_table(rows: list[RunRow]) -> Table:
    """One line a run: its name in its colour, where it is, its losses and scores."""
    table = Table(box=None, padding=(0, 1), header_style="bold", caption="◀ the run the keys train", caption_justify="left")
    for column in ("run", "settings", "nudges", "epochs", "train loss", "val loss", "train score", "val score"):
        table.add_column(column, justify="left" if column in ("run", "settings") else "right", no_wrap=True)
    for row in rows:
        name = Text(row.name + (" ◀" if row.current else ""), style=f"bold {row.colour}" if row.current else row.colour)
        table.add_row(name, row.settings, f"{row.nudges:,}", str(row.epochs_done), number(row.train_loss), number(row.val_loss),
                      number(row.train_score), number(row.val_score))
    return table


class RunsScreen(ModalScreen["str | None"]):
    """Returns the name of the run to train from now on, or None on escape."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("U", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        """The table, what differs, and the runs to pick from."""
        with Vertical(id="runs-box") as box:
            box.border_title = "Runs side by side"
            box.border_subtitle = "enter trains the run picked · esc closes · B in the past branches a new one"
            yield Static(WAITING, id="runs-table")
            yield Static("", id="runs-differ")
            yield OptionList(id="runs-list")

    def show(self, rows: list[RunRow], sentences: list[str]) -> None:
        """Fill in the engine's measurements."""
        self.query_one("#runs-table", Static).update(runs_table(rows))
        differ = "\n".join(sentences) if sentences else "One run so far: look back with < or {, then B branches a second from there."
        self.query_one("#runs-differ", Static).update(differ)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(f"train {row.name}", id=row.name) for row in rows])
        options.highlighted = next((i for i, row in enumerate(rows) if row.current), 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Train the run picked."""
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without switching."""
        self.dismiss(None)
