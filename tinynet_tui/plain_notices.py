"""Notices shown as plain text: file names, tensor names and typed text never act as markup or escapes."""

from __future__ import annotations

from textual.notifications import SeverityLevel

from tinynet_core.text import visible


class PlainNotices:
    """App mixin: every notice, whoever raises it, is plain text with control characters made visible.

    Notices carry text from outside (a path with `[/]` in it, a tensor name holding an escape
    sequence), so Rich markup is never parsed in them; the app's own notices use none.
    """

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = False) -> None:
        """App.notify, with the text made plain."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)  # type: ignore[misc]
