"""Pick one of a few named options from a list, maybe under group headings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# An entry: (id, text shown). An id of None makes the entry a heading over the ones after it.
Entry = tuple["str | None", "str | Text"]


def entry_text(name: str, summary: str) -> Text:
    """A name in bold and its one-line description, dimmer."""
    return Text.assemble((name, "bold"), "  ", (summary, "dim"))


class ChoiceScreen(ModalScreen["str | None"]):
    """Returns the chosen option's id, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[Entry], current: str | None = None, wide: bool = False) -> None:
        super().__init__()
        self.choice_title = title
        self.options = options
        self.current = current
        self.wide = wide  # long entries (a name and its description) get most of the screen

    def compose(self) -> ComposeResult:
        """The option list, headings greyed and unselectable, with the current choice highlighted."""
        with Vertical(id="choice-box") as box:
            box.border_title = self.choice_title
            box.border_subtitle = "enter to choose · esc to cancel"
            options = [
                Option(text, id=option_id) if option_id is not None else Option(Text(str(text), style="bold underline"), disabled=True)
                for option_id, text in self.options
            ]
            yield OptionList(*options, id="choice-list")

    def on_mount(self) -> None:
        """Start on the current choice; a wide list takes most of the screen."""
        option_list = self.query_one(OptionList)
        if self.wide:
            box = self.query_one("#choice-box")
            box.styles.width, box.styles.max_width, box.styles.height = "94%", 110, "90%"
            option_list.styles.height, option_list.styles.max_height = "1fr", "100%"
        ids = [option_id for option_id, _ in self.options]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)
        else:
            option_list.action_first()  # the first choice, past any heading

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the choice."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
