"""The trainer on every world and network of the lab: plain-loop equality, batches, heads, records."""

from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

from tinynet_core import Trainer
from tinynet_core.checkpoint import load_checkpoint, load_trainer, save_checkpoint
from tinynet_core.config import PRESETS, PROJECTS, ConfigError, TrainConfig, describe
from tinynet_core.metrics import diagnose
from tinynet_core.nets import parameter_count, seeded_mlp
from tinynet_core.trainer import config_sizes, make_optimizer
from tinynet_core.worlds import WORLDS, DataOptions


def _plain_loop(config: TrainConfig, seed: int, epochs: int):
    """The recipe written out with torch alone: the same data, order, batches, head and loss."""
    world = WORLDS[config.world]
    data = world.make(config.data_seed, DataOptions(val_split=config.val_split, features=config.features))
    x, y = data.train
    sizes = (x.shape[1], *config.hidden, world.outputs_for(config.head))
    model = seeded_mlp(seed, sizes, config.activation, config.head, config.loss)
    if world.task == "classes" and config.head == "sigmoid":
        y = y.float().reshape(-1, 1)
    optimizer = make_optimizer(config, list(model.parameters()))
    history = []
    for _ in range(epochs):
        losses = []
        for start in range(0, len(x), config.batch_size):
            xb, yb = x[start : start + config.batch_size], y[start : start + config.batch_size]
            if config.batch_size == 1:
                xb, yb = xb[0], yb[0]
            logits = model(xb, logits=True)
            if config.loss == "ce":
                loss = F.cross_entropy(logits.reshape(-1, sizes[-1]), yb.reshape(-1))
            elif config.loss == "bce":
                loss = F.binary_cross_entropy_with_logits(logits, yb)
            else:
                out = torch.sigmoid(logits) if config.head == "sigmoid" else logits
                loss = F.mse_loss(out, yb)
            loss.backward()
            if config.l1:
                for p in model.parameters():
                    p.grad.add_(p.detach().sign(), alpha=config.l1)
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        history.append(sum(losses) / len(losses))
    return history, model.state_dict()


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(world="spiral-3", hidden=(8, 8), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.01, batch_size=16),
        TrainConfig(world="circle", hidden=(4, 2), activation="tanh", loss="bce", lr=0.03, batch_size=10),
        TrainConfig(world="journey-3", hidden=(5,), activation="relu", loss="mse", optimizer="rmsprop", lr=0.003, momentum=0.5, batch_size=7),
        TrainConfig(world="curve", hidden=(6,), activation="sigmoid", head="linear", loss="mse", optimizer="adamw", lr=0.01, weight_decay=0.1, batch_size=32),
        TrainConfig(world="xor", hidden=(), features=("x1x2", "x1"), loss="bce", lr=0.05, l1=0.01, batch_size=1),
        TrainConfig(world="digits", hidden=(8,), activation="leaky_relu", head="softmax", loss="ce", optimizer="sgd", momentum=0.9, lr=0.05, batch_size=64),
    ],
    ids=["spiral3-softmax-adam", "circle-bce-sgd", "journey3-rmsprop-odd-batch", "curve-adamw", "xor-l1-no-hidden", "digits-momentum"],
)
def test_the_trainer_equals_a_plain_pytorch_loop(config):
    trainer = Trainer(config, seed=3)
    trainer.train(3)
    history, weights = _plain_loop(config, seed=3, epochs=3)
    assert trainer.loss_history == pytest.approx(history, rel=1e-5, abs=1e-7)
    for name, tensor in weights.items():
        assert torch.allclose(trainer.parameters()[name], tensor, rtol=1e-5, atol=1e-6), name


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_builds_trains_and_reports(name):
    config = PRESETS[name].config
    trainer = Trainer(config, seed=0)
    summary = trainer.epoch()
    assert math.isfinite(summary.mean_loss) and math.isfinite(summary.movement["total"])
    assert set(summary.movement) == {f"layer{i}" for i in range(1, len(trainer.sizes))} | {"total"}
    assert len(trainer.val_loss_history) == 1 and len(trainer.score_history) == 1
    low = -math.inf if trainer.world.task == "regression" else 0.0
    assert low <= summary.train_score <= 1.0
    assert trainer.nudges == trainer.nudges_per_epoch


def test_the_journey_presets_have_the_notebooks_parameter_counts():
    counts = [parameter_count(config_sizes(PRESETS[f"journey-notebook{i}"].config)) for i in (1, 2, 3)]
    assert counts == [17, 26, 43]


def test_presets_are_grouped_by_the_project_they_retell():
    assert {p.project for p in PRESETS.values()} == set(PROJECTS)
    assert all(describe(p.config) for p in PRESETS.values())


def test_a_batch_nudge_records_the_whole_batch():
    config = TrainConfig(world="spiral-3", hidden=(4,), head="softmax", loss="ce", batch_size=16)
    trainer = Trainer(config, seed=0)
    record = trainer.nudge()
    assert record.batch_size == 16 and record.input.shape == (16, 2) and record.output.shape == (16, 3)
    assert record.target.dtype == torch.int64 and record.target.shape == (16,)
    assert trainer.sample_index == 16 and trainer.nudges_per_epoch == 15  # 240 examples
    assert record.sample_name.startswith("a batch of 16 (")


def test_the_last_batch_of_an_epoch_is_the_remainder():
    trainer = Trainer(TrainConfig(world="journey-3", hidden=(5,), loss="bce", batch_size=7), seed=0)
    assert trainer.samples_per_epoch == 1200 and trainer.nudges_per_epoch == 172
    trainer.epoch()
    assert trainer.nudges == 172 and trainer.epochs_done == 1


def test_same_seed_same_numbers_bit_for_bit_on_a_lab_world():
    config = PRESETS["playground-xor"].config
    runs = []
    for _ in range(2):
        trainer = Trainer(config, seed=5)
        trainer.train(2)
        runs.append((trainer.loss_history, trainer.val_loss_history, trainer.parameters()))
    assert runs[0][0] == runs[1][0] and runs[0][1] == runs[1][1]
    assert all(torch.equal(runs[0][2][n], runs[1][2][n]) for n in runs[0][2])


def test_the_data_seed_changes_the_data_and_not_the_weights():
    a = Trainer(TrainConfig(world="xor", hidden=(3,), loss="bce", data_seed=0), seed=1)
    b = Trainer(TrainConfig(world="xor", hidden=(3,), loss="bce", data_seed=1), seed=1)
    assert not torch.equal(a.data.inputs, b.data.inputs)
    assert all(torch.equal(a.parameters()[n], b.parameters()[n]) for n in a.parameters())


def test_validation_history_matches_a_direct_measurement():
    trainer = Trainer(PRESETS["digits-mlp"].config, seed=0)
    trainer.epoch()
    measured = trainer.measure()
    assert trainer.val_loss_history[-1] == pytest.approx(measured.val_loss, rel=1e-6)
    assert trainer.score_history[-1] == pytest.approx((measured.train_score, measured.val_score))
    x, y = trainer.data.held_out
    with torch.no_grad():
        expected = F.cross_entropy(trainer.model(x, logits=True), y).item()
    assert measured.val_loss == pytest.approx(expected, rel=1e-6)


def test_saturated_bce_keeps_finite_gradients():
    # x1·x2 reaches ±30 on the xor plane: the sigmoid saturates to exactly 1.0 in float32.
    config = TrainConfig(world="xor", hidden=(), features=("x1x2",), loss="bce", lr=1.0, batch_size=10, epochs=20)
    trainer = Trainer(config, seed=0)
    trainer.train(20)
    assert not trainer.diverged and all(math.isfinite(v) for v in trainer.loss_history)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"world": "spiral-3", "head": "sigmoid", "loss": "bce"}, "needs a softmax head"),
        ({"world": "curve", "head": "sigmoid"}, "needs a linear head"),
        ({"head": "softmax", "loss": "mse"}, "trains with ce"),
        ({"world": "digits", "head": "softmax", "loss": "ce", "features": ("x1",)}, "plane worlds"),
        ({"world": "xor", "loss": "bce", "ambiguous": True}, "ambiguous examples belong"),
        ({"world": "csv"}, "needs a file"),
        ({"data": "x.csv"}, "goes with the csv world"),
        ({"hidden": (4,) * 9}, "up to 8 widths"),
        ({"hidden": (0,)}, "width must be a whole number"),
        ({"batch_size": 0}, "batch size"),
        ({"l1": -1.0}, "l1"),
        ({"world": "xor", "loss": "bce", "features": ("x9",)}, "unknown feature"),
    ],
)
def test_bad_lab_configs_are_one_clear_line(changes, message):
    with pytest.raises(ConfigError, match=message):
        TrainConfig(**changes)


@pytest.mark.parametrize("changes", [{"world": "digits", "head": "softmax", "loss": "ce"}, {"batch_size": 4}, {"optimizer": "rmsprop"}, {"l1": 0.01}])
def test_the_hand_engine_says_what_it_cannot_train(changes):
    with pytest.raises(ConfigError, match="hand engine covers"):
        Trainer(TrainConfig(**changes), engine="hand")


def test_shape_changes_need_a_reset_and_live_changes_apply():
    trainer = Trainer(PRESETS["playground-circle"].config, seed=0)
    with pytest.raises(ConfigError, match="needs a reset"):
        trainer.configure(hidden=(8,))
    trainer.configure(lr=0.5, batch_size=25, l1=0.001, optimizer="adamw")
    record = trainer.nudge()
    assert record.batch_size == 25 and record.lr == 0.5


def test_a_lab_checkpoint_round_trips_as_format_2(tmp_path):
    trainer = Trainer(PRESETS["spiral-softmax"].config.replace(epochs=3), seed=4)
    trainer.train(3)
    path = save_checkpoint(trainer, tmp_path / "spiral.safetensors")
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == trainer.config and checkpoint.config.hidden == (64,)
    loaded = load_trainer(path)
    assert loaded.sizes == (2, 64, 3)
    assert all(torch.equal(loaded.parameters()[n], t) for n, t in trainer.parameters().items())
    x = trainer.data.inputs[:5]
    assert torch.equal(loaded.predict(x), trainer.predict(x))


def test_predict_checks_the_input_size():
    trainer = Trainer(PRESETS["digits-mlp"].config, seed=0)
    assert trainer.predict(torch.zeros(64)).shape == (10,)
    with pytest.raises(ValueError, match="needs 64 values"):
        trainer.predict(torch.zeros(4))


@pytest.mark.parametrize(
    "train, val, kind",
    [
        ([1.0, 0.8, 0.6] + [0.5 - 0.01 * i for i in range(30)], [1.0, 0.8, 0.7] + [0.7 + 0.01 * i for i in range(30)], "overfitting"),
        ([0.70, 0.69, 0.69, 0.68], [0.71, 0.70, 0.70, 0.70], "underfitting"),
        ([1.0, 0.5, 0.3, 0.2], [1.0, 0.55, 0.35, 0.25], "good fit"),
        ([1.0], [1.0], "too early to tell"),
    ],
)
def test_the_curves_are_read_as_the_journey_reads_them(train, val, kind):
    diagnosis = diagnose(train, val)
    assert diagnosis.kind == kind and diagnosis.sentence.startswith(kind)


def test_an_overfitting_reading_names_its_numbers():
    train = [1.0 - 0.02 * i for i in range(40)]
    val = [1.0 - 0.02 * i for i in range(10)] + [0.82 + 0.01 * i for i in range(30)]
    sentence = diagnose(train, val).sentence
    assert "rising for 29 epochs" in sentence and "at epoch 11" in sentence
