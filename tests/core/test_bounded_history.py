"""A long run keeps only the newest epochs of history, so its memory (and every frame's copy) is bounded."""

import pytest

import tinynet_core.trainer as trainer_module
from tinynet_core.export import loss_history_csv
from tinynet_core.trainer import Trainer

LIMIT, TRIM = 10, 3


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(trainer_module, "MAX_LOSS_HISTORY", LIMIT)
    monkeypatch.setattr(trainer_module, "HISTORY_TRIM", TRIM)


def test_the_history_keeps_the_newest_epochs_only(small_limit):
    full = Trainer(seed=2, engine="hand")
    full_history = []
    for _ in range(25):
        full.epoch()
        full_history.append(full.loss_history[-1])
    assert len(full.loss_history) <= LIMIT and len(full.movement_history) <= LIMIT
    assert full.history_start + len(full.loss_history) == full.epochs_done == 25
    assert full.loss_history == full_history[full.history_start :]


def test_the_csv_numbers_the_kept_epochs_truly(small_limit):
    trainer = Trainer(seed=2, engine="hand")
    trainer.train(25)
    lines = loss_history_csv(trainer.loss_history, trainer.history_start + 1).splitlines()
    assert lines[1].startswith(f"{trainer.history_start + 1},") and lines[-1].startswith("25,")
