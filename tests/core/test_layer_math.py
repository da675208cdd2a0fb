"""Any MLP: TinyNet is its (4, 3, 2) case, and the layer-delta equations equal autograd (float64)."""

from __future__ import annotations

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tinynet_core.layer_math import work_out_batch
from tinynet_core.nets import ACTIVATIONS, LOSS_FUNCTIONS, MLP, NetError, apply_head, parameter_count, parameter_shapes, seeded_mlp

HEAD_LOSSES = [("sigmoid", "mse"), ("sigmoid", "bce"), ("softmax", "ce"), ("linear", "mse")]


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_4_3_2_mlp_is_the_runbooks_tinynet_weight_for_weight(seed, activation):
    # The runbook's own construction, written out here: the seed, then nn.Linear(4, 3) and nn.Linear(3, 2).
    torch.manual_seed(seed)
    layer1, layer2 = torch.nn.Linear(4, 3), torch.nn.Linear(3, 2)
    mlp = seeded_mlp(seed, (4, 3, 2), activation)
    reference = {"layer1.weight": layer1.weight, "layer1.bias": layer1.bias, "layer2.weight": layer2.weight, "layer2.bias": layer2.bias}
    for name, tensor in reference.items():
        assert torch.equal(mlp.state_dict()[name], tensor.detach()), name
    x = torch.rand(5, 4)
    with torch.no_grad():
        expected = torch.sigmoid(layer2(ACTIVATIONS[activation](layer1(x))))
    assert torch.equal(mlp(x), expected)


def test_hidden_bias_sets_every_hidden_layer_and_spares_the_output():
    mlp = seeded_mlp(0, (2, 4, 4, 1), "relu", hidden_bias=0.5)
    assert torch.all(mlp.layer1.bias == 0.5) and torch.all(mlp.layer2.bias == 0.5)
    assert not torch.all(mlp.layer3.bias == 0.5)
    assert torch.equal(mlp.layer1.weight, seeded_mlp(0, (2, 4, 4, 1), "relu").layer1.weight)


@pytest.mark.parametrize("sizes, count", [((4, 3, 2), 23), ((2, 4, 1), 17), ((3, 5, 1), 26), ((4, 7, 1), 43), ((64, 16, 10), 1210)])
def test_parameter_counts_match_the_seed_projects(sizes, count):
    assert parameter_count(sizes) == count
    assert sum(MLP(sizes).state_dict()[n].numel() for n in parameter_shapes(sizes)) == count
    assert list(MLP(sizes).state_dict()) == list(parameter_shapes(sizes))


def test_six_hidden_layers_of_64_build():
    mlp = MLP((2, 64, 64, 64, 64, 64, 64, 3), "tanh", "softmax", "ce")
    assert mlp(torch.zeros(1, 2)).shape == (1, 3)


@pytest.mark.parametrize(
    "sizes, head, loss, message",
    [
        ((4, 2), "tanh", "mse", "unknown head"),
        ((4, 2), "softmax", "mse", "trains with ce"),
        ((4, 1), "softmax", "ce", "at least 2 outputs"),
        ((4,), "sigmoid", "mse", "hidden layers"),
        ((4, 0, 2), "sigmoid", "mse", "1 to 1024 units"),
        ((4, 3, 2), "linear", "bce", "trains with mse"),
    ],
)
def test_bad_shapes_heads_and_losses_are_one_clear_error(sizes, head, loss, message):
    with pytest.raises(NetError, match=message):
        MLP(sizes, head=head, loss=loss)


def _autograd(params, x, y, activation, head, loss):
    """The reference: the same network through PyTorch's autograd, in float64."""
    leaves = {n: t.clone().requires_grad_(True) for n, t in params.items()}
    a = x
    count = len(leaves) // 2
    for i in range(1, count + 1):
        z = a @ leaves[f"layer{i}.weight"].T + leaves[f"layer{i}.bias"]
        a = ACTIVATIONS[activation](z) if i < count else apply_head(head, z)
    value = LOSS_FUNCTIONS[loss](a, y)
    value.backward()
    return float(value.detach()), {n: t.grad for n, t in leaves.items()}


@st.composite
def batches(draw):
    head, loss = draw(st.sampled_from(HEAD_LOSSES))
    inputs = draw(st.integers(1, 5))
    hidden = draw(st.lists(st.integers(1, 6), min_size=0, max_size=3))
    outputs = draw(st.integers(2, 4)) if head == "softmax" else draw(st.integers(1, 3))
    sizes = (inputs, *hidden, outputs)
    batch = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 10_000))
    activation = draw(st.sampled_from(sorted(ACTIVATIONS)))
    return sizes, batch, seed, activation, head, loss


@settings(max_examples=150, deadline=None)
@given(batches())
def test_layer_deltas_give_autograds_loss_and_gradients(case):
    sizes, batch, seed, activation, head, loss = case
    gen = torch.Generator().manual_seed(seed)
    params = {n: torch.randn(shape, generator=gen, dtype=torch.float64) for n, shape in parameter_shapes(sizes).items()}
    x = torch.randn(batch, sizes[0], generator=gen, dtype=torch.float64)
    if head == "softmax":
        y = torch.randint(0, sizes[-1], (batch,), generator=gen)
    elif head == "sigmoid":
        y = torch.rand(batch, sizes[-1], generator=gen, dtype=torch.float64)
    else:
        y = torch.randn(batch, sizes[-1], generator=gen, dtype=torch.float64)
    expected_loss, expected_grads = _autograd(params, x, y, activation, head, loss)
    # BCE written on probabilities saturates even in float64 (o = 1.0 exactly after deep linear
    # layers): autograd's 0·∞ is NaN there, and there is nothing to compare against.
    assume(all(bool(torch.isfinite(g).all()) for g in expected_grads.values()))
    work = work_out_batch(params, x, y, activation, head, loss)
    assert work.loss == pytest.approx(expected_loss, rel=1e-9, abs=1e-12)
    for name, grad in work.gradients().items():
        assert torch.allclose(grad, expected_grads[name], rtol=1e-8, atol=1e-12), name


def test_the_worked_layers_say_what_they_hold():
    mlp = seeded_mlp(0, (2, 4, 3), "relu", "softmax", "ce")
    params = {n: t.double() for n, t in mlp.state_dict().items()}
    work = work_out_batch(params, torch.tensor([[0.5, -1.0], [1.0, 2.0]]), torch.tensor([2, 0]), "relu", "softmax", "ce")
    first, last = work.layers
    assert first.slope is not None and last.slope is None
    assert torch.allclose(last.outputs.sum(dim=1), torch.ones(2, dtype=torch.float64))
    # The softmax + cross-entropy delta is p − y.
    assert torch.allclose(last.delta, last.outputs - torch.tensor([[0, 0, 1], [1, 0, 0]], dtype=torch.float64))
    assert "p − y" in work.output_rule
