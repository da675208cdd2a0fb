"""The layer inspector: one parameter of any network in the last nudge, in the layer (δ) form.

TinyNet's inspector (inspector.py) follows each path; this one follows each layer, which is what
scales to 64 inputs and 10 classes. The engine tells the story (tinynet_core.weight_story) of the
parameter this screen watches; arrows pick another one of the same layer, [ and ] another layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ..frame import Frame
from ..numbers import precise
from .inspector import MOVE_BINDINGS
from .live_view import LiveViewScreen

DIGITS = 5  # significant digits: enough to redo each line by hand


def parameter_names(frame: Frame) -> list[str]:
    """layer1.weight, layer1.bias, layer2.weight, … in the network's order."""
    return list(frame.values)


def shape_of(frame: Frame, name: str) -> tuple[int, ...]:
    """(rows, columns) of a weight matrix, (units,) of a bias."""
    value = frame.values[name]
    return (len(value), len(value[0])) if value and isinstance(value[0], list) else (len(value),)


def story_page(frame: Frame, name: str, index: tuple[int, ...]) -> Group:
    """The explanation of one parameter, or why there is none yet."""
    label = f"{name}[{','.join(map(str, index))}]"
    title = Text(label, style="bold")
    story = frame.weight_story
    if frame.last is None:
        return Group(title, Text("\nNo nudge yet: press n, and this page works out that nudge for this parameter.", style="italic"))
    if story is None or story.name != label:
        return Group(title, Text("\nWorking it out…", style="italic"))
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for term in story.lines:
        table.add_row(term.name, precise(term.value, DIGITS), Text(term.meaning, style="dim"))
    context = Text.assemble(("Last nudge ", "dim"), (f"#{frame.last.step} ", "bold"), ("on ", "dim"), (frame.last.sample_name, "bold"))
    return Group(title, context, Text(""), table)


class LayerInspectorView(VerticalScroll):
    """The page, scrollable; arrows move within the layer, [ and ] to another parameter."""

    BINDINGS = [
        *MOVE_BINDINGS,
        Binding("right_square_bracket", "other(1)", "Next parameter", tooltip="the next / previous layer's weights or biases"),
        Binding("left_square_bracket", "other(-1)", "Previous parameter", show=False),
    ]

    @dataclass
    class Watch(Message):
        """The user picked another parameter: the engine should tell its story."""

        name: str
        index: tuple[int, ...]

    def __init__(self, name: str, index: tuple[int, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.parameter, self.index = name, index
        self.frame: Frame | None = None

    def compose(self):
        """One static holding the page."""
        yield Static(id="layer-inspector-text")

    def show(self, frame: Frame) -> None:
        """Explain the watched parameter in this frame's last nudge."""
        self.frame = frame
        self.query_one("#layer-inspector-text", Static).update(story_page(frame, self.parameter, self.index))

    def action_move(self, rows: int, cols: int) -> None:
        """Another parameter of the same matrix (clamped at its edges)."""
        if self.frame is None:
            return
        shape = shape_of(self.frame, self.parameter)
        index = [min(n - 1, max(0, i + d)) for i, n, d in zip(self.index, shape, (rows, cols))]
        self._pick(self.parameter, tuple(index))

    def action_other(self, step: int) -> None:
        """The next (or previous) parameter tensor, at its first element."""
        if self.frame is None:
            return
        names = parameter_names(self.frame)
        name = names[(names.index(self.parameter) + step) % len(names)]
        self._pick(name, tuple(0 for _ in shape_of(self.frame, name)))

    def _pick(self, name: str, index: tuple[int, ...]) -> None:
        if (name, index) != (self.parameter, self.index):
            self.parameter, self.index = name, index
            self.post_message(self.Watch(name, index))
            self.show(self.frame)


class LayerInspectorScreen(LiveViewScreen):
    """The layer inspector, live: n, e and r still train, and the page follows."""

    BINDINGS = [Binding("escape,i", "app.pop_screen", "Back")]
    heading = "Layer inspector: one parameter's gradient, layer by layer · arrows, [ ]: another · esc: back"

    def __init__(self, frame: Frame, name: str, index: tuple[int, ...]) -> None:
        super().__init__(frame)
        self.parameter, self.index = name, index

    def body(self) -> LayerInspectorView:
        """The page."""
        return LayerInspectorView(self.parameter, self.index, id="view-body")

    @dataclass
    class Closed(Message):
        """The layer inspector went away: the engine can stop telling stories."""

    def on_mount(self) -> None:
        """Focus the page so arrows and scrolling work."""
        super().on_mount()
        self.query_one(LayerInspectorView).focus()

    def on_unmount(self) -> None:
        """Tell the app, whichever way the screen was closed."""
        self.app.post_message(self.Closed())
