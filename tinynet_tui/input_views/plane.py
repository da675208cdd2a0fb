"""The plane worlds' input: the network's answer as a heatmap, the data on it, and a cursor whose
point the network answers for."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static

from ..frame import Frame
from ..lenses.plane import PlaneLook
from ..widgets.plane_map import HELD_OUT_MARK, TRAIN_MARK, PlaneMap
from ..widgets.plane_palette import class_colour
from ..widgets.wide_pane import WidensPane
from .base import InputView
from .plane_pen import ERASE, LOOK, Pen

# Columns kept beside the map for the answer, the legend and the keys.
SIDE_WIDTH = 19
MIN_BAR, MAX_BAR = 3, 12  # a narrow pane's bars, and no longer in a wide one


def class_shares(outputs: tuple[float, ...], classes: int) -> tuple[float, ...]:
    """The chance of each class from the network's outputs (one sigmoid answers for the second of two)."""
    if len(outputs) == 1 and classes == 2:
        return (1.0 - outputs[0], outputs[0])
    return tuple(outputs)


def bars_text(names: tuple[str, ...], shares: tuple[float, ...], width: int) -> Text:
    """One line per class: its colour, its name, a bar and its share; the likeliest marked ◀."""
    text = Text()
    if not all(math.isfinite(v) for v in shares):
        return Text("the network has diverged (NaN)\n", style="bold red")
    best = max(range(len(shares)), key=shares.__getitem__)
    # A line is the swatch (2), the name and a space, the bar, the share (4) and the mark (1).
    name_width = max(3, min(max(len(n) for n in names), width - 8 - MIN_BAR))
    bar = max(MIN_BAR, min(MAX_BAR, width - name_width - 8))
    for i, (name, share) in enumerate(zip(names, shares)):
        filled = round(min(1.0, max(0.0, share)) * bar)
        text.append("█ ", style=class_colour(i, len(names)).rich_color.name)
        text.append(f"{name[:name_width]:<{name_width}} ", style="bold" if i == best else "")
        text.append("█" * filled, style="bold" if i == best else "")
        text.append("░" * (bar - filled), style="dim")
        text.append(f"{share:4.0%}" + ("◀\n" if i == best else "\n"))
    return text


class PlaneView(WidensPane, InputView):
    """Heatmap on the left; the point, the answer there, the legend and the keys on the right."""

    TITLE = "The plane: the network's answer everywhere"
    HELP = ("The network's answer over the whole plane, the data's points on it (● train, ○ held out) and a cursor it "
            "answers for (arrows or a click). p / P walk the held-out points. Your own points: I picks the pen's class "
            "(a click, or . at the cursor, adds one), z the eraser, Z an empty plane; R brings the data set back.")

    @dataclass
    class Stroke(Message):
        """The pen, at a point: add a point of class `label` there, or erase the nearest within `radius`."""

        point: tuple[float, float]
        erase: bool
        label: str
        radius: float

    def __init__(self, world, **kwargs) -> None:
        super().__init__(world, **kwargs)
        self.add_class("lab-view")
        self._walked: tuple | None = None  # the held-out example last put under the cursor
        self.pen = Pen()
        self._frame: Frame | None = None  # the last frame shown, for the side text when the pen changes

    def compose(self) -> ComposeResult:
        """Map and side text."""
        yield PlaneMap(len(self.world.class_names), id="plane-map", classes="lab-picture")
        yield Static("", id="plane-side", classes="lab-side")

    def on_resize(self) -> None:
        """Give the map the largest square that leaves room for the side text."""
        width, height = self.content_size
        columns = max(4, min(width - SIDE_WIDTH, 2 * height))
        self.query_one(PlaneMap).styles.width = columns

    def show(self, frame: Frame) -> None:
        """Paint the answer everywhere, then the answer at the cursor's point."""
        plane = self.query_one(PlaneMap)
        if isinstance(frame.look, PlaneLook):
            # The engine moved the point (the first frame, or a held-out example walked to): follow it.
            walked = (frame.example.index if frame.example else None, frame.probe)
            follow = plane.cursor is None or (frame.example is not None and walked != self._walked)
            self._walked = walked if frame.example is not None else None
            plane.show(frame.look, tuple(frame.probe) if follow else None)
        self._frame = frame
        self.query_one("#plane-side", Static).update(self.side_text(frame))

    def side_text(self, frame: Frame) -> Text:
        """Where the point is, the answer there, and what the picture's colours and marks mean."""
        width = max(12, self.query_one("#plane-side").content_size.width or SIDE_WIDTH - 1)
        names = self.world.class_names
        text = Text()
        if len(frame.probe) == 2:
            text.append(f"at ({_coordinate(frame.probe[0])}, {_coordinate(frame.probe[1])})\n", style="bold")
        text.append_text(bars_text(names, class_shares(frame.prediction, len(names)), width))
        if frame.example is not None:
            verdict = "" if frame.example.correct is None else (" ✓" if frame.example.correct else " ✗")
            text.append(f"{frame.example.name[:width - 2]}{verdict}\n", style="italic")
        text.append(self.colour_legend(names), style="dim")
        text.append(f"{TRAIN_MARK} train {HELD_OUT_MARK} held out\n", style="dim")
        if self.pen.mode == LOOK:
            text.append("←↑↓→ hjkl or click\nspace: points\nI: pen  z: eraser", style="dim")
        else:  # what the pen does comes first: a short pane cuts the last lines
            text.append_text(self.pen_text(width))
            text.append("←↑↓→ hjkl: cursor\nspace: points", style="dim")
        return text

    def pen_text(self, width: int) -> Text:
        """What a click does with the pen on (the class it adds, in its colour), and the keys that change it."""
        names = self.world.class_names
        if self.pen.mode == ERASE:
            return Text.assemble(("click/.: erase\n", "bold"), ("z: the pen adds\n", "dim"))
        head, name = "click/.: add", names[self.pen.ink][: width - 2]
        text = Text(head + (" " if len(head) + 3 + len(name) <= width else "\n"), style="bold")
        text.append("█ ", style=class_colour(self.pen.ink, len(names)).rich_color.name)
        text.append(f"{name}\n", style="bold")
        return text.append("I: next  z: erase\n", style="dim")

    def set_pen(self, pen: Pen) -> str:
        """Change what a click does; returns a sentence saying so."""
        self.pen = pen
        if self._frame is not None:
            self.query_one("#plane-side", Static).update(self.side_text(self._frame))
        return pen.says(self.world.class_names)

    def stroke_at_cursor(self) -> bool:
        """The pen at the cursor (adding where it would only look); False when there is no cursor yet."""
        cursor = self.query_one(PlaneMap).cursor
        if cursor is None:
            return False
        self._stroke(cursor, self.pen.at_cursor)
        return True

    def _stroke(self, point: tuple[float, float], mode: str) -> None:
        # An erased point need only lie about a cell from the click: a cell spans one row, two columns.
        radius = self.query_one(PlaneMap).cell_height
        self.post_message(self.Stroke(point, mode == ERASE, self.world.class_names[self.pen.ink], radius))

    @on(PlaneMap.Clicked)
    def _clicked(self, message: PlaneMap.Clicked) -> None:
        message.stop()
        if self.pen.mode != LOOK:
            self._stroke(message.point, self.pen.mode)

    @staticmethod
    def colour_legend(names: tuple[str, ...]) -> str:
        """What the map's shade says."""
        if len(names) == 2:
            return f"dark {names[0][:6]}·light {names[1][:6]}\n"
        return "colour: class, bright: sure\n"

    @on(PlaneMap.Moved)
    def _moved(self, message: PlaneMap.Moved) -> None:
        message.stop()
        self.post_message(self.ProbeChanged(message.point))


def _coordinate(value: float) -> str:
    """A coordinate to two places, signed; one that rounds to zero is +0.00, never -0.00."""
    return f"{round(value, 2) + 0.0:+.2f}"
