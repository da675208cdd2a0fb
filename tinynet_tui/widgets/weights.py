"""Every weight and bias, labelled by meaning, highlighted by how it changed in the last frame."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..frame import Frame
from ..numbers import compact
from . import weight_heatmap
from .change_marks import NUMBER_WIDTH, change_marker, change_style, fit_number
from .weight_heatmap import HeatCursor

VIEWS = ("values", "changes", "gradients")
PIXELS = ("TL", "TR", "BL", "BR")
OUTPUTS = ("H", "V")
# With this many rows to spare, each weight also shows its change on a second line.
DETAIL_MIN_HEIGHT = 16
# Below this many rows, each layer's heading shares its line with the column names, so that a
# short terminal has rows left for the loss chart.
FULL_HEADINGS_MIN_HEIGHT = 11
LABEL_WIDTH = 9  # "node out" / "h0 0.45" column


CELL_WIDTH = NUMBER_WIDTH + 2  # number, marker, space
BLOCK_WIDTH = LABEL_WIDTH + 5 * CELL_WIDTH  # one view's table: labels and 5 columns
BLOCK_GAP = 3  # columns between the tables of a side-by-side layout


def parameter_at(row: int, col: int, hidden: int) -> tuple[str, tuple[int, ...]]:
    """The parameter under the cursor: rows h0..h{hidden-1} then H, V; the last column is the bias."""
    if row < hidden:
        return ("layer1.bias", (row,)) if col == len(PIXELS) else ("layer1.weight", (row, col))
    k = row - hidden
    return ("layer2.bias", (k,)) if col == hidden else ("layer2.weight", (k, col))


def row_length(row: int, hidden: int) -> int:
    """Cells in a row: 4 weights + bias for hidden nodes, `hidden` weights + bias for outputs."""
    return len(PIXELS) + 1 if row < hidden else hidden + 1


def move_cursor(cursor: tuple[int, int], rows: int, cols: int, hidden: int) -> tuple[int, int]:
    """The cursor moved by (rows, cols), kept on the grid of weights and biases."""
    row = min(hidden + 1, max(0, cursor[0] + rows))
    col = min(row_length(row, hidden) - 1, max(0, cursor[1] + cols))
    return row, col


def describe_parameter(name: str, index: tuple[int, ...]) -> str:
    """What a parameter is, in words: 'the weight from pixel TR into hidden node h1'."""
    if name == "layer1.weight":
        return f"the weight from pixel {PIXELS[index[1]]} into hidden node h{index[0]}"
    if name == "layer1.bias":
        return f"hidden node h{index[0]}'s bias"
    if name == "layer2.weight":
        return f"the weight from hidden node h{index[1]} into output {OUTPUTS[index[0]]}"
    return f"output {OUTPUTS[index[0]]}'s bias"


def parameter_label(name: str, index: tuple[int, ...]) -> str:
    """'layer1.weight[h1, TR]', 'layer2.bias[V]'."""
    if name == "layer1.weight":
        return f"{name}[h{index[0]}, {PIXELS[index[1]]}]"
    if name == "layer1.bias":
        return f"{name}[h{index[0]}]"
    if name == "layer2.weight":
        return f"{name}[{OUTPUTS[index[0]]}, h{index[1]}]"
    return f"{name}[{OUTPUTS[index[0]]}]"


def _flatten(matrix) -> list[float]:
    if matrix and isinstance(matrix[0], list):
        return [v for row in matrix for v in row]
    return list(matrix)


class WeightsPane(Widget):
    """layer1.weight (3x4) + bias and layer2.weight (2x3) + bias as two labelled grids.

    Any other network is drawn by weight_heatmap (numbers up to 40 parameters, heatmaps beyond),
    with a cursor of its own: `selected` is the parameter under whichever cursor is in use.

    Laid out as fixed-width text rather than a Rich Table: it repaints up to 20 times a second
    while training runs, and table layout would cost ten times as much.
    """

    can_focus = True
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, tooltip="move the weights cursor"),
        Binding("down,j", "move(1, 0)", "Down", show=False),
        Binding("left,h", "move(0, -1)", "Left", show=False),
        Binding("right,l", "move(0, 1)", "Right", show=False),
        Binding("enter", "inspect", "Inspect", show=False, tooltip="inspect the weight under the cursor (or click it)"),
    ]

    view: reactive[str] = reactive("values")
    frame: reactive[Frame | None] = reactive(None, always_update=True)
    cursor: reactive[tuple[int, int]] = reactive((0, 0))  # (row, column) in TinyNet's grid of cells
    heat_cursor: reactive[HeatCursor] = reactive(HeatCursor())  # the weight picked on the heatmaps

    @dataclass
    class Inspect(Message):
        """The user asked to see why one parameter moved."""

        name: str
        index: tuple[int, ...]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._row_at_line: dict[int, int] = {}  # rendered line -> cursor row, for clicks
        self._heat_at_line: dict[int, tuple[int, int, int]] = {}  # heatmap line -> (layer, row, first column)
        self._full_headings = True

    @property
    def hidden(self) -> int:
        """Hidden nodes in the network shown."""
        return len(self.frame.hidden) if self.frame else 3

    @property
    def as_heatmap(self) -> bool:
        """Whether the network shown is drawn as heatmaps (every network but TinyNet)."""
        return self.frame is not None and self.frame.world is not None and not self.frame.world.is_tinynet

    @property
    def selected(self) -> tuple[str, tuple[int, ...]]:
        """The parameter under the cursor: ('layer1.weight', (row, col)) or ('layer1.bias', (row,))."""
        if self.as_heatmap:
            return weight_heatmap.parameter_of(self.heat_cursor)
        return parameter_at(*self.cursor, self.hidden)

    def select(self, name: str, index: tuple[int, ...]) -> None:
        """Put the cursor on a parameter (as `selected` names it)."""
        if self.as_heatmap:
            self.heat_cursor = weight_heatmap.cursor_at(name, index)
            return
        layer, row = name.split(".")[0], index[0]
        first_row = 0 if layer == "layer1" else self.hidden
        bias_col = len(PIXELS) if layer == "layer1" else self.hidden
        self.cursor = (first_row + row, bias_col if name.endswith(".bias") else index[1])

    def action_move(self, rows: int, cols: int) -> None:
        """Move the cursor, staying on the grid."""
        if self.as_heatmap:
            self.heat_cursor = weight_heatmap.move(self.heat_cursor, rows, cols, weight_heatmap.layer_shapes(self.frame.values))
            return
        self.cursor = move_cursor(self.cursor, rows, cols, self.hidden)

    def action_inspect(self) -> None:
        """Open the inspector on the parameter under the cursor."""
        self.post_message(self.Inspect(*self.selected))

    def on_click(self, event: Click) -> None:
        """A click on a number selects it and opens the inspector."""
        offset = event.get_content_offset(self)
        if self.as_heatmap:
            self._click_heatmap(offset)
            return
        if offset is None or offset.y not in self._row_at_line or offset.x < LABEL_WIDTH:
            return
        row = self._row_at_line[offset.y]
        col = (offset.x - LABEL_WIDTH) // CELL_WIDTH
        if col < row_length(row, self.hidden):
            self.cursor = (row, col)
            self.action_inspect()

    def _click_heatmap(self, offset) -> None:
        """A click on a heatmap's cell picks that weight; a second click on it opens the inspector."""
        if offset is None or offset.y not in self._heat_at_line or offset.x < weight_heatmap.LABEL_WIDTH:
            return
        layer, row, first = self._heat_at_line[offset.y]
        shapes = weight_heatmap.layer_shapes(self.frame.values)
        inputs = shapes[layer][1]
        wide, room = weight_heatmap.layer_columns(inputs, self.size.width, weight_heatmap.shows_numbers(shapes, self.size.width))
        shown = min(inputs - first, room) * wide  # columns of weights; then a gap of one, then the bias
        x = offset.x - weight_heatmap.LABEL_WIDTH
        col = first + x // wide if x < shown else weight_heatmap.BIAS if shown < x <= shown + wide else None
        if col is None:
            return
        picked = HeatCursor(layer, row, col)
        if picked == self.heat_cursor:
            self.action_inspect()
        self.heat_cursor = picked

    def watch_heat_cursor(self) -> None:
        """Repaint with the cursor in its new place."""
        self.refresh()

    def watch_cursor(self) -> None:
        """Repaint with the cursor in its new place."""
        self.refresh()

    def on_focus(self) -> None:
        """Show the cursor as focused."""
        self.refresh()

    def on_blur(self) -> None:
        """Show the cursor as unfocused."""
        self.refresh()

    def cycle_view(self) -> str:
        """values -> changes -> gradients -> values; returns the new view."""
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        return self.view

    def render(self) -> Text:
        """Both layers, the view in use and the legend."""
        frame = self.frame
        if frame is None:
            return Text("Starting the engine…", style="italic")
        if self.as_heatmap:
            text, self._heat_at_line = weight_heatmap.heatmap(frame, self.view, self.heat_cursor, self.size.width, self.size.height, self.has_focus)
            return text
        detail = self.size.height >= DETAIL_MIN_HEIGHT
        self._full_headings = self.size.height >= FULL_HEADINGS_MIN_HEIGHT
        self._row_at_line = {}
        # On a wide terminal the other two views stand beside the chosen one (which keeps the
        # cursor and the clicks): values, changes and gradients read across at a glance.
        side_by_side = self.size.width >= len(VIEWS) * (BLOCK_WIDTH + BLOCK_GAP)
        if not side_by_side:
            return self._table(frame, self.view, detail, primary=True)
        views = (self.view, *(v for v in VIEWS if v != self.view))
        blocks = [self._table(frame, view, detail=False, primary=i == 0) for i, view in enumerate(views)]
        return _side_by_side(blocks, BLOCK_WIDTH + BLOCK_GAP)

    def _table(self, frame: Frame, view: str, detail: bool, primary: bool) -> Text:
        """Both layers in one view, with its legend; only the primary table has the cursor."""
        changes = frame.changes or {name: _zeros_like(m) for name, m in frame.values.items()}
        # The marks describe the number shown: a value's change, a change, or a gradient.
        marked = (frame.grads or {name: _zeros_like(m) for name, m in frame.values.items()}) if view == "gradients" else changes
        largest = _largest(marked)
        hidden_labels = [f"h{i} {compact(a, LABEL_WIDTH - 4, signed=False)}" for i, a in enumerate(frame.hidden)]
        output_labels = [f"{o} {compact(p, 4, signed=False)}" for o, p in zip(OUTPUTS, frame.prediction)]
        hidden_names = [f"h{i}" for i in range(len(frame.hidden))]
        text = Text()
        layers = (
            ("layer1", "pixels → hidden", PIXELS, hidden_labels, 0),
            ("layer2", "hidden → outputs", hidden_names, output_labels, len(frame.hidden)),
        )
        for layer, meaning, columns, row_labels, first_row in layers:
            self._layer(text, frame, view, layer, meaning, columns, row_labels, changes, marked, largest, detail, first_row, primary)
        text.append_text(self._legend(frame, view, primary))
        return text

    def _layer(self, text: Text, frame: Frame, view: str, layer: str, meaning: str, columns, row_labels, changes, marked, largest, detail, first_row, primary) -> None:
        if self._full_headings:
            text.append(f"{layer} ", style="bold")
            text.append(f"{meaning}\n", style="dim")
            text.append(f"{'node out':<{LABEL_WIDTH}}", style="dim")
        else:
            text.append(f"{layer:<{LABEL_WIDTH}}", style="bold")
        for name in (*columns, "bias"):
            text.append(f"{name:>{NUMBER_WIDTH}}  ", style="bold")
        text.append("\n")
        weights, biases = frame.values[f"{layer}.weight"], frame.values[f"{layer}.bias"]
        grads = frame.grads or {}
        for row, label in enumerate(row_labels):
            if primary:
                self._row_at_line[text.plain.count("\n")] = first_row + row
            text.append(f"{label:<{LABEL_WIDTH}}", style="bold")
            row_changes = []
            for col in range(len(columns) + 1):
                is_bias = col == len(columns)
                value = biases[row] if is_bias else weights[row][col]
                change = _at(changes, layer, row, col, is_bias)
                mark = _at(marked, layer, row, col, is_bias)
                cell = self._cell(view, value, change, _grad_at(grads, layer, row, col, is_bias), mark, largest)
                if primary and (first_row + row, col) == self.cursor:
                    # Underlined always, reversed while focused: visible without colour too.
                    cell.stylize("reverse underline" if self.has_focus else "underline")
                text.append_text(cell)
                text.append(" ")
                row_changes.append(change)
            text.append("\n")
            if detail:
                text.append(" " * LABEL_WIDTH)
                text.append(" ".join(f"Δ{fit_number(c)}" for c in row_changes) + "\n", style="dim")

    def _cell(self, view: str, value: float, change: float, grad: float | None, mark: float, largest: float) -> Text:
        shown = {"values": value, "changes": change, "gradients": grad}[view]
        number = "-".rjust(NUMBER_WIDTH) if shown is None else fit_number(shown)
        return Text(number + change_marker(mark, largest), style=change_style(mark, largest))

    def _legend(self, frame: Frame, view: str, primary: bool = True) -> Text:
        nudges = frame.nudges_in_frame
        since = "the last nudge" if nudges <= 1 else f"the last {nudges} nudges"
        keys = " (v: next view · i: why it moved)" if primary else ""
        heading = Text.assemble((view, "bold"), (keys + "\n", "dim"))
        if view == "gradients":
            if frame.grads is None:
                return heading + Text.assemble(("▲▼△▽", "bold"), (" will mark each gradient: press n to nudge", "dim"))
            return heading + Text.assemble(("▲▼", "bold"), (" big ", "dim"), ("△▽", "bold"), (" small gradient of the last nudge", "dim"))
        if frame.changes is None:
            return heading + Text.assemble(("▲▼△▽", "bold"), (" will mark each change: press n to nudge", "dim"))
        return heading + Text.assemble(("▲▼", "bold"), (" big ", "dim"), ("△▽", "bold"), (f" small change since {since}", "dim"))


def _side_by_side(blocks: list[Text], width: int) -> Text:
    """Texts laid out as columns `width` wide, line by line."""
    columns = [block.split("\n", allow_blank=True) for block in blocks]
    text = Text()
    for row in range(max(len(c) for c in columns)):
        for column in columns:
            line = column[row].copy() if row < len(column) else Text()
            line.truncate(width, pad=True)
            text.append_text(line)
        text.append("\n")
    return text


def _zeros_like(matrix):
    if matrix and isinstance(matrix[0], list):
        return [[0.0] * len(row) for row in matrix]
    return [0.0] * len(matrix)


def _largest(matrices: dict) -> float:
    """The largest finite |entry| of all parameters (0 when there is none)."""
    return max((abs(v) for m in matrices.values() for v in _flatten(m) if math.isfinite(v)), default=0.0)


def _at(matrices: dict, layer: str, row: int, col: int, is_bias: bool) -> float:
    """One entry of a layer's weight matrix, or of its bias."""
    return matrices[f"{layer}.bias"][row] if is_bias else matrices[f"{layer}.weight"][row][col]


def _grad_at(grads: dict, layer: str, row: int, col: int, is_bias: bool) -> float | None:
    return _at(grads, layer, row, col, is_bias) if grads else None
