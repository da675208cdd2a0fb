"""The trainer runbook: fixing the sigmoid baseline's false confidence with dynamic noise,
examples of "unsure", ReLU, Adam and weight decay."""

from __future__ import annotations

from typing import NamedTuple

from tinynet_core.config import preset_config
from tinynet_core.evaluation import LEARNED_LOSS
from tinynet_core.world import STRESS_PATTERNS

from ..frame import Frame
from . import facts
from .chapter import SOLID_GRAY, Chapter, Claim, Setup, Tour

BASELINE = preset_config("sigmoid-baseline")
REGULARIZED = preset_config("relu-v2-regularized")
NOISE = REGULARIZED.noise


class Honesty(NamedTuple):
    """Right where it should be sure, unsure where it should not be."""

    right: int  # training patterns answered right
    total: int  # training patterns
    claims: int  # confident claims on the 12 ambiguous patterns
    stress_claims: int  # of those, on the 4 stress patterns it never trains on
    confidence: float  # mean confidence on the 12 ambiguous patterns

    @property
    def text(self) -> str:
        """The measured sentence the chapters share."""
        return (
            f"Training patterns right: {self.right}/{self.total}. Confident claims on the 12 ambiguous patterns: "
            f"{self.claims} (on the 4 unseen stress patterns: {self.stress_claims}); mean confidence on them {self.confidence:.0%}."
        )


def _honesty(frame: Frame) -> Honesty:
    ambiguous = facts.ambiguous_judged(frame)
    stress_claims = facts.falsely_confident(facts.judged(frame, "stress"))
    right, total = facts.sensible_count(frame, "training")
    return Honesty(right, total, len(facts.falsely_confident(ambiguous)), len(stress_claims), facts.mean_confidence(ambiguous))


def _the_problem(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.right == h.total and h.claims > 0)


def _noise(frame: Frame) -> Claim:
    right, total = facts.sensible_count(frame, "fuzzy")
    h = _honesty(frame)
    verdict = " Noise alone does not teach it to say 'unsure'." if h.claims >= 6 else ""
    return Claim(f"Fuzzy patterns right: {right}/{total}. " + h.text + verdict, holds=h.claims >= 6)


def _unsure_examples(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.right == h.total and h.stress_claims < len(STRESS_PATTERNS))


def _relu(frame: Frame) -> Claim:
    learned = facts.epochs_to_learn(frame)
    right, total = facts.sensible_count(frame, "training")
    when = f"The mean loss fell below {LEARNED_LOSS} at epoch {learned}" if learned else f"The mean loss has not fallen below {LEARNED_LOSS}"
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
        f"Dead: {units} (0 on all 4 training patterns, so no gradient reaches {its} weights): the net has lost "
        f"{facts.share_words(len(dead), hidden)} hidden units. Training patterns right: {right}/{total}.",
        holds=right < total,
    )


def _regularized(frame: Frame) -> Claim:
    h = _honesty(frame)
    return Claim(h.text, holds=h.right == h.total and h.claims <= 3)


TRAINER = Tour(
    name="trainer",
    title="Trainer: from confident to right, and honestly unsure",
    summary="dynamic noise, examples of 'unsure', ReLU, dead units, Adam and weight decay",
    chapters=(
        Chapter(
            "Where discovery ended",
            Setup("sigmoid-baseline", epochs=BASELINE.epochs, grid=SOLID_GRAY),
            f"The sigmoid baseline after its {BASELINE.epochs} epochs: right on the 4 rows and columns it "
            "trained on, and sure of itself on patterns that are neither. That false confidence is what we fix.",
            _the_problem,
            "Press V to see all 16 patterns; esc comes back.",
        ),
        Chapter(
            "Dynamic noise",
            Setup("sigmoid-baseline", changes={"noise": NOISE}, epochs=BASELINE.epochs, grid=SOLID_GRAY),
            f"The same recipe, but every epoch each pixel gets fresh random noise (σ {NOISE:g}), so the "
            "net cannot lean on exact brightness values. The runbook expected it to help on fuzzy inputs (the "
            "fuzzy score is measured below). Does it make the net honest?",
            _noise,
            "Click pixels towards gray and watch the answer.",
        ),
        Chapter(
            "Show it what 'unsure' looks like",
            Setup("sigmoid-baseline", changes={"noise": NOISE, "ambiguous": True}, epochs=BASELINE.epochs, grid=SOLID_GRAY),
            "Now the ambiguous black/white patterns join the training set with the target 50/50. The "
            "4 stress patterns stay out, so they still test patterns the net has never seen.",
            _unsure_examples,
            "Press t for the tests panel, V for the verdict map.",
        ),
        Chapter(
            "ReLU and momentum",
            Setup("relu-v1", seed=1, epochs=preset_config("relu-v1").epochs),
            "ReLU hidden units (0 below zero, straight line above) with momentum learn in far fewer "
            "epochs than the sigmoid did: the loss drops early.",
            _relu,
            "Press a to try another activation on these weights, then r.",
        ),
        Chapter(
            "Dead units",
            Setup("relu-v1", seed=0, epochs=preset_config("relu-v1").epochs),
            "Same recipe, another seed. A ReLU unit that outputs 0 on every training pattern gets no "
            "gradient and never comes back: the net has lost that part of its hidden layer for good.",
            _dead_unit,
            "Press W to see how many seeds of this recipe lose this way.",
        ),
        Chapter(
            "Adam and weight decay",
            Setup("relu-v2-regularized", seed=0, epochs=REGULARIZED.epochs, grid=SOLID_GRAY),
            f"Everything together: ReLU, Adam, weight decay, noise, the 'unsure' examples, and hidden biases "
            f"that start at {REGULARIZED.hidden_bias:g}, so that fewer units start dead (some seeds still do). "
            "The goal: right on the training "
            "patterns, honestly unsure on the ambiguous ones.",
            _regularized,
            "Press C to compare the three published models side by side.",
        ),
    ),
)
