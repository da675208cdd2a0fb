"""A full-screen view that follows training live: a title, a body, the status lines, the footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from ..frame import Frame
from ..widgets.status import StatusLine


class FrameView(Widget):
    """A widget that renders the latest frame; show() swaps it in and repaints."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frame: Frame | None = None

    def show(self, frame: Frame) -> None:
        """Repaint for a new frame."""
        self.frame = frame
        self.refresh()


class LiveViewScreen(Screen):
    """Subclasses give a `heading` and a `body()` widget with a show(frame) method."""

    heading = ""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame

    def body(self) -> Widget:
        """The view's own widget."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """Title, body, status, footer."""
        yield Static(self.heading, classes="view-title")
        yield self.body()
        yield StatusLine(id="view-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Paint the frame the view was opened with."""
        self.show(self.frame)

    def show(self, frame: Frame) -> None:
        """Repaint for a new frame."""
        self.frame = frame
        for body in self.query("#view-body"):  # none yet if the view is still being composed
            body.show(frame)
            self.query_one(StatusLine).show(frame)
