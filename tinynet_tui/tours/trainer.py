"""The trainer runbook: fixing the sigmoid baseline's false confidence with dynamic noise,
examples of "unsure", ReLU, Adam and weight decay; then weight decay inside Adam against AdamW,
and how small differences grow."""

from __future__ import annotations

from typing import NamedTuple

from tinynet_core.chaos import OFFSET
from tinynet_core.config import preset_config
from tinynet_core.evaluation import LEARNED_LOSS
from tinynet_core.world import ALL_BW_PATTERNS, LABEL_AMBIGUOUS, STRESS_PATTERNS

from ..frame import Frame
from ..numbers import precise
from . import facts
from .chapter import ARITHMETIC, SOLID_GRAY, TOUR, Chapter, Claim, Expected, Say, Setup, Tour

BASELINE = preset_config("sigmoid-baseline")
REGULARIZED = preset_config("relu-v2-regularized")
RELU_V1 = preset_config("relu-v1")
NOISE = REGULARIZED.noise
HONEST_CLAIMS = 3  # relu-v2's goal: sure of itself on at most this many of the 12 ambiguous patterns
AMBIGUOUS_COUNT = sum(p.label == LABEL_AMBIGUOUS for p in ALL_BW_PATTERNS)  # 12: neither a row nor a column
# A "whole lr step": within this share of lr.
WHOLE_STEP = 0.01
# How far float32 rounding of w·(1 − lr·wd) may put a weight from the exact product, relative to w.
F32_ROUNDING = 4e-7
# The chaos chapter: how long the two copies train, and how much the gap must grow to count.
CHAOS_EPOCHS = REGULARIZED.epochs
OFFSET_TEXT = precise(OFFSET, 1, signed=False)
GROWN = 1e3


class Honesty(NamedTuple):
    """Right where it should be sure, unsure where it should not be."""

    right: int  # training patterns answered right
    total: int  # training patterns
    claims: int  # confident claims on the 12 ambiguous black/white patterns
    stress_claims: int  # confident claims on the 4 stress patterns (3 of them among the 12, solid gray not)
    confidence: float  # mean confidence on the 12 ambiguous patterns

    @property
    def text(self) -> str:
        """The measured sentence the chapters share."""
        return (
            f"Training patterns right: {self.right}/{self.total}. Sure of itself on {self.claims} of the 12 ambiguous "
            f"black/white patterns (mean confidence {self.confidence:.0%}), and on {self.stress_claims} of the 4 stress "
            "patterns, which it never trains on (solid gray is one of those 4, not of the 12)."
        )


def _honesty(frame: Frame) -> Honesty:
    ambiguous = facts.ambiguous_judged(frame)
    stress_claims = facts.falsely_confident(facts.judged(frame, "stress"))
    right, total = facts.sensible_count(frame, "training")
    return Honesty(right, total, len(facts.falsely_confident(ambiguous)), len(stress_claims), facts.mean_confidence(ambiguous))


def _fuzzy_score(frame: Frame) -> str:
    right, total = facts.sensible_count(frame, "fuzzy")
    return f"Fuzzy patterns right: {right}/{total}."


def _the_problem(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(f"{h.text} {_fuzzy_score(frame)}", holds=h.right == h.total and h.claims > 0)


def _noise_on_fuzzy(frame: Frame) -> Claim:
    right, total = facts.sensible_count(frame, "fuzzy")
    return Claim(_fuzzy_score(frame), holds=right == total)


def _noise_honesty(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.claims * 2 >= AMBIGUOUS_COUNT)


def _unsure_examples(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.right == h.total and h.stress_claims < len(STRESS_PATTERNS))


def _relu(frame: Frame) -> Claim:
    learned = facts.when_learned(frame)
    right, total = facts.sensible_count(frame, "training")
    when = f"The mean loss fell below {LEARNED_LOSS} {learned}" if learned else f"The mean loss has not fallen below {LEARNED_LOSS}"
    dead = facts.dead_units(frame)
    dead_text = f"; dead units: {', '.join(f'h{u}' for u in dead)}" if dead else "; no dead unit"
    return Claim(f"{when} (of {frame.epochs_done}). Training patterns right: {right}/{total}{dead_text}.", holds=learned is not None)


def _dead_unit(frame: Frame) -> Claim:
    dead = facts.dead_units(frame)
    right, total = facts.sensible_count(frame, "training")
    if not dead:
        return Claim(f"No hidden unit is dead here; training patterns right: {right}/{total}.", holds=False)
    units = ", ".join(f"h{u}" for u in dead)
    hidden = len(frame.hidden)
    its = "its" if len(dead) == 1 else "their"
    return Claim(
        f"Dead: {units} (0 on all 4 training patterns, so no gradient reaches {its} weights from them): the net has lost "
        f"{facts.share_words(len(dead), hidden)} hidden units. Training patterns right: {right}/{total}.",
        holds=right < total,
    )


def _dead_at_start(frame: Frame) -> Claim:
    dead = facts.dead_units(frame)
    units = ", ".join(f"h{u}" for u in dead) or "none"
    if frame.nudges:
        nudges = f"{frame.nudges} nudge" + ("s" if frame.nudges != 1 else "")
        return Claim(f"After {nudges}, dead units: {units}. This checks the start: PgUp and PgDn set it up again.")
    if not dead:
        return Claim(f"Seed {frame.seed}, untrained: every hidden unit fires on some training pattern; none is dead.", holds=True)
    return Claim(f"Seed {frame.seed}, untrained: {units} output 0 on all 4 training patterns: dead from the start.", holds=False)


def _regularized(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.right == h.total and h.claims <= HONEST_CLAIMS)


def _first_adam_step(frame: Frame) -> str | None:
    """Why a zero-gradient claim cannot be judged on this frame, or None when it can."""
    if frame.last is None or frame.nudge_math is None:
        return "No nudge yet: press n once."
    if frame.nudge_math.update.step_number != 1 or frame.nudges_in_frame != 1:
        return "This checks Adam's first step only (afterwards its memory moves weights too): PgUp and PgDn set it up again."
    return None


def _zero_gradient_text(frame: Frame) -> tuple[str, list[tuple[str, float, float]]]:
    moves = facts.zero_gradient_moves(frame)
    if not moves:
        return "No parameter had a loss gradient of exactly 0 in this nudge.", moves
    name, before, change = moves[0]
    return (
        f"{len(moves)} parameters had a loss gradient of exactly 0 in nudge {frame.nudges} (on '{frame.last.sample_name}'). "
        f"They moved by {', '.join(precise(c) for _, _, c in moves[:6])}{' …' if len(moves) > 6 else ''}; "
        f"lr is {frame.lr:g}. For example {name}: {precise(before)} → {precise(before + change)}.",
        moves,
    )


def _coupled_decay(frame: Frame) -> Claim:
    why_not = _first_adam_step(frame)
    if why_not:
        return Claim(why_not)
    text, moves = _zero_gradient_text(frame)
    # A whole step: Adam's first step is lr · g/|g|, less only where wd·w is near Adam's 1e-8 guard.
    whole = bool(moves) and all(abs(abs(change) - frame.lr) <= WHOLE_STEP * frame.lr for _, _, change in moves)
    return Claim(text, holds=whole)


def _decoupled_decay(frame: Frame) -> Claim:
    why_not = _first_adam_step(frame)
    if why_not:
        return Claim(why_not)
    text, moves = _zero_gradient_text(frame)
    wd = float(frame.config["weight_decay"])
    text += f" The decay alone, −lr × decay × w, would be {precise(-frame.lr * wd * moves[0][1])} for that one." if moves else ""
    # float32: w·(1 − lr·wd) is rounded once, to within a few parts in 10^7 of w.
    decay_only = bool(moves) and all(abs(change + frame.lr * wd * before) <= F32_ROUNDING * abs(before) for _, before, change in moves)
    return Claim(text, holds=decay_only)


def _chaos(frame: Frame) -> Claim:
    if frame.running:
        return Claim("Training is running: pause it (r) and the two copies are trained from the weights on screen.")
    try:
        drift = facts.drift(frame, CHAOS_EPOCHS)
    except ValueError as err:
        return Claim(f"Not measured here: {err}.")
    gaps = ", ".join(f"{precise(gap, 2, signed=False)} after {epoch}" for epoch, gap in zip(drift.epochs, drift.gaps))
    return Claim(
        f"Largest gap between the two copies' weights: {OFFSET_TEXT} at the start; {gaps} epochs: "
        f"{precise(drift.growth, 2, signed=False)} times the start.",
        holds=drift.growth >= GROWN,
    )


TRAINER = Tour(
    name="trainer",
    title="Trainer: from confident to right, and honestly unsure",
    summary="dynamic noise, examples of 'unsure', ReLU, dead units, Adam and weight decay, AdamW, chaos",
    chapters=(
        Chapter(
            "Where discovery ended",
            Setup("sigmoid-baseline", epochs=BASELINE.epochs, grid=SOLID_GRAY),
            (
                Say(f"The chapter opens on the sigmoid baseline after its {BASELINE.epochs} epochs."),
                Expected(
                    "it to be right on the 4 rows and columns it trained on, and sure of itself on patterns that are "
                    "neither: the false confidence this tour fixes",
                    _the_problem,
                ),
            ),
            "Press V to see all 16 patterns; esc comes back.",
        ),
        Chapter(
            "Dynamic noise",
            Setup("sigmoid-baseline", changes={"noise": NOISE}, epochs=BASELINE.epochs, grid=SOLID_GRAY),
            (
                Say(
                    f"The same recipe and seed, but every epoch each pixel gets fresh random noise (σ {NOISE:g}), so the "
                    "net cannot lean on exact brightness values."
                ),
                Expected("the noise to help on fuzzy inputs: every fuzzy pattern right (the last chapter measured the same seed without noise)", _noise_on_fuzzy),
                Expected("noise alone not to make it honest: sure of itself on half or more of the 12 ambiguous patterns", _noise_honesty),
            ),
            "Click pixels towards gray and watch the answer.",
        ),
        Chapter(
            "Show it what 'unsure' looks like",
            Setup("sigmoid-baseline", changes={"noise": NOISE, "ambiguous": True}, epochs=BASELINE.epochs, grid=SOLID_GRAY),
            (
                Say(
                    "Now the ambiguous black/white patterns join the training set with the target 50/50. The "
                    "4 stress patterns stay out, so they still test patterns the net is not trained on."
                ),
                Expected("it to stay right on the training patterns and to be unsure on some stress pattern", _unsure_examples),
            ),
            "Press t for the tests panel, V for the verdict map.",
        ),
        Chapter(
            "ReLU and momentum",
            Setup("relu-v1", seed=1, epochs=RELU_V1.epochs),
            (
                Say("ReLU hidden units (0 below zero, a straight line above), with momentum."),
                Expected(
                    f"the loss to come down far sooner than the sigmoid's: below {LEARNED_LOSS} within {RELU_V1.epochs} epochs",
                    _relu,
                ),
            ),
            "Press a to try another activation on these weights, then r.",
        ),
        Chapter(
            "Dead units",
            Setup("relu-v1", seed=0, epochs=RELU_V1.epochs),
            (
                Say(
                    "Same recipe, another seed. A ReLU unit that outputs 0 on every training pattern passes no "
                    "gradient from them back to its weights."
                ),
                Expected("this seed to lose part of its hidden layer that way, and so to miss a training pattern", _dead_unit),
            ),
            "Press W to see how many seeds of this recipe lose this way.",
        ),
        Chapter(
            f"Hidden biases at {REGULARIZED.hidden_bias:g}",
            Setup("relu-v2-regularized", seed=0),
            (
                Say(
                    f"relu-v2 starts every hidden bias at {REGULARIZED.hidden_bias:g} instead of PyTorch's random start, "
                    "the weights unchanged. The chapter opens on the network untrained."
                ),
                Expected("no hidden unit to be dead at the start (0 on all 4 training patterns)", _dead_at_start),
            ),
            "Press s three times: seed 3 starts with a dead unit even so.",
        ),
        Chapter(
            "Adam and weight decay",
            Setup("relu-v2-regularized", seed=0, epochs=REGULARIZED.epochs, grid=SOLID_GRAY),
            (
                Say("Everything together: ReLU, Adam, weight decay, noise, the 'unsure' examples, and those hidden biases."),
                Expected(
                    f"it to be right on the training patterns and honestly unsure on the ambiguous ones (sure on at most {HONEST_CLAIMS} of the 12)",
                    _regularized,
                ),
            ),
            "Press C to compare the three published models side by side.",
        ),
        Chapter(
            "Weight decay inside Adam",
            Setup("relu-v2-regularized", seed=0, changes={"noise": 0.0}),
            (
                Say(
                    f"Adam with weight decay {REGULARIZED.weight_decay:g} adds decay × w to the loss gradient and divides "
                    "the sum by its running size (√v̂). Noise is off, so a dark pixel's weight has a loss gradient of 0: "
                    "the decay is all it gets."
                ),
                Expected(
                    "such a weight to move by a whole lr step on Adam's first step, the decay rescaled to full size",
                    _coupled_decay,
                    ARITHMETIC,
                ),
            ),
            "Press n once, then i on a weight from a dark pixel: the inspector says the same in words.",
        ),
        Chapter(
            "AdamW: decay kept apart",
            Setup("relu-v2-regularized", seed=0, changes={"noise": 0.0, "optimizer": "adamw"}),
            (
                Say(
                    "The same network with AdamW: before Adam's step it multiplies each weight by (1 − lr × decay), "
                    "and it gives Adam the loss gradient alone (decoupled weight decay)."
                ),
                Expected(
                    "a weight with a loss gradient of 0 to move by the decay alone: lr × decay × w, a tiny fraction of a step",
                    _decoupled_decay,
                    ARITHMETIC,
                ),
            ),
            "Press n once and compare with the last chapter's numbers.",
        ),
        Chapter(
            "Small differences grow",
            Setup("relu-v2-regularized", seed=1, changes={"noise": 0.0}),
            (
                Say(
                    f"Two copies of this network, one weight {OFFSET_TEXT} apart, train side by side for {CHAOS_EPOCHS} "
                    "epochs: the same patterns in the same order, a fresh Adam each, in float64 (tinynet_core.chaos)."
                ),
                Expected(f"the gap to grow over the long run, to at least {GROWN:g} times where it began", _chaos, TOUR),
                Say(
                    "Float32 sums added up in another order (another CPU's vector units, or the batched trainer beside "
                    f"the single one) differ in the last bit, about {OFFSET_TEXT} of a weight: so 'the same numbers, bit "
                    "for bit' holds on the same machine with the same arithmetic only."
                ),
            ),
            "Press s twice: on seed 3 the gap shrinks instead.",
        ),
    ),
)
