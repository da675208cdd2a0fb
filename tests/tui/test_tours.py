"""Guided tours: each walks from first to last chapter, sets up what it talks about, and measures its claims live."""

from __future__ import annotations

import dataclasses

import pytest

from tinynet_core.config import preset_config
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import Driver, StartOptions
from tinynet_tui.numbers import precise
from tinynet_tui.screens.choice import ChoiceScreen
from tinynet_tui.tours import TOURS, discovery, facts, trainer
from tinynet_tui.widgets.narration import narration

from .helpers import nudge, press_and_wait, wait_for, wait_ready


def engine_frame(preset: str = "discovery", seed: int = 0, epochs: int = 0, **changes):
    """A real frame from the engine driver, run in this process."""
    events = []
    driver = Driver(StartOptions(preset=preset, seed=seed), events.append)
    driver._start_engine()
    if changes:
        driver._do_reset(seed, preset, changes)
    if epochs:
        driver._do_train(epochs)
    return driver._frame()


async def wait_chapter(pilot, index: int) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.tour_pane.index == index and app.tour_pane.ready, f"chapter {index + 1}")


def pane_text(app) -> str:
    """The narration as the pane shows it, without line wrapping."""
    return narration(app.tour_pane.chapter, app.frame, app.tour_pane.ready).plain


@pytest.mark.parametrize("name", list(TOURS))
async def test_walk_each_tour_first_to_last(name):
    tour = TOURS[name]
    app = TinyNetApp(tour=name)
    first_visit = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        for index, chapter in enumerate(tour.chapters):
            if index:
                await pilot.press("pagedown")
            await wait_chapter(pilot, index)
            frame, setup = app.frame, chapter.setup
            # The chapter set up exactly the state it talks about.
            assert (frame.preset, frame.seed, frame.epochs_done, frame.grid_input) == (setup.preset, setup.seed, setup.epochs, setup.grid)
            expected = preset_config(setup.preset).replace(**setup.changes)
            assert frame.config == expected.to_dict()
            assert not frame.running
            # The pane shows the chapter and a claim measured on this very frame.
            assert app.tour_pane.border_title.startswith(f"Tour: {name} {index + 1}/{len(tour.chapters)}")
            text = pane_text(app)
            assert "Measured now: " + chapter.measure(frame).text in text
            first_visit[index] = frame.values
        # Past the last chapter nothing changes; a notice says where we are.
        await pilot.press("pagedown")
        await pilot.pause(0.2)
        assert app.tour_pane.index == len(tour.chapters) - 1
        # Going back rebuilds the earlier chapter bit for bit (same preset and seed, same numbers).
        await pilot.press("pageup")
        await wait_chapter(pilot, len(tour.chapters) - 2)
        assert app.frame.values == first_visit[len(tour.chapters) - 2]


async def test_claims_follow_the_live_network():
    """The discovery tour's "100 epochs" chapter re-measures when the user trains on."""
    app = TinyNetApp(tour="discovery")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await wait_chapter(pilot, 0)
        await pilot.press("pagedown")
        await wait_chapter(pilot, 1)
        assert "No nudge yet" in pane_text(app)
        await nudge(pilot, 1)
        text = pane_text(app)
        # The one-nudge chapter checks change = -lr x gradient on the weight that moved most.
        assert f"Nudge 1 used '{app.frame.last.sample_name}'" in text and "✓" in text
        await pilot.press("pagedown")
        await wait_chapter(pilot, 2)
        assert f"epoch 100 {app.frame.loss_history[-1]:.4f}" in pane_text(app)
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 101, "an epoch")
        await wait_for(pilot, lambda: "epoch 101" in pane_text(app), "the narration to re-measure")


async def test_tour_menu_and_ending_a_tour():
    app = TinyNetApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("pagedown")  # no tour: the key does nothing
        assert app.tour is None and not app.tour_pane.display
        await pilot.press("G")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the tour menu")
        await pilot.press("down", "enter")
        await wait_chapter(pilot, 0)
        assert app.tour is TOURS["trainer"] and app.tour_pane.display
        assert app.frame.preset == "sigmoid-baseline"
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert app.tour is None and not app.tour_pane.display
        assert app.frame.epochs_done == TOURS["trainer"].chapters[0].setup.epochs  # the network stays


# -- claims are measured, and say so when they do not hold -----------------------------------


def test_slow_start_claim_holds_or_not_on_the_numbers():
    frame = engine_frame(epochs=100)
    assert discovery._slow_start(frame).holds is True
    dropped = dataclasses.replace(frame, loss_history=(0.25,) + (0.1,) * 99)
    claim = discovery._slow_start(dropped)
    assert claim.holds is False and "started to learn" in claim.text and "0.1000" in claim.text


def test_dead_units_are_found_from_the_weights():
    frame = engine_frame("relu-v1", seed=0, epochs=100)
    assert facts.dead_units(frame) == [0, 2]  # seed 0 of relu-v1 loses two units
    claim = trainer._dead_unit(frame)
    assert claim.holds is True and "h0, h2" in claim.text
    alive = engine_frame("relu-v1", seed=1, epochs=100)
    assert facts.dead_units(alive) == []
    assert trainer._dead_unit(alive).holds is False


def test_confident_but_wrong_depends_on_the_seed():
    wrong = discovery._fast(engine_frame(seed=2, epochs=100, lr=discovery.FAST_LR))
    assert wrong.holds is True and "top row V" in wrong.text
    right = discovery._fast(engine_frame(seed=0, epochs=100, lr=discovery.FAST_LR))
    assert right.holds is False and "0 of those are wrong" in right.text


def test_largest_change_names_the_parameter():
    frame = engine_frame()
    assert facts.largest_change(frame) is None
    changes = {name: (dataclasses.replace(frame).values[name]) for name in frame.values}
    zeros = {n: [[0.0] * len(r) for r in m] if isinstance(m[0], list) else [0.0] * len(m) for n, m in changes.items()}
    moved = {**zeros, "layer2.bias": [0.0, -0.3]}
    grads = {**zeros, "layer2.bias": [0.0, 3.0]}
    assert facts.largest_change(dataclasses.replace(frame, changes=moved, grads=grads)) == ("output V's bias", -0.3, 3.0)


# -- sentences generated from the numbers, each with more than one outcome --------------------


def _with_dead(frame, dead: set[int]):
    """The frame with hidden units `dead` switched off: weights and bias far below zero."""
    weights = [[-5.0] * 4 if u in dead else row for u, row in enumerate(frame.values["layer1.weight"])]
    biases = [-5.0 if u in dead else b for u, b in enumerate(frame.values["layer1.bias"])]
    return dataclasses.replace(frame, values={**frame.values, "layer1.weight": weights, "layer1.bias": biases})


@pytest.mark.parametrize(
    ("dead", "words"),
    [({1}, "lost one of its three hidden units"), ({0, 2}, "lost two of its three hidden units"), ({0, 1, 2}, "lost all three of its hidden units")],
)
def test_dead_unit_sentence_counts_what_the_weights_say(dead, words):
    frame = _with_dead(engine_frame("relu-v1", seed=1, epochs=1), dead)
    text = trainer._dead_unit(frame).text
    assert words in text and "Dead: " + ", ".join(f"h{u}" for u in sorted(dead)) in text
    assert "a third" not in trainer.TRAINER.chapters[4].story


def test_convergence_sentence_with_no_epoch_with_a_fall_and_without():
    fresh = engine_frame("sigmoid-baseline")
    text = discovery._converged(fresh).text
    assert text.startswith("No epoch has finished yet") and "Mean no epoch" not in text
    fell = discovery._converged(dataclasses.replace(fresh, epochs_done=3, loss_history=(0.3, 0.04, 0.03))).text
    assert "Mean loss 0.0300 after 3 epochs; it first fell below 0.05 at epoch 2" in fell
    flat = discovery._converged(dataclasses.replace(fresh, epochs_done=2, loss_history=(0.3, 0.2))).text
    assert "Mean loss 0.2000 after 2 epochs; it has not fallen below 0.05" in flat


def test_one_nudge_sentence_states_the_arithmetic_once_and_what_did_not_move():
    events = []
    driver = Driver(StartOptions(preset="discovery"), events.append)
    driver._start_engine()
    driver._do_step()
    frame = next(event[1] for event in reversed(events) if event[0] == "frame")
    text = discovery._one_nudge(frame).text
    name, change, grad = facts.largest_change(frame)
    assert f"by {precise(change)}; −lr × gradient = −0.1 × {precise(grad)} = {precise(-0.1 * grad)}." in text
    dark = sum(x == 0 for x in frame.last.input) * 3  # 3 hidden units, one weight from each dark pixel
    assert f"{dark} of the 23 parameters did not move: the weights from the dark pixels" in text
    moved_all = {n: [[1e-3] * len(r) for r in m] if isinstance(m[0], list) else [1e-3] * len(m) for n, m in frame.changes.items()}
    assert "All 23 parameters moved." in discovery._one_nudge(dataclasses.replace(frame, changes=moved_all)).text


@pytest.mark.parametrize(("value", "shown"), [(True, "with the ambiguous patterns in training"), (False, "without the ambiguous patterns in training")])
def test_setup_line_says_switches_in_words(value, shown):
    from tinynet_tui.tours.chapter import Setup
    from tinynet_tui.widgets.narration import setup_text

    text = setup_text(Setup("sigmoid-baseline", changes={"noise": 0.15, "ambiguous": value}))
    assert shown in text and "noise 0.15" in text and "True" not in text and "False" not in text


async def test_at_80x24_a_tour_keeps_a_loss_chart_and_a_status_line():
    app = TinyNetApp(tour="discovery")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await wait_chapter(pilot, 0)
        await pilot.press("pagedown", "pagedown")
        await wait_chapter(pilot, 2)  # "look at how little the loss has moved"
        await pilot.pause()
        chart, status, pane = app.loss_chart, app.status_line, app.tour_pane
        assert chart.display and chart.region.width >= 30 and chart.content_size.height >= 7
        assert pane.display and pane.region.width >= 40
        assert status.display and status.region.height >= 1 and status.region.bottom <= 23
        assert f"epoch {app.frame.epochs_done + 1}" in status.render().plain


async def test_skipping_through_chapters_sets_up_only_the_one_stopped_at():
    app = TinyNetApp(tour="discovery")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await wait_chapter(pilot, 0)
        requested = []
        train = app.engine.train
        app.engine.train = lambda epochs: (requested.append(epochs), train(epochs))
        progress = []
        show_progress = app.tour_pane.show_progress
        app.tour_pane.show_progress = lambda trained: (progress.append(trained), show_progress(trained))
        await pilot.press(*["pagedown"] * 5)  # chapters 2-5 are skipped: 100 + 3 × 600 epochs
        await wait_chapter(pilot, 5)
        setup = TOURS["discovery"].chapters[5].setup
        assert sum(requested) == setup.epochs and max(requested) <= 100
        assert progress == list(range(100, setup.epochs + 1, 100))
        assert (app.frame.preset, app.frame.epochs_done) == (setup.preset, setup.epochs)


def test_setting_up_shows_how_far_the_training_has_got():
    chapter = TOURS["discovery"].chapters[3]
    text = narration(chapter, None, ready=False, trained=300).plain
    assert f"300/{chapter.setup.epochs} epochs trained" in text and "Setting up" in text


@pytest.mark.parametrize(
    "false_claim",
    ["moves every weight a little", "lost a third of its hidden layer", "The outputs swing to extremes fast", "It helps on fuzzy inputs", "so no unit starts dead"],
)
def test_no_story_states_what_fails_on_some_networks_as_a_fact(false_claim):
    # Each was false on some seeds (issue 17); a story now says what the runbook expected, and
    # the measured line says what happened.
    assert all(false_claim not in chapter.story for tour in TOURS.values() for chapter in tour.chapters)
