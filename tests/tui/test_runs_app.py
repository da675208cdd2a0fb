"""Runs side by side in the app: a branch makes a second run; U measures and compares them and switches between them."""

from __future__ import annotations

from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.runs import WAITING, RunsScreen

from .helpers import nudge, press_and_wait, rendered_text, wait_for, wait_ready


def current(app) -> str:
    return next(run.name for run in app.frame.timeline.runs if run.current)


async def test_the_runs_view_compares_the_runs_and_picks_the_one_to_train():
    app = TinyNetApp()
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 6)
        await press_and_wait(pilot, "home", lambda: app.frame.timeline.step == 0, "the start")
        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "the branch")
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "run 2's first epoch")

        await press_and_wait(pilot, "U", lambda: isinstance(app.screen, RunsScreen), "the runs view")
        table = app.screen.query_one("#runs-table")
        await wait_for(pilot, lambda: rendered_text(table.content, 110).strip() != WAITING, "the measurements")
        text = rendered_text(table.content, 110)
        assert "run 1" in text and "run 2 ◀" in text and "lr 0.1 · sgd" in text and "4" in text and "6" in text
        differ = rendered_text(app.screen.query_one("#runs-differ").content, 110)
        assert differ.startswith("run 2 and run 1 differ: weights most at layer")  # nudge 4 vs nudge 6 of the same start

        await pilot.press("up", "enter")  # train run 1 again
        await wait_for(pilot, lambda: current(app) == "run 1" and app.frame.nudges == 6, "run 1")
        await nudge(pilot)
        assert [(run.name, run.steps) for run in app.frame.timeline.runs] == [("run 1", 7), ("run 2", 4)]
