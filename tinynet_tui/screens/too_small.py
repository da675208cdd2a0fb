"""Shown over any screen (the main one, a view, help, a dialog) while the terminal is too small for it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

# Below this size no screen of the app can be drawn legibly.
MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(width: int, height: int) -> bool:
    """True when a terminal of this size cannot show the app's screens."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Says the terminal's size and the size needed; goes away by itself once there is room."""

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, covering: str) -> None:
        super().__init__()
        self.covering = covering  # what the user would see with more room, e.g. "the help"

    def compose(self) -> ComposeResult:
        """One centred message."""
        yield Static(id="too-small")

    def on_mount(self) -> None:
        """Say it at once, at the current size."""
        self._say(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        """Keep the numbers current while the user resizes."""
        self._say(event.size.width, event.size.height)

    def _say(self, width: int, height: int) -> None:
        self.query_one(Static).update(
            f"Terminal too small: {width}×{height}.\n"
            f"{self.covering} needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n\n"
            "Enlarge the window (or make the font smaller). q quits."
        )
