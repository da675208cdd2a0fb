"""The app driven like a user would: keys, clicks, prompts, resizes."""

from __future__ import annotations

import pytest

from tinynet_core.config import preset_config
from tinynet_core.trainer import Trainer
from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tinynet_tui.driver import StartOptions
from tinynet_tui.widgets.pixel_grid import PixelGrid
from tinynet_tui.widgets.status import settings_line
from tinynet_tui.widgets.weights import WeightsPane, fit_number

from .helpers import nudge, press_and_wait, rendered_text, wait_for, wait_ready

SIZE = (120, 40)
MARKERS = {"▲": 1, "△": 1, "▼": -1, "▽": -1, "·": 0, "!": 2}


def markers_by_row(pane: WeightsPane) -> dict[str, list[int]]:
    """The change marker (+1 up, -1 down, 0 none) of every cell, as painted, keyed by row label."""
    rows = {}
    for line in rendered_text(pane.render(), width=100).splitlines():
        words = line.split()
        if words and words[0] in ("h0", "h1", "h2", "H", "V") and len(words) > 3:
            rows.setdefault(words[0], []).extend(MARKERS[cell[-1]] for cell in words[2:])
    return rows


def sign(x: float) -> int:
    return (x > 0) - (x < 0)


async def test_a_nudge_updates_the_weights_and_marks_exactly_those_that_changed():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        before = app.frame.values
        assert set(markers_by_row(app.query_one(WeightsPane))["h0"]) == {0}
        await nudge(pilot)
        frame = app.frame
        assert frame.values != before
        changes = frame.changes
        expected = {
            **{f"h{r}": [sign(v) for v in changes["layer1.weight"][r]] + [sign(changes["layer1.bias"][r])] for r in range(3)},
            **{o: [sign(v) for v in changes["layer2.weight"][r]] + [sign(changes["layer2.bias"][r])] for r, o in enumerate("HV")},
        }
        painted = markers_by_row(app.query_one(WeightsPane))
        assert painted == expected
        # The first nudge learns from the top row [1 1 0 0]: the dark pixels' weights cannot move.
        assert [row[2:4] for name, row in painted.items() if name.startswith("h")] == [[0, 0]] * 3
        assert sum(v != 0 for row in painted.values() for v in row) == 17


async def test_the_value_shown_is_the_new_value():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        text = rendered_text(app.query_one(WeightsPane).render(), width=100)
        assert f"{app.frame.values['layer2.bias'][0]:+.3f}" in text


async def test_views_cycle_through_changes_and_gradients():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        await pilot.press("v")
        assert pane.view == "changes"
        assert fit_number(app.frame.changes["layer2.bias"][0]) in rendered_text(pane.render(), 100)
        await pilot.press("v")
        assert pane.view == "gradients"
        assert fit_number(app.frame.grads["layer2.bias"][0]) in rendered_text(pane.render(), 100)


async def test_clicking_a_pixel_changes_the_prediction():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: app.frame.grid_input == (1.0, 1.0, 0.0, 0.0))
        old = app.frame.prediction
        await pilot.click("#cell-1-0")
        await wait_for(pilot, lambda: app.frame.grid_input == (1.0, 1.0, 0.25, 0.0), "the new prediction")
        assert app.frame.prediction != old
        assert "25%" not in str(app.query_one("#prediction").render())  # bars show the net, not the pixel


async def test_keyboard_editing_of_the_grid():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        assert grid.has_focus
        await pilot.press("down", "right", "4")
        assert grid.pixels == (1.0, 1.0, 0.0, 1.0)
        await pilot.press("h", "space")
        assert grid.pixels == (1.0, 1.0, 0.25, 1.0)
        await pilot.press("k", "0")
        assert grid.pixels == (0.0, 1.0, 0.25, 1.0)
        await wait_for(pilot, lambda: app.frame.grid_input == grid.pixels, "the prediction for the drawing")
        expected = Trainer(seed=0).predict(list(grid.pixels)).tolist()  # the same untrained network
        assert app.frame.prediction == pytest.approx(expected)


async def test_pattern_key_puts_examples_on_the_grid():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "p")
        assert app.query_one(PixelGrid).pixels == (0.0, 0.0, 1.0, 1.0)
        assert "bottom row" in str(app.query_one("#pattern-name").render())


async def test_epoch_key_finishes_the_epoch():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1)
        assert app.frame.nudges == 4 and len(app.frame.loss_history) == 1


async def test_run_pause_and_reset():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        initial = app.frame.values
        await press_and_wait(pilot, "r", lambda: app.frame.running, "run mode")
        await wait_for(pilot, lambda: app.frame.nudges >= 30, "training to progress")
        await press_and_wait(pilot, "r", lambda: not app.frame.running, "pause")
        paused_at = app.frame.nudges
        await pilot.pause(0.3)
        assert app.frame.nudges == paused_at
        await press_and_wait(pilot, "R", lambda: app.frame.nudges == 0, "reset")
        assert app.frame.values == initial and app.frame.loss_history == ()
        await press_and_wait(pilot, "s", lambda: app.frame.seed == 1, "new seed")
        assert app.frame.values != initial


async def test_speed_control_changes_nudges_per_frame():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        start = app.frame.speed
        await press_and_wait(pilot, "plus", lambda: app.frame.speed > start)
        for _ in range(10):
            await pilot.press("plus")
        await wait_for(pilot, lambda: app.frame.speed == 0, "fastest")
        for _ in range(10):
            await pilot.press("minus")
        await wait_for(pilot, lambda: app.frame.speed == 1, "one nudge per frame")


async def test_step_while_running_explains_instead_of_acting():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "r", lambda: app.frame.running)
        await pilot.press("n")
        await wait_for(pilot, lambda: any("press r to pause" in n.message for n in app._notifications), "the notice")


async def test_learning_rate_prompt_rejects_bad_input_then_applies():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the prompt")
        await pilot.press("ctrl+a", "ctrl+k", *"abc", "enter")
        assert "Enter a number" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"0.5", "enter")
        await wait_for(pilot, lambda: app.frame.lr == 0.5, "the new learning rate")
        await nudge(pilot)
        # plain SGD: the bias of H moved by exactly -lr * its gradient
        frame = app.frame
        assert frame.changes["layer2.bias"][0] == pytest.approx(-0.5 * frame.grads["layer2.bias"][0], rel=1e-4)


async def test_preset_change_resets_with_a_notice():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.query("#choice-list"), "the preset list")
        await pilot.press("down", "down", "enter")  # discovery -> sigmoid-baseline -> relu-v1
        await wait_for(pilot, lambda: app.frame.preset == "relu-v1", "the preset")
        assert app.frame.nudges == 0 and app.frame.config["activation"] == "relu"
        assert any("network was reset" in n.message for n in app._notifications)


async def test_nan_stops_the_run_and_reset_recovers():
    app = TinyNetApp(StartOptions(seed=1, lr=1e30))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.query("#choice-list"), "the activation list")
        await pilot.press("down", "down", "enter")  # sigmoid -> relu -> leaky_relu
        await wait_for(pilot, lambda: app.frame.config["activation"] == "leaky_relu")
        await press_and_wait(pilot, "r", lambda: app.frame.diverged, "divergence")
        assert not app.frame.running
        assert "loss is NaN" in str(app.query_one("#status").render())
        nudges = app.frame.nudges
        await pilot.press("n")
        await wait_for(pilot, lambda: any("diverged" in n.message for n in app._notifications), "the refusal")
        assert app.frame.nudges == nudges
        await press_and_wait(pilot, "R", lambda: not app.frame.diverged, "reset")
        await nudge(pilot)
        assert "loss is NaN" not in str(app.query_one("#status").render())


@pytest.mark.parametrize("size", [(60, 20), (79, 24), (80, 23)])
async def test_too_small_terminal_says_what_size_is_needed(size):
    app = TinyNetApp()
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small").render())
        assert f"{size[0]}×{size[1]}" in message and f"needs at least {MIN_WIDTH}×{MIN_HEIGHT}" in message
        await pilot.press("d")  # nothing opens behind the notice
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the panes")


@pytest.mark.parametrize("keys, name", [
    (["question_mark"], "The help"),
    (["d"], "This view"),
    (["W"], "This view"),
    (["L"], "This dialog"),
    (["c"], "This dialog"),
])
async def test_every_screen_says_when_the_terminal_is_too_small(keys, name):
    app = TinyNetApp(StartOptions(preset="relu-v1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*keys)
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the screen")
        underneath = app.screen
        await pilot.resize_terminal(70, 20)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the too-small notice")
        message = str(app.screen.query_one("#too-small").render())
        assert "70×20" in message and f"{name} needs at least {MIN_WIDTH}×{MIN_HEIGHT}" in message
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: app.screen is underneath, "the screen again")


async def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "net.safetensors"
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 5)
        saved_values, saved_nudges = app.frame.values, app.frame.nudges
        await pilot.press("w")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the save prompt")
        await pilot.press("ctrl+a", "ctrl+k", *str(path), "enter")
        await wait_for(pilot, path.exists, "the file")
        await nudge(pilot, 3)
        assert app.frame.values != saved_values
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.query("#open-path"), "the open dialog")
        await pilot.press(*str(path), "enter")
        await wait_for(pilot, lambda: app.frame.nudges == saved_nudges, "the loaded network")
        assert app.frame.values == saved_values
        # The recipe keeps its name; the file is where the network came from, said apart.
        assert (app.frame.preset, app.frame.origin) == ("discovery", "net.safetensors")
        assert settings_line(app.frame).startswith("discovery · from net.safetensors · seed 0")
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the export prompt")
        assert app.screen.query_one("#prompt-input").value == "tinynet-discovery-seed0"


async def test_loading_a_bad_file_is_a_notice_and_loses_nothing(tmp_path):
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"\x80\x04K\x01.")
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        values = app.frame.values
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.query("#open-path"), "the open dialog")
        await pilot.press(*str(bad), "enter")
        await wait_for(pilot, lambda: any("PyTorch pickle" in n.message for n in app._notifications), "the error")
        await nudge(pilot)
        assert app.frame.nudges == 3 and app.frame.values != values


async def test_help_opens_and_closes():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: app.screen.query("#help-box"), "help")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.screen.query("#help-box"), "help to close")


async def test_buttons_work_with_the_mouse():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.click("#btn-step")
        await wait_for(pilot, lambda: app.frame.nudges == 1, "a nudge from the button")
        await pilot.click("#btn-epoch")
        await wait_for(pilot, lambda: app.frame.epochs_done == 1, "an epoch from the button")


async def test_quit_key_exits_cleanly():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_export_key_writes_loss_csv_and_weights_json(tmp_path):
    import json

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the export prompt")
        await pilot.press("ctrl+a", "ctrl+k", *str(tmp_path / "run"), "enter")
        await wait_for(pilot, lambda: (tmp_path / "run-weights.json").exists(), "the files")
        assert (tmp_path / "run-loss.csv").read_text().splitlines()[0] == "epoch,loss"
        weights = json.loads((tmp_path / "run-weights.json").read_text())
        assert weights["parameters"]["layer2.bias"] == pytest.approx(app.frame.values["layer2.bias"])


async def test_load_a_published_model_by_name():
    from tinynet_tui.__main__ import parse_options

    options, _ = parse_options(["--load", "relu-v2-regularized"])
    app = TinyNetApp(options)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        epochs = preset_config("relu-v2-regularized").epochs
        assert (app.frame.preset, app.frame.origin) == ("relu-v2-regularized", "relu-v2-regularized.safetensors")
        assert app.frame.epochs_done == epochs
        # o takes a published model's name too.
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.query("#open-path"), "the open dialog")
        await pilot.press(*"relu-v1", "enter")
        await wait_for(pilot, lambda: app.frame.origin == "relu-v1.safetensors", "relu-v1")
        assert app.frame.preset == "relu-v1" and app.frame.epochs_done == preset_config("relu-v1").epochs
        await press_and_wait(pilot, "R", lambda: app.frame.origin is None, "a fresh network")
        assert app.frame.preset == "relu-v1"


def burst(app: TinyNetApp, *keys: str) -> None:
    """Keys as a fast typist (or a held key) sends them: all queued before any frame comes back."""
    for key in keys:
        app.simulate_key(key)


async def test_fast_repeated_keys_build_on_the_last_requested_value():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        burst(app, *["right_square_bracket"] * 50)
        await wait_for(pilot, lambda: app.frame.lr == 0.1 * 2**50, "lr 0.1 doubled 50 times")
        burst(app, *["left_square_bracket"] * 3, *["plus"] * 3, *["s"] * 4, "r", "r", "r")
        await wait_for(pilot, lambda: app.frame.seed == 4 and app.frame.running, "four new seeds, running")
        assert app.frame.lr == 0.1 * 2**47 and app.frame.speed == 200
        burst(app, "r", *["minus"] * 20)
        await wait_for(pilot, lambda: app.frame.speed == 1 and not app.frame.running, "the slowest speed, paused")


async def test_doubling_the_learning_rate_stops_at_the_engines_limit_and_says_so():
    from tinynet_core.config import MAX_LR

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        burst(app, *["right_square_bracket"] * 110)
        await wait_for(pilot, lambda: app.frame.lr == MAX_LR, "the capped learning rate")
        await wait_for(pilot, lambda: any("the most the optimizers can take" in n.message for n in app._notifications), "the notice")


async def test_keys_pressed_while_the_engine_starts_are_played_once_it_is_up():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        assert app.frame is None, "the engine should still be loading PyTorch"
        await pilot.press("n", "n", "right_square_bracket", "n")
        assert any("4 keys queued" in n.message for n in app._notifications)
        await wait_ready(pilot)
        await wait_for(pilot, lambda: app.frame.nudges == 3, "the three queued nudges")
        assert app.frame.lr == 0.2


async def test_notices_replace_each_other_and_stay_off_the_status_lines():
    from textual.widgets._toast import Toast

    app = TinyNetApp(StartOptions(seed=1, lr=1e30, preset="relu-v1"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "r", lambda: app.frame.diverged, "divergence")
        for _ in range(5):
            await pilot.press("n")
        await wait_for(pilot, lambda: any("diverged" in n.message for n in app._notifications), "the refusal")
        await pilot.pause(0.3)
        assert len(list(app._notifications)) == 1
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        for widget in (app.query_one("#status"), app.query_one("#controls")):
            assert not toasts[0].region.overlaps(widget.region), f"a notice covers {widget.id}"


async def test_script_screenshots_have_no_notices(tmp_path):
    from tinynet_tui.script import parse_script

    script = parse_script("key R\nkey right_square_bracket\nscreenshot shot")  # both notify
    app = TinyNetApp(script=script, screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "shot.svg").exists(), "the screenshot")
    text = (tmp_path / "shot.svg").read_text().replace("&#160;", " ")
    assert "Learning" not in text and "Reset" not in text.replace("Reset R", "")


def painted_lines(widget) -> list[str]:
    """The widget's lines exactly as drawn on screen."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


@pytest.mark.parametrize("width", [80, 100])
async def test_the_status_line_never_wraps_and_the_last_nudge_line_stays(width):
    app = TinyNetApp(StartOptions(seed=1, lr=1e30, preset="relu-v1"))
    async with app.run_test(size=(width, 24)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await press_and_wait(pilot, "r", lambda: app.frame.diverged, "divergence")
        await pilot.pause(0.1)
        first, second = painted_lines(app.query_one("#status"))
        assert "NaN" in first and f"lr {app.frame.lr:g}" in first and "…" not in first
        assert second.strip().startswith("last nudge:") and "said H" in second


def test_every_place_names_a_recipe_the_same_way():
    from tinynet_tui.naming import closest_preset, recipe_name, settings_summary
    from tinynet_tui.screens.compare import comparison

    relu_v1 = preset_config("relu-v1").to_dict()
    assert settings_summary(relu_v1) == "relu · sgd+mom 0.9 · lr 0.1 · mse"
    assert recipe_name("relu-v1", relu_v1) == "relu-v1"
    changed = preset_config("relu-v1").replace(lr=0.001, hidden_bias=0.5).to_dict()
    assert recipe_name("relu-v1", changed) == "relu-v1 with lr 0.001, hidden bias 0.5"
    assert closest_preset(changed) == "relu-v1"
    assert closest_preset(preset_config("relu-v2-regularized").replace(lr=0.5).to_dict()) == "relu-v2-regularized"
    # The footer and the compare view use the same words for relu-v1's momentum SGD.
    from tinynet_tui.frame import PublishedAnswers

    model = PublishedAnswers("relu-v1", 0, relu_v1, 100, 0.01, ((0.5, 0.5),) * 8, ((0.5, 0.5),) * 16)
    shown = rendered_text(comparison([model]), width=200)
    assert "relu · sgd+mom 0.9" in shown and "lr 0.1 · mse" in shown
    frame = type("FrameLike", (), {"preset": "relu-v1", "origin": None, "seed": 0, "config": relu_v1, "device": "cpu"})
    assert settings_line(frame) == "relu-v1 · seed 0 · relu · sgd+mom 0.9 · mse · cpu"


async def test_footer_names_the_changed_recipe():
    app = TinyNetApp(StartOptions(preset="relu-v1", lr=0.001))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert app.query_one(WeightsPane).border_subtitle == "relu-v1 with lr 0.001 · seed 0 · relu · sgd+mom 0.9 · mse · cpu"



async def test_the_command_palette_offers_every_action_preset_tour_and_the_theme_picker():
    from textual.command import CommandPalette

    from tinynet_core.config import PRESETS
    from tinynet_tui.tours import TOURS

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in app.BINDINGS:
            works_here = app.check_action(binding.action.split("(")[0], ())  # the plane's pen is not on TinyNet's world
            if binding.action not in ("quit", "change_theme") and not binding.action.startswith(("tour_step", "end_tour")) and works_here:
                assert binding.description in titles, binding.description
        assert {f"Preset: {name}" for name in PRESETS} <= titles and {f"Tour: {name}" for name in TOURS} <= titles
        assert {"Theme", "Quit"} <= titles
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Preset: relu-v1")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.frame.preset == "relu-v1", "the preset from the palette")


@pytest.mark.parametrize("width, hint", [(80, False), (120, True)])
async def test_the_palette_hint_leaves_the_footer_only_where_room_is_short(width, hint):
    from textual.widgets._footer import FooterKey

    app = TinyNetApp()
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_ready(pilot)
        keys = [key for key in app.screen.query(FooterKey) if key.has_class("-command-palette")]
        assert keys and keys[0].display == hint
        assert "Quit" in " ".join(str(key.description) for key in app.screen.query(FooterKey))


async def test_the_help_lists_every_binding_from_the_bindings_themselves():
    from tinynet_tui.screens.help import HelpScreen

    app = TinyNetApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "question_mark", lambda: isinstance(app.screen, HelpScreen), "the help")
        text = " ".join(rendered_text(static.content, width=200) for static in app.screen.query("Static"))
        rows = {}
        for line in text.splitlines():
            keys, _, words = line.strip().partition("  ")
            rows[keys.strip()] = words.strip()
        for binding in app.BINDINGS:
            key = app.get_key_display(binding.__class__(binding.key.split(",")[0], binding.action))
            if app.check_action(binding.action.split("(")[0], ()):  # the plane's pen is not on TinyNet's world
                assert any(key in keys.split() for keys in rows), f"{key} is missing from the help"
        # One action's bindings share a row, worded by the first one's tooltip.
        assert rows["[ ]"] == "halve / double the learning rate" and rows["d V t"].startswith("network diagram")
        assert "move the pixel cursor" in text and "inspect the weight under the cursor" in text
