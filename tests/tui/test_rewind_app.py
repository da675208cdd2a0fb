"""Rewind in the app: any past nudge shows what was painted then, bit for bit; the past is read-only; branching."""

from __future__ import annotations

from tinynet_tui.app import TinyNetApp
from tinynet_tui.widgets.timeline import TimelineBar, step_at

from .helpers import nudge, press_and_wait, wait_for, wait_ready

KEYFRAME_GAP = 250  # tinynet_core.history.KEYFRAME_EVERY: steps past it and before 500 are replayed


def shown(frame, painted):
    """What a frame shows of the network: weights, gradients, answers, the nudge itself, and its changes.

    A painted frame's changes span all its nudges (e paints one frame for the epoch's rest); the
    past shows its step's own, so they are compared where the painted frame was one nudge.
    """
    changes = frame.changes if painted.nudges_in_frame == 1 else None
    return (frame.values, changes, frame.grads, frame.prediction, frame.hidden, frame.last, frame.nudge_math,
            frame.loss_history, frame.epochs_done, frame.nudges, frame.verdicts)


def same(frame, painted) -> bool:
    """Whether a rewound frame shows what the painted one did, bit for bit."""
    return shown(frame, painted) == shown(painted, painted)


async def test_rewinding_shows_the_frames_painted_at_the_time_bit_for_bit():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        painted = {}
        await nudge(pilot)
        painted[1] = app.frame  # nudge 1
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "an epoch")
        epoch_end = app.frame.nudges
        painted[epoch_end] = app.frame  # an epoch's end
        app.engine.train(80)  # well past the first keyframe (tour chapters train like this)
        await wait_for(pilot, lambda: app.frame.epochs_done == 81, "80 epochs")
        await nudge(pilot, 2)
        between = app.frame.nudges
        assert KEYFRAME_GAP < between < 2 * KEYFRAME_GAP and between % KEYFRAME_GAP
        painted[between] = app.frame  # a nudge between keyframes
        now = app.frame
        await nudge(pilot)  # one more, so `between` is in the past
        newest = app.frame.nudges

        # By keys: home is the start, > a step on, to nudge 1.
        await press_and_wait(pilot, "home", lambda: app.frame.timeline.past and app.frame.timeline.step == 0, "the start")
        assert app.frame.nudges == 0 and app.frame.last is None
        await press_and_wait(pilot, "greater_than_sign", lambda: app.frame.timeline.step == 1, "nudge 1")
        assert same(app.frame, painted[1])
        # By epoch ends: } goes to the first epoch's end.
        await press_and_wait(pilot, "right_curly_bracket", lambda: app.frame.timeline.step == epoch_end, "the epoch's end")
        assert same(app.frame, painted[epoch_end])
        # By a click on the timeline's bar (and < from the newest step).
        await press_and_wait(pilot, "end", lambda: not app.frame.timeline.past, "now")
        await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.step == newest - 1, "a step back")
        assert same(app.frame, now)
        bar = app.query_one(TimelineBar)
        start, width = bar._bar
        column = next(c for c in range(start, start + width) if step_at(c, start, width, newest) <= between)
        await pilot.click(TimelineBar, offset=(column, 0))
        await wait_for(pilot, lambda: app.frame.timeline.step == step_at(column, start, width, newest), "the clicked step")
        app.action_move_in_time("to", between)
        await wait_for(pilot, lambda: app.frame.timeline.step == between, "the step between keyframes")
        assert same(app.frame, painted[between])
        assert "the past" in bar.render().plain and f"nudge {between} of {newest}" in bar.render().plain


async def test_training_keys_refuse_in_the_past_and_end_comes_back():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        await press_and_wait(pilot, "left_curly_bracket", lambda: app.frame.timeline.past, "the past")
        assert app.frame.nudges == 0  # no epoch has ended: { goes to the start
        for key in ("n", "e", "r"):
            app.clear_notifications()
            await pilot.press(key)
            await wait_for(pilot, lambda: any("looking at the past" in n.message for n in app._notifications), f"{key} refused")
        assert app.frame.timeline.newest_nudges == 3 and not app.frame.running
        await press_and_wait(pilot, "end", lambda: not app.frame.timeline.past and app.frame.nudges == 3, "now")
        await nudge(pilot)  # training works again


async def test_branch_trains_on_from_the_past_and_keeps_the_old_future():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        painted = {}
        for _ in range(6):
            await nudge(pilot)
            painted[app.frame.nudges] = app.frame.values
        for _ in range(3):
            before = app.frame.timeline.step
            await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.step == before - 1, "a step back")
        await press_and_wait(pilot, "B", lambda: len(app.frame.timeline.runs) == 2, "the branch")
        timeline = app.frame.timeline
        assert not timeline.past and timeline.nudges == 3
        assert [(r.name, r.steps, r.current) for r in timeline.runs] == [("run 1", 6, False), ("run 2", 3, True)]
        await nudge(pilot)  # the branch trains on from nudge 3 as the old run did: the same numbers, bit for bit
        assert app.frame.values == painted[4]
        assert app.frame.nudges == 4 and app.frame.timeline.runs[1].steps == 4 and app.frame.timeline.runs[0].steps == 6
        assert "runs: run 1 run 2" in app.query_one(TimelineBar).render().plain
        await press_and_wait(pilot, "B", lambda: any("newest step" in n.message for n in app._notifications), "B refused at now")


async def test_rewind_on_a_lab_world_shows_its_painted_frames_and_the_help_lists_the_keys():
    from textual.widgets import Static

    from tinynet_tui.__main__ import parse_options
    from tinynet_tui.screens.help import HelpScreen

    from .helpers import rendered_text

    options, _ = parse_options(["--world", "spiral-3"])
    app = TinyNetApp(options)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        painted = {}
        for _ in range(3):
            await nudge(pilot)
            painted[app.frame.nudges] = app.frame
        for step in (2, 1):
            await press_and_wait(pilot, "less_than_sign", lambda: app.frame.timeline.step == step, "a step back")
            assert same(app.frame, painted[step]) and app.frame.look == painted[step].look
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = " ".join(rendered_text(static.content, 100) for static in app.screen.query(Static))
        for words in ("rewind: < > a step back", "branch from here", "edit the weight under the cursor", "runs side by side"):
            assert words in text, words
