"""The lab's pixel worlds in the app: draw an 8×8 digit (click, drag, keys), walk the held-out digits."""

import dataclasses

import pytest

from tinynet_core.config import preset_config
from tinynet_core.trainer import Trainer
from tinynet_tui.__main__ import parse_options
from tinynet_tui.app import TinyNetApp
from tinynet_tui.widgets.class_bars import ClassBars
from tinynet_tui.numbers import precise
from tinynet_tui.screens.layer_inspector import LayerInspectorScreen, LayerInspectorView
from tinynet_tui.screens.diagram import DiagramScreen, NetworkDiagram, drawn_nodes, edge_mark, edge_rows
from tinynet_tui.screens.unit_images import UnitImagesScreen
from tinynet_tui.widgets.pixel_grid import PixelGrid
from tinynet_tui.widgets.weight_heatmap import LABEL_WIDTH, layer_columns
from tinynet_tui.widgets.weights import WeightsPane, fit_number

from .helpers import nudge, rendered_text, wait_for, wait_ready

SMALL = (80, 24)


def digits_app(*extra: str) -> TinyNetApp:
    """The app on the digits preset (64 → 16 → 10)."""
    options, _ = parse_options(["--preset", "digits-mlp", *extra])
    return TinyNetApp(options)


def engine_answer(pixels) -> list[float]:
    """What the same untrained network (seed 0) says about a picture."""
    return Trainer(preset_config("digits-mlp"), seed=0).predict(list(pixels)).tolist()


async def answered(pilot, grid: PixelGrid) -> None:
    """Until the frame on screen is the engine's answer for the picture on the grid."""
    await wait_for(pilot, lambda: pilot.app.frame.grid_input == grid.pixels, "the answer for the drawing")


async def test_the_grid_takes_the_digits_shape_and_the_first_digit():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        assert grid.shape == (8, 8) and len(grid.pixels) == 64
        assert len(app.query("PixelCell")) == 64 and app.query_one("#cell-7-7")
        await answered(pilot, grid)
        assert grid.pixels == app.frame.probe and any(grid.pixels)


async def test_clicking_draws_and_the_answer_is_the_engines():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        await pilot.press("delete")
        await answered(pilot, grid)
        assert grid.pixels == (0.0,) * 64
        blank = app.frame.prediction
        await pilot.click("#cell-3-4")
        assert grid.pixels[3 * 8 + 4] == 0.25
        await answered(pilot, grid)
        assert app.frame.prediction != blank
        assert app.frame.prediction == pytest.approx(engine_answer(grid.pixels))


async def test_dragging_paints_every_cell_it_crosses():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        await pilot.press("delete")
        await pilot.mouse_down("#cell-2-1")
        for col in range(2, 7):
            await pilot.hover(f"#cell-2-{col}")
        await pilot.mouse_up("#cell-2-6")
        await pilot.hover("#cell-5-5")  # the button is up: no more paint
        row = grid.pixels[2 * 8 : 3 * 8]
        assert row == (0.0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.0)
        assert sum(grid.pixels) == pytest.approx(6 * 0.25)
        await answered(pilot, grid)
        assert app.frame.prediction == pytest.approx(engine_answer(grid.pixels))


async def test_keys_draw_and_fast_edits_are_not_undone_by_older_frames():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        grid.focus()
        await pilot.press("r")  # frames keep coming, each with the picture the engine had when it was made
        await wait_for(pilot, lambda: app.frame.running, "run mode")
        await pilot.press("delete", "down", "right", "4", "right", "4", "right", "space", "down", "3")
        expected = [0.0] * 64
        expected[1 * 8 + 1] = expected[1 * 8 + 2] = 1.0
        expected[1 * 8 + 3] = 0.25
        expected[2 * 8 + 3] = 0.75
        await answered(pilot, grid)
        assert grid.pixels == tuple(expected)
        await pilot.pause(0.3)  # later frames must not put an older drawing back
        assert grid.pixels == tuple(expected) and app.frame.probe == tuple(expected)
        assert "your drawing" in rendered_text(app.query_one(ClassBars).render(), 24)


async def test_next_example_shows_a_held_out_digit_and_its_truth():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid = app.query_one(PixelGrid)
        await pilot.press("p")
        await wait_for(pilot, lambda: app.frame.example is not None, "a held-out example")
        await pilot.pause(0.1)
        example = app.frame.example
        assert grid.pixels == app.frame.probe
        bars = rendered_text(app.query_one(ClassBars).render(), 24)
        truth = app.frame.world.class_names[example.truth.index(1.0)]
        assert f"held-out 1/{example.count}" in bars
        assert f"truth {truth}" in bars
        assert ("✓" if example.correct else "✗") in bars
        # The bars are sorted: the most likely class is listed first.
        best = max(range(10), key=app.frame.prediction.__getitem__)
        assert bars.splitlines()[2].startswith(app.frame.world.answer_names[best])
        await pilot.press("M")
        await wait_for(pilot, lambda: app.frame.example is not None and app.frame.example.correct is False, "a mistake")
        await pilot.pause(0.1)
        assert grid.pixels == app.frame.probe


def entry_of(matrices, name, index):
    """One parameter's number, by name and index."""
    found = matrices[name]
    for i in index:
        found = found[i]
    return found


async def test_the_heatmap_cursor_writes_out_the_weights_value_change_and_gradient():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        pane.focus()
        await pilot.press("down", "down", "right", "right", "right")
        assert pane.selected == ("layer1.weight", (2, 3))
        frame = app.frame
        text = rendered_text(pane.render(), 50)
        for numbers in (frame.values, frame.changes, frame.grads):
            assert precise(entry_of(numbers, *pane.selected)) in text
        assert "layer1.weight[h2 ← " in text
        assert "inputs 0-" in text and "of 64" in text  # 64 inputs do not fit in 50 columns: a note says which are shown
        assert "▲" in text or "▼" in text  # the weights that moved most, marked without colour
        await pilot.press("up", "up", "up")  # stays on the first row
        assert pane.selected == ("layer1.weight", (0, 3))
        for _ in range(16):
            await pilot.press("down")
        assert pane.selected == ("layer2.weight", (0, 3))  # down from layer1's last unit into layer2
        assert "layer2.weight[0 ← h3]" in rendered_text(pane.render(), 50)
        for _ in range(20):
            await pilot.press("right")
        assert pane.selected == ("layer2.bias", (0,))  # right of the last input: the bias
        await pilot.press("v")
        text = rendered_text(pane.render(), 50)
        assert "changes:" in text and precise(entry_of(app.frame.changes, *pane.selected)) in text


async def test_clicking_a_heatmap_cell_picks_its_weight():
    app = digits_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        lines = rendered_text(pane.render(), pane.size.width).splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("h5 "))
        wide, _ = layer_columns(64, pane.size.width)
        await pilot.click(WeightsPane, offset=(2 + LABEL_WIDTH + 10 * wide, 1 + row))  # border and padding, then the content
        assert pane.selected == ("layer1.weight", (5, 10))


async def test_weights_pane_select_puts_the_cursor_on_a_parameter():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        pane = app.query_one(WeightsPane)
        pane.select("layer2.bias", (7,))
        assert pane.selected == ("layer2.bias", (7,))
        pane.select("layer1.weight", (15, 63))
        assert pane.selected == ("layer1.weight", (15, 63))


async def test_unit_images_draw_every_hidden_units_weights_as_a_picture_live():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, UnitImagesScreen), "the unit images")
        frame = app.frame
        pictures = app.screen.query_one("#unit-pictures")
        text = rendered_text(pictures.render(), 78)
        for unit in range(16):
            assert f"h{unit} " in text
        # The marks follow the weights: unit 0's first row, pixel by pixel (one character each at 80x24).
        weights = frame.values["layer1.weight"][0]
        largest = max(abs(w) for w in weights)
        first_row = text.splitlines()[1][:8]
        assert first_row == "".join(edge_mark(w, largest) for w in weights[:8])
        await nudge(pilot)
        await wait_for(pilot, lambda: app.screen.frame is app.frame, "the pictures to follow the nudge")
        assert rendered_text(pictures.render(), 78) != text
        await pilot.press("u")
        assert not isinstance(app.screen, UnitImagesScreen)


async def test_unit_images_key_is_hidden_where_there_is_no_picture():
    options, _ = parse_options(["--world", "spiral-3"])
    app = TinyNetApp(options)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        assert app.check_action("unit_images", ()) is False


def test_the_diagram_draws_a_node_a_unit_up_to_twelve_and_one_box_beyond():
    assert [len(nodes) for nodes in drawn_nodes((4, 3, 2))] == [4, 3, 2]
    assert [len(nodes) for nodes in drawn_nodes((64, 16, 10))] == [1, 1, 10]
    assert [len(nodes) for nodes in drawn_nodes((2, 12, 13, 3))] == [2, 12, 1, 3]
    # The cursor picks single edges only: between two layers drawn node by node.
    assert edge_rows((4, 3, 2)) == [(1, 0, 4), (1, 1, 4), (1, 2, 4), (2, 0, 3), (2, 1, 3)]
    assert edge_rows((64, 16, 10)) == [] and len(edge_rows((2, 5, 5, 1))) == 5 + 5 + 1


@pytest.mark.parametrize(
    "argv, wanted",
    [
        (["--preset", "digits-mlp"], ["64 inputs", "16 hidden", "9 "]),
        (["--world", "spiral-3"], ["x1 ", "x2 ", "64 hidden", "0 ", "2 "]),
        (["--world", "circle", "--hidden", "5,5"], ["h4 ", "h2.4"]),
    ],
)
async def test_the_diagram_opens_on_every_world_at_80x24(argv, wanted):
    options, _ = parse_options(argv)
    app = TinyNetApp(options)
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        assert app.check_action("open_view", ("diagram",))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DiagramScreen), "the diagram")
        await pilot.pause(0.2)
        drawing = app.screen.query_one(NetworkDiagram).render().plain
        for label in wanted:
            assert label in drawing, (label, drawing)
        await pilot.press("down", "right")
        await pilot.pause(0.1)
        selected = rendered_text(app.screen.query_one("#diagram-selected").render(), 78)
        rows = edge_rows(app.frame.world.sizes)
        if rows:
            layer, unit, _ = rows[1]
            assert f"layer{layer}.weight[" in selected and precise(app.frame.values[f"layer{layer}.weight"][unit][1]) in selected
        else:
            assert "box" in selected
        await pilot.press("enter")  # the layer inspector on that weight; on a summary box, a notice
        if rows:
            await wait_for(pilot, lambda: isinstance(app.screen, LayerInspectorScreen), "the layer inspector")
            assert app.screen.query_one(LayerInspectorView).parameter == f"layer{layer}.weight"
        else:
            await pilot.pause(0.1)
            assert isinstance(app.screen, DiagramScreen)


async def test_a_small_network_other_than_tinynet_shows_its_numbers_with_change_marks():
    options, _ = parse_options(["--preset", "playground-xor"])  # 2 → 4 → 2 → 1: 25 parameters
    app = TinyNetApp(options)
    # At 80 columns the plane's heatmap takes half the width, and the numbers give way to a heatmap.
    async with app.run_test(size=(120, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        text = rendered_text(pane.render(), pane.size.width)
        weights = app.frame.values["layer1.weight"][1]
        row = next(line for line in text.splitlines() if line.startswith("h1 "))
        for value in weights:
            assert fit_number(value) in row
        assert fit_number(app.frame.values["layer1.bias"][1]) in row
        assert any(mark in text for mark in "▲▼△▽")


async def test_a_frame_made_before_the_drawing_reached_the_engine_does_not_undo_it():
    app = digits_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_ready(pilot)
        grid, view = app.query_one(PixelGrid), app.input_view
        await answered(pilot, grid)
        before = app.frame
        view.show(dataclasses.replace(before, probe=(0.5,) * 64))  # the engine put an example up
        assert grid.pixels == (0.5,) * 64
        grid.set_pixel(0, 1.0)
        await pilot.pause(0)  # the drawing is on its way to the engine
        view.show(before)  # a frame made before it arrived
        drawn = (1.0,) + (0.5,) * 63
        assert grid.pixels == drawn
        await wait_for(pilot, lambda: app.frame.probe == drawn, "the engine to answer for the drawing")
        assert grid.pixels == drawn
