"""The nudge inspector: opened by key or click, shows this nudge's numbers, follows training."""

import re

import pytest

from tinynet_tui.app import TinyNetApp
from tinynet_tui.numbers import precise
from tinynet_tui.screens.inspector import DIGITS, InspectorScreen, InspectorView

from .helpers import nudge, press_and_wait, rendered_text, wait_for, wait_ready

SIZE = (100, 32)


def inspector_text(app) -> str:
    return rendered_text(app.screen.query_one(InspectorView).current, width=100)


async def test_keyboard_opens_the_inspector_on_the_chosen_weight_with_its_numbers():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)  # the third nudge learns from the left column [1 0 1 0]
        await pilot.press("tab", "down", "right", "right")  # weights pane: h1, BL
        await press_and_wait(pilot, "i", lambda: isinstance(app.screen, InspectorScreen), "the inspector")
        text = inspector_text(app)
        assert "layer1.weight[h1, BL]" in text and "pixel BL into hidden node h1" in text
        assert "via H" in text and "via V" in text
        frame = app.frame
        assert precise(frame.grads["layer1.weight"][1][2], DIGITS) in text
        assert precise(frame.values["layer1.weight"][1][2], DIGITS) in text  # "after" is the new value
        assert "#3 learned from left column" in text


async def test_stepping_with_the_inspector_open_updates_it():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "i", lambda: isinstance(app.screen, InspectorScreen), "the inspector")
        assert "No nudge yet" in inspector_text(app)
        await nudge(pilot)
        await wait_for(pilot, lambda: "#1" in inspector_text(app), "the first nudge's numbers")
        await nudge(pilot)
        await wait_for(pilot, lambda: "#2" in inspector_text(app) and "bottom row" in inspector_text(app), "live update")
        await pilot.press("down", "down", "down")  # h0 -> H row: a layer2 weight
        assert "layer2.weight[H, h0]" in inspector_text(app) and "via V" not in inspector_text(app)
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, InspectorScreen), "back")


async def test_clicking_a_weight_opens_the_inspector_on_it():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        # Inside the border (1) and padding (1): label column 9, cells 8 wide; line 3 is h1.
        await pilot.click("#weights", offset=(2 + 9 + 8 + 2, 1 + 3))
        await wait_for(pilot, lambda: isinstance(app.screen, InspectorScreen), "the inspector")
        assert "layer1.weight[h1, TR]" in inspector_text(app)


async def test_adam_updates_are_explained_with_moments():
    from tinynet_tui.driver import StartOptions

    app = TinyNetApp(StartOptions(preset="relu-v2-regularized"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await press_and_wait(pilot, "i", lambda: isinstance(app.screen, InspectorScreen), "the inspector")
        text = inspector_text(app)
        for term in ("m̂", "v̂", "weight decay", "bias-corrected"):
            assert term in text


def shown(text: str, name: str) -> float:
    """The number on the inspector's line for `name`."""
    return float(re.search(rf"^\s*{re.escape(name)}\s+([+-][0-9.e+-]+)", text, re.M).group(1))


async def test_every_line_can_be_recomputed_from_the_numbers_shown():
    from tinynet_tui.driver import StartOptions

    app = TinyNetApp(StartOptions(preset="relu-v2-regularized"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await press_and_wait(pilot, "i", lambda: isinstance(app.screen, InspectorScreen), "the inspector")
        view = app.screen.query_one(InspectorView)
        step = app.frame.nudges
        for row in range(5):
            for col in range(5 if row < 3 else 4):
                view.cursor = (row, col)
                view.show(app.frame)
                text = inspector_text(app)
                v, v_hat = shown(text, "v"), shown(text, "v̂")
                assert v_hat == pytest.approx(v / (1 - 0.999**step), rel=1e-3, abs=1e-12), (row, col, text)
                m_hat = shown(text, "m̂")
                assert m_hat == pytest.approx(shown(text, "m") / (1 - 0.9**step), rel=1e-3, abs=1e-12)
                if v_hat > 0:
                    lr = float(re.search(r"lr = ([0-9.e-]+)", text).group(1))
                    assert shown(text, "step") == pytest.approx(-lr * m_hat / (v_hat**0.5 + 1e-8), rel=2e-3, abs=1e-9)
