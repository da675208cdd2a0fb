"""The app on the lab's worlds: it starts on each, trains, walks held-out examples, and inspects any weight."""

from __future__ import annotations

import pytest

from tinynet_tui.__main__ import parse_options
from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.graph_view import GraphScreen
from tinynet_tui.screens.layer_inspector import LayerInspectorScreen

from .helpers import press_and_wait, rendered_text, wait_for, wait_ready


def lab_app(*argv: str) -> TinyNetApp:
    options, _ = parse_options(list(argv))
    return TinyNetApp(options)


@pytest.mark.parametrize("argv", [["--world", "digits"], ["--world", "spiral-3"], ["--world", "curve"], ["--world", "diabetes"], ["--preset", "journey-notebook1"]])
async def test_each_world_starts_trains_and_names_itself(argv):
    app = lab_app(*argv)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        assert app.frame.world.name == app.frame.config["world"]
        assert len(app.frame.prediction) == app.frame.world.sizes[-1]
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "an epoch")
        assert app.frame.last is not None and app.frame.changes is not None
        # The status line says what the last nudge learned from, in this world's words.
        assert "last nudge" in app.status_line.render().plain


async def test_p_walks_the_held_out_examples_and_m_jumps_to_a_mistake():
    app = lab_app("--world", "digits")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "p", lambda: app.frame.example is not None, "an example")
        first = app.frame.example
        assert first.index == 0 and first.count == app.frame.world.validation_count
        assert app.frame.probe == app.frame.grid_input and len(app.frame.probe) == 64
        await press_and_wait(pilot, "M", lambda: app.frame.example is not None and app.frame.example.correct is False, "a mistake")


async def test_the_layer_inspector_follows_the_nudges_and_the_graph_opens_on_its_weight():
    app = lab_app("--world", "spiral-3")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.view, LayerInspectorScreen), "the layer inspector")
        await press_and_wait(pilot, "n", lambda: app.frame.weight_story is not None, "a story")
        story = app.frame.weight_story
        assert story.name == "layer1.weight[0,0]"
        assert story.grad == pytest.approx(app.frame.grads["layer1.weight"][0][0], rel=1e-4, abs=1e-8)
        await pilot.press("down", "right_square_bracket")
        await wait_for(pilot, lambda: app.frame.weight_story is not None and app.frame.weight_story.name == "layer1.bias[0]", "another parameter")
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.view, GraphScreen), "the graph")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.view is app.main_screen, "the main screen")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.frame.nudges == 2, "a nudge")
        assert app.frame.weight_story is None  # nobody reads it any more: the engine stopped telling it


async def test_the_help_speaks_of_the_network_on_show():
    from textual.widgets import Static

    from tinynet_tui.screens.help import HelpScreen

    app = lab_app("--world", "digits")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = " ".join(rendered_text(static.content, 100) for static in app.screen.query(Static))
        assert "64 → 16 → 10 network learn digits" in text
        assert "Graph (b)" in text
        assert "Verdicts (V)" not in text and "the verdict map" not in text  # TinyNet's own views are left out here


async def test_switching_worlds_swaps_the_input_view_and_the_keys_that_work():
    from textual.widgets._footer import FooterKey

    from tinynet_tui.input_views import input_view_for

    def footer() -> str:
        return " ".join(str(key.description) for key in app.screen.query(FooterKey))

    app = TinyNetApp()
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_ready(pilot)
        assert "Verdicts" in footer()
        app.engine.reset(preset="spiral-softmax")
        await wait_for(pilot, lambda: app.frame.world.name == "spiral-3", "the spiral")
        await wait_for(pilot, lambda: type(app.input_view) is input_view_for("plane") and "Verdicts" not in footer(), "the plane's view")
        assert app.check_action("open_view", ("verdicts",)) is False
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == 1, "a nudge on the spiral")
        app.engine.reset(preset="discovery")
        await wait_for(pilot, lambda: app.frame.world.is_tinynet and type(app.input_view) is input_view_for("pixels"), "TinyNet again")
        await wait_for(pilot, lambda: "Verdicts" in footer(), "TinyNet's keys")
        await press_and_wait(pilot, "V", lambda: app.view is not app.main_screen, "the verdict map")
