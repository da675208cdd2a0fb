"""The discovery preset must be the plain PyTorch recipe, number for number."""

import pytest
import torch
from torch import nn

from tinynet_core import Trainer, preset_config


def plain_recipe(seed: int, epochs: int = 100):
    """The recipe as a newcomer would write it, independent of tinynet_core."""
    torch.manual_seed(seed)
    layer1 = nn.Linear(4, 3)
    layer2 = nn.Linear(3, 2)
    inputs = torch.tensor([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], dtype=torch.float32)
    targets = torch.tensor([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=torch.float32)
    optimizer = torch.optim.SGD([*layer1.parameters(), *layer2.parameters()], lr=0.1)
    loss_fn = nn.MSELoss()
    history = []
    for _ in range(epochs):
        losses = []
        for x, y in zip(inputs, targets):
            out = torch.sigmoid(layer2(torch.sigmoid(layer1(x))))
            loss = loss_fn(out, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        history.append(sum(losses) / len(losses))
    weights = {
        "layer1.weight": layer1.weight,
        "layer1.bias": layer1.bias,
        "layer2.weight": layer2.weight,
        "layer2.bias": layer2.bias,
    }
    return history, {k: v.detach().clone() for k, v in weights.items()}


@pytest.mark.parametrize("seed", [0, 1, 42, 1234])
def test_discovery_preset_equals_plain_recipe(seed):
    history, weights = plain_recipe(seed)
    trainer = Trainer(preset_config("discovery"), seed=seed)
    trainer.train(100)
    assert len(trainer.loss_history) == 100
    assert trainer.loss_history == pytest.approx(history, abs=1e-6)
    for name, expected in weights.items():
        assert torch.allclose(trainer.parameters()[name], expected, atol=1e-6, rtol=0), name


def test_initial_weights_are_the_recipes():
    torch.manual_seed(7)
    layer1, layer2 = nn.Linear(4, 3), nn.Linear(3, 2)
    params = Trainer(seed=7).parameters()
    assert torch.equal(params["layer1.weight"], layer1.weight.detach())
    assert torch.equal(params["layer2.bias"], layer2.bias.detach())


def test_building_a_trainer_leaves_global_rng_alone():
    torch.manual_seed(3)
    expected = torch.rand(3)
    torch.manual_seed(3)
    Trainer(seed=99)
    assert torch.equal(torch.rand(3), expected)


def test_hidden_bias_start_changes_only_the_hidden_biases():
    plain = Trainer(preset_config("relu-v1"), seed=5).parameters()
    started = Trainer(preset_config("relu-v1").replace(hidden_bias=0.5), seed=5).parameters()
    assert torch.equal(started["layer1.bias"], torch.full((3,), 0.5))
    for name in ("layer1.weight", "layer2.weight", "layer2.bias"):
        assert torch.equal(started[name], plain[name]), name


@pytest.mark.parametrize("bias", [float("nan"), float("inf"), 101.0, "0.5"])
def test_hidden_bias_must_be_a_sane_number(bias):
    from tinynet_core.config import ConfigError, TrainConfig

    with pytest.raises(ConfigError, match="hidden bias"):
        TrainConfig(hidden_bias=bias)


def test_hidden_bias_cannot_change_without_a_reset():
    from tinynet_core.config import ConfigError

    trainer = Trainer(preset_config("relu-v1"))
    with pytest.raises(ConfigError, match="needs a reset"):
        trainer.configure(hidden_bias=0.1)
