"""The by-hand math must equal PyTorch's autograd and optimizers, term by term."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tinynet_core.config import TrainConfig
from tinynet_core.handmath import Layout, OptimizerState, gradient_chain, update_terms, work_out
from tinynet_core.trainer import LOSS_FUNCTIONS, Trainer, make_optimizer

TOL = 1e-5

configs = st.builds(
    TrainConfig,
    activation=st.sampled_from(["sigmoid", "relu", "leaky_relu", "tanh", "linear"]),
    loss=st.sampled_from(["mse", "bce"]),
    optimizer=st.sampled_from(["sgd", "adam", "adamw", "rmsprop"]),
    lr=st.floats(0.001, 1.0),
    momentum=st.sampled_from([0.0, 0.5, 0.9]),
    weight_decay=st.sampled_from([0.0, 0.01, 0.1]),
    l1=st.sampled_from([0.0, 0.001, 0.05]),
    noise=st.sampled_from([0.0, 0.2]),
    ambiguous=st.booleans(),
)


def assert_close(hand, reference, what):
    reference = [float(v) for v in torch.as_tensor(reference).flatten()]
    assert len(hand) == len(reference), what
    for i, (a, b) in enumerate(zip(hand, reference)):
        assert abs(a - b) <= TOL, f"{what}[{i}]: hand {a} vs torch {b}"


ACTIVATIONS = {
    "sigmoid": torch.sigmoid, "relu": torch.relu, "leaky_relu": torch.nn.functional.leaky_relu, "tanh": torch.tanh,
    "linear": lambda z: z,
}


class Float64Reference:
    """The same network trained by autograd and PyTorch's optimizers in float64.

    float64, because at saturation float32 itself is off by more than 1e-5 (1 - o loses digits),
    and the hand math is computed in Python floats, which are float64.
    """

    def __init__(self, trainer: Trainer) -> None:
        self.config = trainer.config
        self.layout = trainer.layout
        self.flat = torch.cat([t.flatten() for t in trainer.parameters().values()]).double().requires_grad_(True)
        self.optimizer = make_optimizer(self.config, [self.flat])

    def step(self, x: torch.Tensor, target: torch.Tensor):
        """Forward, backward and one optimizer step; returns every intermediate term."""
        p = self.layout.split(self.flat)
        z1 = p["layer1.weight"] @ x.double() + p["layer1.bias"]
        h = ACTIVATIONS[self.config.activation](z1)
        z2 = p["layer2.weight"] @ h + p["layer2.bias"]
        o = torch.sigmoid(z2)
        loss = LOSS_FUNCTIONS[self.config.loss](o, target.double())
        self.optimizer.zero_grad()
        loss.backward()
        grad = self.flat.grad.clone()
        if self.config.l1:  # as the trainer does: L1's gradient joins before the optimizer's step
            self.flat.grad.add_(self.flat.detach().sign(), alpha=self.config.l1)
        self.optimizer.step()
        return {"z1": z1, "h": h, "z2": z2, "o": o, "loss": loss.item(), "grad": grad, "after": self.flat.detach().clone()}


@settings(max_examples=80, deadline=None)
@given(config=configs, seed=st.integers(0, 10_000), nudges=st.integers(1, 6))
def test_every_term_matches_autograd_and_the_optimizer(config, seed, nudges):
    trainer = Trainer(config, seed)  # supplies the samples, noise included
    reference = Float64Reference(trainer)
    params = reference.flat.detach().tolist()
    state = OptimizerState()
    for step in range(nudges):
        record = trainer.nudge()
        ref = reference.step(record.input, record.target)
        if not bool(torch.isfinite(ref["grad"]).all()):
            # Saturated even in float64 (BCE at o = 1.0 exactly, after RMSprop's first ±10 steps):
            # autograd's 0·∞ is NaN there, so there is nothing left to compare against.
            break
        worked = work_out(params, record.input.tolist(), record.target.tolist(), config, state)
        for term in ("z1", "h", "z2", "o"):
            assert_close(getattr(worked.forward, term), ref[term].detach(), f"{term} at nudge {step}")
        assert abs(worked.loss - ref["loss"]) <= TOL
        assert_close(worked.backward.grads, ref["grad"], f"gradient at nudge {step}")
        assert_close(worked.update.after, ref["after"], f"updated weights at nudge {step}")
        params = worked.update.after


@settings(max_examples=40, deadline=None)
@given(config=configs, seed=st.integers(0, 10_000))
def test_chain_routes_multiply_out_to_the_gradient(config, seed):
    trainer = Trainer(config, seed)
    trainer.nudge()
    record = trainer.nudge()
    worked = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), config)
    layout = Layout(config.hidden[0])
    for name, shape in zip(trainer.layout.names, trainer.layout.shapes):
        for index in (tuple(i) for i in torch.cartesian_prod(*(torch.arange(n) for n in shape)).reshape(-1, len(shape)).tolist()):
            routes = gradient_chain(worked, name, index)
            total = sum(math.prod(term.value for term in factors) for _, factors in routes)
            flat = layout.flat_index(name, index)
            assert abs(total - worked.backward.grads[flat]) <= 1e-9 * max(1.0, abs(total)), (name, index)
            terms = update_terms(worked, flat)
            assert terms[-1].name == "after" and terms[-1].value == worked.update.after[flat]
            assert terms[0].name == "grad" and terms[0].value == worked.backward.grads[flat]


def test_layer1_weights_have_two_routes_and_layer2_one():
    trainer = Trainer(seed=0)
    record = trainer.nudge()
    worked = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), trainer.config)
    assert [route for route, _ in gradient_chain(worked, "layer1.weight", (1, 1))] == ["H", "V"]
    assert len(gradient_chain(worked, "layer1.weight", (1, 1))[0][1]) == 5
    assert [route for route, _ in gradient_chain(worked, "layer2.bias", (0,))] == ["H"]


@pytest.mark.parametrize(
    "changes, names",
    [
        ({}, ["grad", "step"]),
        ({"optimizer": "adam"}, ["grad", "m", "v", "m̂", "v̂", "step"]),
        ({"optimizer": "adam", "weight_decay": 0.1}, ["grad", "g = grad + wd·w", "m", "v", "m̂", "v̂", "step"]),
        ({"optimizer": "adamw", "weight_decay": 0.1}, ["grad", "w·(1 - lr·wd)", "m", "v", "m̂", "v̂", "step"]),
        ({"optimizer": "rmsprop"}, ["grad", "s", "step"]),
        ({"optimizer": "rmsprop", "momentum": 0.5}, ["grad", "s", "buffer", "step"]),
        ({"l1": 0.01}, ["grad", "+ l1·sign(w)", "g", "step"]),
    ],
)
def test_update_terms_name_the_optimizers_steps(changes, names):
    config = TrainConfig(**changes)
    trainer = Trainer(config, seed=0)
    record = trainer.nudge()
    worked = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), config)
    assert [t.name for t in update_terms(worked, 0)] == names + ["before", "after"]


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(), TrainConfig(momentum=0.9, weight_decay=0.01), TrainConfig(optimizer="adam", lr=0.01, weight_decay=0.01),
        TrainConfig(optimizer="adamw", lr=0.01, weight_decay=0.1), TrainConfig(optimizer="rmsprop", lr=0.01, momentum=0.5, l1=0.01),
    ],
)
def test_optimizer_state_lets_a_mid_training_nudge_be_redone_by_hand(config):
    trainer = Trainer(config, seed=2)
    trainer.advance(37)
    state = trainer.optimizer_state()
    record = trainer.nudge()
    worked = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), config, state)
    assert_close(worked.update.after, record.after, "weights after the nudge")
    assert_close(worked.backward.grads, record.grad, "gradient")


def test_a_weight_with_no_gradient_moves_under_adam_with_l2_but_not_under_adamw_by_a_full_step():
    # The dark pixels' weights get no gradient on "top row"; coupled L2 inside Adam still moves
    # them a whole lr step (m̂/√v̂ = ±1), while AdamW only shrinks them by lr·wd·w.
    for optimizer, moves_a_step in (("adam", True), ("adamw", False)):
        config = TrainConfig(optimizer=optimizer, lr=0.01, weight_decay=0.01)
        record = Trainer(config, seed=0).nudge()  # the first pattern, top row: BL and BR are 0
        change = record.params["layer1.weight"].change[0, 2].item()
        assert record.params["layer1.weight"].grad[0, 2].item() == 0.0
        assert (abs(abs(change) - 0.01) < 1e-6) is moves_a_step, (optimizer, change)


def test_term_meanings_never_read_a_small_number_as_zero():
    # A pre-activation of 3e-6 (ReLU: slope 1) and an output a hair from 1 once read "+0.0000" and "1.0000".
    config = TrainConfig(activation="relu")
    lay = Layout(3)
    params = [0.0] * lay.size
    params[lay.b1] = 3e-6  # h0's bias: z1 = 3e-6 on any input
    params[lay.b2] = 12.0  # output H: sigmoid(12) = 0.9999939
    worked = work_out(params, (0.0, 0.0, 0.0, 0.0), (1.0, 0.0), config)
    slope = next(t for t in gradient_chain(worked, "layer1.bias", (0,))[0][1] if t.name == "dh0/dz1")
    assert "z1 = +3e-06" in slope.meaning and slope.value == 1.0
    said = next(t for t in gradient_chain(worked, "layer2.bias", (0,))[0][1] if t.name == "dL/do_H")
    assert "said 0.99999, target 1" in said.meaning
