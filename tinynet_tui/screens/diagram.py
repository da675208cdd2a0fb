"""The network diagram: every layer's nodes and every edge drawn by its weight; a layer wider than 12 is one box."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from ..frame import Frame, Matrix
from ..numbers import compact, precise
from ..view_scope import works_on
from ..widgets.status import StatusLine
from ..widgets.weight_heatmap import cursor_at
from ..widgets.weight_heatmap import parameter_label as heatmap_label
from ..widgets.weights import describe_parameter, parameter_label
from .live_view import LiveViewScreen

# Marks, not only colours, so the diagram reads without colour: the mark says the sign, its
# weight says the size (relative to the largest weight on screen).
POSITIVE_MARKS = ("·", "•", "●")
NEGATIVE_MARKS = ("˙", "×", "✖")
STRONG, MEDIUM = 0.6, 0.25  # share of the largest |weight|
MARKED_CHANGES = 3  # the edges that moved most in the last frame get ▲ or ▼
X_MARGIN = 0.45  # room left and right of the outer layers for their labels
SELECTED_MARK = "█"  # the edge under the cursor
LABEL_GAP = 1.5  # columns of space between a node's label and its edges


def legend() -> Text:
    """Every mark the drawing uses, said in words."""
    return Text.assemble(
        ("".join(POSITIVE_MARKS) + " ", "bold green"), "positive ", ("".join(NEGATIVE_MARKS) + " ", "bold red"),
        "negative weight (weak → strong) · ", ("▲▼ ", "bold yellow"), "moved most · ", (f"{SELECTED_MARK} ", "bold"), "selected",
    )


# Layers wider than this are drawn as one box ("64 inputs") rather than a node each.
MAX_NODES = 12
# Output names longer than this are written by their initials where those are distinct (H, V).
SHORT_NAME = 6


@dataclass(frozen=True)
class Node:
    """A node drawn: one unit (`unit` its index), or a whole wide layer summed up (`unit` None)."""

    layer: int
    unit: int | None
    count: int  # nodes drawn in its layer


def drawn_nodes(sizes: tuple[int, ...]) -> list[list[Node]]:
    """The nodes of each layer: one a unit up to MAX_NODES, else one box for the layer."""
    return [[Node(layer, i, size) for i in range(size)] if size <= MAX_NODES else [Node(layer, None, 1)] for layer, size in enumerate(sizes)]


def edge_rows(sizes: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """(layer, unit, inputs) for each row of edges the cursor can pick: every unit of a drawn layer fed by a drawn layer."""
    return [(layer, unit, sizes[layer - 1]) for layer in range(1, len(sizes)) if max(sizes[layer - 1], sizes[layer]) <= MAX_NODES for unit in range(sizes[layer])]


def edge_at(cursor: tuple[int, int], rows: list[tuple[int, int, int]]) -> tuple[str, tuple[int, int]] | None:
    """The weight an edge cursor is on (TinyNet's rows: h0..h2 from the pixels, then H, V from the hidden nodes)."""
    if not rows:
        return None
    layer, unit, _ = rows[cursor[0]]
    return f"layer{layer}.weight", (unit, cursor[1])


def move_edge(cursor: tuple[int, int], rows: int, cols: int, edge_list: list[tuple[int, int, int]]) -> tuple[int, int]:
    """The edge cursor moved, kept on the edges (rows: target node, columns: source node)."""
    if not edge_list:
        return cursor
    row = min(len(edge_list) - 1, max(0, cursor[0] + rows))
    return row, min(edge_list[row][2] - 1, max(0, cursor[1] + cols))


def node_y(count: int, i: int) -> float:
    """Nodes of a layer spread evenly from top to bottom (top = high y)."""
    return (count - 1) / 2 - i


def edge_mark(weight: float, largest: float) -> str:
    """The mark an edge is drawn with."""
    marks = POSITIVE_MARKS if weight >= 0 else NEGATIVE_MARKS
    share = abs(weight) / largest if largest else 0.0
    return marks[2] if share >= STRONG else marks[1] if share >= MEDIUM else marks[0]


def short_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Names as they fit beside a node: as they are, else without the words they share (class 0: 0), else their initials (horizontal, vertical: H, V)."""
    if all(len(n) <= SHORT_NAME for n in names):
        return names
    words = [n.split(" ") for n in names]
    shared = 0
    while len(names) > 1 and all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    rest = tuple(" ".join(w[shared:])[:SHORT_NAME] for w in words)
    if shared and len(set(rest)) == len(names):
        return rest
    initials = tuple(n[:1].upper() for n in names)
    return initials if len(set(initials)) == len(names) else tuple(n[:SHORT_NAME] for n in names)


def node_label(frame: Frame, node: Node, layers: int) -> str:
    """'TL 1.00', 'h0 0.447', 'H 0.68' (with the node's value where the frame has it), or '64 inputs'."""
    last = node.layer == layers - 1
    if node.unit is None:
        size = frame.world.sizes[node.layer]
        return f"{size} " + ("inputs" if node.layer == 0 else "outputs" if last else "hidden")
    if node.layer == 0:
        value = frame.grid_input[node.unit]
        return f"{frame.world.feature_names[node.unit][:SHORT_NAME]} {compact(value, 4 if value >= 0 else 5, signed=False)}"  # a minus takes a column
    if last:
        return f"{short_names(frame.world.answer_names)[node.unit]} {compact(frame.prediction[node.unit], 4, signed=False)}"
    if node.layer == 1:
        return f"h{node.unit} {compact(frame.hidden[node.unit], 5, signed=False)}"
    return f"h{node.layer}.{node.unit}"  # the frame carries the first hidden layer's values only


def edge_weight(weights: Matrix, source: Node, target: Node) -> float:
    """The weight of an edge; where a box stands for a layer, the mean weight it sums up."""
    rows = range(len(weights)) if target.unit is None else [target.unit]
    cols = range(len(weights[0])) if source.unit is None else [source.unit]
    chosen = [weights[r][c] for r in rows for c in cols]
    return sum(chosen) / len(chosen)


class NetworkDiagram(PlotextPlot):
    """Nodes with their live values; edges coloured by sign and marked by size."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frame: Frame | None = None
        self.cursor = (0, 0)  # the selected edge, see edge_at

    @property
    def edge_rows(self) -> list[tuple[int, int, int]]:
        """The rows of edges the cursor moves over."""
        return edge_rows(self.frame.world.sizes) if self.frame else []

    def show(self, frame: Frame) -> None:
        """Redraw for a new frame."""
        self.frame = frame
        self.redraw()

    def on_resize(self) -> None:
        """Redraw at the new size."""
        self.redraw()

    def redraw(self) -> None:
        """Edges first, then node labels on top."""
        frame = self.frame
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if frame is None:
            self.refresh()
            return
        sizes = frame.world.sizes
        layers = drawn_nodes(sizes)
        last = len(layers) - 1
        matrices = [frame.values[f"layer{i}.weight"] for i in range(1, len(layers))]
        weights = [v for m in matrices for row in m for v in row if math.isfinite(v)]
        largest = max((abs(v) for v in weights), default=0.0)
        edges = []
        for i, matrix in enumerate(matrices):
            for target in layers[i + 1]:
                for source in layers[i]:
                    index = (target.unit, source.unit) if target.unit is not None and source.unit is not None else None
                    edges.append((source, target, edge_weight(matrix, source, target), (f"layer{i + 1}.weight", index)))
        labels = [[node_label(frame, node, len(layers)) for node in nodes] for nodes in layers]
        # Edges stop short of the labels by LABEL_GAP columns, so that no mark runs into a label.
        column = (last + 2 * X_MARGIN) / max(1, self.size.width)
        gaps = [LABEL_GAP * column if layer in (0, last) else (max(map(len, labels[layer])) / 2 + LABEL_GAP) * column for layer in range(len(layers))]
        selected = edge_at(self.cursor, self.edge_rows)
        chosen = None
        for source, target, weight, (name, index) in edges:
            if not math.isfinite(weight):
                continue
            xs = [source.layer + gaps[source.layer], target.layer - gaps[target.layer]]
            ys = [node_y(source.count, source.unit or 0), node_y(target.count, target.unit or 0)]
            if index is not None and (name, index) == selected:
                chosen = (xs, ys)
                continue
            plt.plot(xs, ys, marker=edge_mark(weight, largest), color="green" if weight >= 0 else "red")
        if chosen:
            plt.plot(*chosen, marker=SELECTED_MARK, color="white")
        for source, target, change in self._most_changed(edges):
            x = (source.layer + target.layer) / 2
            y = (node_y(source.count, source.unit) + node_y(target.count, target.unit)) / 2
            plt.text("▲" if change > 0 else "▼", x, y, color="yellow", alignment="center")
        for layer, nodes in enumerate(layers):
            alignment = "right" if layer == 0 else "left" if layer == last else "center"
            for node, label in zip(nodes, labels[layer]):
                plt.text(label, layer, node_y(node.count, node.unit or 0), alignment=alignment)
        plt.xlim(-X_MARGIN, last + X_MARGIN)
        half = max(2.0, max(len(nodes) for nodes in layers) / 2)
        plt.ylim(-half, half)
        plt.xticks([])
        plt.yticks([])
        plt.frame(False)
        self.refresh()

    def _most_changed(self, edges):
        """The MARKED_CHANGES edges (between single nodes) that moved most in the last frame."""
        changes = self.frame.changes
        if not changes:
            return []
        moved = []
        for source, target, _, (name, index) in edges:
            if index is None:
                continue
            change = changes[name][index[0]][index[1]]
            if math.isfinite(change) and change != 0:
                moved.append((source, target, change))
        moved.sort(key=lambda e: abs(e[2]), reverse=True)
        return moved[:MARKED_CHANGES]

    def selected_text(self) -> Text:
        """The selected edge's weight, its change in the last frame, and what it is."""
        if self.frame is None:
            return Text("")
        selected = edge_at(self.cursor, self.edge_rows)
        if selected is None:
            return Text("A box sums up a layer too wide to draw; its edges show the mean weight. Pick single weights on the weights pane's heatmap.", style="italic")
        name, index = selected
        row, col = index
        value = self.frame.values[name][row][col]
        change = self.frame.changes[name][row][col] if self.frame.changes else None
        moved = "" if change is None else f", changed by {precise(change)} in the last frame"
        if self.frame.world.is_tinynet:
            label, meaning = parameter_label(name, index), f": {describe_parameter(name, index)}"
        else:
            label, meaning = heatmap_label(self.frame, cursor_at(name, index)), ""
        return Text.assemble((f"{SELECTED_MARK} {label} ", "bold"), f"= {precise(value)}{moved}{meaning}")


class DiagramScreen(LiveViewScreen):
    """The diagram, live: n, e and r still train, and the drawing follows; arrows pick an edge."""

    BINDINGS = [
        Binding("escape,d", "app.pop_screen", "Back"),
        Binding("up,k", "move(-1, 0)", "Up", show=False),
        Binding("down,j", "move(1, 0)", "Down", show=False),
        Binding("left,h", "move(0, -1)", "Left", show=False),
        Binding("right,l", "move(0, 1)", "Right", show=False),
        Binding("enter", "inspect", "Inspect edge"),
    ]
    heading = "Network diagram · arrows: pick an edge · enter: why it moved · esc: back"

    def body(self) -> NetworkDiagram:
        """The drawing."""
        return NetworkDiagram(id="view-body")

    def compose(self) -> ComposeResult:
        """Title, drawing, the legend and the selected edge, status, footer."""
        yield Static(self.heading, classes="view-title")
        yield self.body()
        yield Static(legend(), id="diagram-legend")
        yield Static("", id="diagram-selected")
        yield StatusLine(id="view-status")
        yield Footer(compact=True)

    def show(self, frame: Frame) -> None:
        """Repaint the drawing and the selected edge."""
        super().show(frame)
        for diagram in self.query(NetworkDiagram):
            self.query_one("#diagram-selected", Static).update(diagram.selected_text())

    def action_move(self, rows: int, cols: int) -> None:
        """Select another edge."""
        diagram = self.query_one(NetworkDiagram)
        diagram.cursor = move_edge(diagram.cursor, rows, cols, diagram.edge_rows)
        self.show(self.frame)

    def action_inspect(self) -> None:
        """Open the inspector on the selected edge's weight (the weights pane's cursor follows)."""
        diagram = self.query_one(NetworkDiagram)
        selected = edge_at(diagram.cursor, diagram.edge_rows)
        if selected is None or not works_on("inspect", (), self.frame.world):
            self.notify("The inspector does not open on this network from the diagram yet.", severity="warning")
            return
        self.app.weights.select(*selected)
        self.app.action_inspect()
