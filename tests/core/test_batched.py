"""The batched trainer: every seed's network equals what the single trainer gives it."""

import pytest
import torch

from tinynet_core import PRESETS, TrainConfig, Trainer
from tinynet_core.batched import BatchedTrainer
from tinynet_core.evaluation import judge
from tinynet_core.world import ALL_BW_PATTERNS, STRESS_PATTERNS

SEEDS = [0, 1, 7, 42, 1234]
CONFIGS = [
    PRESETS["discovery"].config.replace(epochs=30),
    PRESETS["relu-v1"].config.replace(epochs=30),
    PRESETS["relu-v2-regularized"].config.replace(epochs=15),  # Adam, weight decay, noise, 13 samples
    TrainConfig(activation="tanh", loss="bce", lr=0.5, epochs=20),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.activation}-{c.optimizer}-{c.loss}-noise{c.noise}")
def test_each_seed_matches_the_single_trainer(config):
    batched = BatchedTrainer(config, SEEDS)
    batched.train(config.epochs)
    for m, seed in enumerate(SEEDS):
        single = Trainer(config, seed)
        single.train(config.epochs)
        assert batched.loss_history[:, m].tolist() == pytest.approx(single.loss_history, abs=1e-5)
        for name, tensor in single.parameters().items():
            assert torch.allclose(batched.parameters(m)[name], tensor, atol=1e-5, rtol=0), (seed, name)


def test_results_agree_with_the_single_trainers_verdicts():
    config = PRESETS["sigmoid-baseline"].config.replace(epochs=200)
    batched = BatchedTrainer(config, SEEDS)
    batched.train(config.epochs)
    for result in batched.results():
        single = Trainer(config, result.seed)
        single.train(config.epochs)
        assert result.stress == tuple(j.verdict.winner for j in judge(single, STRESS_PATTERNS))
        assert result.all16 == tuple(j.verdict.winner for j in judge(single, ALL_BW_PATTERNS))
        assert result.final_loss == pytest.approx(single.loss_history[-1], abs=1e-5)
        assert not result.diverged


def test_a_diverging_seed_is_reported():
    batched = BatchedTrainer(TrainConfig(activation="leaky_relu", lr=1e30), [1, 2])
    batched.train(3)
    assert any(r.diverged for r in batched.results())
