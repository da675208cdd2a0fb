"""Numbers the lab's tours state, measured from the frame on screen: any network, plain Python, no torch.

The app's process never imports torch, so the layer equations the "from scratch" tour checks are
written out here once more in plain floats (TiNNy's form, as tinynet_core.layer_math writes them
with torch); tests/tui/test_lab_tours.py checks them against layer_math and the trainer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tinynet_core.handmath import activate, activation_slope, sigmoid
from tinynet_core.scalar_graph import build_graph, node_count, sizes_of

from ..frame import Frame

# The narration re-measures on every frame painted: a graph larger than this is not built in the UI.
MAX_GRAPH_NODES = 5000
# Float32 rounding allowed when a gradient recomputed in float64 meets the trainer's float32 one.
ABSOLUTE, RELATIVE = 1e-6, 1e-4


@dataclass(frozen=True)
class Example:
    """One example of the last nudge: what went in, the target (one-hot for classes), the head's output."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    o: tuple[float, ...]


def last_batch(frame: Frame) -> list[Example]:
    """The last nudge's examples (one, or a batch); empty before the first nudge."""
    last = frame.last
    if last is None:
        return []
    one = not isinstance(last.input[0], (list, tuple))
    inputs, targets, outputs = ([last.input], [last.target], [last.output]) if one else (last.input, last.target, last.output)
    examples = []
    for x, y, o in zip(inputs, targets, outputs):
        o = tuple(o) if isinstance(o, (list, tuple)) else (o,)
        if frame.config["head"] == "softmax":  # the target is a class index
            index = int(y[0] if isinstance(y, (list, tuple)) else y)
            y = tuple(1.0 if k == index else 0.0 for k in range(len(o)))
        examples.append(Example(tuple(x), tuple(y) if isinstance(y, (list, tuple)) else (y,), o))
    return examples


def bce_delta(e: Example) -> list[float]:
    """(o − y)/K: BCE's delta, the sigmoid's slope cancelled."""
    return [(o - y) / len(e.o) for o, y in zip(e.o, e.y)]


def mse_delta(e: Example) -> list[float]:
    """2(o − y)/K · o(1 − o): MSE's delta through a sigmoid, the slope kept."""
    return [2 * (o - y) / len(e.o) * o * (1 - o) for o, y in zip(e.o, e.y)]


def ce_delta(e: Example) -> list[float]:
    """p − y: softmax with cross-entropy."""
    return [p - y for p, y in zip(e.o, e.y)]


def linear_delta(e: Example) -> list[float]:
    """2(o − y)/K: MSE on a linear output."""
    return [2 * (o - y) / len(e.o) for o, y in zip(e.o, e.y)]


# (head, loss) -> the output delta, as tinynet_core.layer_math.OUTPUT_DELTA_TEXT writes it.
DELTA_RULES = {("sigmoid", "bce"): bce_delta, ("sigmoid", "mse"): mse_delta, ("softmax", "ce"): ce_delta, ("linear", "mse"): linear_delta}


def mean_delta(batch: list[Example], rule) -> list[float]:
    """A delta rule's mean over the batch, output by output: what the output biases' gradient must be."""
    deltas = [rule(e) for e in batch]
    return [sum(column) / len(deltas) for column in zip(*deltas)]


def mean_slope(batch: list[Example]) -> float:
    """The mean of the sigmoid's slope o(1 − o) over the batch's outputs (at most 0.25)."""
    slopes = [o * (1 - o) for e in batch for o in e.o]
    return sum(slopes) / len(slopes)


def layer_count(frame: Frame) -> int:
    """How many weight layers the network has."""
    return len(frame.values) // 2


def output_bias_grad(frame: Frame) -> list[float] | None:
    """The trainer's gradient of the output layer's biases in the last nudge."""
    if frame.grads is None:
        return None
    return list(frame.grads[f"layer{layer_count(frame)}.bias"])


def close(ours: list[float], theirs: list[float]) -> bool:
    """Equal to float32 rounding, entry by entry."""
    return len(ours) == len(theirs) and all(abs(a - b) <= ABSOLUTE + RELATIVE * abs(b) for a, b in zip(ours, theirs))


def largest_gap(ours: list[float], theirs: list[float]) -> float:
    """The largest difference between two lists of numbers."""
    return max((abs(a - b) for a, b in zip(ours, theirs)), default=0.0)


def flat(matrix: list) -> list[float]:
    """A weight matrix (nested lists) or a bias vector as one list."""
    return [v for row in matrix for v in row] if matrix and isinstance(matrix[0], list) else list(matrix)


# -- TiNNy's layer equations, for one example ------------------------------------------------


@dataclass(frozen=True)
class LayerPass:
    """One layer of one example: its input a, sums z, outputs, slope f′(z) (None at the output) and delta δ."""

    inputs: list[float]
    sums: list[float]
    outputs: list[float]
    slope: list[float] | None
    delta: list[float]


def work_out(params: dict[str, list], example: Example, activation: str, head: str, loss: str) -> list[LayerPass]:
    """zˡ = Wˡaˡ⁻¹ + bˡ, aˡ = f(zˡ) going up; the output's δ by its rule, δˡ = (Wˡ⁺¹ᵀδˡ⁺¹) ⊙ f′(zˡ) coming down."""
    count = len(params) // 2
    a, passes = list(example.x), []
    for layer in range(1, count + 1):
        weight, bias = params[f"layer{layer}.weight"], params[f"layer{layer}.bias"]
        z = [b + sum(w * x for w, x in zip(row, a)) for row, b in zip(weight, bias)]
        if layer < count:
            out = [activate(activation, v) for v in z]
            slope = [activation_slope(activation, v, o) for v, o in zip(z, out)]
        else:
            out, slope = _head(head, z), None
        passes.append(LayerPass(a, z, out, slope, []))
        a = out
    delta = DELTA_RULES[head, loss](Example(example.x, example.y, tuple(a)))
    passes[-1] = _with_delta(passes[-1], delta)
    for layer in range(count - 1, 0, -1):
        above = params[f"layer{layer + 1}.weight"]
        this = passes[layer - 1]
        back = [sum(above[k][j] * delta[k] for k in range(len(delta))) for j in range(len(this.sums))]
        delta = [d * s for d, s in zip(back, this.slope)]
        passes[layer - 1] = _with_delta(this, delta)
    return passes


def gradients(passes: list[LayerPass]) -> dict[str, list[float]]:
    """Each parameter's gradient, flat: δ·a for the weights, δ for the biases."""
    grads = {}
    for number, layer in enumerate(passes, start=1):
        grads[f"layer{number}.weight"] = [d * a for d in layer.delta for a in layer.inputs]
        grads[f"layer{number}.bias"] = list(layer.delta)
    return grads


def _head(head: str, z: list[float]) -> list[float]:
    if head == "sigmoid":
        return [sigmoid(v) for v in z]
    if head == "softmax":
        top = max(z)
        e = [math.exp(v - top) for v in z]
        return [v / sum(e) for v in e]
    return list(z)


def _with_delta(layer: LayerPass, delta: list[float]) -> LayerPass:
    return LayerPass(layer.inputs, layer.sums, layer.outputs, layer.slope, list(delta))


# -- the scalar graph of the same nudge --------------------------------------------------------


@dataclass(frozen=True)
class GraphCheck:
    """micrograd's view of the last nudge: how many nodes, how many gradients summed from two or more routes."""

    nodes: int
    summed: int
    grads: dict[str, list[float]]  # every parameter's gradient from the graph, flat, by layer name


def graph_of_last(frame: Frame) -> GraphCheck | None:
    """The scalar graph built from the last nudge's weights before it, its input and its target (None: no nudge, or too big)."""
    last = frame.last
    if last is None or last.before is None:
        return None
    config = frame.config
    batch = len(last.input) if isinstance(last.input[0], (list, tuple)) else 1
    if node_count(sizes_of(last.before), config["activation"], config["head"], config["loss"], batch) > MAX_GRAPH_NODES:
        return None
    target = list(last.target)
    if config["head"] == "softmax":  # class indices: one for one example, one each for a batch
        target = [int(c) for c in target] if batch > 1 else int(target[0])
    graph = build_graph(last.before, list(last.input), target, config["activation"], config["head"], config["loss"])
    grads = {name: [graph.nodes[i].grad for key, i in graph.params.items() if key.startswith(name + "[")] for name in last.before}
    return GraphCheck(len(graph.nodes), len(graph.summed()), grads)


# -- the initialisation lottery ---------------------------------------------------------------


@dataclass(frozen=True)
class Ticket:
    """One seed of a recipe, trained: its accuracies after the epochs it had."""

    seed: int
    epochs: int
    train: float
    held: float


# A chapter's setup trains its lottery's seeds before its own network (tour_control) and draws
# each seed's ticket from its frame here; the claim reads them by the recipe on screen.
_TICKETS: dict[str, dict[int, Ticket]] = {}


def _recipe(config: dict[str, object]) -> str:
    return repr(sorted(config.items()))


def draw_ticket(frame: Frame) -> None:
    """Keep what the network on screen scored, as its seed's ticket for its recipe."""
    measured = scores(frame)
    if measured is not None:
        _TICKETS.setdefault(_recipe(frame.config), {})[frame.seed] = Ticket(frame.seed, frame.epochs_done, *measured)


def drawn_tickets(frame: Frame) -> list[Ticket]:
    """The tickets drawn for the recipe on screen, by seed."""
    return sorted(_TICKETS.get(_recipe(frame.config), {}).values(), key=lambda ticket: ticket.seed)


# -- curves and scores -----------------------------------------------------------------------


def fit_kind(frame: Frame) -> str | None:
    """What the engine's reading of the curves (tinynet_core.metrics.diagnose) calls the fit, or None."""
    return frame.diagnosis.split(":")[0] if frame.diagnosis else None


def scores(frame: Frame) -> tuple[float, float] | None:
    """(training, held-out) accuracy after the latest epoch, or None before the first."""
    return tuple(frame.score_history[-1]) if frame.score_history else None


def weight_pull(frame: Frame) -> tuple[float, float] | None:
    """(|decay × w|, |loss gradient|) summed over every weight, from the last nudge: how hard each pulls."""
    if frame.grads is None:
        return None
    decay = float(frame.config["weight_decay"])
    names = [name for name in frame.values if name.endswith(".weight")]
    pull = sum(abs(decay * w) for name in names for w in flat(frame.values[name]))
    push = sum(abs(g) for name in names for g in flat(frame.grads[name]))
    return pull, push
