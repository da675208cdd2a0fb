"""The control bar: buttons for the main actions, each naming its key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

# (button id, label, the app action it runs)
BUTTONS = (
    ("step", "Step n", "step"),
    ("epoch", "Epoch e", "epoch"),
    ("run", "▶ Run   r", "toggle_run"),
    ("reset", "Reset R", "reset"),
    ("slower", "− slower", "slower"),
    ("faster", "+ faster", "faster"),
    ("lr", "lr L", "edit_lr"),
)


class ControlBar(Horizontal):
    """Mouse-friendly twins of the main key bindings."""

    def compose(self) -> ComposeResult:
        """One compact button per action."""
        for button_id, label, action in BUTTONS:
            yield Button(label, id=f"btn-{button_id}", compact=True, action=f"app.{action}")

    def show_running(self, running: bool) -> None:
        """Run becomes Pause while training runs."""
        label = "■ Pause r" if running else "▶ Run   r"
        button = self.query_one("#btn-run", Button)
        if str(button.label) != label:  # a new label means a layout pass: only when it changes
            button.label = label
