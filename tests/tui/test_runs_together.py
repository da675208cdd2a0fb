"""Runs trained together (J: lock step, own pace) and a run exported at any nudge (X), in the engine and in the app."""

from __future__ import annotations

import json

import pytest
import torch

from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import Driver, StartOptions
from tinynet_tui.screens.prompt import PromptScreen
from tinynet_tui.screens.runs import RunsScreen
from tinynet_tui.widgets.status import StatusLine

from .helpers import nudge, press_and_wait, rendered_text, wait_for, wait_ready


def driver_with_a_branch(lr_factor: float = 4.0, preset: str = "discovery") -> Driver:
    """Six nudges of run 1, then run 2 branched from nudge 2 with another learning rate (run 2 on screen)."""
    events = []
    driver = Driver(StartOptions(preset=preset), events.append)
    driver._start_engine()
    driver.events = events
    for command in [("step",)] * 6 + [("move_in_time", "to", 2), ("branch",), ("scale_lr", lr_factor)]:
        driver._execute(command)
    return driver


def flat(driver: Driver, name: str) -> torch.Tensor:
    return driver.timeline.runs[name].trainer.flat_parameters()


def frames(driver: Driver) -> list:
    return [e[1] for e in driver.events if e[0] == "frame"]


def notices(driver: Driver) -> list[str]:
    return [e[1] for e in driver.events if e[0] == "notice"]


def run_frames(driver: Driver, count: int) -> None:
    """Run mode for `count` frames (each frame's nudges at its speed), as the engine's loop runs them."""
    driver._do_toggle_running()
    for _ in range(count):
        driver._next_frame_at, driver._frame_consumed = 0.0, True
        driver._run_frame()
    driver._do_toggle_running()


def test_runs_trained_in_lock_step_end_as_each_trained_alone_bit_for_bit():
    together = driver_with_a_branch()
    together._execute(("cycle_together",))
    assert together.timeline.together == "lock step" and "all 2 runs the same nudges" in notices(together)[-1]
    for command in [("step",), ("finish_epoch",), ("shift_speed", -1)]:  # n, e, and run mode at 2 a frame
        together._execute(command)
    run_frames(together, 5)
    live = together.timeline.runs["run 2"].trainer.nudges
    assert live == 2 + 1 + 1 + 5 * 2 and together.timeline.runs["run 1"].trainer.nudges == 6 + live - 2  # the same nudges each

    alone = driver_with_a_branch()  # each run trained by itself, for the same nudges
    for _ in range(live - 2):
        alone._execute(("step",))
    alone._execute(("switch_run", "run 1"))
    for _ in range(live - 2):
        alone._execute(("step",))
    for name in ("run 1", "run 2"):
        assert torch.equal(flat(together, name), flat(alone, name)), name
    assert not torch.equal(flat(together, "run 1"), flat(together, "run 2"))  # lr 0.4 and lr 0.1 went apart


@pytest.mark.parametrize("preset", ["digits-mlp", "spiral-softmax"])
def test_on_a_lab_world_runs_in_lock_step_go_as_alone_and_export_at_a_past_step(preset, tmp_path):
    together = driver_with_a_branch(preset=preset)
    together._execute(("cycle_together",))
    for _ in range(3):
        together._execute(("step",))
    alone = driver_with_a_branch(preset=preset)
    alone._execute(("switch_run", "run 1"))
    for _ in range(3):
        alone._execute(("step",))
    assert torch.equal(flat(together, "run 1"), flat(alone, "run 1"))
    together._execute(("export_run", str(tmp_path / "r1"), "run 1", 4))
    saved = json.loads((tmp_path / "r1-weights.json").read_text())
    assert saved["nudges"] == 4 and saved["parameters"] == {n: t.tolist() for n, t in together.timeline.runs["run 1"].history.at(4).values().items()}
    assert (tmp_path / "r1-history.csv").read_text().splitlines()[0] == "step,kind,nudges,epochs_done"  # too many weights for columns


def test_at_their_own_pace_each_run_takes_its_nudges_a_tick_and_the_frame_is_the_live_runs():
    driver = driver_with_a_branch()
    driver._execute(("cycle_together",))
    driver._execute(("cycle_together",))
    driver._execute(("set_pace", "run 1", 3))
    assert driver.timeline.together == "own pace" and notices(driver)[-1] == "run 1 takes 3 nudges a tick."
    before = frames(driver)[-1]
    driver._execute(("step",))  # one tick
    frame = frames(driver)[-1]
    assert [(r.name, r.history.steps) for r in driver.timeline.runs] == [("run 1", 9), ("run 2", 3)]
    # The frame is run 2's: its weights, its one nudge, and that nudge's changes.
    live = driver.timeline.run.trainer
    assert frame.nudges == 3 and frame.nudges_in_frame == 1 and frame.last.step == live.nudges
    assert frame.values == {name: t.tolist() for name, t in live.parameters().items()}
    moved = {name: [[a - b for a, b in zip(ra, rb)] for ra, rb in zip(frame.values[name], before.values[name])]
             for name in ("layer1.weight", "layer2.weight")}
    assert all(torch.allclose(torch.tensor(frame.changes[n]), torch.tensor(moved[n])) for n in moved)
    assert frame.timeline.together == "own pace" and [(r.name, r.pace) for r in frame.timeline.runs] == [("run 1", 3), ("run 2", 1)]
    run_frames(driver, 2)  # 5 ticks a frame: run 2 takes 10 nudges, run 1 thirty
    assert [r.history.steps for r in driver.timeline.runs] == [39, 13]

    alone = driver_with_a_branch()  # run 1 alone for the same 33 nudges ends where it did
    alone._execute(("switch_run", "run 1"))
    for _ in range(33):
        alone._execute(("step",))
    assert torch.equal(flat(driver, "run 1"), flat(alone, "run 1"))


def test_a_frame_of_runs_trained_together_stops_when_it_is_due_so_the_frame_rate_stays():
    driver = driver_with_a_branch()
    driver.speed, driver.frame_interval = 1000, 0.0  # no time at all for a frame's work
    run_frames(driver, 1)
    assert frames(driver)[-2].nudges_in_frame == 1000  # one run: a frame's nudges are all taken
    driver._execute(("cycle_together",))
    run_frames(driver, 1)
    assert frames(driver)[-2].nudges_in_frame == 16  # together: one slice (COMMAND_CHECK_EVERY ticks), then the frame
    assert [r.history.steps for r in driver.timeline.runs] == [6 + 16, 2 + 1000 + 16]


def test_the_open_runs_view_is_sent_the_runs_with_the_frames_seldom_while_running(monkeypatch):
    import tinynet_tui.driver as driver_module

    monkeypatch.setattr(driver_module, "RUNS_REPORT_EVERY_S", 1e9)
    driver = driver_with_a_branch()

    def reports() -> list:
        return [e for e in driver.events if e[0] == "runs"]

    driver._execute(("watch_runs", True))
    driver._execute(("step",))  # paused: every frame comes with them
    assert len(reports()) == 2 and reports()[-1][1][1].nudges == 3
    run_frames(driver, 3)  # running: no more often than RUNS_REPORT_EVERY_S, then again once paused
    assert len(reports()) == 3 and reports()[-1][1][1].nudges == 3 + 3 * 5
    driver._execute(("watch_runs", False))
    driver._execute(("step",))
    assert len(reports()) == 3


def test_together_needs_two_runs_and_a_bad_pace_or_export_is_one_line():
    events = []
    driver = Driver(StartOptions(), events.append)
    driver._start_engine()
    driver.events = events
    driver._execute(("cycle_together",))
    assert notices(driver)[-1].startswith("only one run: press B to branch one")
    assert driver.timeline.together == "off"
    for command, says in ((("set_pace", "run 1", 0), "a run's pace is a whole number of nudges from 1 to 10,000, got 0"),
                          (("set_pace", "run 9", 2), "no run named 'run 9'"),
                          (("export_run", "", "run 1", None), "no export name given"),
                          (("export_run", "/no/such/folder/x", "run 1", None), "folder /no/such/folder does not exist"),
                          (("export_run", "x", "run 1", 5), "step 5 is not in this run's history (steps 0 to 0)")):
        driver._execute(command)
        assert says in notices(driver)[-1] and "\n" not in notices(driver)[-1], command


async def test_the_app_trains_the_runs_together_and_the_runs_view_follows_and_sets_paces():
    app = TinyNetApp()
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "J", lambda: any("only one run" in n.message for n in app._notifications), "refused with one run")
        await nudge(pilot, 4)
        await press_and_wait(pilot, "home", lambda: app.frame.timeline.past, "the start")
        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "the branch")
        await press_and_wait(pilot, "J", lambda: app.frame.timeline.together == "lock step", "lock step")
        status = app.query_one(StatusLine).render().plain
        assert "together, lock step: run 1 + run 2" in status
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == 1, "a nudge of both")
        assert [r.steps for r in app.frame.timeline.runs] == [5, 1]

        await press_and_wait(pilot, "U", lambda: isinstance(app.screen, RunsScreen) and app.screen.rows, "the runs view")
        await press_and_wait(pilot, "e", lambda: app.screen.rows[1].nudges == 4, "the view follows the training")
        assert app.screen.rows[0].nudges == 8
        await pilot.press("up", "plus", "plus")  # run 1 takes 3 nudges a tick
        await wait_for(pilot, lambda: app.screen.rows[0].pace == 3, "run 1's pace")
        await pilot.press("down", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen), "the pace prompt")
        await pilot.press("ctrl+a", "ctrl+k", "0", "enter")
        assert "whole number" in str(app.screen.query_one("#prompt-error").content)  # refused: the prompt stays
        await pilot.press("backspace", "2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RunsScreen) and app.screen.rows[1].pace == 2, "run 2's typed pace")
        await pilot.press("minus", "minus")
        await wait_for(pilot, lambda: any("the fewest" in n.message for n in app._notifications), "no fewer than 1")
        assert app.screen.rows[1].pace == 1
        await press_and_wait(pilot, "J", lambda: app.frame.timeline.together == "own pace", "own pace")
        assert "together at own pace (J)" in rendered_text(app.screen.query_one("#runs-table").content, 110)
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, RunsScreen), "the runs view closed")
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == 5, "a tick")
        assert [r.steps for r in app.frame.timeline.runs] == [11, 5]  # run 1: 3 a tick; run 2: 1
        assert "together, own pace: run 1 ×3, run 2 ×1" in app.query_one(StatusLine).render().plain


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_status_line_says_which_runs_train_together_at_any_width(size):
    app = TinyNetApp()
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)
        await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.past, "the past")
        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "the branch")
        await press_and_wait(pilot, "J", lambda: app.frame.timeline.together == "lock step", "lock step")
        first = app.query_one(StatusLine).render().plain.splitlines()[0]
        assert ("together, lock step: run 1 + run 2" if size[0] == 200 else "together ×2 (lock step)") in first
        assert "…" not in first


async def test_x_exports_the_step_on_screen_in_the_past_and_the_runs_view_exports_another_run(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 5)
        for step in (4, 3):
            await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.step == step, "a step back")
        rewound = app.frame
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen), "the export prompt")
        assert app.screen.prompt_title.startswith("Export run 1 at nudge 3: NAME-history.csv")
        await pilot.press("ctrl+a", "ctrl+k", *str(tmp_path / "past"), "enter")
        await wait_for(pilot, lambda: (tmp_path / "past.safetensors").exists(), "the export")
        saved = json.loads((tmp_path / "past-weights.json").read_text())
        assert saved["nudges"] == 3 and saved["parameters"] == rewound.values  # the past step on screen, bit for bit
        assert (tmp_path / "past-history.csv").read_text().count("\n") == 1 + 6  # the run's every step, the start too
        await wait_for(pilot, lambda: any("past-history.csv and past-weights.json and past.safetensors" in n.message
                                          for n in app._notifications), "the notice naming the files")

        await pilot.press("X", "ctrl+a", "ctrl+k", *"/no/such/folder/x", "enter")
        await wait_for(pilot, lambda: any("folder /no/such/folder does not exist" in n.message for n in app._notifications), "a bad path")

        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "the branch")
        await press_and_wait(pilot, "U", lambda: isinstance(app.screen, RunsScreen) and app.screen.rows, "the runs view")
        await pilot.press("up", "X")  # run 1, not on screen: its newest step
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen), "the export prompt")
        assert app.screen.prompt_title.startswith("Export run 1 at its newest step:")
        await pilot.press("ctrl+a", "ctrl+k", *str(tmp_path / "newest"), "enter")
        await wait_for(pilot, lambda: (tmp_path / "newest.safetensors").exists(), "the export")
        assert json.loads((tmp_path / "newest-weights.json").read_text())["nudges"] == 5
        assert isinstance(app.screen, RunsScreen)


async def test_the_help_and_the_palette_list_the_new_keys():
    from textual.widgets import Static

    from tinynet_tui.palette import app_commands
    from tinynet_tui.screens.help import HelpScreen

    app = TinyNetApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "question_mark", lambda: isinstance(app.screen, HelpScreen), "the help")
        text = " ".join(rendered_text(static.content, 100) for static in app.screen.query(Static))
        commands = {command.title: command.help for command in app_commands(app)}
    for words in ("train the runs together: off / lock step", "export the run on screen at the step on screen"):
        assert words in text, words
    assert "(key J)" in commands["Together"] and "(key X)" in commands["Export run"]
