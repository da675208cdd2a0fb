"""Ask before overwriting: a yes/no question, answered with y or n (or enter / esc)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class ConfirmScreen(ModalScreen[bool]):
    """Returns True for yes, False for no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.confirm_title = title
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and the keys that answer it."""
        with Vertical(id="confirm-box") as box:
            box.border_title = self.confirm_title
            box.border_subtitle = "y or enter: yes · n or esc: no"
            yield Label(self.question, id="confirm-question")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


def unless_it_overwrites(app: App, paths: list[Path], write: Callable[[], None]) -> None:
    """Write at once when none of `paths` exists; otherwise ask first, and write only on yes."""
    existing = [p for p in paths if p.exists()]
    if not existing:
        write()
        return
    names = "\n".join(f"  {p}" for p in existing)
    question = f"{'This file exists' if len(existing) == 1 else 'These files exist'}:\n{names}\nOverwrite?"
    app.push_screen(ConfirmScreen("Overwrite?", question), lambda yes: write() if yes else app.notify("Nothing was written."))
