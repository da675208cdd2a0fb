"""The lab's input views: the plane's heatmap, the curve and the tables, each driven in the real app."""

from __future__ import annotations

import pytest
import torch

from tinynet_core.config import TrainConfig
from tinynet_core.trainer import Trainer
from tinynet_tui.__main__ import parse_options
from tinynet_tui.app import TinyNetApp
from tinynet_tui.input_views.plane import PlaneView, class_shares
from tinynet_tui.lenses import lens_for
from tinynet_tui.lenses.curve import CurveLens, CurveLook
from tinynet_tui.lenses.plane import PlaneLens, PlaneLook, lattice
from tinynet_tui.lenses.table import SHOWN_COLUMNS, TableLens
from tinynet_tui.numbers import compact
from tinynet_tui.widgets.curve_plot import CurvePlot
from tinynet_tui.widgets.plane_map import PlaneMap
from tinynet_tui.widgets.wide_pane import WIDE

from .helpers import nudge, wait_for, wait_ready

ALL_FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2")


def engine_twin(frame) -> Trainer:
    """A trainer of the frame's config and seed, nudged as often: the engine's numbers, here."""
    trainer = Trainer(TrainConfig.from_dict(frame.config), frame.seed)
    for _ in range(frame.nudges):
        trainer.nudge()
    return trainer


def app_on(*argv: str) -> TinyNetApp:
    """The app as `tinynet-tui ARGV` starts it."""
    options, _ = parse_options(list(argv))
    return TinyNetApp(options)


def map_picture(app: TinyNetApp) -> list[str]:
    """The plane map's rows, glyphs and colours (what a frame repaints)."""
    plane = app.query_one(PlaneMap)
    return [str([(s.text, s.style) for s in strip]) for strip in plane._strips]


# -- the plane's lens -----------------------------------------------------------------------------


@pytest.mark.parametrize("world, features, head", [("spiral", ALL_FEATURES, "sigmoid"), ("xor", ("x1x2", "sin1"), "sigmoid"), ("spiral-3", None, "softmax")])
def test_the_lens_makes_the_worlds_own_features_from_coordinates(world, features, head):
    trainer = Trainer(TrainConfig(world=world, hidden=(3,), features=features, head=head, loss="ce" if head == "softmax" else "bce"), 0)
    lens = PlaneLens()
    x1, x2 = trainer.data.coordinates.T
    assert torch.equal(lens.features(trainer, x1.tolist(), x2.tolist()), trainer.data.inputs)
    for row in (0, 7, len(trainer.data.inputs) - 1):
        assert lens.network_input(trainer, lens.probe_of_example(trainer, row)) == tuple(trainer.data.inputs[row].tolist())


@pytest.mark.parametrize("world, head", [("circle", "sigmoid"), ("gauss", "softmax"), ("spiral-3", "softmax")])
def test_the_heatmap_is_the_networks_answer_on_the_lattice(world, head):
    trainer = Trainer(TrainConfig(world=world, hidden=(5,), head=head, loss="ce" if head == "softmax" else "bce"), 1)
    trainer.train(2)
    look = PlaneLens(size=16).look(trainer, (0.0, 0.0))
    steps = lattice(trainer.world.extent, 16)
    for row, column in ((0, 0), (0, 15), (9, 4), (15, 15)):
        # Row 0 is the top of the square (x2 = +extent); columns run from x1 = -extent.
        answer = trainer.predict([steps[column], steps[15 - row]]).tolist()
        index = row * 16 + column
        if world == "spiral-3":
            assert look.second is None
            assert (look.winner[index], look.chance[index]) == (answer.index(max(answer)), max(answer))
        else:
            assert look.winner is None and look.second[index] == answer[-1]
    assert len(look.second or look.winner) == 16 * 16
    data = trainer.data
    assert look.points.x1 == tuple(data.coordinates[:, 0].tolist())
    assert look.points.labels == tuple(data.targets.tolist()) and look.points.held_out == tuple(data.validation.tolist())


def test_the_plane_has_its_lens_and_its_view():
    assert isinstance(lens_for("plane"), PlaneLens)
    from tinynet_tui.input_views import input_view_for

    assert input_view_for("plane") is PlaneView


def test_one_sigmoid_answers_for_the_second_of_two_classes():
    assert class_shares((0.25,), 2) == (0.75, 0.25)
    assert class_shares((0.1, 0.2, 0.7), 3) == (0.1, 0.2, 0.7)


# -- the plane in the app -------------------------------------------------------------------------


def side_shares(app: TinyNetApp) -> str:
    return str(app.query_one("#plane-side").render())


async def cursor_reached(pilot, app: TinyNetApp) -> None:
    plane = app.query_one(PlaneMap)
    await wait_for(pilot, lambda: app.frame.probe == plane.cursor, "the engine to answer for the cursor's point")


@pytest.mark.parametrize("argv, size", [(("--world", "circle"), (80, 24)), (("--preset", "playground-spiral"), (200, 60)), (("--world", "spiral-3"), (100, 32))])
async def test_the_cursor_asks_the_engine_and_the_answer_written_is_its_prediction(argv, size):
    app = app_on(*argv)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        plane = app.query_one(PlaneMap)
        assert plane.has_focus and isinstance(app.frame.look, PlaneLook)
        assert app.screen.has_class(WIDE)
        columns, rows = plane.map_size
        assert columns >= 16 and rows >= 8 and rows * 2 in (columns, columns + 1)
        start = plane.cursor
        for key in "llj":
            await pilot.press(key)
        await cursor_reached(pilot, app)
        assert plane.cursor != start
        trainer = engine_twin(app.frame)
        lens = PlaneLens()
        expected = trainer.predict(lens.network_input(trainer, app.frame.probe)).tolist()
        assert list(app.frame.prediction) == expected
        text = side_shares(app)
        assert f"({app.frame.probe[0]:+.2f}, {app.frame.probe[1]:+.2f})" in text
        for share in class_shares(tuple(expected), len(app.frame.world.class_names)):
            assert f"{share:4.0%}" in text


async def test_a_click_puts_the_point_under_the_mouse():
    app = app_on("--world", "xor")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        plane = app.query_one(PlaneMap)
        columns, rows = plane.map_size
        await pilot.click("#plane-map", offset=(0, 0))
        await cursor_reached(pilot, app)
        extent = app.frame.look.extent
        assert app.frame.probe == pytest.approx((-extent + extent / columns, extent - extent / rows))
        await pilot.click("#plane-map", offset=(columns - 1, rows - 1))
        await cursor_reached(pilot, app)
        assert app.frame.probe == pytest.approx((extent - extent / columns, -extent + extent / rows))


async def test_the_heatmap_repaints_while_training_runs():
    app = app_on("--world", "gauss")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        before = map_picture(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.frame.running and app.frame.epochs_done >= 3, "three epochs of run mode")
        await pilot.pause(0.3)
        assert map_picture(app) != before
        await pilot.press("r")


async def test_walking_held_out_examples_moves_the_cursor_there():
    app = app_on("--world", "circle")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: app.frame.example is not None, "a held-out example")
        plane = app.query_one(PlaneMap)
        trainer = engine_twin(app.frame)
        row = trainer.data.validation.nonzero().flatten()[0]
        assert app.frame.probe == tuple(trainer.data.coordinates[row].tolist()) == plane.cursor


async def test_space_cycles_the_points_drawn():
    app = app_on("--world", "circle")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        marks = lambda: sum(text.count("●") + text.count("○") for text in map_picture(app))  # noqa: E731
        held = lambda: sum(text.count("○") for text in map_picture(app))  # noqa: E731
        assert marks() > 0 and held() > 0
        await pilot.press("space")  # training points only
        assert held() == 0 and marks() > 0
        await pilot.press("space", "space")  # held-out only, then none
        assert marks() == 0


# -- the curve ------------------------------------------------------------------------------------


def test_the_curve_lens_draws_the_networks_answer_across_x():
    trainer = Trainer(TrainConfig(world="curve", hidden=(6,), head="linear", loss="mse"), 0)
    trainer.train(1)
    look = CurveLens(samples=33).look(trainer, (0.0,))
    assert look.xs[0] == pytest.approx(-trainer.world.extent) and look.xs[-1] == pytest.approx(trainer.world.extent)
    assert list(look.fitted) == trainer.predict(torch.tensor(look.xs).reshape(-1, 1)).reshape(-1).tolist()
    assert look.point_x == tuple(trainer.data.inputs[:, 0].tolist())
    assert look.point_y == tuple(trainer.data.targets[:, 0].tolist())


def curve_picture(app: TinyNetApp) -> str:
    return str(app.query_one(CurvePlot).render())


async def test_the_curve_view_answers_at_the_cursor_and_redraws_the_fit():
    app = app_on("--world", "curve")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        plot = app.query_one(CurvePlot)
        assert plot.has_focus and isinstance(app.frame.look, CurveLook)
        before = curve_picture(app)
        await nudge(pilot, 5)
        assert curve_picture(app) != before  # the fit moved
        for key in "llll":
            await pilot.press(key)
        await wait_for(pilot, lambda: app.frame.probe == (plot.cursor,), "the engine to answer for the cursor's x")
        expected = engine_twin(app.frame).predict([plot.cursor]).tolist()
        assert list(app.frame.prediction) == expected
        assert f"y = {expected[0]:+.3f}" in str(app.query_one("#curve-side").render())
        await pilot.click("#curve-plot", offset=(0, 3))
        await wait_for(pilot, lambda: app.frame.probe == (plot.cursor,), "the clicked x")
        assert plot.cursor < -app.frame.look.extent * 0.9


# -- the tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("world, head", [("journey-3", "sigmoid"), ("diabetes", "linear")])
def test_the_table_lens_answers_every_held_out_row(world, head):
    loss = "mse" if head == "linear" else "bce"
    trainer = Trainer(TrainConfig(world=world, hidden=(4,), head=head, loss=loss), 0)
    trainer.train(1)
    look = TableLens().look(trainer, ())
    data = trainer.data
    held = data.validation.nonzero().flatten().tolist()
    assert list(look.rows) == held and look.held_out_count == len(held)
    outputs = trainer.predict(data.inputs[held]).reshape(-1)
    if head == "linear":
        mean, std = data.target_scale
        assert look.answer == pytest.approx((outputs * std + mean).tolist())
        assert look.truth == pytest.approx((data.targets[held, 0] * std + mean).tolist())
        assert look.right is None and look.score == pytest.approx(trainer.score_history[-1][1], abs=1e-5)
    else:
        assert list(look.answer) == (outputs >= 0.5).float().tolist()
        assert list(look.right) == [a == t for a, t in zip(look.answer, data.targets[held].float().tolist())]
        assert look.score == pytest.approx(sum(look.right) / len(held))
    assert look.inputs[0] == tuple(data.inputs[held[0], :SHOWN_COLUMNS].tolist())


def table_lines(app: TinyNetApp) -> list[str]:
    return str(app.query_one("#table-rows").render()).splitlines()


@pytest.mark.parametrize("argv, size", [(("--preset", "journey-notebook1"), (80, 24)), (("--world", "diabetes"), (200, 60))])
async def test_the_table_shows_the_walked_row_with_its_truth_and_answer(argv, size):
    app = app_on(*argv)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        for _ in range(3):
            await pilot.press("p")
        await wait_for(pilot, lambda: app.frame.example is not None and app.frame.example.index == 2, "the third held-out row")
        look = app.frame.look
        trainer = engine_twin(app.frame)
        row = look.rows[2]
        answer = trainer.predict(trainer.data.inputs[row]).tolist()
        assert list(app.frame.prediction) == answer
        marked = [line for line in table_lines(app) if line.split() and line.split()[0] == str(row)]
        assert len(marked) == 1
        if app.frame.world.task == "regression":
            mean, std = trainer.data.target_scale
            assert compact(answer[0] * std + mean).strip() in marked[0]
            assert "truth →" in str(app.query_one("#table-scatter").render())
        else:
            names = app.frame.world.class_names
            said = names[int(answer[0] >= 0.5)]
            assert said in marked[0].split() and ("✓" in marked[0]) == (said == names[int(trainer.data.targets[row])])


async def test_the_pane_is_wide_only_while_a_lab_view_is_in_it():
    app = app_on("--world", "curve")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        pane = app.query_one("#input-pane")
        assert app.screen.has_class(WIDE) and pane.outer_size.width == 50
        # (The app swaps views on a world change; removing the view is that swap's first half.)
        await app.input_view.remove()
        assert not app.screen.has_class(WIDE)
        await pilot.pause()
        assert pane.outer_size.width == 28


def test_bars_keep_whole_class_names_in_a_narrow_side():
    from tinynet_tui.input_views.plane import bars_text

    lines = bars_text(("class 0", "class 1", "class 2"), (0.2, 0.5, 0.3), 18).plain.splitlines()
    assert [line.split()[1:3] for line in lines] == [["class", "0"], ["class", "1"], ["class", "2"]]
    assert all(len(line) <= 18 for line in lines) and lines[1].endswith("◀")
