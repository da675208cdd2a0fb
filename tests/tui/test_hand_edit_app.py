"""Editing a weight by hand in the app: the panes follow at once, the edit is a step in the history, "what if" charts it."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.edit_weight import EditWeightScreen

from .helpers import nudge, press_and_wait, wait_for, wait_ready


def first_weight(frame) -> float:
    return frame.values["layer1.weight"][0][0]


async def test_typing_a_value_sets_the_weight_and_the_answer_and_the_loss_follow():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        before = app.frame
        await press_and_wait(pilot, "E", lambda: isinstance(app.screen, EditWeightScreen) and app.frame.loss_slice is not None, "the edit view")
        cut = app.frame.loss_slice
        assert cut.current == first_weight(before) and cut.losses[len(cut.losses) // 2] == pytest.approx(cut.loss, rel=1e-5)
        app.screen.query_one(Input).value = "1.5"
        await press_and_wait(pilot, "enter", lambda: first_weight(app.frame) == 1.5, "the edit")
        edited = app.frame
        assert edited.prediction != before.prediction and edited.nudges == 2  # an edit is no nudge
        assert edited.timeline.kind == "edited by hand" and edited.timeline.steps == 3
        assert edited.changes["layer1.weight"][0][0] == pytest.approx(1.5 - first_weight(before))
        assert edited.loss_slice.current == 1.5 and edited.loss_slice.loss != cut.loss
        await press_and_wait(pilot, "up", lambda: first_weight(app.frame) == pytest.approx(1.51), "an arrow's nudge")
        app.screen.query_one(Input).value = "lots"
        await pilot.press("enter")
        assert "Enter a number" in str(app.screen.query_one("#edit-loss").render())
        await press_and_wait(pilot, "escape", lambda: app.screen is app.main_screen, "the main screen")
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == 3 and app.frame.loss_slice is None, "a nudge without a slice")
        # Rewind shows the edits as steps: two back is the first edit.
        for step in (4, 3):
            await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.step == step, "a step back")
        assert app.frame.timeline.kind == "edited by hand" and first_weight(app.frame) == 1.5 and app.frame.values == edited.values
        await press_and_wait(pilot, "E", lambda: any("read-only" in n.message for n in app._notifications), "E refused in the past")
        assert app.screen is app.main_screen
