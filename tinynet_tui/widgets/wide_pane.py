"""Input views that need room (a heatmap, a curve, a table) widen the input pane while they are shown."""

from __future__ import annotations

# The screen's class under which app.tcss widens #input-pane (see the lab views' block at its end).
WIDE = "-lab-view"


class WidensPane:
    """Mixed into an InputView: the input pane is wide while the view is mounted."""

    def on_mount(self) -> None:
        """Widen the pane."""
        self._widened = self.screen
        self._widened.add_class(WIDE)

    def on_unmount(self) -> None:
        """Give the pane its own width back (the next view may not want room)."""
        self._widened.remove_class(WIDE)
