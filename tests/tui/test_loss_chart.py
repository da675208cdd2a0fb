"""The loss chart: both scales with any data, axes the right way up, whole epochs, readable curves."""

import math
import re

import pytest
from rich.text import Text
from textual.app import App

from tinynet_tui.app import TinyNetApp
from tinynet_tui.widgets.chart_axes import epoch_ticks
from tinynet_tui.widgets.loss_chart import LOSS_MARKER, MOVEMENT_MARKER, LossChart

from .helpers import nudge, press_and_wait, wait_ready


class ChartApp(App):
    """A loss chart alone, fed by hand."""

    def compose(self):
        yield LossChart()


async def drawn(losses=(), running=(), movement=(), log=False, size=(70, 14)) -> str:
    """The chart's plain text for these curves."""
    app = ChartApp()
    async with app.run_test(size=size) as pilot:
        chart = app.query_one(LossChart)
        chart.log_scale, chart.show_movement = log, bool(movement)
        chart._loss_history, chart._epoch_so_far, chart._movement_history = tuple(losses), tuple(running), tuple(movement)
        chart._epochs_done = len(losses)  # as a frame after that many epochs would say
        chart.replot()
        await pilot.pause()
        return Text.from_ansi(chart.plt.build()).plain


def y_labels(text: str) -> list[float]:
    """The left axis's tick labels, top to bottom."""
    return [float(m.group(1)) for line in text.splitlines() if (m := re.match(r"\s*([0-9.e+-]+)┤", line))]


def x_labels(text: str) -> list[str]:
    """The x axis's tick labels."""
    return text.splitlines()[-1].split()


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize(
    ("losses", "running", "movement"),
    [((), (), ()), ((), (0.3,), ()), ((0.3,), (), ()), ((0.3,), (0.2,), (0.01,)), ((0.3, 0.0, math.nan, 0.1), (math.inf,), (0.0, 0.2)), ((), (), (0.5,))],
)
async def test_any_curves_draw_on_either_scale(losses, running, movement, log):
    text = await drawn(losses, running, movement, log)
    assert "┤" in text or not losses + running  # a y axis whenever there is a loss to show


async def test_log_scale_on_an_empty_chart_then_a_nudge_keeps_the_app_alive():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await nudge(pilot)  # plotext raised here: log scale on an axis with no data
        await press_and_wait(pilot, "R", lambda: app.frame.nudges == 0, "a reset")
        await nudge(pilot)
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "an epoch")
        await pilot.pause()
        assert app.is_running and app.loss_chart.log_scale
        assert "┤" in Text.from_ansi(app.loss_chart.plt.build()).plain


@pytest.mark.parametrize("log", [False, True])
async def test_a_lone_point_has_its_axis_the_right_way_up(log):
    labels = y_labels(await drawn([0.27], log=log))
    assert len(labels) >= 2 and labels == sorted(labels, reverse=True)
    assert labels[-1] < 0.27 < labels[0]


@pytest.mark.parametrize(("epochs", "running"), [(1, ()), (3, (0.2,)), (37, ()), (200, (0.1,))])
async def test_the_x_axis_shows_whole_epochs_with_the_last_one_labelled(epochs, running):
    labels = x_labels(await drawn([0.3 / (1 + i) for i in range(epochs)], running))
    assert all(label.isdigit() for label in labels)
    assert int(labels[-1]) == max(2, epochs + len(running))  # the axis's end, labelled


def test_epoch_ticks_step_evenly_and_keep_the_last():
    assert epoch_ticks(1, 8) == [1]
    assert epoch_ticks(4, 8) == [1, 2, 3, 4]
    assert epoch_ticks(37, 6) == [1, 10, 20, 30, 37]
    assert epoch_ticks(32, 6) == [1, 10, 20, 32]  # 30 would crowd the last label
    assert epoch_ticks(100, 6) == [1, 20, 40, 60, 80, 100]


@pytest.mark.parametrize("movement", [(), (0.02, 0.01, 0.012, 0.004, 0.003)])
async def test_each_epoch_is_one_dot_and_the_movement_curve_never_covers_one(movement):
    losses = [0.27, 0.25, 0.2, 0.12, 0.1]
    text = await drawn(losses, movement=movement)
    assert text.count(LOSS_MARKER) == len(losses)
    assert (MOVEMENT_MARKER in text) == bool(movement)
