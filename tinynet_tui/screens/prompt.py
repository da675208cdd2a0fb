"""A one-line prompt: a question, an input box, and the reason when the answer is refused."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

# A check returns an error message for a bad answer, or None for a good one.
Check = Callable[[str], "str | None"]


class PromptScreen(ModalScreen["str | None"]):
    """Returns the accepted text, or None if the user pressed escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", check: Check | None = None) -> None:
        super().__init__()
        self.prompt_title = title
        self.initial_value = value
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        """Title, input, error line."""
        with Vertical(id="prompt-box") as box:
            box.border_title = self.prompt_title
            box.border_subtitle = "enter to accept · esc to cancel"
            yield Input(value=self.initial_value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Accept the answer, or say why not and keep the prompt open."""
        answer = event.value.strip()
        error = self.check(answer) if self.check else None
        if error:
            self.query_one("#prompt-error", Label).update(error)
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
