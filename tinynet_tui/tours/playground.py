"""TensorFlow Playground's plane data sets: why XOR needs a hidden layer (or the x1·x2 feature), what
width and depth do to the spiral, and the initialisation lottery."""

from __future__ import annotations

from tinynet_core.config import preset_config

from ..frame import Frame
from . import lab_facts
from .chapter import TOUR, Chapter, Claim, Expected, Say, Setup, Tour

CIRCLE = preset_config("playground-circle")
GAUSS = preset_config("playground-gauss")
XOR = preset_config("playground-xor")
SPIRAL = preset_config("playground-spiral")
SOLVED = 0.95  # held-out accuracy that counts as solved
CHANCE = 0.7  # below this, a two-class answer is little better than a coin
SHORT = 0.8  # a spiral network that stays below this has not found the arms
SPIRAL_EPOCHS = 60
XY_ONLY = {"features": None}  # the spiral from x1 and x2 alone
LOTTERY = {"hidden": (2,)}  # XOR with one hidden layer of two: just enough units, when the start is kind
LOTTERY_EPOCHS = 30
LOTTERY_SEEDS = tuple(range(1, 6))  # trained before the chapter's own seed 0
LOTTERY_SPREAD = 0.15  # "far apart": the best seed's held-out accuracy this far above the worst's


def _accuracy_text(frame: Frame) -> str | None:
    scores = lab_facts.scores(frame)
    if scores is None:
        return None
    train, held = scores
    return (
        f"After {frame.epochs_done} epochs, with {frame.world.parameter_count} parameters: {held:.1%} of the "
        f"{frame.world.validation_count} held-out points right ({train:.1%} of the training points)."
    )


def _at_least(share: float):
    """The claim that the held-out accuracy reaches `share`."""

    def here(frame: Frame) -> Claim:
        text = _accuracy_text(frame)
        if text is None:
            return Claim("No epoch finished yet: press e.", holds=False)
        return Claim(text, holds=lab_facts.scores(frame)[1] >= share)

    return here


def _below(share: float):
    """The claim that the held-out accuracy stays below `share`."""

    def here(frame: Frame) -> Claim:
        text = _accuracy_text(frame)
        if text is None:
            return Claim("No epoch finished yet: press e.", holds=False)
        return Claim(text, holds=lab_facts.scores(frame)[1] < share)

    return here


def _lottery(frame: Frame) -> Claim:
    live = lab_facts.scores(frame)
    others = [t for t in lab_facts.drawn_tickets(frame) if t.epochs == frame.epochs_done and t.seed != frame.seed]
    if live is None or not others:
        return Claim("No other seed of this recipe has been trained to this epoch: PgUp and PgDn set the chapter up again.")
    held = sorted([(t.seed, t.held) for t in others] + [(frame.seed, live[1])])
    low, high = min(h for _, h in held), max(h for _, h in held)
    text = (
        f"Held-out accuracy after {frame.epochs_done} epochs, seed by seed: "
        + ", ".join(f"{seed}: {h:.0%}" for seed, h in held)
        + f" (this one, seed {frame.seed}: {live[1]:.0%}). From {low:.0%} to {high:.0%}: {100 * (high - low):.0f} points apart."
    )
    return Claim(text, holds=high - low >= LOTTERY_SPREAD)


PLAYGROUND = Tour(
    name="playground",
    title="The Playground: XOR, the spiral, and the initialisation lottery",
    summary="circle and blobs, XOR with and without a hidden layer, x1·x2, width and depth on the spiral, seeds",
    chapters=(
        Chapter(
            "The circle",
            Setup("playground-circle", epochs=CIRCLE.epochs, grid=None),
            (
                Say(
                    "Four data sets of points on a plane, two classes each: a circle inside a ring, XOR's four quadrants, two "
                    "Gaussian blobs and two interleaved spiral arms."
                ),
                Say(f"The circle with the Playground's defaults: 2 → 4 → 2 → 1, tanh, lr {CIRCLE.lr:g}, {CIRCLE.epochs} epochs."),
                Expected(f"two hidden layers to close a curve round the inside: at least {SOLVED:.0%} of the held-out points right", _at_least(SOLVED), TOUR),
            ),
            "Press M to walk the held-out points it answers wrong, if any.",
        ),
        Chapter(
            "Two Gaussian blobs",
            Setup("playground-gauss", epochs=GAUSS.epochs, grid=None),
            (
                Say(f"Two blobs, one hidden layer of {GAUSS.hidden[0]}, {GAUSS.epochs} epochs: a straight line would do."),
                Expected(f"at least {SOLVED:.0%} of the held-out points right", _at_least(SOLVED), TOUR),
            ),
            "PgDn for XOR.",
        ),
        Chapter(
            "XOR with no hidden layer",
            Setup("playground-xor", changes={"hidden": ()}, epochs=XOR.epochs, grid=None),
            (
                Say(
                    "XOR: one class where x1 and x2 have the same sign, the other where they differ. With no hidden layer "
                    "the answer is σ(w₁x₁ + w₂x₂ + b), one straight line across the plane."
                ),
                Expected(
                    f"no straight line to split the quadrants: held-out accuracy below {CHANCE:.0%}, near a coin's 50%",
                    _below(CHANCE),
                    TOUR,
                ),
            ),
            "Press e a few times and read the accuracy again.",
        ),
        Chapter(
            "XOR with hidden layers",
            Setup("playground-xor", epochs=XOR.epochs, grid=None),
            (
                Say("The same points through 2 → 4 → 2 → 1: each hidden unit draws a line, the next layer combines them."),
                Expected(f"the hidden layers to bend the boundary round the quadrants: at least {SOLVED:.0%} held-out", _at_least(SOLVED), TOUR),
            ),
            "PgDn: the same task with the right input and no hidden layer.",
        ),
        Chapter(
            "XOR from x1·x2, no hidden layer",
            Setup("playground-xor-feature", epochs=20, grid=None),
            (
                Say("The network now reads one feature, x1·x2: positive where the signs agree, negative where they differ."),
                Expected(
                    f"that one input to make XOR a straight-line problem: at least {SOLVED:.0%} held-out with no hidden layer",
                    _at_least(SOLVED),
                    TOUR,
                ),
            ),
            "PgDn for the spiral.",
        ),
        Chapter(
            "The spiral, one layer of 8",
            Setup("playground-spiral", changes={**XY_ONLY, "hidden": (8,)}, epochs=SPIRAL_EPOCHS, grid=None),
            (
                Say(f"Two spiral arms from x1 and x2 alone, one hidden layer of 8 tanh units, Adam, {SPIRAL_EPOCHS} epochs."),
                Expected(f"one narrow layer to fall short of the arms: held-out accuracy below {SHORT:.0%}", _below(SHORT), TOUR),
            ),
            "Press r to train on: how far does it get?",
        ),
        Chapter(
            "The spiral, one layer of 64",
            Setup("playground-spiral", changes={**XY_ONLY, "hidden": (64,)}, epochs=SPIRAL_EPOCHS, grid=None),
            (
                Say("Eight times as wide: one hidden layer of 64, the same inputs and epochs."),
                Expected(f"width alone to stay short of the arms too: held-out accuracy below {SHORT:.0%}", _below(SHORT), TOUR),
            ),
            "PgDn: depth instead of width.",
        ),
        Chapter(
            "The spiral, three layers of 16",
            Setup("playground-spiral", changes={**XY_ONLY, "hidden": (16, 16, 16)}, epochs=SPIRAL_EPOCHS, grid=None),
            (
                Say("The same inputs and epochs, through three hidden layers of 16."),
                Expected("width and depth to find the arms: at least 90% held-out", _at_least(0.9), TOUR),
            ),
            "PgDn: the Playground's own recipe, more inputs instead.",
        ),
        Chapter(
            "The spiral from seven features",
            Setup("playground-spiral", epochs=SPIRAL_EPOCHS, grid=None),
            (
                Say(
                    f"The Playground's spiral: x1, x2, x1², x2², x1·x2, sin x1 and sin x2 in, 7 → {SPIRAL.hidden[0]} → "
                    f"{SPIRAL.hidden[1]} → 1, the same {SPIRAL_EPOCHS} epochs."
                ),
                Expected("the extra features to find the arms with two layers of 8: at least 90% held-out", _at_least(0.9), TOUR),
            ),
            "PgDn: the initialisation lottery.",
        ),
        Chapter(
            "The initialisation lottery",
            Setup("playground-xor", changes=LOTTERY, epochs=LOTTERY_EPOCHS, grid=None, lottery=LOTTERY_SEEDS),
            (
                Say(
                    f"XOR through one hidden layer of two, {LOTTERY_EPOCHS} epochs: two hidden units draw two lines, the "
                    f"fewest that can split the quadrants. Before this chapter opened, seeds {LOTTERY_SEEDS[0]}–"
                    f"{LOTTERY_SEEDS[-1]} of the same recipe and data were trained too; only their starting weights differ."
                ),
                Expected(
                    f"the seeds to land far apart: held-out accuracies at least {100 * LOTTERY_SPREAD:.0f} percentage points from "
                    "the worst to the best",
                    _lottery,
                    TOUR,
                ),
            ),
            f"Press W to sweep 200 seeds of this recipe at its {XOR.epochs} epochs; s and e train the next seed here.",
        ),
    ),
)
