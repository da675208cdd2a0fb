"""Input views that need room (a heatmap, a curve, a table) widen the input pane while they are in it."""

from __future__ import annotations

# The class app.tcss widens #input-pane by (see the lab views' block at its end).
WIDE = "-wide-input"


class WidensPane:
    """Mixed into an InputView: its pane is wide while the view is mounted in it."""

    def on_mount(self) -> None:
        """Widen the pane."""
        self.parent.add_class(WIDE)

    def on_unmount(self) -> None:
        """Give the pane its own width back (the next view may not want room)."""
        if self.parent is not None:
            self.parent.remove_class(WIDE)
