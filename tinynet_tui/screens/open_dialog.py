"""Open a network: the published models and the .safetensors files nearby, or any path typed in."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tinynet_core.config import preset_config
from tinynet_core.published import PUBLISHED

from ..file_names import nearby_checkpoints


def open_choices(folder: Path) -> list[tuple[str, str]]:
    """(what to open, the line shown): the published models first, then the folder's checkpoints."""
    choices = [(name, f"{name}  · published: {preset_config(name).epochs} epochs from seed {seed}") for name, seed in PUBLISHED.items()]
    choices += [(str(path), f"{path.name}") for path in nearby_checkpoints(folder)]
    return choices


class OpenScreen(ModalScreen["str | None"]):
    """Returns a published model's name or a file's path, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("down", "pick", "Pick from the list", show=False)]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()
        self.choices = open_choices(self.folder)

    def compose(self) -> ComposeResult:
        """The list, then a box for any other path."""
        with Vertical(id="open-box") as box:
            box.border_title = "Open a network"
            box.border_subtitle = "type a path, or ↓ to pick one · enter opens · esc: cancel"
            yield Input(placeholder="file.safetensors, or the name of a published model", id="open-path")
            yield Label("", id="open-error")
            found = len(self.choices) - len(PUBLISHED)
            yield Static(f"The published models, then the {found} .safetensors file{'s' * (found != 1)} in {self.folder}:")
            yield OptionList(*(Option(text, id=value) for value, text in self.choices), id="open-list")

    def on_mount(self) -> None:
        """Start in the path box: typing a name works at once, as it always did."""
        self.query_one(Input).focus()

    def action_pick(self) -> None:
        """From the path box down into the list."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen model or file."""
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Open the typed path (the engine reports a bad file in one line)."""
        if not event.value.strip():
            self.query_one("#open-error", Label).update("Type a file name, or pick one above.")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
