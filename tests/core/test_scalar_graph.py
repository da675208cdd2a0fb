"""The scalar graph of a nudge against karpathy's micrograd, PyTorch's autograd and the trainer."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from micrograd.engine import Value
from micrograd.nn import MLP as MicroMLP
from torch.nn import functional as F

from tinynet_core import Trainer, preset_config
from tinynet_core.nets import ACTIVATIONS, HEADS_FN, training_loss
from tinynet_core.scalar_graph import GraphError, build_graph, graph_of_nudge, node_count

COMBOS = [("sigmoid", "mse"), ("sigmoid", "bce"), ("softmax", "ce"), ("linear", "mse")]


def random_params(sizes, seed, scale=0.8):
    gen = torch.Generator().manual_seed(seed)
    params = {}
    for i, (m, n) in enumerate(zip(sizes, sizes[1:]), start=1):
        params[f"layer{i}.weight"] = (torch.rand(n, m, generator=gen, dtype=torch.float64) * 2 - 1) * scale
        params[f"layer{i}.bias"] = (torch.rand(n, generator=gen, dtype=torch.float64) * 2 - 1) * scale
    return params


def random_example(sizes, head, seed, batch=None):
    gen = torch.Generator().manual_seed(1000 + seed)
    shape = (sizes[0],) if batch is None else (batch, sizes[0])
    x = torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1
    if head == "softmax":
        y = torch.randint(sizes[-1], shape[:-1], generator=gen)
    elif head == "sigmoid":
        y = torch.randint(2, (*shape[:-1], sizes[-1]), generator=gen).double()
    else:
        y = torch.randn((*shape[:-1], sizes[-1]), generator=gen, dtype=torch.float64)
    return x, y


def as_lists(params):
    return {name: t.tolist() for name, t in params.items()}


def autograd(params, x, y, activation, head, loss):
    """The engine's own loss (nets.training_loss) by autograd, float64, keeping each layer's sums."""
    leaves = {name: t.clone().requires_grad_() for name, t in params.items()}
    x = x.clone().requires_grad_()
    a, sums, acts = x, [], []
    count = len(params) // 2
    for i in range(1, count + 1):
        z = F.linear(a, leaves[f"layer{i}.weight"], leaves[f"layer{i}.bias"])
        z.retain_grad()
        sums.append(z)
        if i < count:
            a = ACTIVATIONS[activation](z)
            a.retain_grad()
            acts.append(a)
    output = HEADS_FN[head](z)
    value = training_loss(loss, z, output, y)
    value.backward()
    return value, leaves, x, sums, acts


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "leaky_relu", "tanh", "linear"])
@pytest.mark.parametrize("head,loss", COMBOS)
@pytest.mark.parametrize("sizes,batch", [((3, 4, 2), None), ((2, 3, 3, 3), 3)])
def test_values_and_grads_equal_autograd(activation, head, loss, sizes, batch):
    params = random_params(sizes, seed=len(sizes))
    x, y = random_example(sizes, head, seed=7, batch=batch)
    graph = build_graph(as_lists(params), x.tolist(), y.tolist(), activation, head, loss)
    value, leaves, x_leaf, sums, acts = autograd(params, x, y, activation, head, loss)
    assert close(graph.loss.value, value.item())
    for name, leaf in leaves.items():
        for index in torch.cartesian_prod(*(torch.arange(n) for n in leaf.shape)).reshape(-1, leaf.dim()).tolist():
            node = graph.find(f"{name}[{','.join(map(str, index))}]")
            assert close(node.value, leaf[tuple(index)].item())
            assert close(node.grad, leaf.grad[tuple(index)].item()), node.name
    rows = x_leaf.grad.reshape(-1, sizes[0])
    for example in range(rows.shape[0]):
        for i in range(sizes[0]):
            assert close(graph.nodes[graph.inputs[example][i]].grad, rows[example, i].item())
        for layer, (z, a) in enumerate(zip(sums, [*acts, None]), start=1):
            for j in range(sizes[layer]):
                z_node = graph.find(f"layer{layer}.z[{j}]", example)
                assert close(z_node.value, z.reshape(-1, sizes[layer])[example, j].item())
                assert close(z_node.grad, z.grad.reshape(-1, sizes[layer])[example, j].item())
                if a is not None and activation != "linear":
                    a_node = graph.find(f"layer{layer}.a[{j}]", example)
                    assert close(a_node.grad, a.grad.reshape(-1, sizes[layer])[example, j].item())


def micrograd_run(params, xs, ys, sizes):
    """micrograd's own MLP with our weights: ReLU hidden layers, a linear output, the mean squared error."""
    net = MicroMLP(sizes[0], list(sizes[1:]))
    for i, layer in enumerate(net.layers, start=1):
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                w.data = params[f"layer{i}.weight"][j][k]
            neuron.b.data = params[f"layer{i}.bias"][j]
    inputs = [[Value(v) for v in row] for row in xs]
    total = 0
    for row, target in zip(inputs, ys):
        out = net(row)
        out = out if isinstance(out, list) else [out]
        total = total + sum((o - t) ** 2 for o, t in zip(out, target)) / len(target)
    loss = total / len(xs)
    loss.backward()
    return net, inputs, loss


@pytest.mark.parametrize("sizes,batch", [((4, 3, 2), 1), ((2, 5, 4, 1), 1), ((3, 6, 6, 2), 2), ((4, 8, 2), 4)])
def test_relu_mse_values_and_grads_equal_micrograds(sizes, batch):
    params = as_lists(random_params(sizes, seed=sum(sizes)))
    x, y = random_example(sizes, "linear", seed=3, batch=batch)
    graph = build_graph(params, x.tolist(), y.tolist(), "relu", "linear", "mse")
    net, inputs, loss = micrograd_run(params, x.tolist(), y.tolist(), sizes)
    assert close(graph.loss.value, loss.data)
    for i, layer in enumerate(net.layers, start=1):
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                node = graph.find(f"layer{i}.weight[{j},{k}]")
                assert close(node.value, w.data) and close(node.grad, w.grad), node.name
            assert close(graph.find(f"layer{i}.bias[{j}]").grad, neuron.b.grad)
    for example, row in enumerate(inputs):
        for i, value in enumerate(row):
            assert close(graph.nodes[graph.inputs[example][i]].grad, value.grad)


def test_every_route_times_its_local_derivatives_sums_to_the_gradient():
    sizes = (3, 4, 3, 2)
    params = as_lists(random_params(sizes, seed=5))
    x, y = random_example(sizes, "sigmoid", seed=5)
    graph = build_graph(params, x.tolist(), y.tolist(), "tanh", "sigmoid", "mse")
    for name in ("layer1.weight[2,1]", "layer2.bias[0]", "layer3.weight[1,2]"):
        routes = graph.routes_to_param(name, limit=1000)
        assert len(routes) == graph.count_paths(graph.loss.id, graph.params[name])
        total = 0.0
        for route in routes:
            assert route[0] == graph.loss.id and route[-1] == graph.params[name]
            product = 1.0
            for upper, lower in zip(route, route[1:]):
                node = graph.nodes[upper]
                product *= node.local[node.operands.index(lower)]
            total += product
        assert close(total, graph.find(name).grad)
    # layer1 weights reach the loss through every unit of layer2 and both outputs.
    assert graph.count_paths(graph.loss.id, graph.params["layer1.weight[0,0]"]) == 3 * 2


def test_routes_from_an_input_climb_to_the_chosen_output():
    params = as_lists(random_params((4, 3, 2), seed=1))
    graph = build_graph(params, [1.0, 1.0, 0.0, 0.0], [1.0, 0.0], "sigmoid", "sigmoid", "mse")
    routes = graph.routes_from_input(2, 1)
    assert len(routes) == 3  # through each hidden unit
    for route in routes:
        assert graph.nodes[route[0]].name == "x[2]" and graph.nodes[route[-1]].name == "out[1]"
        assert all(upper in [c for c, _ in graph.nodes[lower].contributions] for lower, upper in zip(route, route[1:]))


def test_a_hidden_unit_feeding_both_outputs_sums_two_shares():
    trainer = Trainer(preset_config("discovery"), seed=0)
    record = trainer.nudge()
    graph = graph_of_nudge(record, trainer.config)
    for j in range(3):
        hidden = graph.find(f"layer1.a[{j}]")
        assert len(hidden.contributions) == 2  # micrograd's `+=`, once from each output's sum
        for consumer, share in hidden.contributions:
            node = graph.nodes[consumer]
            assert node.op == "*" and share == node.grad * node.local[node.operands.index(hidden.id)]
        assert hidden.grad == sum(share for _, share in hidden.contributions)
    assert {graph.nodes[c].name for c, _ in graph.find("layer1.a[0]").contributions} == {""}
    assert len(graph.find("layer2.weight[0,0]").contributions) == 1  # a weight of one example's nudge: one route
    # Summed gradients: each hidden unit (two outputs) and each pixel (three hidden units), nothing else.
    assert {node.name for node in graph.summed()} == {*(f"layer1.a[{j}]" for j in range(3)), *(f"x[{i}]" for i in range(4))}


@pytest.mark.parametrize("sizes,activation,head,loss,batch", [
    ((4, 3, 2), "sigmoid", "sigmoid", "mse", 1),
    ((4, 3, 2), "relu", "sigmoid", "bce", 1),
    ((2, 4, 1), "relu", "sigmoid", "bce", 16),
    ((2, 8, 3), "linear", "softmax", "ce", 5),
    ((1, 16, 16, 1), "tanh", "linear", "mse", 2),
    ((3,), None, None, None, None),
])
def test_node_count_is_what_the_size_predicts(sizes, activation, head, loss, batch):
    if len(sizes) == 1:  # a hand count of TinyNet's 75, so the formula itself is checked once
        inputs, params, products_and_sums, hidden, outputs, loss_nodes = 4, 23, 2 * (3 * 4 + 2 * 3), 3, 2, 2 * 3
        assert node_count((4, 3, 2), "sigmoid", "sigmoid", "mse") == inputs + params + products_and_sums + hidden + outputs + loss_nodes + 1 == 75
        return
    params = random_params(sizes, seed=2)
    x, y = random_example(sizes, head, seed=2, batch=None if batch == 1 else batch)
    graph = build_graph(as_lists(params), x.tolist(), y.tolist(), activation, head, loss)
    assert len(graph.nodes) == node_count(sizes, activation, head, loss, batch)
    assert [n.id for n in graph.nodes] == list(range(len(graph.nodes)))


@pytest.mark.parametrize("preset,changes,nudge", [
    ("discovery", {}, 6),
    ("relu-v2-regularized", {}, 3),  # Adam, input noise, ambiguous targets of 0.5
    ("journey-notebook1", {}, 2),  # BCE on a batch of 16
    ("curve-fit", {}, 4),  # two tanh layers, a linear head
    ("spiral-softmax", {"batch_size": 4}, 3),  # softmax and cross-entropy
])
def test_graph_of_a_nudge_has_the_trainers_gradient(preset, changes, nudge):
    config = preset_config(preset).replace(**changes)
    trainer = Trainer(config, seed=1)
    record = trainer.nudge_many(nudge)
    graph = graph_of_nudge(record, config)
    assert math.isclose(graph.loss.value, record.loss, rel_tol=1e-5)
    for name, change in record.params.items():
        flat_grads = change.grad.reshape(-1).tolist()
        indices = torch.cartesian_prod(*(torch.arange(n) for n in change.grad.shape)).reshape(-1, change.grad.dim()).tolist()
        for index, expected in zip(indices, flat_grads):
            node = graph.find(f"{name}[{','.join(map(str, index))}]")
            assert math.isclose(node.grad, expected, rel_tol=1e-4, abs_tol=1e-6), node.name


@pytest.mark.parametrize("params,x,y,message", [
    ({"layer1.weight": [[1.0, 2.0]], "layer1.bias": [0.0]}, [1.0], [1.0], "needs 2 values"),
    ({"layer1.weight": [[1.0, 2.0]], "layer1.bias": [0.0, 1.0]}, [1.0, 2.0], [1.0], "do not fit"),
    ({"layer2.weight": [[1.0]], "layer2.bias": [0.0]}, [1.0], [1.0], "in order"),
    ({"layer1.weight": [[1.0, 2.0]], "layer1.bias": [0.0]}, [[1.0, 2.0]], [[1.0], [0.0]], "1 inputs but 2 targets"),
])
def test_misfit_parameters_and_examples_are_refused_in_one_line(params, x, y, message):
    with pytest.raises(GraphError, match=message):
        build_graph(params, x, y, "relu", "linear", "mse")


def test_a_softmax_target_must_be_a_class():
    params = as_lists(random_params((2, 3), seed=0))
    with pytest.raises(GraphError, match="class from 0 to 2"):
        build_graph(params, [0.1, 0.2], 3, "relu", "softmax", "ce")


def test_the_module_imports_no_torch():
    import subprocess
    import sys

    code = "import sys, tinynet_core.scalar_graph, tinynet_core.graph_dot; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    inputs=st.integers(1, 4),
    outputs=st.integers(2, 3),
    activation=st.sampled_from(["sigmoid", "relu", "leaky_relu", "tanh", "linear"]),
    combo=st.sampled_from(COMBOS),
    batch=st.sampled_from([None, 1, 2]),
    seed=st.integers(0, 10_000),
)
def test_any_network_matches_autograd_and_the_count(widths, inputs, outputs, activation, combo, batch, seed):
    head, loss = combo
    sizes = (inputs, *widths, outputs)
    params = random_params(sizes, seed, scale=1.5)
    x, y = random_example(sizes, head, seed, batch)
    graph = build_graph(as_lists(params), x.tolist(), y.tolist(), activation, head, loss)
    value, leaves, _, _, _ = autograd(params, x, y, activation, head, loss)
    assert len(graph.nodes) == node_count(sizes, activation, head, loss, batch or 1)
    assert close(graph.loss.value, value.item())
    for name, leaf in leaves.items():
        grads = leaf.grad.reshape(-1).tolist()
        nodes = [graph.nodes[i] for key, i in graph.params.items() if key.startswith(name + "[")]
        assert all(close(node.grad, g) for node, g in zip(nodes, grads, strict=True))
