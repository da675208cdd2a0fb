"""The loss chart and rewind: a click on the chart moves to that epoch's end; other runs' curves drawn over it."""

from __future__ import annotations

from rich.text import Text

from tinynet_tui.app import TinyNetApp
from tinynet_tui.script import ScriptError, parse_script
from tinynet_tui.widgets.loss_chart import RUNNING_MARKER, LossChart

from .helpers import press_and_wait, wait_for, wait_ready

BRAILLE = range(0x2801, 0x2900)  # the other runs' line (OTHER_RUN_MARKER); the run on screen draws in blocks


def braille_in(chart: LossChart) -> bool:
    """Whether the chart draws a braille line: another run's curve."""
    return any(ord(char) in BRAILLE for char in Text.from_ansi(chart.plt.build()).plain)


def column_of(chart: LossChart, epoch: int) -> int:
    """The content column the chart maps to `epoch` (searched through epoch_at)."""
    columns = [c for c in range(chart.content_region.width) if chart.epoch_at(c) is not None]
    return min(columns, key=lambda c: abs(chart.epoch_at(c) - epoch))


async def test_a_click_on_the_chart_shows_the_end_of_the_epoch_under_it():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        app.engine.train(40)
        await wait_for(pilot, lambda: app.frame.epochs_done == 40, "40 epochs")
        await pilot.pause(0.2)
        chart = app.loss_chart
        assert chart.epoch_at(-1) is None  # off the plot: nothing picked
        column = column_of(chart, 10)
        picked = chart.epoch_at(column)
        assert abs(picked - 10) <= 1  # a column spans about 0.7 epochs here
        border = chart.content_region.x - chart.region.x
        await pilot.click(LossChart, offset=(column + border, 2))
        await wait_for(pilot, lambda: app.frame.timeline.past, "the past")
        timeline = app.frame.timeline
        assert timeline.epochs_done == picked and app.frame.epochs_done == picked
        assert timeline.nudges == picked * app.frame.samples_per_epoch  # TinyNet: one nudge a pattern, at the epoch's end
        # The chart keeps the whole run, up to now.
        assert chart.epoch_at(column_of(chart, 40)) == 40
        # A nudge back, inside the epoch: its loss so far is drawn at that epoch, not at the run's end.
        await press_and_wait(pilot, "less_than_sign", lambda: app.frame.epochs_done == picked - 1, "a nudge back")
        await pilot.pause(0.2)
        assert app.frame.epoch_losses
        lines = Text.from_ansi(chart.plt.build()).plain.splitlines()
        (column,) = {line.index(RUNNING_MARKER) for line in lines if RUNNING_MARKER in line}
        assert abs(chart.epoch_at(column) - picked) <= 1


async def test_another_runs_curve_is_drawn_over_the_chart_in_its_colour():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        app.engine.train(30)
        await wait_for(pilot, lambda: app.frame.epochs_done == 30, "30 epochs")
        await pilot.pause(0.2)
        assert app.frame.other_runs == () and not braille_in(app.loss_chart)
        app.post_message(LossChart.Picked(10))
        await wait_for(pilot, lambda: app.frame.timeline.past, "epoch 10")
        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "a branch")
        (other,) = app.frame.other_runs
        assert other.name == "run 1" and other.epochs[-1] == 30 and len(other.losses) == 30
        assert app.frame.epochs_done == 10  # the branch goes on from epoch 10
        await pilot.pause(0.7)  # the chart replots at most twice a second while running
        chart = app.loss_chart
        assert braille_in(chart) and "run 1" in chart.border_title
        assert chart.epoch_at(column_of(chart, 30)) == 30  # the axis reaches the other run's end


def test_a_script_clicks_the_chart_at_an_epoch():
    (action,) = parse_script("chart 12")
    assert (action.kind, action.args) == ("chart", (12,))
    for bad in ("chart", "chart 0", "chart -3", "chart 1.5", "chart 12 13"):
        try:
            parse_script(bad)
        except ScriptError as err:
            assert "chart EPOCH" in str(err)
        else:
            raise AssertionError(f"{bad!r} was accepted")


async def test_a_scripts_chart_click_is_on_screen_before_its_next_screenshot(tmp_path):
    """The script waits for the click's move: the screenshot after `chart 3` shows the past, not now."""
    app = TinyNetApp(script=parse_script("key e e e e e\nchart 3\nscreenshot picked"), screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "picked.svg").exists(), "the script's screenshot")
        svg = (tmp_path / "picked.svg").read_text()
        assert "the&#160;past" in svg or "the past" in svg
        assert app.frame.timeline.past and app.frame.epochs_done == 3
