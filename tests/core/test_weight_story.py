"""The layer inspector's story of a parameter equals what the trainer really did in that nudge."""

from __future__ import annotations

import pytest

from tinynet_core.config import preset_config
from tinynet_core.trainer import Trainer
from tinynet_core.weight_story import tell


def _nudge(preset: str, earlier: int = 3):
    trainer = Trainer(preset_config(preset), 0)
    trainer.advance(earlier)
    state = trainer.optimizer_state()  # before the nudge, as the driver takes it
    return trainer, state, trainer.nudge()


@pytest.mark.parametrize("preset", ["digits-mlp", "spiral-softmax", "journey-notebook1", "curve-fit", "diabetes-regression", "playground-circle"])
def test_every_parameter_s_gradient_and_step_equal_the_trainer_s(preset):
    trainer, state, record = _nudge(preset)
    before, grads, after = (record.layout.split(t) for t in (record.before, record.grad, record.after))
    for name, tensor in before.items():
        last = tuple(n - 1 for n in tensor.shape)  # the last element: a unit deep in the layer
        for index in {tuple(0 for _ in tensor.shape), last}:
            story = tell(trainer.config, before, record.input, record.target, name, index, state)
            assert story.grad == pytest.approx(float(grads[name][index]), rel=1e-4, abs=1e-7)  # float64 vs float32
            assert story.after == pytest.approx(float(after[name][index]), rel=1e-4, abs=1e-6)
            assert story.lines[-1].name == "after" and story.lines[-1].value == story.after


def test_the_story_leaves_the_optimizer_state_as_it_was():
    trainer, state, record = _nudge("spiral-softmax")
    before = record.layout.split(record.before)
    first = tell(trainer.config, before, record.input, record.target, "layer2.bias", (0,), state)
    again = tell(trainer.config, before, record.input, record.target, "layer2.bias", (0,), state)
    assert first == again


def test_a_hidden_unit_s_delta_is_the_sum_of_what_the_units_above_send_back_times_its_slope():
    trainer, state, record = _nudge("journey-notebook1")
    before = record.layout.split(record.before)
    story = tell(trainer.config, before, record.input, record.target, "layer1.weight", (2, 1), state, ("x1", "x2"), ("P(yes)",))
    terms = {term.name: term.value for term in story.lines}
    assert terms["δ of h1.2"] == pytest.approx(terms["Σ δ·w"] * terms["f′(z) of h1.2"])
    assert "a = x2" in terms  # the input is named by its feature
