"""Any network's weights, a layer at a time, the bias last, with a cursor on one weight.

Up to NUMBERS_MAX parameters each weight is its number with TinyNet's change marks (▲▼ big,
△▽ small). Beyond that each layer is a heatmap, one to three characters a weight: the colour
gives the number's sign (red +, blue −) and size; ▲ and ▼ mark the weights that moved most in
the last frame, so change reads without colour. Rows or columns beyond the pane scroll with the
cursor, and a note says which are on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text

from ..frame import Frame, Matrix
from ..numbers import precise
from .change_marks import NUMBER_WIDTH, change_marker, change_style, fit_number

# The weights of a layer whose move in the frame is among its largest tenth get ▲ or ▼ (ties included).
MOVED_MOST = 0.1
NEUTRAL = (45, 45, 45)  # the colour of zero
POSITIVE = (215, 55, 55)
NEGATIVE = (55, 110, 230)
CURSOR_MARK = "◆"
BIAS_GAP = "│"
LABEL_WIDTH = 5  # "h15 " / "P(1)"
WIDEST_CELL = 3  # characters a weight takes where the pane has room (one where it has not)
KEYS_NOTE = "arrows: pick a weight · v: values/changes/gradients"
BIAS = -1  # the column a cursor on a bias has
NUMBERS_MAX = 40  # networks with at most this many parameters show their numbers, where they fit
NUMBER_CELL = NUMBER_WIDTH + 2  # the number, its change mark, a space


@dataclass(frozen=True)
class HeatCursor:
    """A weight in the network: layer (from 0), row (its unit), column (its input; BIAS for the bias)."""

    layer: int = 0
    row: int = 0
    col: int = 0


def layer_shapes(values: dict[str, Matrix]) -> list[tuple[int, int]]:
    """(units, inputs) of each layer, first to last."""
    shapes = []
    while f"layer{len(shapes) + 1}.weight" in values:
        weight = values[f"layer{len(shapes) + 1}.weight"]
        shapes.append((len(weight), len(weight[0]) if weight else 0))
    return shapes


def parameter_of(cursor: HeatCursor) -> tuple[str, tuple[int, ...]]:
    """The parameter the cursor is on: ('layer2.weight', (row, col)) or ('layer2.bias', (row,))."""
    layer = f"layer{cursor.layer + 1}"
    return (f"{layer}.bias", (cursor.row,)) if cursor.col == BIAS else (f"{layer}.weight", (cursor.row, cursor.col))


def cursor_at(name: str, index: tuple[int, ...]) -> HeatCursor:
    """The cursor on a parameter named as the frames name them."""
    layer = int(name.split(".")[0].removeprefix("layer")) - 1
    return HeatCursor(layer, index[0], BIAS if name.endswith(".bias") else index[1])


def move(cursor: HeatCursor, rows: int, cols: int, shapes: list[tuple[int, int]]) -> HeatCursor:
    """The cursor moved by rows and columns: down from a layer's last unit into the next layer; right of the last input onto the bias."""
    layer, row = cursor.layer, cursor.row + rows
    while row >= shapes[layer][0] and layer < len(shapes) - 1:
        row -= shapes[layer][0]
        layer += 1
    while row < 0 and layer > 0:
        layer -= 1
        row += shapes[layer][0]
    units, inputs = shapes[layer]
    row = min(units - 1, max(0, row))
    col = inputs if cursor.col == BIAS else cursor.col  # columns 0..inputs, the bias last
    col = min(inputs, max(0, col + cols))
    return HeatCursor(layer, row, BIAS if col == inputs else col)


def unit_name(layer: int, row: int, layers: int, answer_names: tuple[str, ...]) -> str:
    """'h3' for a hidden unit (h2.3 in a second hidden layer), the answer's name for an output."""
    if layer == layers - 1:
        return answer_names[row] if row < len(answer_names) else f"out{row}"
    return f"h{row}" if layer == 0 else f"h{layer + 1}.{row}"


def input_name(layer: int, col: int, layers: int, feature_names: tuple[str, ...]) -> str:
    """What feeds column `col` of a layer: a feature of the world, or a unit of the layer below."""
    if layer == 0:
        return feature_names[col] if col < len(feature_names) else f"x{col}"
    return unit_name(layer - 1, col, layers, ())


def parameter_label(frame: Frame, cursor: HeatCursor) -> str:
    """'layer1.weight[h3 ← px_2_5]', 'layer2.bias[7]'."""
    layers = len(layer_shapes(frame.values))
    name, _ = parameter_of(cursor)
    unit = unit_name(cursor.layer, cursor.row, layers, frame.world.answer_names)
    if cursor.col == BIAS:
        return f"{name}[{unit}]"
    return f"{name}[{unit} ← {input_name(cursor.layer, cursor.col, layers, frame.world.feature_names)}]"


def entry(matrices: dict[str, Matrix] | None, cursor: HeatCursor) -> float | None:
    """The cursor's number in a set of parameters (values, changes, grads), or None without them."""
    if not matrices:
        return None
    name, index = parameter_of(cursor)
    found = matrices[name]
    for i in index:
        found = found[i]
    return found


def colour(value: float, largest: float) -> str:
    """A background from blue (negative) through grey (zero) to red (positive), by share of the largest."""
    if not math.isfinite(value):
        return "on magenta"
    share = min(1.0, abs(value) / largest) if largest else 0.0
    end = POSITIVE if value > 0 else NEGATIVE
    r, g, b = (round(n + (e - n) * share) for n, e in zip(NEUTRAL, end))
    return f"on rgb({r},{g},{b})"


def _rows(matrix: Matrix, bias: list[float]) -> list[list[float]]:
    """A layer's weights with its bias as the last column."""
    return [list(row) + [b] for row, b in zip(matrix, bias)]


def _largest(rows: list[list[float]]) -> float:
    return max((abs(v) for row in rows for v in row if math.isfinite(v)), default=0.0)


def _mark_threshold(rows: list[list[float]]) -> float:
    """The smallest move that still counts among the layer's largest (infinity when nothing moved)."""
    moves = sorted((abs(v) for row in rows for v in row if math.isfinite(v) and v != 0), reverse=True)
    return moves[max(1, round(MOVED_MOST * len(moves))) - 1] if moves else math.inf


def _window(count: int, room: int, at: int) -> int:
    """The first of `room` consecutive items out of `count` that keeps item `at` near the middle."""
    if count <= room:
        return 0
    return min(count - room, max(0, at - room // 2))


def shows_numbers(shapes: list[tuple[int, int]], width: int) -> bool:
    """Whether a network this shape is written as numbers in a pane this wide (else drawn as heatmaps)."""
    count = sum(units * (inputs + 1) for units, inputs in shapes)
    return count <= NUMBERS_MAX and all(LABEL_WIDTH + 1 + (inputs + 1) * NUMBER_CELL <= width for _, inputs in shapes)


def layer_columns(inputs: int, width: int, numbers: bool = False) -> tuple[int, int]:
    """(characters a weight takes, inputs that fit beside the gap and the bias) for a layer in a pane this wide."""
    if numbers:
        return NUMBER_CELL, inputs
    wide = max(1, min(WIDEST_CELL, (width - LABEL_WIDTH - 1) // (inputs + 1)))
    return wide, max(1, (width - LABEL_WIDTH - 1) // wide - 1)


def heatmap(frame: Frame, view: str, cursor: HeatCursor, width: int, height: int, focused: bool) -> tuple[Text, dict[int, tuple[int, int, int]]]:
    """The layers within width × height, and for each line drawn with weights: (layer, row, first column shown).

    Only the lines on screen are built: this repaints with every frame while training runs.
    """
    shapes = layer_shapes(frame.values)
    as_numbers = shows_numbers(shapes, width)
    footer = [*_cursor_lines(frame, cursor, width), _legend(frame, view, as_numbers)]
    room_lines = max(1, height - len(footer))
    total = sum(1 + units for units, _ in shapes)  # a heading, then a line a unit
    cursor_line = sum(1 + units for units, _ in shapes[: cursor.layer]) + 1 + cursor.row
    top = _window(total, room_lines, cursor_line)
    if total > room_lines:
        footer[-1] = Text(f"lines {top + 1}-{top + room_lines}/{total} ↑↓ · ", style="italic") + footer[-1]
    text = Text()
    clicks: dict[int, tuple[int, int, int]] = {}
    line_index = 0
    for layer, (units, inputs) in enumerate(shapes):
        if top <= line_index + units and line_index < top + room_lines:  # some of this layer is on screen
            drawn = _Layer(frame, view, layer, as_numbers, width, cursor, focused)
            for row in range(-1, units):  # -1: the heading
                if top <= line_index + row + 1 < top + room_lines:
                    if row >= 0:
                        clicks[line_index + row + 1 - top] = (layer, row, drawn.first)
                    text.append_text(drawn.heading() if row < 0 else drawn.row(row))
                    text.append("\n")
        line_index += 1 + units
    for line in footer:
        line.truncate(width, overflow="ellipsis")
        text.append_text(line)
        text.append("\n")
    text.rstrip()
    return text, clicks


class _Layer:
    """One layer's numbers, scales and columns on screen, drawn line by line."""

    def __init__(self, frame: Frame, view: str, layer: int, as_numbers: bool, width: int, cursor: HeatCursor, focused: bool) -> None:
        shapes = layer_shapes(frame.values)
        self.frame, self.layer, self.as_numbers, self.cursor, self.focused = frame, layer, as_numbers, cursor, focused
        self.layers = len(shapes)
        self.units, self.inputs = shapes[layer]
        name = self.name = f"layer{layer + 1}"
        shown = {"values": frame.values, "changes": frame.changes, "gradients": frame.grads}[view]
        # As in TinyNet's table, a number's mark describes the number shown: a value's change, a change, or a gradient.
        marked = frame.grads if view == "gradients" else frame.changes
        self.numbers = _rows(shown[f"{name}.weight"], shown[f"{name}.bias"]) if shown else None
        self.moved = _rows(frame.changes[f"{name}.weight"], frame.changes[f"{name}.bias"]) if frame.changes else None
        self.marks = _rows(marked[f"{name}.weight"], marked[f"{name}.bias"]) if marked else None
        self.largest = _largest(self.numbers or [])
        self.move_mark = _mark_threshold(self.moved or [])
        self.largest_marked = max((abs(v) for m in (marked or {}).values() for row in _rows_of(m) for v in row if math.isfinite(v)), default=0.0)
        self.cursor_col = (self.inputs if cursor.col == BIAS else cursor.col) if cursor.layer == layer else -1
        self.wide, room = layer_columns(self.inputs, width, as_numbers)
        self.first = _window(self.inputs, room, max(0, self.cursor_col))
        self.columns = range(self.first, min(self.inputs, self.first + room))

    def heading(self) -> Text:
        """'layer1 64 → 16 · inputs 0-40 of 64 (←→ scroll)'."""
        heading = Text.assemble((f"{self.name} ", "bold"), (f"{self.inputs} → {self.units}", "dim"))
        if len(self.columns) < self.inputs:
            heading.append(f" · inputs {self.columns.start}-{self.columns.stop - 1} of {self.inputs} (←→ scroll)", style="italic")
        return heading

    def row(self, row: int) -> Text:
        """A unit's label, its weights on screen, the gap, its bias."""
        label = unit_name(self.layer, row, self.layers, self.frame.world.answer_names)
        line = Text(f"{label[: LABEL_WIDTH - 1]:<{LABEL_WIDTH}}", style="bold")
        for col in (*self.columns, self.inputs):
            if col == self.inputs:
                line.append(BIAS_GAP, style="dim")
            is_cursor = self.cursor.layer == self.layer and (row, col) == (self.cursor.row, self.cursor_col)
            number = self.numbers[row][col] if self.numbers else None
            if self.as_numbers:
                line.append_text(_number_cell(number, self.marks[row][col] if self.marks else 0.0, self.largest_marked, is_cursor, self.focused))
            else:
                change = self.moved[row][col] if self.moved else 0.0
                line.append_text(_cell(number or 0.0, self.largest, change, self.move_mark, is_cursor, self.focused, self.wide))
        return line


def _rows_of(matrix: Matrix) -> list[list[float]]:
    """A weight matrix's rows, or a bias as one row."""
    return matrix if matrix and isinstance(matrix[0], list) else [list(matrix)]


def _number_cell(number: float | None, mark: float, largest: float, is_cursor: bool, focused: bool) -> Text:
    """One weight as TinyNet's table writes it: its number, its change mark, a background by the change."""
    cell = Text(("-".rjust(NUMBER_WIDTH) if number is None else fit_number(number)) + change_marker(mark, largest), style=change_style(mark, largest))
    if is_cursor:
        cell.stylize("reverse underline" if focused else "underline")  # visible without colour too
    return cell + " "


def _cell(value: float, largest: float, change: float, move_mark: float, is_cursor: bool, focused: bool, wide: int) -> Text:
    """One weight: coloured by its number, ▲/▼ if it moved most, ◆ under the cursor."""
    if is_cursor:
        return Text(CURSOR_MARK.center(wide), style="bold black on white" if focused else f"bold white underline {colour(value, largest)}")
    mark = " "
    if not math.isfinite(change):
        mark = "!"
    elif change != 0 and abs(change) >= move_mark:
        mark = "▲" if change > 0 else "▼"
    return Text(mark.center(wide), style=f"bold white {colour(value, largest)}")


def _cursor_lines(frame: Frame, cursor: HeatCursor, width: int) -> list[Text]:
    """The weight under the cursor written out: its value, its change in the last frame, its gradient (two lines if one is too narrow)."""
    named = Text(f"{CURSOR_MARK} {parameter_label(frame, cursor)} ", style="bold")
    named.append(f"= {precise(entry(frame.values, cursor))}")
    change, grad = entry(frame.changes, cursor), entry(frame.grads, cursor)
    moved = Text.assemble(
        ("  Δ " + (precise(change) if change is not None else "-"), "yellow"),
        ("  grad " + (precise(grad) if grad is not None else "-"), "cyan"),
    )
    if named.cell_len + moved.cell_len <= width:
        return [named + moved]
    return [named, moved]


def _legend(frame: Frame, view: str, as_numbers: bool) -> Text:
    """What the colours and marks mean, and the keys."""
    if as_numbers:
        text = Text.assemble((view, "bold"), ": ", ("▲▼", "bold"), " big ", ("△▽", "bold"), " small " + ("gradient" if view == "gradients" else "change"))
        text.append(f" · {KEYS_NOTE}", style="dim")
        return text
    text = Text.assemble((view, "bold"), ": ", ("red+", "red"), " ", ("blue−", "blue"), " ", ("▲▼", "bold"), " moved most")
    if frame.changes is None:
        text.append(" (after a nudge)", style="dim")
    text.append(f" · {KEYS_NOTE}", style="dim")
    return text
