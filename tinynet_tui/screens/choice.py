"""Pick one of a few named options from a list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen["str | None"]):
    """Returns the chosen option's id, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.choice_title = title
        self.options = options  # (id, text shown)
        self.current = current

    def compose(self) -> ComposeResult:
        """The option list, with the current choice highlighted."""
        with Vertical(id="choice-box") as box:
            box.border_title = self.choice_title
            box.border_subtitle = "enter to choose · esc to cancel"
            yield OptionList(*(Option(text, id=option_id) for option_id, text in self.options), id="choice-list")

    def on_mount(self) -> None:
        """Start on the current choice."""
        option_list = self.query_one(OptionList)
        ids = [option_id for option_id, _ in self.options]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the choice."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
