"""FitWatch reads the curves as they grow and says what metrics.diagnose says of them whole."""

import math
import random

import pytest

from tinynet_core.config import preset_config
from tinynet_core.fit_watch import FitWatch
from tinynet_core.metrics import diagnose
from tinynet_core.trainer import Trainer


def curves(seed: int, epochs: int) -> tuple[list[float], list[float]]:
    """Train falling, validation falling then (for some seeds) rising, with NaNs sprinkled in."""
    rng = random.Random(seed)
    turn = rng.randrange(1, epochs + 1)
    train = [1.0 / (1 + 0.1 * e) + rng.random() * 0.01 for e in range(epochs)]
    val = [t + 0.05 + (0.01 * (e - turn) if e > turn else 0.0) for e, t in zip(range(epochs), train)]
    for _ in range(epochs // 20):
        rng.choice((train, val))[rng.randrange(epochs)] = rng.choice((math.nan, math.inf))
    return train, val


@pytest.mark.parametrize("seed", range(12))
def test_growing_curves_read_as_the_whole_curves_do(seed):
    train, val = [], []
    full_train, full_val = curves(seed, 300)
    watch = FitWatch()
    for end in range(0, 301, 7):
        train.extend(full_train[len(train) : end])
        val.extend(full_val[len(val) : end])
        assert watch.reading(train, val, 1) == diagnose(train, val, 1)
    assert {diagnose(*curves(s, 300)).kind for s in range(12)} >= {"overfitting", "good fit"}  # both readings are tried


def test_trimmed_rewound_or_new_curves_are_read_again():
    train, val = curves(3, 200)
    watch = FitWatch()
    watch.reading(train, val, 1)
    del train[:50], val[:50]  # a long run drops its oldest epochs: the history starts later
    assert watch.reading(train, val, 51) == diagnose(train, val, 51)
    other_train, other_val = curves(4, 120)  # a rewound or reset trainer's new lists
    assert watch.reading(other_train, other_val, 1) == diagnose(other_train, other_val, 1)
    assert watch.reading([], [], 1) == diagnose([], [], 1)


def test_a_real_runs_curves_read_the_same_each_epoch():
    trainer = Trainer(preset_config("journey-notebook3"), seed=0)
    watch = FitWatch()
    for _ in range(40):
        trainer.epoch()
        train, val = trainer.loss_history, trainer.val_loss_history
        assert watch.reading(train, val, trainer.history_start + 1) == diagnose(train, val, trainer.history_start + 1)


def test_a_first_loss_of_zero_is_read_without_dividing_by_it():
    assert diagnose([0.0, 0.0, 0.0], [0.1, 0.1, 0.1]).kind == "good fit"
