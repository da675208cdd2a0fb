"""Your own points on the plane: the pen adds a point of its class where clicked, the eraser takes the nearest,
an empty plane trains on nothing without failing, and a replay script can place points."""

from __future__ import annotations

import pytest

from tinynet_tui.__main__ import parse_options
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import EMPTY_NOTICE
from tinynet_tui.input_views.plane_pen import ADD, ERASE, LOOK, Pen
from tinynet_tui.palette import app_commands
from tinynet_tui.screens.help import key_sections
from tinynet_tui.script import ScriptError, parse_script
from tinynet_tui.widgets.plane_map import PlaneMap, centre_of

from .helpers import last_frame, notices, nudge, press_and_wait, recording_driver, wait_for, wait_ready

PEN_KEYS = ("pen_ink", "pen_eraser", "pen_here", "empty_plane")


def plane_app(*argv: str, **kwargs) -> TinyNetApp:
    options, _ = parse_options(list(argv or ("--preset", "playground-circle")))
    return TinyNetApp(options, **kwargs)


def said(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def last_point(frame) -> tuple[float, float, int]:
    points = frame.look.points
    return points.x1[-1], points.x2[-1], points.labels[-1]


# -- the pen, in the abstract -----------------------------------------------------------------


def test_the_pen_cycles_its_classes_then_looks_and_the_eraser_toggles_with_adding():
    pen = Pen()
    assert pen.at_cursor == ADD  # . adds even while a click only moves the cursor
    pen = pen.next_ink(3)
    assert pen == Pen(ADD, 0)
    assert pen.next_ink(3).next_ink(3) == Pen(ADD, 2) and pen.next_ink(3).next_ink(3).next_ink(3) == Pen(LOOK, 0)
    erasing = pen.next_ink(3).toggle_eraser()
    assert erasing == Pen(ERASE, 1) and erasing.at_cursor == ERASE and erasing.toggle_eraser() == Pen(ADD, 1)
    assert erasing.next_ink(3) == Pen(ADD, 1)


# -- the engine's side, in-process --------------------------------------------------------------


@pytest.fixture
def driver():
    return recording_driver("playground-circle")


def test_an_empty_plane_trains_on_nothing_and_says_so_once_a_key(driver):
    driver._execute(("step",))
    driver._execute(("start_empty",))
    frame = last_frame(driver)
    assert frame.look.points.x1 == () and frame.nudges == 0 and frame.world.train_count == 0  # a fresh network too
    assert frame.samples_per_epoch == 0  # the status line's "sample 1/0", not the data set's 400
    assert len(frame.look.second) == frame.look.size**2  # the heatmap still has the answer everywhere
    for command in (("step",), ("finish_epoch",), ("toggle_running",), ("train", 3)):
        driver._execute(command)
    assert notices(driver)[-4:] == [EMPTY_NOTICE] * 4 and not last_frame(driver).running
    driver._execute(("set_input", (1.0, 1.0)))
    driver._execute(("add_example", "disc"))
    driver._execute(("finish_epoch",))  # an epoch of the one point now there
    frame = last_frame(driver)
    assert frame.epochs_done == 1 and frame.world.train_count == 1 and frame.samples_per_epoch == 1
    driver._execute(("reset", None, None))
    assert len(last_frame(driver).look.points.x1) == 500  # R: the data set is back


def test_erasing_the_last_point_while_running_stops_with_the_notice(driver):
    driver._execute(("start_empty",))
    driver._execute(("set_input", (1.0, 1.0)))
    driver._execute(("add_example", "disc"))
    driver._execute(("toggle_running",))
    driver._run_frame()  # an epoch of one point, then another begins
    driver._execute(("erase_point", (1.0, 1.0), 0.5))
    assert notices(driver)[-1] == "Erased yours 1 (disc): gone from the next epoch on."
    driver._run_frame()
    assert not driver.running and notices(driver)[-1] == EMPTY_NOTICE and last_frame(driver).look.points.x1 == ()


def test_an_erase_that_finds_nothing_and_pen_commands_in_the_past_are_one_line_notices(driver):
    driver._execute(("start_empty",))
    driver._execute(("erase_point", (0.0, 0.0), 0.5))
    assert notices(driver)[-1] == "No point within 0.5 of (+0.00, +0.00): nothing to erase."
    driver._execute(("reset", None, None))
    driver._execute(("step",))
    driver._execute(("move_in_time", "start"))
    for command in (("erase_point", (0.0, 0.0), 9.0), ("start_empty",)):
        driver._execute(command)
        assert "You are looking at the past" in notices(driver)[-1]
    assert len(last_frame(driver).look.points.x1) == 500


def test_the_example_walked_to_may_go_with_the_points_and_nothing_breaks(driver):
    driver._execute(("walk_examples", -1))  # the last held-out point
    driver._execute(("erase_point", driver.probe, 0.01))
    assert notices(driver)[-1].startswith("Erased example") and last_frame(driver).example is None
    driver._execute(("walk_examples", -1))
    driver._execute(("start_empty",))
    assert last_frame(driver).example is None and last_frame(driver).look.points.x1 == ()


def test_only_a_plane_starts_empty_and_nothing_changes_elsewhere():
    d = recording_driver()
    d._execute(("step",))
    d._execute(("start_empty",))
    assert d.events[-1] == ("notice", "only a plane world starts empty, not pixels-2x2 (pixels)", "error")
    assert d.trainer.nudges == 1


# -- the app -------------------------------------------------------------------------------------


async def test_a_click_with_the_pen_adds_a_point_of_its_class_where_clicked_and_the_eraser_takes_it():
    app = plane_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        plane = app.query_one(PlaneMap)
        columns, rows = plane.map_size
        extent = app.frame.look.extent
        count = len(app.frame.look.points.x1)
        await pilot.click(PlaneMap, offset=(3, 2))  # no pen yet: the click only moves the cursor
        await wait_for(pilot, lambda: app.frame.probe == plane.cursor, "the cursor's point")
        assert len(app.frame.look.points.x1) == count and app.frame.user_examples == ()
        await pilot.press("I", "I")  # the pen: ring, then disc
        assert app.input_view.pen == Pen(ADD, 1) and said(app, "The pen adds disc points")
        assert "click/.: add" in str(app.input_view.side_text(app.frame)) and "disc" in str(app.input_view.side_text(app.frame))
        await pilot.click(PlaneMap, offset=(columns - 4, rows - 3))
        await wait_for(pilot, lambda: app.frame.user_examples == (("yours 1", "disc"),), "the point added")
        x1, x2, label = last_point(app.frame)
        clicked = (centre_of(columns - 4, extent, columns), -centre_of(rows - 3, extent, rows))
        assert label == 1 and app.frame.probe == clicked  # the disc class, and the engine answers for it there
        assert abs(x1 - clicked[0]) <= 2 * extent / columns and abs(x2 - clicked[1]) <= 2 * extent / rows  # within a cell

        await press_and_wait(pilot, "z", lambda: app.input_view.pen.mode == ERASE, "the eraser")
        await pilot.click(PlaneMap, offset=(columns - 4, rows - 3))
        await wait_for(pilot, lambda: app.frame.user_examples == (), "the point erased")
        assert len(app.frame.look.points.x1) == count and said(app, "Erased yours 1 (disc)")


async def test_the_keyboard_alone_empties_the_plane_adds_at_the_cursor_and_trains():
    app = plane_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "Z", lambda: app.frame.look.points.x1 == (), "the empty plane")
        assert said(app, "An empty plane and a fresh network")
        assert app.query_one(PlaneMap)._strips  # the heatmap still draws
        status = app.status_line.render().plain
        assert "no examples" in status and "1/0" not in status
        assert "No points yet: I picks a class" in status and "first training pattern" not in status
        await press_and_wait(pilot, "n", lambda: said(app, "Nothing to train on"), "the notice")
        await press_and_wait(pilot, "r", lambda: said(app, "Nothing to train on"), "the notice again")
        assert not app.frame.running and app.frame.nudges == 0
        await pilot.press("right", "right", "up")
        await press_and_wait(pilot, "full_stop", lambda: app.frame.user_examples == (("yours 1", "ring"),), "the point")
        assert last_point(app.frame)[:2] == app.query_one(PlaneMap).cursor
        await nudge(pilot)
        assert app.frame.last.sample_name == "yours 1"
        await press_and_wait(pilot, "z", lambda: app.input_view.pen.mode == ERASE, "the eraser")
        await press_and_wait(pilot, "full_stop", lambda: app.frame.user_examples == (), "the erasure")
        await press_and_wait(pilot, "full_stop", lambda: said(app, "nothing to erase"), "nothing left")
        await press_and_wait(pilot, "R", lambda: len(app.frame.look.points.x1) == 500, "the data set again")


async def test_the_pen_keys_are_listed_on_a_plane_and_hidden_on_digits():
    app = plane_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        assert all(app.check_action(action, ()) for action in PEN_KEYS)
        keys = dict(key_sections(app))["Keys"]
        assert any("the eraser on / off" in what for _, what in keys)
        assert {"Pen class", "Eraser", "Pen here", "Empty plane"} <= {c.title for c in app_commands(app)}
    app = plane_app("--preset", "digits-mlp")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        assert not any(app.check_action(action, ()) for action in PEN_KEYS)
        assert not {"Pen class", "Eraser", "Pen here", "Empty plane"} & {c.title for c in app_commands(app)}
        before = app.frame
        await pilot.press("Z", "I", "full_stop")
        await pilot.pause(0.2)
        assert app.frame.user_examples == () and len(app.frame.values) == len(before.values) and app.frame.nudges == before.nudges


def test_a_point_in_a_script_parses_and_a_bad_one_names_the_line():
    assert [(a.kind, a.args) for a in parse_script("point 1.5 -2")] == [("point", (1.5, -2.0))]
    for text in ("point 1", "point a b", "point nan 0", "point 0 2000"):
        with pytest.raises(ScriptError, match="expected 'point X1 X2"):
            parse_script(text)


async def test_a_script_empties_the_plane_and_places_points_with_the_pen(tmp_path):
    script = parse_script("key Z I\npoint -3 -2\npoint -2 1\nkey I\npoint 3 2\nkey z\npoint -2 1\nkey e\nscreenshot mine")
    app = plane_app("--preset", "playground-gauss", script=script, screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "mine.svg").exists(), "the script's screenshot")
        assert app.frame.user_examples == (("yours 1", "lower left"), ("yours 3", "upper right"))
        points = app.frame.look.points
        assert (points.x1, points.x2) == ((-3.0, 3.0), (-2.0, 2.0))  # exactly where the script says
        assert app.frame.epochs_done == 1


async def test_a_script_point_without_a_plane_stops_with_the_line(capsys):
    app = TinyNetApp(script=parse_script("key n\npoint 0 0.5"))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: app.return_code == 1, "the script to stop")
    assert "script line 2: no plane map with the point (0, 0.5) on it" in capsys.readouterr().err


async def test_the_shipped_demo_empties_the_plane_and_fits_its_eight_points(tmp_path):
    from pathlib import Path

    from tinynet_tui.script import load_script

    demo = load_script(Path(__file__).resolve().parents[2] / "scripts" / "demos" / "your-points.txt")
    app = plane_app("--preset", "playground-gauss", script=demo, screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "your-points.svg").exists(), "the demo's screenshot")
        frame = app.frame
        assert len(frame.user_examples) == 8 and len(frame.look.points.x1) == 8
        assert frame.score_history[-1][0] == 1.0  # every one of your points answered right
