"""The runs view: the runs kept side by side (up to four), their metrics, where they differ most; enter trains one.

It follows the training live (the engine sends the runs' measurements with its frames while it is
open). Keys here set a run's pace (its nudges a tick when the runs train together at their own
pace) and export the run picked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..frame import RunRow
from .prompt import PromptScreen

WAITING = "Measuring the runs…"
# What trains when a training key is pressed, by TimelineInfo.together.
TRAINS = {
    "off": "◀ the run on screen, the one the keys train (J trains them all together)",
    "lock step": "together in lock step (J): the keys train every run the same nudges",
    "own pace": "together at own pace (J): the keys train each run its pace a tick",
}
# Two-line headers keep the table within an 80-column terminal's view.
COLUMNS = ("run", "settings", "nudges", "epochs", "train\nloss", "val\nloss", "train\nscore", "val\nscore", "pace")


def number(value: float) -> str:
    """A metric, or a dash where there is none (nothing held out: no val loss)."""
    return "–" if not math.isfinite(value) else f"{value:.4g}"


def runs_table(rows: list[RunRow], together: str = "off") -> Group:
    """One line a run: its name in its colour, where it is, its losses and scores, its pace; then what the keys train."""
    table = Table(box=None, padding=(0, 1), collapse_padding=True, pad_edge=False, header_style="bold")
    for column in COLUMNS:  # the settings wrap first where room is short
        table.add_column(column, justify="left" if column in ("run", "settings") else "right", no_wrap=column != "settings")
    for row in rows:
        name = Text(row.name + (" ◀" if row.current else ""), style=f"bold {row.colour}" if row.current else row.colour)
        table.add_row(name, row.settings, f"{row.nudges:,}", str(row.epochs_done), number(row.train_loss), number(row.val_loss),
                      number(row.train_score), number(row.val_score), f"×{row.pace}")
    return Group(table, Text(TRAINS[together], style="italic"))  # not a caption: that wraps at the table's width


def pace_error(text: str) -> str | None:
    """Why a typed pace is refused (None: a whole number of nudges, at least 1; the engine checks the most)."""
    return None if text.isdigit() and int(text) >= 1 else "Enter a whole number of nudges a tick, 1 or more."


class RunsScreen(ModalScreen["str | None"]):
    """Returns the name of the run to train from now on, or None on escape."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("U", "close", "Close", show=False),
        Binding("plus,equals_sign", "pace(1)", "Pace +1", tooltip="the run picked takes a nudge more a tick at its own pace"),
        Binding("minus", "pace(-1)", "Pace -1", tooltip="the run picked takes a nudge less a tick"),
        Binding("p", "type_pace", "Type pace", tooltip="type the run picked's nudges a tick"),
        Binding("X", "export", "Export", tooltip="export the run picked (the run on screen at the step on screen)"),
        # The training keys work here too (a modal view holds back the app's keys), so the table moves as they train.
        Binding("n", "app.step", "Step", show=False),
        Binding("e", "app.epoch", "Epoch", show=False),
        Binding("r", "app.toggle_run", "Run", show=False),
        Binding("J", "app.together", "Together", show=False),
    ]

    @dataclass
    class Pace(Message):
        """Set a run's nudges a tick (relative: add `pace` to it)."""

        name: str
        pace: int
        relative: bool = False

    @dataclass
    class Export(Message):
        """Export a run."""

        name: str

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RunRow] = []

    def compose(self) -> ComposeResult:
        """The table, what differs, and the runs to pick from."""
        with Vertical(id="runs-box") as box:
            box.border_title = "Runs side by side"
            box.border_subtitle = "enter trains the run picked · + - p its pace · X exports it · J together · esc"
            yield Static(WAITING, id="runs-table")
            yield Static("", id="runs-differ")
            yield OptionList(id="runs-list")

    def show(self, rows: list[RunRow], sentences: list[str], together: str = "off") -> None:
        """Fill in the engine's measurements (again and again while training runs); the run picked stays picked."""
        self.rows = rows
        self.query_one("#runs-table", Static).update(runs_table(rows, together))
        differ = "\n".join(sentences) if sentences else "One run so far: look back with < or {, then B branches a second from there."
        self.query_one("#runs-differ", Static).update(differ)
        options = self.query_one(OptionList)
        names = [row.name for row in rows]
        if [options.get_option_at_index(i).id for i in range(options.option_count)] == names:
            return
        options.clear_options()
        options.add_options([Option(f"train {name}", id=name) for name in names])
        options.highlighted = next((i for i, row in enumerate(rows) if row.current), 0)

    def _picked(self) -> RunRow | None:
        """The run under the list's cursor (None until the runs are measured)."""
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.rows):
            self.app.notify("The runs are still being measured: a moment.", severity="warning")
            return None
        return self.rows[index]

    def action_pace(self, change: int) -> None:
        """The run picked takes `change` nudges more (or fewer) a tick."""
        row = self._picked()
        if row is not None:
            self.post_message(self.Pace(row.name, change, relative=True))

    def action_type_pace(self) -> None:
        """Type the run picked's nudges a tick."""
        row = self._picked()
        if row is not None:
            title = f"{row.name}: nudges a tick at its own pace"
            self.app.push_screen(PromptScreen(title, str(row.pace), "e.g. 3", pace_error), lambda text: self._typed_pace(row.name, text))

    def _typed_pace(self, name: str, text: str | None) -> None:
        if text is not None:
            self.post_message(self.Pace(name, int(text)))

    def action_export(self) -> None:
        """Export the run picked."""
        row = self._picked()
        if row is not None:
            self.post_message(self.Export(row.name))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Train the run picked."""
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without switching."""
        self.dismiss(None)
