"""Rewind: every step of a run read back, or replayed from a keyframe, bit for bit as the run went."""

import math

import pytest
import torch

from tinynet_core.config import TrainConfig, preset_config
from tinynet_core.history import EDIT, NUDGE, START, History, HistoryError
from tinynet_core.step_window import StepWindow
from tinynet_core.trainer import Trainer

# A window of one small chunk and a keyframe every 10 steps: most steps are replayed.
TIGHT = {"window_bytes": 1, "chunk_bytes": 1, "keyframe_every": 10}


def run(config, engine, nudges, **limits):
    """A recorded run and the weights the trainer itself had after each step (index 0: the start)."""
    history = History(Trainer(config, seed=3, engine=engine), **limits)
    truth = [history.trainer.flat_parameters()]
    for _ in range(nudges):
        truth.append(history.nudge().after)
    return history, truth


CASES = {
    "TinyNet, hand engine": (TrainConfig(), "hand", 40),
    "TinyNet, torch engine": (TrainConfig(), "torch", 40),
    "TinyNet with input noise and Adam": (preset_config("relu-v2-regularized"), "hand", 40),
    "digits-mlp, batches of 32": (preset_config("digits-mlp"), "torch", 50),
    "spiral-softmax, Adam on all 240 points": (preset_config("spiral-softmax"), "torch", 25),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("limits", [{}, TIGHT], ids=["all kept", "replayed"])
def test_rewind_gives_the_runs_own_numbers(case, limits):
    config, engine, nudges = CASES[case]
    history, truth = run(config, engine, nudges, **limits)
    epoch_end = history.epoch_end(0)
    between = 17  # keyframes at 10 and 20
    for step in (nudges, between, epoch_end, 1):  # the latest first: a fresh spare trainer must restore everything
        moment = history.at(step)
        assert torch.equal(moment.after, truth[step]), step
        assert torch.equal(moment.before, truth[step - 1]), step
        assert moment.kind == NUDGE and moment.nudges == step
    assert history.at(0).kind == START and torch.equal(history.at(0).after, truth[0])
    if limits:
        assert history.window_start > between  # so the step between keyframes was truly replayed


def test_the_epoch_end_is_where_the_trainer_finished_an_epoch():
    history = History(Trainer(preset_config("digits-mlp"), seed=0))
    history.finish_epoch()
    assert history.epoch_end(0) == history.steps == history.trainer.nudges_per_epoch
    assert history.at(history.steps).epochs_done == 1 and history.at(history.steps - 1).epochs_done == 0
    with pytest.raises(HistoryError, match="epoch 1 did not end"):
        history.epoch_end(1)


def test_epoch_ends_outlive_the_window():
    history = History(Trainer(seed=1, engine="hand"), window_bytes=1, chunk_bytes=1, keyframe_every=10_000)
    ends = {}
    for _ in range(6):
        history.finish_epoch()
        ends[history.steps] = history.trainer.flat_parameters()
    assert history.window_start > 4
    for step, weights in ends.items():
        assert torch.equal(history.kept(step), weights)  # kept, not replayed


def test_a_record_of_a_past_nudge_is_the_original_record():
    history = History(Trainer(preset_config("digits-mlp"), seed=0), **TIGHT)
    records = [history.nudge() for _ in range(25)]
    again = history.record_at(14)
    assert again.loss == records[13].loss
    assert torch.equal(again.grad, records[13].grad) and torch.equal(again.after, records[13].after)
    assert history.record_at(0) is None


@pytest.mark.parametrize("engine", ["hand", "torch"])
def test_the_optimizer_state_before_a_past_nudge_is_the_runs(engine):
    history = History(Trainer(TrainConfig(optimizer="adam", lr=0.05), seed=0, engine=engine), **TIGHT)
    states = []
    for _ in range(25):
        states.append(history.trainer.optimizer_state())
        history.nudge()
    again = history.optimizer_state_before(17)
    assert (again.steps, again.m, again.v) == (states[16].steps, states[16].m, states[16].v)
    assert history.record_at(17).after.tolist() == history.at(17).after.tolist()


@pytest.mark.parametrize("engine", ["hand", "torch"])
def test_new_settings_mid_run_are_replayed_where_they_came(engine):
    history = History(Trainer(seed=2, engine=engine), **TIGHT)
    history.advance(13)
    history.trainer.configure(lr=1.0, momentum=0.9)
    truth = {14 + i: history.nudge().after for i in range(10)}
    for step in (14, 17, 23):
        assert torch.equal(history.at(step).after, truth[step])


@pytest.mark.parametrize("engine", ["hand", "torch"])
def test_a_hand_edit_is_a_step_of_its_own_and_replays(engine):
    history = History(Trainer(seed=2, engine=engine, config=TrainConfig(optimizer="adam", lr=0.05)), **TIGHT)
    history.advance(12)
    history.edit(5, 0.75)
    moment = history.at(13)
    assert moment.kind == EDIT and moment.edit == (5, 0.75) and moment.nudges == 12
    assert moment.change.nonzero().flatten().tolist() == [5] and moment.after[5] == 0.75
    truth = [history.nudge().after for _ in range(10)]
    assert torch.equal(history.at(23).after, truth[-1])
    assert history.step_of_nudge(13) == 14 and history.step_of_nudge(12) == 12


def test_the_optimizer_remembers_across_an_edit():
    trainer = Trainer(TrainConfig(optimizer="adam", lr=0.05), seed=2)
    history = History(trainer)
    history.advance(5)
    moments = trainer.optimizer_state().m
    history.edit(0, 0.5)
    assert trainer.optimizer_state().m == moments and trainer.optimizer_state().steps == 5


@pytest.mark.parametrize("engine", ["hand", "torch"])
def test_a_branch_goes_on_exactly_and_leaves_the_old_run_alone(engine):
    history, truth = run(TrainConfig(momentum=0.9), engine, 60, **TIGHT)
    old = [history.at(s).after for s in (30, 45, 60)]
    branch = History.branch(history, 25)
    assert branch.steps == 25 and branch.trainer.nudges == 25
    assert branch.trainer.loss_history == history.trainer.loss_history[:6]
    branch.advance(10)
    assert torch.equal(branch.at(35).after, truth[35]) and torch.equal(branch.trainer.flat_parameters(), truth[35])
    assert torch.equal(branch.at(20).after, truth[20])
    assert all(torch.equal(a, history.at(s).after) for a, s in zip(old, (30, 45, 60)))
    assert history.steps == 60


def test_a_branch_with_other_settings_parts_from_the_old_run():
    history, truth = run(TrainConfig(), "torch", 30)
    branch = history.branch(20)
    branch.trainer.configure(lr=1.0)
    branch.advance(5)
    assert torch.equal(branch.at(20).after, truth[20]) and not torch.equal(branch.at(25).after, truth[25])
    assert torch.equal(history.at(25).after, truth[25])


def test_memory_stays_within_the_stated_limits_and_thinned_keyframes_still_replay():
    history = History(Trainer(preset_config("digits-mlp"), seed=0), window_bytes=200_000, chunk_bytes=50_000,
                      keyframe_every=5, keyframe_bytes=100_000, epoch_end_bytes=10_000)
    truth = [history.trainer.flat_parameters()] + [history.nudge().after for _ in range(300)]
    size = history.layout.size * 4
    assert history._window.nbytes <= 200_000 + 50_000
    assert len(history._epoch_vectors) * size <= 10_000
    assert history._keyframe_total <= 100_000 and history.keyframe_every > 5
    assert history.nbytes <= 200_000 + 50_000 + 10_000 + 100_000
    for step in (7, 133, history.window_start - 1):
        assert history.kept(step) is None and torch.equal(history.at(step).after, truth[step])


def test_a_diverged_hand_engine_weight_is_kept_as_infinite():
    window = StepWindow(3, 0, chunk_bytes=1)
    window.append([1.0, 1e300, -1e300])
    assert window.get(0).tolist() == [1.0, math.inf, -math.inf]


def test_a_trainer_moved_behind_the_historys_back_is_caught():
    history = History(Trainer(seed=0, engine="hand"))
    history.trainer.advance(3)
    with pytest.raises(HistoryError, match="moved without it"):
        history.nudge()
    with pytest.raises(HistoryError, match="not in this run's history"):
        history.at(99)


def test_a_snapshot_restores_only_its_own_network():
    snapshot = Trainer(seed=0).snapshot()
    with pytest.raises(ValueError, match="another network or engine \\(hidden\\)"):
        Trainer(TrainConfig(hidden=(4,))).restore(snapshot)
    with pytest.raises(ValueError, match="\\(torch\\)"):
        Trainer(engine="hand").restore(snapshot)
