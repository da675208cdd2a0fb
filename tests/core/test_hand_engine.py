"""The hand engine trains like the torch engine: same records, same numbers to 1e-5."""

import pytest
import torch

from tinynet_core import TrainConfig, Trainer
from tinynet_core.config import ConfigError, presets_in_world
from tinynet_core.worlds import DEFAULT_WORLD

TOL = 1e-5
CONFIGS = [
    *(preset.config for preset in presets_in_world(DEFAULT_WORLD).values()),  # the hand engine's scope
    TrainConfig(activation="tanh", loss="bce", lr=0.3),
    TrainConfig(activation="leaky_relu", optimizer="adam", lr=0.01, momentum=0.0, weight_decay=0.01),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.activation}-{c.optimizer}-{c.loss}")
def test_a_thousand_nudges_match_the_torch_engine(config):
    torch_trainer, hand_trainer = Trainer(config, seed=5), Trainer(config, seed=5, engine="hand")
    torch_trainer.advance(1000)
    hand_trainer.advance(1000)
    assert hand_trainer.nudges == torch_trainer.nudges == 1000
    assert hand_trainer.loss_history == pytest.approx(torch_trainer.loss_history, abs=TOL)
    for name, tensor in torch_trainer.parameters().items():
        assert torch.allclose(hand_trainer.parameters()[name], tensor, atol=TOL, rtol=0), name


def test_records_are_the_same_on_both_engines():
    config = TrainConfig(momentum=0.9, noise=0.1)
    a, b = Trainer(config, seed=1), Trainer(config, seed=1, engine="hand")
    for _ in range(9):
        ra, rb = a.nudge(), b.nudge()
        assert (ra.step, ra.epoch, ra.sample_index, ra.sample_name) == (rb.step, rb.epoch, rb.sample_index, rb.sample_name)
        assert torch.allclose(ra.input, rb.input, atol=1e-6)
        for field in ("output", "before", "after", "grad"):
            assert torch.allclose(getattr(ra, field), getattr(rb, field).float(), atol=TOL), field
        assert ra.loss == pytest.approx(rb.loss, abs=TOL)
        assert rb.params["layer1.weight"].change.shape == (3, 4)


def test_hand_engine_reads_and_writes_like_the_torch_one(tmp_path):
    from tinynet_core import load_trainer, save_checkpoint

    trainer = Trainer(seed=2, engine="hand")
    trainer.train(3)
    assert trainer.epochs_done == 3 and len(trainer.movement_history) == 3
    assert trainer.predict([1, 1, 0, 0]).shape == (2,)
    loaded = load_trainer(save_checkpoint(trainer, tmp_path / "h.safetensors"))
    assert torch.equal(loaded.parameters()["layer2.bias"], trainer.parameters()["layer2.bias"])
    trainer.configure(lr=0.5, optimizer="adam")
    trainer.nudge()
    assert trainer.optimizer_state().steps == 1


def test_hand_engine_detects_divergence():
    # In float64 even lr 1e30 only saturates this net (the float32 torch engine overflows), so
    # poison one weight as an overflow would, and check the next nudge reports it.
    trainer = Trainer(seed=1, engine="hand")
    trainer.nudge()
    trainer._hand.params[0] = float("nan")
    trainer.nudge()
    assert trainer.diverged and not trainer.is_finite()


def test_unknown_engine_and_hand_off_the_cpu_are_refused():
    with pytest.raises(ConfigError, match="unknown engine"):
        Trainer(engine="jax")
    with pytest.raises(Exception, match="cuda|CPU"):
        Trainer(engine="hand", device="cuda")
