"""A frame's curves: a long run's thinned to a few thousand points, each with its true epoch."""

import dataclasses
import pickle
import random

import pytest
from rich.text import Text

from tinynet_core.limits import FRAME_CURVE_POINTS
from tinynet_tui.curves import curve_points, stride_for
from tinynet_tui.driver import Driver, StartOptions
from tinynet_tui.tours import facts
from tinynet_tui.widgets.loss_chart import LossChart

from .test_loss_chart import ChartApp, x_labels


@pytest.mark.parametrize("length", [0, 1, 4096, 4097, 10_000, 100_000])
def test_a_history_keeps_at_most_the_limit_with_its_first_and_newest_epoch(length):
    kept = curve_points(first_epoch=1, length=length)
    assert len(kept.indices) <= FRAME_CURVE_POINTS + 2
    assert kept.epochs == tuple(1 + i for i in kept.indices)
    if length:
        assert kept.indices[0] == 0 and kept.indices[-1] == length - 1
    if length <= FRAME_CURVE_POINTS:
        assert kept.indices == tuple(range(length))  # a short run: every epoch
    else:
        stride = stride_for(length)
        assert all(e % stride == 0 for e in kept.epochs[1:-1])


def test_the_same_epochs_stay_kept_as_the_run_grows():
    """Counted from epoch numbers, so a growing curve does not shimmer from frame to frame."""
    before = set(curve_points(1, 50_000).epochs[1:-1])
    after = set(curve_points(1, 50_001).epochs[1:-1])
    assert before == after or before <= after
    # A history that dropped its oldest epochs keeps the same multiples.
    assert set(curve_points(10_001, 40_000).epochs[1:-1]) <= set(curve_points(1, 50_000).epochs)


def test_a_shorter_curve_lines_up_at_the_newest_epoch():
    kept = curve_points(first_epoch=1, length=10)
    assert kept.of(list(range(10))) == tuple(range(10))
    assert kept.of([7, 8, 9]) == (7, 8, 9)  # started at epoch 8
    assert kept.of(list(range(-5, 10))) == tuple(range(10))  # a longer one: its newest part


def long_run_frame(epochs: int):
    """A discovery frame whose trainer holds `epochs` epochs of made-up but distinct curves."""
    driver = Driver(StartOptions(preset="discovery", seed=0), [].append)
    driver._start_engine()
    driver._nudge(1)
    trainer = driver.trainer
    trainer.loss_history[:] = [1.0 / (i + 1) for i in range(epochs)]
    trainer.movement_history[:] = [random.Random(i).random() for i in range(epochs)]
    trainer.epochs_done = epochs
    return driver._frame(), trainer


def test_a_long_runs_frame_is_small_and_each_point_is_at_its_epoch():
    frame, trainer = long_run_frame(100_000)
    assert len(frame.loss_history) <= FRAME_CURVE_POINTS + 2
    assert len(pickle.dumps(frame)) < 1_000_000  # it was 4.5 MB
    epochs = frame.epochs_of(frame.loss_history)
    assert epochs[0] == 1 and epochs[-1] == frame.epochs_done == 100_000
    assert all(loss == 1.0 / epoch for loss, epoch in zip(frame.loss_history, epochs))
    assert all(m == trainer.movement_history[e - 1] for m, e in zip(frame.movement_history, frame.epochs_of(frame.movement_history)))


def test_a_short_runs_frame_holds_every_epoch():
    frame, trainer = long_run_frame(300)
    assert frame.loss_history == tuple(trainer.loss_history)
    assert frame.epochs_of(frame.loss_history) == tuple(range(1, 301))


async def test_the_chart_of_a_thinned_run_ends_at_its_newest_epoch():
    frame, _ = long_run_frame(100_000)
    app = ChartApp()
    async with app.run_test(size=(70, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(frame)
        await pilot.pause()
        labels = x_labels(Text.from_ansi(chart.plt.build()).plain)
        this_epoch = 1 if frame.epoch_losses else 0  # the epoch under way has its own point
        assert labels[0] == "1" and labels[-1] == str(100_000 + this_epoch)


def test_when_learned_is_exact_on_a_short_run_and_a_range_on_a_thinned_one():
    frame, _ = long_run_frame(300)
    losses = (0.5,) * 10 + (0.001,) * 290
    assert facts.when_learned(dataclasses.replace(frame, loss_history=losses)) == "at epoch 11"
    thinned = dataclasses.replace(frame, loss_history=(0.5, 0.5, 0.001), curve_epochs=(1, 64, 128), epochs_done=128)
    assert facts.when_learned(thinned) == "between epochs 65 and 128"
    assert facts.when_learned(dataclasses.replace(frame, loss_history=(0.5,) * 300)) is None
