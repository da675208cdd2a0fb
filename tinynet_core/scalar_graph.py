"""The scalar computation graph of one nudge: a node per addition, multiplication, activation and loss step.

micrograd's view of backpropagation, for any MLP of the lab, in plain Python floats (no torch, so
the app's own process can build it). A unit's sum is built as micrograd's Neuron builds it,
b + w₀x₀ + w₁x₁ + …, one `*` and one `+` per input. The loss is the one the trainer descends
(nets.training_loss), the mean over the batch and the outputs:
    mse         (o − y)² per output, o the head's output (a sigmoid, or z itself)
    bce         softplus(z) − z·y per output, from the logit z (the head's sigmoid is not on its path)
    ce          logsumexp(z) − z_class per example, from the logits (the softmax is not on its path)
Going back, each node adds its share to each operand's gradient, as micrograd's `+=` does, and
the shares are kept, so a gradient that arrives by two routes can be shown being summed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .handmath import activate, activation_slope, sigmoid

LINEAR = "linear"  # an identity activation or head makes no node: micrograd's linear Neuron returns its sum


class GraphError(InputError):
    """Parameters, an input or a target that do not make one network's nudge; the message says why."""


@dataclass(slots=True)  # slots: a lab nudge can make 100,000 nodes
class Node:
    """One scalar: the operation that made it, its value, its gradient, and the shares that summed to it."""

    id: int
    op: str  # "input", "param", "target" (leaves), "+", "*", "−", an activation, "square", "softplus", "logsumexp", "mean"
    value: float
    operands: tuple[int, ...] = ()
    local: tuple[float, ...] = ()  # ∂value/∂operand, one per operand: the local derivatives
    name: str = ""  # "layer1.weight[1,2]", "x[0]", "layer1.z[2]", "loss"; "" for a partial sum or product
    example: int | None = None  # which example of the batch; None for the parameters and the loss
    grad: float = 0.0
    contributions: list[tuple[int, float]] = field(default_factory=list)  # (consumer, its share), in the order summed

    @property
    def consumers(self) -> list[int]:
        """The nodes this one feeds, in the order their shares arrived."""
        return [consumer for consumer, _ in self.contributions]


@dataclass
class ScalarGraph:
    """Every node of one nudge in topological order (operands first), with the named ones indexed."""

    nodes: list[Node]
    sizes: tuple[int, ...]
    activation: str
    head: str
    loss_name: str
    inputs: list[list[int]]  # per example, the input leaves
    outputs: list[list[int]]  # per example, what the network answers per output: the head's node or the logit
    params: dict[str, int]  # "layer1.weight[1,2]" -> its node

    @property
    def loss(self) -> Node:
        """The loss node: the last one, where backpropagation starts."""
        return self.nodes[-1]

    def find(self, name: str, example: int | None = 0) -> Node:
        """The node of that name (a parameter's example is ignored: parameters are shared)."""
        if name in self.params:
            return self.nodes[self.params[name]]
        for node in self.nodes:
            if node.name == name and node.example in (example, None):
                return node
        raise KeyError(name)

    def summed(self) -> list[Node]:
        """The nodes whose gradient is a sum of two or more shares (micrograd's `+=` at work)."""
        return [node for node in self.nodes if len(node.contributions) > 1]

    def paths_down(self, top: int, bottom: int, limit: int = 100) -> Iterator[list[int]]:
        """Up to `limit` routes from node `top` down through operands to node `bottom`, each top first."""
        above = self.route_nodes(top, bottom)
        if top not in above:
            return
        found, stack = 0, [(top, [top])]
        while stack and found < limit:
            node, path = stack.pop()
            if node == bottom:
                found += 1
                yield path
                continue
            # Reversed so that the first operand's routes come out first.
            for operand in reversed(self.nodes[node].operands):
                if operand in above:
                    stack.append((operand, [*path, operand]))

    def route_nodes(self, top: int, bottom: int) -> set[int]:
        """Every node on some route from `top` down to `bottom` (empty when none joins them)."""
        below_top = self._closure(top, lambda n: self.nodes[n].operands)
        above_bottom = self._closure(bottom, lambda n: self.nodes[n].consumers)
        return below_top & above_bottom

    def count_paths(self, top: int, bottom: int) -> int:
        """How many routes lead from `top` down to `bottom`."""
        counts = {bottom: 1}
        for node in range(bottom + 1, top + 1):  # ids are topological: operands before consumers
            counts[node] = sum(counts.get(operand, 0) for operand in self.nodes[node].operands)
        return counts.get(top, 0)

    def routes_to_param(self, name: str, limit: int = 100) -> list[list[int]]:
        """Routes from the loss down to a parameter, e.g. "layer1.weight[1,2]"."""
        if name not in self.params:
            raise GraphError(f"no parameter {name!r}; names look like layer1.weight[0,1] or layer1.bias[0]")
        return list(self.paths_down(self.loss.id, self.params[name], limit))

    def routes_from_input(self, feature: int, output: int, example: int = 0, limit: int = 100) -> list[list[int]]:
        """Routes from input `feature` up to the network's answer `output`, each input first."""
        down = self.paths_down(self.outputs[example][output], self.inputs[example][feature], limit)
        return [path[::-1] for path in down]

    def _closure(self, start: int, neighbours) -> set[int]:
        seen, stack = {start}, [start]
        while stack:
            for other in neighbours(stack.pop()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen


def node_count(sizes: Sequence[int], activation: str, head: str, loss: str, batch: int = 1) -> int:
    """How many nodes build_graph makes for a network and a batch, from the sizes alone."""
    params = sum(n * (m + 1) for m, n in zip(sizes, sizes[1:]))
    sums = sum(n * 2 * m for m, n in zip(sizes, sizes[1:]))  # a `*` and a `+` per input of each unit
    activations = 0 if activation == LINEAR else sum(sizes[1:-1])
    outputs = sizes[-1]
    head_nodes = outputs if head_on_path(head, loss) else 0
    loss_nodes = {"mse": 3 * outputs, "bce": 4 * outputs, "ce": 2}[loss]  # see _loss_terms
    per_example = sizes[0] + sums + activations + head_nodes + loss_nodes
    return params + batch * per_example + 1  # the one mean at the end


def parameter_names(sizes: Sequence[int]) -> list[str]:
    """Every scalar parameter's name, in the order of the graph's parameter nodes."""
    names = []
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        names += [f"layer{layer}.weight[{j},{i}]" for j in range(fan_out) for i in range(fan_in)]
        names += [f"layer{layer}.bias[{j}]" for j in range(fan_out)]
    return names


def head_on_path(head: str, loss: str) -> bool:
    """Whether the loss is taken from the head's output: only MSE on sigmoids (BCE and CE take the logits)."""
    return head == "sigmoid" and loss == "mse"


def sizes_of(params: dict[str, Sequence]) -> tuple[int, ...]:
    """Layer sizes read from the parameters' shapes (layer1.weight is [hidden, inputs])."""
    count = len(params) // 2
    names = [f"layer{i}.{kind}" for i in range(1, count + 1) for kind in ("weight", "bias")]
    if count < 1 or sorted(names) != sorted(params):
        raise GraphError(f"parameters must be layer1.weight, layer1.bias, … in order; got {', '.join(sorted(params))}")
    first = params["layer1.weight"]
    sizes = [len(first[0]) if first else 0]
    for i in range(1, count + 1):
        weight, bias = params[f"layer{i}.weight"], params[f"layer{i}.bias"]
        if not weight or any(len(row) != sizes[-1] for row in weight) or len(bias) != len(weight):
            raise GraphError(f"layer{i}'s weight and bias do not fit a layer of {sizes[-1]} inputs")
        sizes.append(len(weight))
    return tuple(sizes)


def build_graph(params: dict[str, Sequence], x: Sequence, y: Sequence | int, activation: str, head: str, loss: str) -> ScalarGraph:
    """The forward and backward pass of one nudge, a node per scalar operation.

    x is one input [features] or a batch [[features], …]; y likewise: target values per output,
    or a class index for a softmax head.
    """
    sizes = sizes_of(params)
    batch_x, batch_y = _as_batch(x, y, sizes, head)
    builder = _Builder()
    param_ids = {}
    weights, biases = [], []
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        w = params[f"layer{layer}.weight"]
        weights.append([[builder.leaf("param", w[j][i], f"layer{layer}.weight[{j},{i}]") for i in range(fan_in)] for j in range(fan_out)])
        biases.append([builder.leaf("param", params[f"layer{layer}.bias"][j], f"layer{layer}.bias[{j}]") for j in range(fan_out)])
    for node in builder.nodes:
        param_ids[node.name] = node.id
    inputs, outputs, terms = [], [], []
    for example, (features, target) in enumerate(zip(batch_x, batch_y)):
        a = [builder.leaf("input", v, f"x[{i}]", example) for i, v in enumerate(features)]
        inputs.append(a)
        for layer, (w, b) in enumerate(zip(weights, biases), start=1):
            z = [_unit_sum(builder, w_row, bias, a, f"layer{layer}.z[{j}]", example) for j, (w_row, bias) in enumerate(zip(w, b))]
            hidden = layer < len(weights)
            a = [_activate(builder, activation, zj, f"layer{layer}.a[{j}]", example) for j, zj in enumerate(z)] if hidden else z
        answers = [_head(builder, head, loss, zk, f"out[{k}]", example) for k, zk in enumerate(a)]
        outputs.append(answers)
        terms += _loss_terms(builder, loss, answers, target, example)
    builder.op("mean", sum(builder.value(t) for t in terms) / len(terms), terms, (1.0 / len(terms),) * len(terms), "loss")
    builder.backward()
    return ScalarGraph(builder.nodes, sizes, activation, head, loss, inputs, outputs, param_ids)


def graph_of_nudge(record, config) -> ScalarGraph:
    """The graph of a trainer's nudge record, from its weights before the step and its input and target."""
    before = {name: change.before.tolist() for name, change in record.params.items()}
    return build_graph(before, record.input.tolist(), record.target.tolist(), config.activation, config.head, config.loss)


class _Builder:
    """Appends nodes in topological order, then runs micrograd's backward over them."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []

    def value(self, node: int) -> float:
        return self.nodes[node].value

    def leaf(self, op: str, value: float, name: str, example: int | None = None) -> int:
        return self.op(op, float(value), (), (), name, example)

    def op(self, op: str, value: float, operands: Sequence[int], local: Sequence[float], name: str = "", example: int | None = None) -> int:
        node = Node(len(self.nodes), op, value, tuple(operands), tuple(local), name, example)
        self.nodes.append(node)
        return node.id

    def backward(self) -> None:
        """The loss's gradient is 1; each node, last to first, adds grad × local to each operand."""
        self.nodes[-1].grad = 1.0
        for node in reversed(self.nodes):
            for operand, local in zip(node.operands, node.local):
                share = node.grad * local
                self.nodes[operand].grad += share
                self.nodes[operand].contributions.append((node.id, share))


def _unit_sum(builder: _Builder, weights: list[int], bias: int, inputs: list[int], name: str, example: int) -> int:
    """b + w₀x₀ + w₁x₁ + …, as micrograd's Neuron sums it; the last `+` carries the unit's name."""
    total = bias
    for i, (w, x) in enumerate(zip(weights, inputs)):
        product = builder.op("*", builder.value(w) * builder.value(x), (w, x), (builder.value(x), builder.value(w)), "", example)
        last = i == len(inputs) - 1
        total = builder.op("+", builder.value(total) + builder.value(product), (total, product), (1.0, 1.0), name if last else "", example)
    return total


def _activate(builder: _Builder, activation: str, z: int, name: str, example: int) -> int:
    if activation == LINEAR:
        return z
    zv = builder.value(z)
    a = activate(activation, zv)
    return builder.op(activation, a, (z,), (activation_slope(activation, zv, a),), name, example)


def _head(builder: _Builder, head: str, loss: str, z: int, name: str, example: int) -> int:
    if not head_on_path(head, loss):
        return z  # a linear head, or a loss taken from the logits
    o = sigmoid(builder.value(z))
    return builder.op("sigmoid", o, (z,), (o * (1.0 - o),), name, example)


def _loss_terms(builder: _Builder, loss: str, answers: list[int], target, example: int) -> list[int]:
    """One example's loss terms, which the final mean averages (see the module docstring)."""
    if loss == "ce":
        logits = [builder.value(z) for z in answers]
        top = max(logits)
        shifted = [math.exp(v - top) for v in logits]  # no overflow
        lse = top + math.log(sum(shifted))
        probabilities = [s / sum(shifted) for s in shifted]
        lse_id = builder.op("logsumexp", lse, answers, probabilities, "", example)
        picked = answers[target]
        return [builder.op("−", lse - builder.value(picked), (lse_id, picked), (1.0, -1.0), "loss_term", example)]
    terms = []
    for k, (answer, t) in enumerate(zip(answers, target)):
        y = builder.leaf("target", t, f"y[{k}]", example)
        o = builder.value(answer)
        if loss == "bce":
            zy = builder.op("*", o * t, (answer, y), (t, o), "", example)
            sp = builder.op("softplus", max(o, 0.0) + math.log1p(math.exp(-abs(o))), (answer,), (sigmoid(o),), "", example)
            terms.append(builder.op("−", builder.value(sp) - builder.value(zy), (sp, zy), (1.0, -1.0), f"loss_term[{k}]", example))
        else:
            diff = builder.op("−", o - t, (answer, y), (1.0, -1.0), "", example)
            d = builder.value(diff)
            terms.append(builder.op("square", d * d, (diff,), (2.0 * d,), f"loss_term[{k}]", example))
    return terms


def _as_batch(x, y, sizes: tuple[int, ...], head: str) -> tuple[list[list[float]], list]:
    """The input and target as a batch of examples, each checked against the network's sizes."""
    one = not x or not isinstance(x[0], (list, tuple))
    batch_x = [list(x)] if one else [list(row) for row in x]
    batch_y = [y] if one else list(y)
    if len(batch_y) != len(batch_x) or not batch_x:
        raise GraphError(f"{len(batch_x)} inputs but {len(batch_y)} targets")
    for row, target in zip(batch_x, batch_y):
        if len(row) != sizes[0]:
            raise GraphError(f"an input needs {sizes[0]} values, got {len(row)}")
        if head == "softmax":
            if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < sizes[-1]:
                raise GraphError(f"a softmax target is a class from 0 to {sizes[-1] - 1}, got {target!r}")
        elif not isinstance(target, (list, tuple)) or len(target) != sizes[-1]:
            raise GraphError(f"a target needs {sizes[-1]} values, got {target!r}")
    return batch_x, batch_y
