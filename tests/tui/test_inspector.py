"""The nudge inspector: opened by key or click, shows this nudge's numbers, follows training."""

import re

import pytest

from tinynet_tui.app import TinyNetApp
from tinynet_tui.numbers import precise
from tinynet_tui.screens.inspector import DIGITS, InspectorScreen, InspectorView, explanation

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


def page(frame, name: str, index: tuple[int, ...]) -> str:
    """The inspector's page for one parameter of a frame, as plain text (wide, so tables keep their rows)."""
    return rendered_text(explanation(frame.nudge_math, frame, name, index), width=400)


def prose(text: str) -> str:
    """A page's text with its line breaks undone, for reading sentences."""
    return " ".join(text.split())


def first_nudge(**changes):
    from .test_tours import nudged_frame

    return nudged_frame("relu-v2-regularized", **{"noise": 0.0, **changes})


def test_coupled_l2_inside_adam_is_explained_in_words_with_this_weights_move():
    frame = first_nudge()  # the top row: pixel BL is dark, so [h0, BL] has no loss gradient
    text = prose(page(frame, "layer1.weight", (0, 2)))
    assert "Coupled L2 inside Adam: the decay wd·w is added to the loss gradient" in text
    assert "still moves a whole lr step" in text and "AdamW (optimizer adamw) decouples the decay" in text
    step = frame.changes["layer1.weight"][0][2]
    assert f"Here this weight's loss gradient is 0, and Adam's step moved it {precise(step, DIGITS)}" in text
    lit = prose(page(frame, "layer1.weight", (0, 0)))  # TL is lit: a loss gradient, no such sentence
    assert "Coupled L2 inside Adam" in lit and "Here this weight's loss gradient is 0" not in lit


def test_adamw_is_explained_as_decoupled_and_its_decay_shown():
    frame = first_nudge(optimizer="adamw")
    text = prose(page(frame, "layer1.weight", (0, 2)))
    assert "Decoupled weight decay (AdamW): the weight is multiplied by (1 - lr·wd) before Adam's step" in text
    before = frame.nudge_math.update.before[2]
    decay = frame.nudge_math.update.shrunk[2] - before
    assert f"Here the decay moved this weight {precise(decay, DIGITS)} and Adam's step {precise(0.0, DIGITS)}." in text
    assert "Coupled L2" not in text


def test_no_decay_words_without_weight_decay_or_without_adam():
    assert "weight decay" not in page(first_nudge(weight_decay=0.0), "layer1.weight", (0, 2)).lower()
    assert "Coupled L2" not in page(first_nudge(optimizer="sgd"), "layer1.weight", (0, 2))


def test_adams_first_v_is_shown_so_it_can_be_recomputed():
    # Adam's v on the first step is (1 - 0.999)·g², far below what 6 decimals show.
    text = page(first_nudge(), "layer1.weight", (0, 0))
    v = shown(text, "v")
    assert v != 0 and v == pytest.approx(0.001 * shown(text, "g = grad + wd·w") ** 2, rel=1e-3)


def test_the_output_slope_lines_can_be_recomputed_from_the_outputs_shown():
    text = page(first_nudge(), "layer2.weight", (0, 1))
    o = float(re.search(r"output H said ([0-9.e-]+), target", text).group(1))
    target = float(re.search(r"output H said [0-9.e-]+, target ([0-9.]+)", text).group(1))
    assert shown(text, "dL/do_H") == pytest.approx(o - target, rel=1e-4, abs=1e-5)  # MSE: 2·(o - t)/2
    assert shown(text, "do_H/dz2") == pytest.approx(o * (1 - o), rel=1e-4)
