"""The network diagram: 4 pixels -> hidden nodes -> 2 outputs, every edge drawn by its weight."""

from __future__ import annotations

import math

from textual.binding import Binding
from textual_plotext import PlotextPlot

from ..frame import Frame
from ..widgets.weights import OUTPUTS, PIXELS
from .live_view import LiveViewScreen

# Marks, not only colours, so the diagram reads without colour: the mark says the sign, its
# weight says the size (relative to the largest weight on screen).
POSITIVE_MARKS = ("·", "•", "●")
NEGATIVE_MARKS = ("˙", "×", "✖")
STRONG, MEDIUM = 0.6, 0.25  # share of the largest |weight|
MARKED_CHANGES = 3  # the edges that moved most in the last frame get ▲ or ▼
LAYER_X = (0.0, 1.0, 2.0)


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
        for (l0, i0, n0), (l1, i1, n1), weight, _ in edges:
            if not math.isfinite(weight):
                continue
            xs = [LAYER_X[l0] + 0.12, LAYER_X[l1] - 0.12]
            ys = [node_y(n0, i0), node_y(n1, i1)]
            plt.plot(xs, ys, marker=edge_mark(weight, largest), color="green" if weight >= 0 else "red")
        for (l0, i0, n0), (l1, i1, n1), change, _ in self._most_changed(edges):
            x = (LAYER_X[l0] + LAYER_X[l1]) / 2
            y = (node_y(n0, i0) + node_y(n1, i1)) / 2
            plt.text("▲" if change > 0 else "▼", x, y, color="yellow", alignment="center")
        for i, name in enumerate(PIXELS):
            plt.text(f"{name} {frame.grid_input[i]:.2f}", LAYER_X[0], node_y(4, i), alignment="right")
        for j, value in enumerate(frame.hidden):
            plt.text(f"h{j} {value:.2f}", LAYER_X[1], node_y(hidden, j), alignment="center")
        for k, value in enumerate(frame.prediction):
            plt.text(f"{OUTPUTS[k]} {value:.0%}", LAYER_X[2], node_y(2, k), alignment="left")
        plt.xlim(-0.45, 2.45)
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


class DiagramScreen(LiveViewScreen):
    """The diagram, live: n, e and r still train, and the drawing follows."""

    BINDINGS = [Binding("escape,d", "app.pop_screen", "Back")]
    heading = "Network · • +weight × −weight (bigger: stronger) · ▲▼ moved most · esc: back"

    def body(self) -> NetworkDiagram:
        """The drawing."""
        return NetworkDiagram(id="view-body")
