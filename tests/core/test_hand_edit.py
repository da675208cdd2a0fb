"""A weight edited by hand: checked, recorded as a step of its own, and the loss along it with its slope."""

import math

import pytest
import torch

from tinynet_core.config import TrainConfig, preset_config
from tinynet_core.hand_edit import EditError, edit_weight, loss_slice, weight_index
from tinynet_core.history import EDIT, History, set_weight
from tinynet_core.trainer import Trainer


@pytest.mark.parametrize("engine", ["hand", "torch"])
def test_an_edit_sets_that_weight_and_is_a_step_in_the_history(engine):
    history = History(Trainer(seed=1, engine=engine))
    history.advance(6)
    answer = history.trainer.predict([1.0, 1.0, 0.0, 0.0])
    moment = edit_weight(history, "layer2.weight", (1, 2), -3.5)
    assert history.trainer.parameters()["layer2.weight"][1, 2] == -3.5
    assert moment.kind == EDIT and moment.step == 7 and moment.nudges == 6
    assert moment.changes()["layer2.weight"].nonzero().tolist() == [[1, 2]]
    assert not torch.equal(history.trainer.predict([1.0, 1.0, 0.0, 0.0]), answer)


def test_the_flat_index_is_the_parameters_own_place():
    layout = Trainer(preset_config("digits-mlp")).layout
    for name, position in (("layer1.weight", (15, 63)), ("layer1.bias", (3,)), ("layer2.weight", (9, 0)), ("layer2.bias", (9,))):
        flat = torch.zeros(layout.size)
        flat[weight_index(layout, name, position)] = 1.0
        assert layout.split(flat)[name][position] == 1.0 and flat.sum() == 1.0


@pytest.mark.parametrize("value", [math.nan, math.inf, -1e9, True, "2", None])
def test_a_bad_value_is_refused_in_one_line_and_changes_nothing(value):
    history = History(Trainer(seed=1, engine="hand"))
    before = history.trainer.flat_parameters()
    with pytest.raises(EditError, match="a weight set by hand must be a number") as caught:
        edit_weight(history, "layer1.bias", (0,), value)
    assert "\n" not in str(caught.value)
    assert history.steps == 0 and torch.equal(history.trainer.flat_parameters(), before)


@pytest.mark.parametrize("name, position, says", [("layer9.weight", (0, 0), "no parameter"), ("layer1.weight", (3, 0), "not a place"), ("layer1.bias", (0, 0), "not a place")])
def test_a_weight_that_is_not_there_is_refused(name, position, says):
    with pytest.raises(EditError, match=says):
        weight_index(Trainer().layout, name, position)


CONFIGS = {"TinyNet": TrainConfig(), "digits-mlp": preset_config("digits-mlp"), "spiral-softmax": preset_config("spiral-softmax")}


@pytest.mark.parametrize("name", CONFIGS)
def test_the_slice_is_the_training_loss_at_each_value(name):
    trainer = Trainer(CONFIGS[name], seed=0)
    trainer.advance(10)
    index = trainer.layout.size - 1  # an output bias: every example feels it
    cut = loss_slice(trainer, index, span=1.0, points=5)
    assert cut.values[2] == cut.current and cut.losses[2] == pytest.approx(trainer.measure().train_loss, rel=1e-6)
    for value, loss in zip(cut.values, cut.losses):
        moved = Trainer(CONFIGS[name], seed=0)
        moved.advance(10)
        set_weight(moved, index, value)
        assert loss == pytest.approx(moved.measure().train_loss, rel=1e-5)


@pytest.mark.parametrize("name", CONFIGS)
def test_the_slope_is_the_gradient_of_the_slice(name):
    trainer = Trainer(CONFIGS[name], seed=0)
    trainer.advance(10)
    index = trainer.layout.size - 2
    cut = loss_slice(trainer, index)
    near = loss_slice(trainer, index, span=1e-2, points=3)  # a central difference
    assert cut.slope == pytest.approx((near.losses[2] - near.losses[0]) / (near.values[2] - near.values[0]), rel=0.02, abs=1e-6)
    # and autograd through the trainer's own network on the whole training set
    x, y = trainer.data.train
    trainer.model.zero_grad()
    out = trainer.model(x)
    loss = torch.nn.functional.cross_entropy(trainer.model(x, logits=True), y) if CONFIGS[name].loss == "ce" else torch.nn.functional.mse_loss(out, y)
    loss.backward()
    assert cut.slope == pytest.approx(float(torch.cat([p.grad.flatten() for p in trainer.model.parameters()])[index]), rel=1e-4, abs=1e-8)


@pytest.mark.parametrize("points, span", [(1, 1.0), (10**6, 1.0), (5, 0.0), (5, math.nan)])
def test_a_slice_out_of_bounds_is_refused(points, span):
    with pytest.raises(EditError):
        loss_slice(Trainer(), 0, span=span, points=points)
