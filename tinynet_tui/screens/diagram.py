"""The network diagram: 4 pixels -> hidden nodes -> 2 outputs, every edge drawn by its weight."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from ..frame import Frame
from ..numbers import compact, precise
from ..widgets.status import StatusLine
from ..widgets.weights import OUTPUTS, PIXELS, describe_parameter, parameter_label
from .live_view import LiveViewScreen

# Marks, not only colours, so the diagram reads without colour: the mark says the sign, its
# weight says the size (relative to the largest weight on screen).
POSITIVE_MARKS = ("·", "•", "●")
NEGATIVE_MARKS = ("˙", "×", "✖")
STRONG, MEDIUM = 0.6, 0.25  # share of the largest |weight|
MARKED_CHANGES = 3  # the edges that moved most in the last frame get ▲ or ▼
LAYER_X = (0.0, 1.0, 2.0)
X_LIMITS = (-0.45, 2.45)
SELECTED_MARK = "█"  # the edge under the cursor
LABEL_GAP = 1.5  # columns of space between a node's label and its edges


def legend() -> Text:
    """Every mark the drawing uses, said in words."""
    return Text.assemble(
        ("".join(POSITIVE_MARKS) + " ", "bold green"), "positive ", ("".join(NEGATIVE_MARKS) + " ", "bold red"),
        "negative weight (weak → strong) · ", ("▲▼ ", "bold yellow"), "moved most · ", (f"{SELECTED_MARK} ", "bold"), "selected",
    )


def edge_at(cursor: tuple[int, int], hidden: int) -> tuple[str, tuple[int, int]]:
    """The weight an edge cursor is on: rows h0..h{hidden-1} (from the pixels), then H, V (from the hidden nodes)."""
    row, col = cursor
    return ("layer1.weight", (row, col)) if row < hidden else ("layer2.weight", (row - hidden, col))


def move_edge(cursor: tuple[int, int], rows: int, cols: int, hidden: int) -> tuple[int, int]:
    """The edge cursor moved, kept on the edges (rows: target node, columns: source node)."""
    row = min(hidden + 1, max(0, cursor[0] + rows))
    width = len(PIXELS) if row < hidden else hidden
    return row, min(width - 1, max(0, cursor[1] + cols))


def node_y(count: int, i: int) -> float:
    """Nodes of a layer spread evenly from top to bottom (top = high y)."""
    return (count - 1) / 2 - i


def edge_mark(weight: float, largest: float) -> str:
    """The mark an edge is drawn with."""
    marks = POSITIVE_MARKS if weight >= 0 else NEGATIVE_MARKS
    share = abs(weight) / largest if largest else 0.0
    return marks[2] if share >= STRONG else marks[1] if share >= MEDIUM else marks[0]


class NetworkDiagram(PlotextPlot):
    """Nodes with their live values; edges coloured by sign and marked by size."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frame: Frame | None = None
        self.cursor = (0, 0)  # the selected edge, see edge_at

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
        hidden = len(frame.hidden)
        w1, w2 = frame.values["layer1.weight"], frame.values["layer2.weight"]
        weights = [v for row in w1 + w2 for v in row if math.isfinite(v)]
        largest = max((abs(v) for v in weights), default=0.0)
        edges = [((0, i, 4), (1, j, hidden), w1[j][i], ("layer1.weight", j, i)) for j in range(hidden) for i in range(4)]
        edges += [((1, j, hidden), (2, k, 2), w2[k][j], ("layer2.weight", k, j)) for k in range(2) for j in range(hidden)]
        input_labels = [f"{name} {compact(frame.grid_input[i], 4, signed=False)}" for i, name in enumerate(PIXELS)]
        hidden_labels = [f"h{j} {compact(value, 5, signed=False)}" for j, value in enumerate(frame.hidden)]
        output_labels = [f"{OUTPUTS[k]} {compact(value, 4, signed=False)}" for k, value in enumerate(frame.prediction)]
        # Edges stop short of the labels by LABEL_GAP columns, so that no mark runs into a label.
        column = (X_LIMITS[1] - X_LIMITS[0]) / max(1, self.size.width)
        hidden_gap = (max(map(len, hidden_labels)) / 2 + LABEL_GAP) * column
        starts = (LABEL_GAP * column, hidden_gap)
        ends = (hidden_gap, LABEL_GAP * column)
        selected = edge_at(self.cursor, hidden)
        chosen = None
        for (l0, i0, n0), (l1, i1, n1), weight, (name, row, col) in edges:
            if not math.isfinite(weight):
                continue
            xs = [LAYER_X[l0] + starts[l0], LAYER_X[l1] - ends[l0]]
            ys = [node_y(n0, i0), node_y(n1, i1)]
            if (name, (row, col)) == selected:
                chosen = (xs, ys)
                continue
            plt.plot(xs, ys, marker=edge_mark(weight, largest), color="green" if weight >= 0 else "red")
        if chosen:
            plt.plot(*chosen, marker=SELECTED_MARK, color="white")
        for (l0, i0, n0), (l1, i1, n1), change, _ in self._most_changed(edges):
            x = (LAYER_X[l0] + LAYER_X[l1]) / 2
            y = (node_y(n0, i0) + node_y(n1, i1)) / 2
            plt.text("▲" if change > 0 else "▼", x, y, color="yellow", alignment="center")
        for i, label in enumerate(input_labels):
            plt.text(label, LAYER_X[0], node_y(4, i), alignment="right")
        for j, label in enumerate(hidden_labels):
            plt.text(label, LAYER_X[1], node_y(hidden, j), alignment="center")
        for k, label in enumerate(output_labels):
            plt.text(label, LAYER_X[2], node_y(2, k), alignment="left")
        plt.xlim(*X_LIMITS)
        plt.ylim(-2.0, 2.0)
        plt.xticks([])
        plt.yticks([])
        plt.frame(False)
        self.refresh()

    def _most_changed(self, edges):
        changes = self.frame.changes
        if not changes:
            return []
        moved = []
        for start, end, _, (name, row, col) in edges:
            change = changes[name][row][col]
            if math.isfinite(change) and change != 0:
                moved.append((start, end, change, abs(change)))
        moved.sort(key=lambda e: e[3], reverse=True)
        return [(s, e, c, None) for s, e, c, _ in moved[:MARKED_CHANGES]]


    def selected_text(self) -> Text:
        """The selected edge's weight, its change in the last frame, and what it is."""
        if self.frame is None:
            return Text("")
        name, index = edge_at(self.cursor, len(self.frame.hidden))
        row, col = index
        value = self.frame.values[name][row][col]
        change = self.frame.changes[name][row][col] if self.frame.changes else None
        moved = "" if change is None else f", changed by {precise(change)} in the last frame"
        return Text.assemble(
            (f"{SELECTED_MARK} {parameter_label(name, index)} ", "bold"), f"= {precise(value)}{moved}: {describe_parameter(name, index)}",
        )


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
        diagram.cursor = move_edge(diagram.cursor, rows, cols, len(self.frame.hidden))
        self.show(self.frame)

    def action_inspect(self) -> None:
        """Open the inspector on the selected edge's weight (the weights pane's cursor follows)."""
        row, col = self.query_one(NetworkDiagram).cursor
        self.app.weights.cursor = (row, col)
        self.app.action_inspect()
