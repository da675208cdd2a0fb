"""Choosing a world, a preset and every setting in the app; curves that diagnose; the sweep on any world."""

import pytest
from rich.text import Text
from textual.widgets import Checkbox, Input, OptionList, Select

from tinynet_core.config import NEEDS_RESET, PRESETS, PROJECTS
from tinynet_core.options import world_defaults
from tinynet_core.worlds import WORLDS
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import StartOptions
from tinynet_tui.screens.settings import LIVE, REBUILD, SettingsScreen
from tinynet_tui.screens.sweep import SWEEP_SEEDS, SweepScreen
from tinynet_tui.screens.world_picker import PresetListScreen, WorldPickerScreen
from tinynet_tui.widgets.loss_chart import VAL_MARKER

from .helpers import nudge, press_and_wait, wait_for, wait_ready

SIZE = (100, 32)


def option_ids(options: OptionList) -> list:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def choose(pilot, option_id: str) -> None:
    """Highlight an option of the list on screen and press enter."""
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = option_ids(options).index(option_id)
    await pilot.press("enter")


async def open_settings(pilot) -> SettingsScreen:
    await press_and_wait(pilot, "comma", lambda: isinstance(pilot.app.screen, SettingsScreen), "the settings panel")
    return pilot.app.screen


async def type_into(pilot, field: str, text: str) -> None:
    """Type a value into a setting's field and press enter."""
    field_input = pilot.app.screen.query_one(f"#set-{field}", Input)
    field_input.focus()
    field_input.value = text
    await pilot.press("enter")


def note(screen, field: str) -> str:
    return str(screen.query_one(f"#note-{field}").render())


async def test_the_world_picker_lists_every_world_and_resets_to_its_first_preset():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        pixels_view = type(app.input_view)
        await press_and_wait(pilot, "O", lambda: isinstance(app.screen, WorldPickerScreen), "the world picker")
        options = app.screen.query_one(OptionList)
        assert option_ids(options) == list(WORLDS)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert all(world.summary in text for world, text in zip(WORLDS.values(), shown))
        await choose(pilot, "circle")
        await wait_for(pilot, lambda: app.frame.world.name == "circle" and type(app.input_view) is not pixels_view, "the circle world")
        assert app.frame.preset == "playground-circle" and app.frame.world.sizes == (2, 4, 2, 1)
        assert app.weights.border_subtitle.startswith("playground-circle · seed 0 · tanh · sgd · bce")


async def test_a_world_without_a_preset_starts_from_tinynets_defaults_and_is_named_whole(monkeypatch):
    monkeypatch.setattr("tinynet_tui.app.first_preset", lambda world: None)
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "O", lambda: isinstance(app.screen, WorldPickerScreen), "the world picker")
        await choose(pilot, "curve")
        await wait_for(pilot, lambda: app.frame.world.name == "curve", "the curve world")
        assert app.frame.config == world_defaults("curve").to_dict()
        # The preset's name (discovery) would say the 2x2 world: the recipe is described whole.
        assert app.weights.border_subtitle == "curve · hidden 3 · linear head · sigmoid · sgd · lr 0.1 · mse · 100 epochs · seed 0 · cpu"


async def test_the_preset_list_is_grouped_by_project_with_each_description():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "c", lambda: isinstance(app.screen, PresetListScreen), "the preset list")
        options = app.screen.query_one(OptionList)
        headings = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count) if options.get_option_at_index(i).disabled]
        assert headings == list(PROJECTS)
        ids = option_ids(options)
        for name, preset in PRESETS.items():
            index = ids.index(name)
            assert preset.summary in str(options.get_option_at_index(index).prompt)
            heading = max(i for i in range(index) if ids[i] is None)  # the nearest heading above
            assert str(options.get_option_at_index(heading).prompt) == preset.project
        await choose(pilot, "relu-v1")
        await wait_for(pilot, lambda: app.frame.preset == "relu-v1", "relu-v1")
        assert app.weights.border_subtitle.startswith("relu-v1 · seed 0 · relu · sgd+mom 0.9")


def test_the_panel_sorts_the_settings_by_what_a_change_needs():
    assert all(s.field in NEEDS_RESET for s in REBUILD)
    assert not any(s.field in NEEDS_RESET for s in LIVE)


async def test_a_new_learning_rate_and_optimizer_apply_from_the_next_nudge():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_settings(pilot)
        await type_into(pilot, "lr", "0.5")
        await wait_for(pilot, lambda: app.frame.config["lr"] == 0.5, "lr 0.5")
        assert note(screen, "lr") == "✓ lr 0.5"
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, SettingsScreen), "the lab")
        await nudge(pilot)
        # Plain SGD: each weight moved by -lr × its gradient, at the new rate.
        for name, grads in app.frame.grads.items():
            flat_grads = sum(grads, []) if isinstance(grads[0], list) else grads
            moved = app.frame.changes[name]
            flat_moved = sum(moved, []) if isinstance(moved[0], list) else moved
            assert flat_moved == pytest.approx([-0.5 * g for g in flat_grads], rel=1e-4, abs=1e-7)
        values = app.frame.values
        screen = await open_settings(pilot)
        screen.query_one("#set-optimizer", Select).value = "adam"
        await wait_for(pilot, lambda: app.frame.config["optimizer"] == "adam", "adam")
        assert app.frame.values == values and app.frame.nudges == 1  # live: the weights are kept
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, SettingsScreen), "the lab")
        await nudge(pilot)
        assert app.frame.config["optimizer"] == "adam" and "adam" in app.weights.border_subtitle


def layer_shapes(frame) -> list[tuple[int, int]]:
    """(outputs, inputs) of each layer's weights, from the frame's values."""
    weights = [values for name, values in sorted(frame.values.items()) if name.endswith(".weight")]
    return [(len(w), len(w[0])) for w in weights]


async def test_editing_the_hidden_layers_rebuilds_the_network_with_a_notice():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await open_settings(pilot)
        await type_into(pilot, "hidden", "5,4")
        await wait_for(pilot, lambda: layer_shapes(app.frame) == [(5, 4), (4, 5), (2, 4)], "the new network")
        assert app.frame.nudges == 0 and app.frame.config["hidden"] == (5, 4)
        assert app.frame.world.sizes == (4, 5, 4, 2) and app.frame.world.parameter_count == 4 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2
        assert any("Network rebuilt with hidden 5×4" in n.message for n in app._notifications)
        await pilot.click("#add-layer")
        await wait_for(pilot, lambda: app.frame.config["hidden"] == (5, 4, 4), "a layer added")
        assert layer_shapes(app.frame) == [(5, 4), (4, 5), (4, 4), (2, 4)]
        assert app.screen.query_one("#set-hidden", Input).value == "5,4,4"
        await pilot.click("#drop-layer")
        await wait_for(pilot, lambda: app.frame.config["hidden"] == (5, 4), "a layer dropped")
        await pilot.pause(0.6)  # the next click is a click of its own, not the second of a double click
        await pilot.click("#drop-layer")
        await wait_for(pilot, lambda: app.frame.config["hidden"] == (5,), "another layer dropped")
        assert layer_shapes(app.frame) == [(5, 4), (2, 5)] and app.frame.world.sizes == (4, 5, 2)
        assert "discovery with hidden 5" in app.weights.border_subtitle


async def test_a_bad_value_is_refused_in_place_with_the_range_and_changes_nothing():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        before = app.frame.config
        screen = await open_settings(pilot)
        await type_into(pilot, "lr", "-1")
        assert note(screen, "lr").startswith("refused: learning rate must be a positive number no larger than")
        await type_into(pilot, "batch_size", "lots")
        assert note(screen, "batch_size") == "refused: batch size must be a whole number from 1 to 100,000, got 'lots'"
        await type_into(pilot, "hidden", "0")
        assert "refused: a hidden layer's width must be a whole number from 1 to 256" in note(screen, "hidden")
        await type_into(pilot, "val_split", "0.95")
        assert "validation split must be a number of at least 0 and at most 0.9" in note(screen, "val_split")
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, SettingsScreen), "the lab")
        await nudge(pilot)  # answered after anything the panel might have sent
        assert app.frame.config == before and app.frame.world.sizes == (4, 3, 2)


async def test_the_plane_worlds_input_features_are_ticked_on_and_off():
    app = TinyNetApp(StartOptions(preset="playground-circle"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await open_settings(pilot)
        assert not screen.query("#set-ambiguous")  # the 2x2 world's own setting
        screen.query_one("#feature-x1x2", Checkbox).value = True
        await wait_for(pilot, lambda: app.frame.world.sizes[0] == 3, "three inputs")
        assert app.frame.config["features"] == ("x1", "x2", "x1x2")


async def test_the_chart_shows_validation_and_names_the_overfitting_where_it_opens():
    # The diabetes preset overfits: its validation loss is lowest near epoch 22, then rises.
    app = TinyNetApp(StartOptions(preset="diabetes-regression"))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        app.engine.train(100)
        await wait_for(pilot, lambda: app.frame.epochs_done == 100, "100 epochs")
        await pilot.pause(0.1)
        chart = app.loss_chart
        assert app.frame.diagnosis.startswith("overfitting")
        assert chart.border_subtitle.startswith("overfitting: validation loss rising for") and chart.border_subtitle.endswith("while train loss falls")
        assert "validation" in chart.border_title
        drawn = Text.from_ansi(chart.plt.build()).plain
        assert VAL_MARKER in drawn and "gap opens" in drawn
        await pilot.press("percent_sign")
        assert "R²" in chart.border_title and chart.show_score
        await pilot.press("m")
        assert chart.show_movement and not chart.show_score  # they share the right axis


async def test_tinynets_chart_keeps_its_single_curve():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        for _ in range(3):
            done = app.frame.epochs_done
            await press_and_wait(pilot, "e", lambda: app.frame.epochs_done > done, "an epoch")
        assert app.frame.val_loss_history  # the fuzzy patterns are measured, but not drawn
        assert "validation" not in app.loss_chart.border_title and VAL_MARKER not in Text.from_ansi(app.loss_chart.plt.build()).plain


async def test_the_sweep_works_on_the_circle_and_opens_a_chosen_seed():
    app = TinyNetApp(StartOptions(preset="playground-circle"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert app.check_action("sweep", ()) is not False
        await press_and_wait(pilot, "W", lambda: isinstance(app.screen, SweepScreen), "the sweep view")
        seeds = app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: seeds.option_count == SWEEP_SEEDS, "the sweep's results")
        summary = str(app.screen.query_one("#sweep-summary").render())
        assert summary.startswith("playground-circle, seeds 0-199, 100 epochs: median held-out accuracy")
        first = str(seeds.get_option_at_index(0).prompt)
        assert "train" in first and "held-out" in first and "%" in first
        chosen = int(seeds.get_option_at_index(3).id)
        seeds.highlighted = 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SweepScreen) and app.frame.seed == chosen, "the chosen seed")


def test_a_big_recipe_sweeps_fewer_seeds_but_never_under_ten():
    from tinynet_tui.sweep_size import MIN_SEEDS, sweep_seeds

    assert sweep_seeds(SWEEP_SEEDS, rows=4, parameters=23, epochs=800) == SWEEP_SEEDS  # TinyNet: all of them
    digits = sweep_seeds(SWEEP_SEEDS, rows=1437, parameters=1210, epochs=30)
    assert MIN_SEEDS < digits < SWEEP_SEEDS
    assert sweep_seeds(SWEEP_SEEDS, rows=10**6, parameters=10**6, epochs=1000) == MIN_SEEDS
    assert sweep_seeds(3, rows=10**6, parameters=10**6, epochs=1000) == 3  # never more than asked
