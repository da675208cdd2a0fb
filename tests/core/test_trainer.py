"""Trainer behaviour: nudge records, epochs, live changes, noise, determinism, divergence."""

import math

import pytest
import torch

from tinynet_core import PRESETS, ConfigError, TrainConfig, Trainer
from tinynet_core.world import TRAINING_PATTERNS, training_set

NAMES = ("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias")


def test_nudge_record_describes_the_step():
    trainer = Trainer(seed=0)
    before = trainer.parameters()
    record = trainer.nudge()
    after = trainer.parameters()
    assert (record.step, record.epoch, record.sample_index) == (1, 0, 0)
    assert record.sample_name == "top row"
    assert record.input.tolist() == list(TRAINING_PATTERNS[0].pixels)
    assert record.target.tolist() == [1.0, 0.0]
    assert set(record.params) == set(NAMES)
    for name in NAMES:
        change = record.params[name]
        assert change.before.device.type == "cpu"
        assert torch.equal(change.before, before[name])
        assert torch.equal(change.after, after[name])
        assert torch.equal(change.change, after[name] - before[name])
        # plain SGD: the change is exactly -lr * grad
        assert torch.allclose(change.change, -0.1 * change.grad, atol=1e-7)


def test_record_grad_and_loss_match_a_fresh_autograd_pass():
    trainer = Trainer(TrainConfig(activation="tanh", loss="bce"), seed=5)
    for _ in range(6):
        trainer.nudge()
    model_copy = {k: v.clone().requires_grad_(True) for k, v in trainer.parameters().items()}
    record = trainer.nudge()
    x, t = record.input, record.target
    hidden = torch.tanh(x @ model_copy["layer1.weight"].T + model_copy["layer1.bias"])
    out = torch.sigmoid(hidden @ model_copy["layer2.weight"].T + model_copy["layer2.bias"])
    loss = torch.nn.functional.binary_cross_entropy(out, t)
    loss.backward()
    assert record.loss == pytest.approx(loss.item(), abs=1e-6)
    assert torch.allclose(record.output, out.detach(), atol=1e-6)
    for name in NAMES:
        assert torch.allclose(record.params[name].grad, model_copy[name].grad, atol=1e-6), name


def test_records_are_independent_of_later_training():
    trainer = Trainer(seed=0)
    record = trainer.nudge()
    saved = record.params["layer1.weight"].after.clone()
    for _ in range(10):
        trainer.nudge()
    assert torch.equal(record.params["layer1.weight"].after, saved)


def test_epoch_completes_the_current_epoch_and_reports_movement():
    trainer = Trainer(seed=2)
    start = trainer.parameters()
    trainer.nudge()
    summary = trainer.epoch()
    assert summary.epoch == 0 and trainer.epochs_done == 1 and trainer.sample_index == 0
    assert trainer.nudges == 4
    assert summary.mean_loss == trainer.loss_history[0]
    end = trainer.parameters()
    layer1 = math.sqrt(sum(float((end[n] - start[n]).pow(2).sum()) for n in NAMES[:2]))
    assert summary.movement["layer1"] == pytest.approx(layer1, rel=1e-5)
    assert summary.movement["total"] == pytest.approx(math.hypot(layer1, summary.movement["layer2"]), rel=1e-6)
    assert trainer.movement_history == [pytest.approx(summary.movement["total"], rel=1e-5)]


def test_epoch_loss_is_mean_of_the_per_sample_losses():
    trainer = Trainer(seed=4)
    losses = [trainer.nudge().loss for _ in range(4)]
    assert trainer.loss_history == [pytest.approx(sum(losses) / 4)]


def test_reset_restores_the_seeded_network_and_clears_history():
    trainer = Trainer(seed=3)
    initial = trainer.parameters()
    trainer.train(3)
    trainer.reset()
    assert trainer.loss_history == [] and trainer.nudges == 0 and trainer.epochs_done == 0
    assert all(torch.equal(trainer.parameters()[n], initial[n]) for n in NAMES)
    trainer.reset(seed=4)
    assert not torch.equal(trainer.parameters()["layer1.weight"], initial["layer1.weight"])


def test_learning_rate_change_applies_at_the_next_nudge():
    trainer = Trainer(seed=0)
    trainer.nudge()
    trainer.configure(lr=0.5)
    record = trainer.nudge()
    assert record.lr == 0.5
    change = record.params["layer2.weight"]
    assert torch.allclose(change.change, -0.5 * change.grad, atol=1e-7)
    assert trainer.nudges == 2  # no reset happened


def test_weight_decay_and_momentum_apply_live():
    trainer = Trainer(seed=0)
    trainer.configure(weight_decay=0.1)
    record = trainer.nudge()
    p = record.params["layer1.weight"]
    assert torch.allclose(p.change, -0.1 * (p.grad + 0.1 * p.before), atol=1e-7)
    trainer.configure(weight_decay=0.0, momentum=0.9)
    first = trainer.nudge().params["layer1.weight"]
    second = trainer.nudge().params["layer1.weight"]
    # momentum buffer: b2 = 0.9 * b1 + g2, with b1 = g1
    assert torch.allclose(second.change, -0.1 * (0.9 * first.grad + second.grad), atol=1e-6)


def test_switching_to_adam_live_gives_adams_first_step():
    trainer = Trainer(seed=0)
    trainer.nudge()
    trainer.configure(optimizer="adam", lr=0.01)
    record = trainer.nudge()
    p = record.params["layer1.weight"]
    # Adam's first step is lr * g / (|g| + eps) elementwise
    expected = -0.01 * p.grad / (p.grad.abs() + 1e-8)
    assert torch.allclose(p.change, expected, atol=1e-6)


def test_hidden_size_change_needs_reset():
    with pytest.raises(ConfigError, match="needs a reset"):
        Trainer().configure(hidden=5)


def test_activation_and_loss_change_live():
    trainer = Trainer(seed=0)
    trainer.configure(activation="relu", loss="bce")
    assert trainer.model.activation == "relu"
    record = trainer.nudge()
    expected = torch.nn.functional.binary_cross_entropy(record.output, record.target).item()
    assert record.loss == pytest.approx(expected, abs=1e-6)


def test_noise_is_clamped_fresh_each_epoch_and_seeded():
    config = TrainConfig(noise=0.3)
    a, b = Trainer(config, seed=1), Trainer(config, seed=1)
    epoch1 = [a.nudge().input for _ in range(4)]
    epoch2 = [a.nudge().input for _ in range(4)]
    assert all(((x >= 0) & (x <= 1)).all() for x in epoch1 + epoch2)
    assert not torch.equal(epoch1[0], epoch2[0])
    assert not torch.equal(epoch1[0], torch.tensor(TRAINING_PATTERNS[0].pixels))
    assert all(torch.equal(x, b.nudge().input) for x in epoch1)


def test_noise_does_not_change_the_initial_weights():
    assert torch.equal(
        Trainer(TrainConfig(noise=0.5), seed=8).parameters()["layer1.weight"],
        Trainer(TrainConfig(), seed=8).parameters()["layer1.weight"],
    )


def test_turning_noise_on_mid_epoch_applies_at_the_next_nudge():
    trainer = Trainer(seed=0)
    trainer.nudge()
    trainer.configure(noise=0.5)
    record = trainer.nudge()
    assert not torch.equal(record.input, torch.tensor(TRAINING_PATTERNS[1].pixels))


def test_ambiguous_examples_join_at_the_next_epoch():
    trainer = Trainer(seed=0)
    trainer.nudge()
    trainer.configure(ambiguous=True)
    assert trainer.samples_per_epoch == 4
    trainer.epoch()
    records = [trainer.nudge() for _ in range(len(training_set(True)))]
    assert trainer.samples_per_epoch == 13 and trainer.sample_index == 0
    assert records[-1].target.tolist() == [0.5, 0.5]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_same_preset_and_seed_give_identical_numbers(preset):
    config = PRESETS[preset].config
    runs = []
    for _ in range(2):
        trainer = Trainer(config, seed=11)
        trainer.train(20)
        runs.append((trainer.loss_history, trainer.parameters()))
    assert runs[0][0] == runs[1][0]
    assert all(torch.equal(runs[0][1][n], runs[1][1][n]) for n in runs[0][1])


def test_divergence_is_detected_and_reset_recovers():
    trainer = Trainer(TrainConfig(activation="leaky_relu", lr=1e30), seed=1)
    trainer.train(5)
    assert trainer.diverged
    assert not math.isfinite(trainer.loss_history[-1])
    trainer.reset(config=TrainConfig())
    assert not trainer.diverged and trainer.is_finite()


def test_bce_divergence_gives_nan_not_an_exception():
    trainer = Trainer(TrainConfig(activation="leaky_relu", lr=1e30, loss="bce"), seed=1)
    trainer.train(3)
    assert trainer.diverged


def test_predict_single_and_batch_and_rejects_bad_shapes():
    trainer = Trainer(seed=0)
    single = trainer.predict([1, 1, 0, 0])
    batch = trainer.predict([[1, 1, 0, 0], [0, 0, 1, 1]])
    assert single.shape == (2,) and batch.shape == (2, 2)
    assert torch.equal(batch[0], single)
    with pytest.raises(ValueError, match="needs 4 values"):
        trainer.predict([1, 2, 3])


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"lr": 0}, "learning rate"),
        ({"lr": float("nan")}, "learning rate"),
        ({"lr": 1e31}, "learning rate"),
        ({"momentum": 1.0}, "momentum"),
        ({"weight_decay": -1}, "weight decay"),
        ({"noise": float("inf")}, "noise"),
        ({"activation": "gelu"}, "activation"),
        ({"epochs": 0}, "epochs"),
        ({"colour": "red"}, "unknown config field"),
    ],
)
def test_bad_config_values_are_rejected_clearly(changes, message):
    with pytest.raises(ConfigError, match=message):
        TrainConfig().replace(**changes)


def test_nudge_many_matches_single_nudges_and_records_the_last():
    one, many = Trainer(seed=6), Trainer(seed=6)
    records = [one.nudge() for _ in range(7)]
    last = many.nudge_many(7)
    assert last.step == 7 and last.sample_index == records[-1].sample_index
    assert torch.equal(last.before, records[-1].before) and torch.equal(last.after, records[-1].after)
    assert many.loss_history == one.loss_history
    with pytest.raises(ValueError):
        many.nudge_many(0)
