"""The seed projects' tours on the lab: walked first to last, and each claim measured where it holds and where not."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from tinynet_core.layer_math import work_out_batch
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import Driver, StartOptions
from tinynet_tui.tours import TOURS, journey, lab_facts, playground, scratch

from .helpers import nudge, wait_ready
from .test_tours import engine_frame, nudged_frame, pane_text, wait_chapter

LAB_TOURS = ("journey", "scratch", "playground")


def trained_then_nudged(preset: str, epochs: int, seed: int = 0, **changes):
    """The frame after `epochs` epochs and then one recorded nudge, from the engine driver run in this process."""
    events = []
    driver = Driver(StartOptions(preset=preset, seed=seed), events.append)
    driver._start_engine()
    if changes:
        driver._do_reset(seed, preset, changes)
    driver._do_train(epochs)
    driver._do_step()
    return next(event[1] for event in reversed(events) if event[0] == "frame")


def needs_a_nudge(chapter, frame) -> bool:
    return any("press n" in claim.text for claim in chapter.claims(frame))


@pytest.mark.parametrize("name", LAB_TOURS)
async def test_walk_each_lab_tour_and_every_claim_holds_on_its_own_setup(name):
    tour = TOURS[name]
    app = TinyNetApp(tour=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        for index, chapter in enumerate(tour.chapters):
            if index:
                await pilot.press("pagedown")
            await wait_chapter(pilot, index)
            setup = chapter.setup
            assert (app.frame.preset, app.frame.seed, app.frame.epochs_done) == (setup.preset, setup.seed, setup.epochs)
            if needs_a_nudge(chapter, app.frame):
                await nudge(pilot, 1)
            frame = app.frame
            claims = chapter.claims(frame)
            assert all(claim.holds is True for claim in claims), (chapter.title, [c.text for c in claims])
            assert "Measured now: " + chapter.measure(frame).text in pane_text(app)
            assert "✓" in pane_text(app)


# -- from scratch: the equations, the graph, p − y, a digit --------------------------------------


def test_layer_equations_match_layer_math_and_autograd_on_a_deeper_network():
    frame = nudged_frame("playground-circle")  # 2 → 4 → 2 → 1, tanh, BCE, a batch of 10
    config = frame.config
    before = {name: torch.tensor(value) for name, value in frame.last.before.items()}
    work = work_out_batch(before, torch.tensor(frame.last.input), torch.tensor(frame.last.target), config["activation"], config["head"], config["loss"])
    for row, example in enumerate(lab_facts.last_batch(frame)):
        passes = lab_facts.work_out(frame.last.before, example, config["activation"], config["head"], config["loss"])
        for ours, theirs in zip(passes, work.layers):
            assert ours.delta == pytest.approx(theirs.delta[row].tolist(), rel=1e-9, abs=1e-12)
    # The mean over the batch of δ is each bias's gradient, as the trainer's autograd has it.
    assert lab_facts.close(lab_facts.mean_delta(lab_facts.last_batch(frame), lab_facts.bce_delta), lab_facts.output_bias_grad(frame))


def test_the_equations_chapters_hold_on_a_real_nudge_and_not_on_a_changed_one():
    frame = nudged_frame("discovery")
    for claim in (scratch._forward, scratch._output_delta, scratch._hidden_deltas, scratch._update, scratch._graph):
        assert claim(frame).holds is True, claim(frame).text
    assert "75 nodes" in scratch._graph(frame).text
    # An output the forward pass does not give, a gradient autograd did not give, a step SGD did not take.
    last = dataclasses.replace(frame.last, output=(0.5, 0.5))
    assert scratch._forward(dataclasses.replace(frame, last=last)).holds is False
    grads = {**frame.grads, "layer1.bias": [g + 0.01 for g in frame.grads["layer1.bias"]]}
    off = dataclasses.replace(frame, grads=grads)
    assert scratch._hidden_deltas(off).holds is False and "Not equal: layer1.bias" in scratch._hidden_deltas(off).text
    assert scratch._graph(off).holds is False
    changes = {**frame.changes, "layer2.bias": [c + 0.01 for c in frame.changes["layer2.bias"]]}
    assert scratch._update(dataclasses.replace(frame, changes=changes)).holds is False


def test_the_mse_delta_is_not_what_a_bce_network_gets():
    claim = scratch._output_delta(nudged_frame("discovery", loss="bce"))
    assert claim.holds is False


def test_the_equation_claims_wait_for_a_nudge():
    fresh = engine_frame("discovery")
    for claim in (scratch._forward, scratch._output_delta, scratch._hidden_deltas, scratch._update, scratch._graph, scratch._p_minus_y):
        assert claim(fresh).holds is None and "press n" in claim(fresh).text


def test_p_minus_y_on_the_spiral_and_not_on_a_sigmoid_head():
    claim = scratch._p_minus_y(nudged_frame("spiral-softmax"))
    assert claim.holds is True and "First of the 240 points" in claim.text
    assert scratch._p_minus_y(nudged_frame("playground-circle")).holds is False


def test_held_out_digits_after_the_chapters_epochs_and_not_before():
    assert scratch._digits(engine_frame("digits-mlp", epochs=scratch.DIGITS_EPOCHS)).holds is True
    early = scratch._digits(engine_frame("digits-mlp", epochs=1, lr=1e-4))
    assert early.holds is False and "of the 359 held-out digits" in early.text


# -- the journey: deltas, curves, L2, label noise ----------------------------------------------------


def test_bce_cancels_the_slope_and_mse_keeps_it_on_the_same_network():
    bce, mse = nudged_frame("journey-notebook1"), nudged_frame("journey-notebook1", loss="mse")
    assert bce.last.before == mse.last.before and bce.last.input == mse.last.input  # the same network and batch
    assert journey._delta_rule("bce")(bce).holds is True and journey._delta_rule("mse")(bce).holds is False
    assert journey._delta_rule("mse")(mse).holds is True and journey._delta_rule("bce")(mse).holds is False


def test_curve_readings_each_hold_on_their_own_config_only():
    frames = {
        "good fit": engine_frame("journey-notebook2", epochs=journey.CURVE_EPOCHS),
        "underfitting": engine_frame("journey-notebook1", epochs=journey.CURVE_EPOCHS, lr=journey.SLOW_LR),
        "overfitting": engine_frame("journey-notebook1", epochs=journey.OVERFIT_EPOCHS, **journey.OVERFIT),
    }
    for kind, frame in frames.items():
        for other, claim_frame in frames.items():
            claim = journey._reads(kind)(claim_frame)
            assert claim.holds is (kind == other), (kind, other, claim.text)
    assert journey._reads("good fit")(engine_frame("journey-notebook1")).holds is False  # no epoch yet


def test_decay_pulls_on_the_weights_only_with_decay():
    assert journey._decay_pull(trained_then_nudged("journey-notebook3", journey.L2_EPOCHS)).holds is True
    none = journey._decay_pull(trained_then_nudged("journey-notebook3", journey.L2_EPOCHS, weight_decay=0.0))
    assert none.holds is False and "the decay is 0% of the loss's pull" in none.text
    assert journey._decay_pull(engine_frame("journey-notebook3")).holds is None


def test_flipped_labels_put_held_out_accuracy_above_training_only_when_flipped():
    changes = {"lr": journey.FAST_LR}
    noisy = journey._noise_gap(engine_frame("journey-notebook1", epochs=journey.NOISE_EPOCHS, label_noise=journey.LABEL_NOISE, **changes))
    assert noisy.holds is True and "With 30% of the training labels flipped" in noisy.text
    clean = journey._noise_gap(engine_frame("journey-notebook1", epochs=journey.NOISE_EPOCHS, label_noise=0.0, **changes))
    assert clean.holds is False


# -- the Playground: XOR, the spiral, the lottery -----------------------------------------------------


def test_xor_needs_a_hidden_layer_or_the_product_feature():
    flat = engine_frame("playground-xor", epochs=100, hidden=())
    bent = engine_frame("playground-xor", epochs=100)
    product = engine_frame("playground-xor-feature", epochs=20)
    assert playground._below(playground.CHANCE)(flat).holds is True
    assert playground._at_least(playground.SOLVED)(flat).holds is False
    assert playground._below(playground.CHANCE)(bent).holds is False
    for frame in (bent, product):
        assert playground._at_least(playground.SOLVED)(frame).holds is True


def test_width_and_depth_on_the_spiral():
    narrow, wide, deep = (engine_frame("playground-spiral", epochs=playground.SPIRAL_EPOCHS, features=None, hidden=hidden)
                          for hidden in ((8,), (64,), (16, 16, 16)))
    for short in (narrow, wide):
        assert playground._below(playground.SHORT)(short).holds is True and playground._at_least(0.9)(short).holds is False
    assert "with 257 parameters" in playground._below(playground.SHORT)(wide).text
    # Seven features through two layers of 8 find the arms; x1 and x2 alone through the same layers do not.
    features = engine_frame("playground-spiral", epochs=playground.SPIRAL_EPOCHS)
    xy = engine_frame("playground-spiral", epochs=playground.SPIRAL_EPOCHS, features=None)
    assert playground._at_least(0.9)(features).holds is True and playground._at_least(0.9)(xy).holds is False
    assert playground._below(playground.SHORT)(deep).holds is False and playground._at_least(0.9)(deep).holds is True


def test_the_lottery_spread_is_measured_on_the_seeds_drawn():
    def drawn(preset, epochs, seeds, **changes):
        for seed in seeds:
            lab_facts.draw_ticket(engine_frame(preset, seed=seed, epochs=epochs, **changes))
        return engine_frame(preset, epochs=epochs, **changes)

    xor = drawn("playground-xor", playground.LOTTERY_EPOCHS, (1, 2, 3), **playground.LOTTERY)
    claim = playground._lottery(xor)
    assert claim.holds is True and "0: 83%, 1: 64%, 2: 59%, 3: 82%" in claim.text and "24 points apart" in claim.text
    blobs = drawn("playground-gauss", 50, (1, 2, 3))  # every seed solves the blobs
    assert playground._lottery(blobs).holds is False and "0 points apart" in playground._lottery(blobs).text
    # Trained on past the drawn tickets' epochs, or another recipe: nothing to compare with.
    assert playground._lottery(engine_frame("playground-xor", epochs=31, **playground.LOTTERY)).holds is None
    assert playground._lottery(engine_frame("playground-circle", epochs=1)).holds is None


def test_lab_tours_are_listed_with_the_runbooks():
    assert set(LAB_TOURS) <= set(TOURS)


def test_the_graph_chapter_does_not_build_a_huge_graph_on_every_frame():
    claim = scratch._graph(nudged_frame("spiral-softmax"))  # 240 points through 64 units: about 150,000 nodes
    assert claim.holds is None and "more than 5,000 nodes" in claim.text


def test_the_delta_claim_reads_the_layer_inspectors_delta_too():
    events = []
    driver = Driver(StartOptions(preset="journey-notebook1"), events.append)
    driver._start_engine()
    driver._do_watch_weight("layer2.weight", (0, 3))  # the layer inspector open on an output weight
    driver._do_step()
    frame = next(event[1] for event in reversed(events) if event[0] == "frame")
    claim = journey._delta_rule("bce")(frame)
    assert claim.holds is True and "The layer inspector's δ for the first example" in claim.text
    assert "the sigmoid's slope cancels" in claim.text  # the inspector's rule, in its words
    shown = dataclasses.replace(frame.weight_story, lines=tuple(
        dataclasses.replace(t, value=t.value * 2) if t.name.startswith("δ of") else t for t in frame.weight_story.lines))
    assert journey._delta_rule("bce")(dataclasses.replace(frame, weight_story=shown)).holds is False


def test_a_straight_line_cannot_close_the_circle():
    # The circle chapter's expectation, on the same data with no hidden layer.
    line = engine_frame("playground-circle", epochs=playground.CIRCLE.epochs, hidden=())
    assert playground._at_least(playground.SOLVED)(line).holds is False


@pytest.mark.parametrize("changes", [{"hidden": (4,), "batch_size": 3}, {"hidden": (4,), "batch_size": 1}])
def test_the_graph_claim_on_a_small_softmax_network_one_example_or_a_batch(changes):
    claim = scratch._graph(nudged_frame("spiral-softmax", **changes))
    assert claim.holds is True, claim.text


@pytest.fixture(scope="module")
def other_networks():
    """Networks a user may switch to in the middle of a chapter: other heads, shapes and batches."""
    return [
        engine_frame("discovery"),
        nudged_frame("discovery", nudges=3),
        nudged_frame("curve-fit"),  # a linear head, two hidden layers
        nudged_frame("playground-xor-feature"),  # no hidden layer
        nudged_frame("spiral-softmax", batch_size=1),
        nudged_frame("digits-mlp"),
        engine_frame("journey-notebook1", epochs=2),
    ]


@pytest.mark.parametrize("name", LAB_TOURS)
def test_every_lab_chapter_measures_any_network_without_failing(name, other_networks):
    for chapter in TOURS[name].chapters:
        for frame in other_networks:
            claim = chapter.measure(frame)
            assert claim.text and claim.holds in (True, False, None), (chapter.title, frame.preset)

