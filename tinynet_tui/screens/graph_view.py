"""The graph view: one nudge as scalar operations, followed one route at a time, as micrograd sees it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tinynet_core.errors import InputError
from tinynet_core.graph_dot import to_dot
from tinynet_core.limits import MAX_GRAPH_NODES
from tinynet_core.safe_io import write_atomic
from tinynet_core.scalar_graph import Node, ScalarGraph, build_graph

from ..numbers import precise
from .confirm import unless_it_overwrites

ROUTE_LIMIT = 100  # routes listed for one pair of ends; the count shown is always exact
DIGITS = 5  # significant digits, as the inspector shows them: enough to redo a product by hand
NAME_WIDTH = 25  # the node column of the route, so that five columns and a Σ fit 80 characters
DOT_FILE = "tinynet-graph.dot"

# Each operation's local derivative, ∂(its value)/∂(an operand), in words.
LOCAL_RULES = {
    "+": "1: a sum passes its gradient on to each term",
    "*": "the other factor",
    "−": "+1 for the first operand, −1 for the second",
    "sigmoid": "σ(z)(1 − σ(z))",
    "relu": "1 if z > 0 else 0",
    "leaky_relu": "1 if z > 0 else 0.01",
    "tanh": "1 − tanh(z)²",
    "square": "2u",
    "softplus": "σ(z)",
    "logsumexp": "the softmax of the logits: e^zₖ / Σ e^z",
    "mean": "1/n for each of the n terms",
}
BINARY_SIGNS = {"*": "·", "−": " − "}
LEAF_WORDS = {"param": "a parameter", "input": "an input", "target": "a target"}


def short(graph: ScalarGraph, node_id: int) -> str:
    """A node's name, or its operation and number where it has none (a partial sum, a product)."""
    node = graph.nodes[node_id]
    return node.name or f"{node.op} #{node.id}"


def describe(graph: ScalarGraph, node: Node) -> str:
    """What a node is in a few words: 'layer1.a[0] (sigmoid)', 'layer2.weight[0,1]·layer1.a[1]'."""
    if node.name:
        return node.name if node.op in LEAF_WORDS else f"{node.name} ({node.op})"
    if node.op in BINARY_SIGNS and all(graph.nodes[o].name for o in node.operands):
        return BINARY_SIGNS[node.op].join(graph.nodes[o].name for o in node.operands)
    if node.op == "+":
        # A partial sum of a unit (b + w₀x₀ + …): named after the unit whose sum it becomes.
        total = node
        while not total.name and len(total.contributions) == 1 and graph.nodes[total.contributions[0][0]].op == "+":
            total = graph.nodes[total.contributions[0][0]]
        if total.name:
            return f"{total.name} so far #{node.id}"
    return f"{node.op} #{node.id}"


def n(value: float) -> str:
    """A number as this view shows it."""
    return precise(value, DIGITS)


@dataclass(frozen=True)
class RouteStep:
    """One node of a route, with the local derivative that links it to the node before it."""

    node: int
    local: float  # ∂(the node above)/∂(the node below) on this edge; 1 at the route's start
    product: float  # the product of the local derivatives from the route's start to here


def route_steps(graph: ScalarGraph, route: list[int], down: bool) -> list[RouteStep]:
    """The chain rule along a route: down from the loss, each product is this route's share of the gradient."""
    steps, product = [RouteStep(route[0], 1.0, 1.0)], 1.0
    for previous, node in zip(route, route[1:]):
        upper, lower = (previous, node) if down else (node, previous)
        upper_node = graph.nodes[upper]
        local = upper_node.local[upper_node.operands.index(lower)]
        product *= local
        steps.append(RouteStep(node, local, product))
    return steps


def grad_sum_line(graph: ScalarGraph, node: Node) -> str:
    """How a node's gradient was summed from what it feeds (micrograd's `+=`), in one line."""
    if not node.contributions:
        return f"grad {n(node.grad)}: where backpropagation starts" if node.id == graph.loss.id else "grad 0: feeds nothing"
    shares = [share for _, share in node.contributions]
    if len(shares) == 1:
        return f"grad {n(node.grad)}: one share, from {short(graph, node.contributions[0][0])}"
    return f"grad = {' + '.join(f'({n(s)})' for s in shares)} = {n(node.grad)}: summed over {len(shares)} routes"


def forward_line(graph: ScalarGraph, node: Node) -> str:
    """What the node computed, with its operands' values."""
    if node.op in LEAF_WORDS:
        return f"{LEAF_WORDS[node.op]}: {n(node.value)}"
    parts = [f"{describe(graph, graph.nodes[o])} = {n(graph.nodes[o].value)}" for o in node.operands]
    if node.op in ("+", "*", "−") and len(parts) == 2:
        shown = f" {'×' if node.op == '*' else node.op} ".join(f"({p})" for p in parts)
    elif len(parts) > 4:
        shown = f"{node.op} of {len(parts)} terms"
    else:
        shown = f"{node.op}({', '.join(parts)})"
    return f"{shown} = {n(node.value)}"


def node_story(graph: ScalarGraph, node_id: int) -> list[str]:
    """A node opened: its forward step, its local derivatives, and the chain-rule products summed into its gradient."""
    node = graph.nodes[node_id]
    batched = len(graph.inputs) > 1 and node.example is not None
    lines = [describe(graph, node) + (f", example {node.example} of the batch" if batched else ""), ""]
    lines += ["Forward:", f"  {forward_line(graph, node)}", ""]
    if node.operands:
        lines.append(f"Local derivatives ({LOCAL_RULES.get(node.op, node.op)}):")
        for operand, local in zip(node.operands, node.local):
            lines.append(f"  ∂/∂ {describe(graph, graph.nodes[operand])} = {n(local)}")
        lines.append("")
    lines.append("Backward (the chain rule: each node it feeds gives grad × its local derivative):")
    if not node.contributions:
        lines.append(f"  {grad_sum_line(graph, node)}")
    for consumer, share in node.contributions:
        feeds = graph.nodes[consumer]
        local = feeds.local[feeds.operands.index(node.id)]
        lines.append(f"  via {describe(graph, feeds)}: {n(feeds.grad)} × {n(local)} = {n(share)}")
    if len(node.contributions) > 1:
        lines.append(f"  {grad_sum_line(graph, node)}")
    return lines


class RouteChooser:
    """Which route is on screen: down from the loss to a parameter, or up from an input to an output."""

    def __init__(self, graph: ScalarGraph, param: str | None = None) -> None:
        self.graph = graph
        self.params = list(graph.params)
        self.pairs = [(i, k) for i in range(graph.sizes[0]) for k in range(graph.sizes[-1])]
        self.down = True
        self.end = self.params.index(param) if param in graph.params else 0
        self.route_index = 0
        self._load()

    def _load(self) -> None:
        """The routes between the chosen ends (up to ROUTE_LIMIT), and how many there are in all."""
        g = self.graph
        if self.down:
            top, bottom = g.loss.id, g.params[self.params[self.end]]
            self.routes = g.routes_to_param(self.params[self.end], ROUTE_LIMIT)
        else:
            feature, output = self.pairs[self.end]
            top, bottom = g.outputs[0][output], g.inputs[0][feature]
            self.routes = g.routes_from_input(feature, output, limit=ROUTE_LIMIT)
        self.count = g.count_paths(top, bottom)
        self.route_index = min(self.route_index, max(0, len(self.routes) - 1))

    def follow(self, graph: ScalarGraph) -> None:
        """The same ends and route in another nudge of the same network."""
        self.graph = graph
        self._load()

    def toggle(self) -> None:
        """Down to a parameter, or up from an input."""
        self.down, self.end, self.route_index = not self.down, 0, 0
        self._load()

    def step_end(self, by: int) -> None:
        """The next or previous parameter (or input-output pair)."""
        self.end = (self.end + by) % len(self.params if self.down else self.pairs)
        self.route_index = 0
        self._load()

    def step_route(self, by: int) -> None:
        """The next or previous route between the same ends."""
        if self.routes:
            self.route_index = (self.route_index + by) % len(self.routes)

    def heading(self) -> str:
        """'Route 1 of 2: from the loss down to layer1.weight[0,0]'."""
        if self.down:
            ends = f"from the loss down to {self.params[self.end]}"
        else:
            feature, output = self.pairs[self.end]
            ends = f"from input x[{feature}] up to output {short(self.graph, self.graph.outputs[0][output])}"
        if not self.routes:
            return f"No route {ends}"
        listed = "" if self.count <= len(self.routes) else f" (the first {len(self.routes)} listed)"
        return f"Route {self.route_index + 1} of {self.count:,}{listed}: {ends}"

    def steps(self) -> list[RouteStep]:
        """The route on screen, step by step."""
        return route_steps(self.graph, self.routes[self.route_index], self.down) if self.routes else []


def step_text(graph: ScalarGraph, step: RouteStep, first: bool) -> Text:
    """One line of the route: the node, its value and gradient, the edge's local derivative, the running product."""
    node = graph.nodes[step.node]
    name = describe(graph, node)
    name = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
    summed = f"Σ{len(node.contributions)}" if len(node.contributions) > 1 else ""
    local = "" if first else n(step.local)
    return Text.assemble(
        (f"{name:<{NAME_WIDTH}}", "bold" if node.name else ""),
        f" {n(node.value):>10} {n(node.grad):>10} {local:>10} {n(step.product):>10} ",
        (summed, "bold"),
    )


def column_heads() -> str:
    """The route list's column titles: ∂ step is the local derivative between a node and the one before it."""
    return f"{'node':<{NAME_WIDTH}} {'value':>10} {'grad':>10} {'∂ step':>10} {'product':>10}"


class NodeScreen(ModalScreen[None]):
    """One node opened: its forward step, local derivatives and the sum that gives its gradient."""

    BINDINGS = [Binding("escape,enter,q", "app.pop_screen", "Back")]
    DEFAULT_CSS = """
    NodeScreen { align: center middle; }
    #node-box { width: 90%; height: 80%; border: round $accent; padding: 0 1; background: $surface; }
    """

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        """The node's story, scrollable."""
        with VerticalScroll(id="node-box") as box:
            box.border_title = "A node of the graph"
            box.border_subtitle = "esc: back"
            yield Static(Text("\n".join(self.lines)), id="node-story")


class GraphScreen(Screen):
    """The last nudge as a graph of scalar operations, one route at a time; a cursor walks its nodes."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("m", "toggle_mode", "Down/up"),
        Binding("full_stop", "step_end(1)", "Next end"),
        Binding("comma", "step_end(-1)", "Prev end", show=False),
        Binding("right_square_bracket", "step_route(1)", "Next route"),
        Binding("left_square_bracket", "step_route(-1)", "Prev route", show=False),
        Binding("D", "export_dot", "DOT"),
    ]
    DEFAULT_CSS = """
    #graph-title, #graph-route { height: 1; padding: 0 1; }
    #graph-heads { height: 1; padding: 0 0; }
    #graph-title { text-style: bold; background: $primary-muted; }
    #graph-heads { color: $text-muted; }
    #graph-steps { height: 1fr; border: none; padding: 0 0; }
    #graph-sum { height: 2; padding: 0 1; }
    """

    def __init__(self, config: dict[str, object], before: dict[str, list], x: tuple, target: tuple,
                 param: str | None = None, dot_path: str | Path = DOT_FILE, step: int | None = None) -> None:
        super().__init__()
        self.dot_path = Path(dot_path)
        self.graph: ScalarGraph | None = None
        self.chooser: RouteChooser | None = None
        self.step = step  # which nudge is drawn, so that show() redraws only for a new one
        self._load(config, before, x, target, param)

    def _load(self, config: dict[str, object], before: dict[str, list], x: tuple, target: tuple, param: str | None) -> None:
        """Build the nudge's graph; the route keeps its ends when the network is the same."""
        self.error = ""
        try:
            batch = bool(x) and isinstance(x[0], (list, tuple))
            if config["head"] == "softmax":  # class indices: one, or one per example of a batch
                y = [int(t) for t in target] if batch else int(target[0])
            else:
                y = [list(t) for t in target] if batch else list(target)
            graph = build_graph(before, [list(r) for r in x] if batch else list(x), y, str(config["activation"]), str(config["head"]), str(config["loss"]))
        except InputError as err:  # a nudge this view cannot draw: say so instead of failing
            self.graph, self.chooser, self.error = None, None, str(err)
            return
        same_network = self.chooser is not None and self.chooser.params == list(graph.params)
        self.graph = graph
        if same_network:
            self.chooser.follow(graph)
        else:
            self.chooser = RouteChooser(graph, param)

    def show(self, frame) -> None:
        """Follow training: redraw for the frame's last nudge, on the same route, once it is a new nudge."""
        last = frame.last
        if last is None or last.step == self.step:
            return
        self.step = last.step
        self._load(frame.config, last.before, last.input, last.target, None)
        self.query_one("#graph-title", Static).update(self._title())
        self._show_route(keep_cursor=True)

    def compose(self) -> ComposeResult:
        """Title, the route's ends, the route as a list, the highlighted node's gradient sum."""
        yield Static(self._title(), id="graph-title")
        yield Static(id="graph-route")
        yield Static(column_heads(), id="graph-heads")
        yield OptionList(id="graph-steps")
        yield Static(id="graph-sum")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the first route and walk it from its start."""
        self._show_route()
        self.query_one(OptionList).focus()

    def _title(self) -> str:
        if self.graph is None:
            return f"Graph of the nudge: {self.error}"
        g = self.graph
        return f"Graph of the nudge: {len(g.nodes):,} nodes, loss {n(g.loss.value)} · enter: open a node"

    def _show_route(self, keep_cursor: bool = False) -> None:
        steps_list = self.query_one(OptionList)
        cursor = steps_list.highlighted if keep_cursor else None
        steps_list.clear_options()
        self.query_one("#graph-route", Static).update(Text(self.chooser.heading() if self.chooser else ""))
        steps = self.chooser.steps() if self.chooser else []
        steps_list.add_options([Option(step_text(self.graph, s, i == 0), id=f"node-{s.node}") for i, s in enumerate(steps)])
        row = min(cursor or 0, len(steps) - 1)
        if steps:
            steps_list.highlighted = row
        self._show_sum(row)

    def _node_at(self, index: int | None) -> int | None:
        steps = self.chooser.steps() if self.chooser else []
        return steps[index].node if index is not None and 0 <= index < len(steps) else None

    def _show_sum(self, index: int | None) -> None:
        node = self._node_at(index)
        text = "" if node is None else grad_sum_line(self.graph, self.graph.nodes[node])
        self.query_one("#graph-sum", Static).update(Text(text))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The node under the cursor: how its gradient was summed."""
        self._show_sum(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the node: its local derivative and the chain-rule products."""
        node = self._node_at(event.option_index)
        if node is not None:
            self.app.push_screen(NodeScreen(node_story(self.graph, node)))

    def action_toggle_mode(self) -> None:
        """Routes down from the loss to a parameter, or up from an input to an output."""
        if self.chooser:
            self.chooser.toggle()
            self._show_route()

    def action_step_end(self, by: int) -> None:
        """Another parameter (or input-output pair) at the route's end."""
        if self.chooser:
            self.chooser.step_end(by)
            self._show_route()

    def action_step_route(self, by: int) -> None:
        """Another route between the same ends."""
        if self.chooser:
            self.chooser.step_route(by)
            self._show_route()

    def action_export_dot(self) -> None:
        """Write the whole graph as Graphviz DOT (asking before it overwrites)."""
        if self.graph is None:
            return
        if len(self.graph.nodes) > MAX_GRAPH_NODES:
            self.notify(f"{len(self.graph.nodes):,} nodes are more than a picture can hold ({MAX_GRAPH_NODES:,}); use tinynet graph --to", severity="warning")
            return
        text = to_dot(self.graph, f"loss {self.graph.loss.value:.6g}")

        def write() -> None:
            try:
                path = write_atomic(self.dot_path, text.encode("utf-8"))
            except InputError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(f"wrote {len(self.graph.nodes)} nodes to {path} (draw it: dot -Tsvg {path.name})")

        unless_it_overwrites(self.app, [self.dot_path], write)
