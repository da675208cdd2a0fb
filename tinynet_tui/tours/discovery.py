"""The discovery runbook: how one nudge works, slow starts, convergence, fuzzy data, the stress
test, and a 50x learning rate that makes the net confident but not correct."""

from __future__ import annotations

from tinynet_core.config import preset_config
from tinynet_core.evaluation import LEARNED_LOSS
from tinynet_core.handmath import INPUTS, OUTPUTS, Layout
from tinynet_core.world import FUZZY_PATTERNS

from ..frame import Frame
from ..numbers import precise
from ..screens.verdicts import answer_text
from . import facts
from .chapter import SOLID_GRAY, Chapter, Claim, Expected, Say, Setup, Tour

BASE_LR = preset_config("discovery").lr
BASELINE = preset_config("sigmoid-baseline")
HIDDEN = preset_config("discovery").hidden[0]
FAST_LR = 50 * BASE_LR
# "Barely moves": the mean loss fell by less than this share since the first epoch.
BARELY = 0.10
# "Extremes": an output this close to 0 or to 1.
EXTREME = 0.1


def _untrained(frame: Frame) -> Claim:
    h, v = frame.prediction
    right, total = facts.sensible_count(frame, "training")
    unsure = sum(v.winner == "unsure" for _, v in facts.judged(frame, "training"))
    text = f"On the grid's pattern it says H {h:.0%} · V {v:.0%}. On the 4 training patterns it is unsure on {unsure} of {total}."
    if frame.nudges:
        return Claim(text + f" (after {frame.nudges} nudges)")
    return Claim(text, holds=unsure == total)


def _one_nudge(frame: Frame) -> Claim:
    if frame.last is None:
        return Claim("No nudge yet: press n.")
    last = frame.last
    text = f"Nudge {frame.nudges} used '{last.sample_name}': loss {last.loss:.4f}."
    moved = facts.largest_change(frame)
    if moved is None or frame.nudges_in_frame != 1 or frame.config["optimizer"] != "sgd" or frame.config["momentum"] or frame.config["weight_decay"]:
        return Claim(text + " (Plain SGD, one nudge a frame, is what this chapter checks.)")
    name, change, grad = moved
    expected = -frame.lr * grad
    off = facts.sgd_mismatches(frame)
    still, dark, total = facts.unmoved_count(frame)
    pixels = " and ".join(facts.dark_pixels(frame))
    text += f" It moved {name} most, by {precise(change)}; −lr × gradient = −{frame.lr:g} × {precise(grad)} = {precise(expected)}."
    if not still:
        text += f" All {total} parameters moved."
    elif dark == still:
        text += f" {still} of the {total} parameters did not move: the weights from the dark pixels {pixels} (input 0, so gradient 0)."
    else:
        text += f" {still} of the {total} parameters did not move, {dark} of them weights from the dark pixels {pixels} (input 0, so gradient 0)."
    if off:
        text += f" Not −lr × gradient: {', '.join(off[:3])}" + (" and more." if len(off) > 3 else ".")
    return Claim(text, holds=not off)


def _slow_start(frame: Frame) -> Claim:
    losses = facts.first_and_last_loss(frame)
    if losses is None:
        return Claim("No epoch finished yet: press e.")
    first, last = losses
    fell = (first - last) / first
    text = f"Mean loss: epoch {facts.first_epoch(frame)} {first:.4f} → epoch {frame.epochs_done} {last:.4f} ({-fell:+.1%})."
    if fell < BARELY:
        return Claim(text + " The loss barely moves.", holds=True)
    return Claim(text + f" That is more than a {BARELY:.0%} drop: here it has started to learn.", holds=False)


def _converged(frame: Frame) -> Claim:
    right, total = facts.sensible_count(frame, "training")
    learned = facts.when_learned(frame)
    losses = facts.first_and_last_loss(frame)
    answered = f"Training patterns answered right: {right}/{total}."
    if losses is None:
        return Claim(f"No epoch has finished yet, so there is no mean loss to compare with {LEARNED_LOSS}. {answered}", holds=False)
    when = f"it first fell below {LEARNED_LOSS} {learned}" if learned else f"it has not fallen below {LEARNED_LOSS}"
    return Claim(f"Mean loss {losses[1]:.4f} after {frame.epochs_done} epochs; {when}. {answered}", holds=bool(learned) and right == total)


def _fuzzy(frame: Frame) -> Claim:
    right, total = facts.sensible_count(frame, "fuzzy")
    answers = ", ".join(f"{p.name.removeprefix('fuzzy ')} {answer_text(v)}" for p, v in facts.judged(frame, "fuzzy"))
    return Claim(f"Fuzzy patterns answered right: {right}/{total} ({answers}).", holds=right == total)


def _stress(frame: Frame) -> Claim:
    pairs = facts.judged(frame, "stress")
    claims = facts.falsely_confident(pairs)
    answers = ", ".join(f"{p.name} {answer_text(v)}" for p, v in pairs)
    text = f"Confident claims on patterns that are neither: {len(claims)}/{len(pairs)} ({answers})."
    return Claim(text, holds=len(claims) >= len(pairs) // 2)


def _extremes(frame: Frame) -> Claim:
    outputs = facts.training_outputs(frame)
    extreme = sum(o < EXTREME or o > 1 - EXTREME for o in outputs)
    text = (
        f"On the 4 training patterns, {extreme} of the {len(outputs)} outputs are below {EXTREME:g} or above "
        f"{1 - EXTREME:g}; they range from {min(outputs):.2f} to {max(outputs):.2f}."
    )
    winners = {v.winner for _, v in facts.judged(frame, "training")}
    if len(winners) == 1 and winners != {"unsure"}:
        text += f" It gives one answer, {winners.pop()}, to all four."
    return Claim(text, holds=extreme * 2 >= len(outputs))


def _fast(frame: Frame) -> Claim:
    pairs = facts.judged(frame, "training")
    confident = [(p, v) for p, v in pairs if v.winner != "unsure"]
    wrong = facts.confident_but_wrong(pairs)
    losses = facts.first_and_last_loss(frame)
    loss = f"Loss {losses[1]:.4f} at lr {frame.lr:g}. " if losses else ""
    text = f"{loss}Sure on {len(confident)} of the {len(pairs)} training patterns; {len(wrong)} of those wrong"
    if wrong:
        text += ": " + ", ".join(f"{p.name} {answer_text(v)}" for p, v in wrong)
    return Claim(text + ".", holds=bool(wrong))


DISCOVERY = Tour(
    name="discovery",
    title="Discovery: how TinyNet learns, and where it fails",
    summary="one nudge, slow starts, convergence, fuzzy data, the stress test, confidence vs correctness",
    chapters=(
        Chapter(
            "Meet TinyNet",
            Setup("discovery"),
            (
                Say(
                    f"{facts.number_word(INPUTS).capitalize()} pixels go in (left), {facts.number_word(HIDDEN)} hidden nodes "
                    f"mix them, {facts.number_word(OUTPUTS)} outputs say how horizontal and how vertical the pattern looks."
                ),
                Say(f"All {Layout(HIDDEN).size} weights and biases are in the Weights pane; the chapter opens on their random start."),
                Expected("an untrained net to shrug: unsure on every training pattern", _untrained),
            ),
            "Click a pixel (or press p) to try another pattern.",
        ),
        Chapter(
            "One nudge",
            Setup("discovery"),
            (
                Say("A nudge shows the net one training pattern and measures how wrong it is (the loss)."),
                Expected(
                    "each weight to change by −learning rate × its gradient (plain SGD), and a weight whose gradient "
                    "is 0 not to change at all",
                    _one_nudge,
                ),
                Say("The Weights pane marks what moved: ▲▼ big, △▽ small."),
            ),
            "Press n a few times; i explains the weight under the cursor.",
        ),
        Chapter(
            f"100 epochs at lr {BASE_LR:g}",
            Setup("discovery", epochs=100),
            (
                Say("An epoch is one nudge on each of the 4 patterns. The chapter opens after 100 of them at the plain learning rate."),
                Expected(f"the loss to barely move in them (less than a {BARELY:.0%} drop)", _slow_start),
            ),
            "Press r to keep training (r pauses); watch when the loss starts to fall.",
        ),
        Chapter(
            "Convergence",
            Setup("sigmoid-baseline", epochs=BASELINE.epochs),
            (
                Say(f"{BASELINE.lr / BASE_LR:g}× the learning rate ({BASELINE.lr:g}) and {BASELINE.epochs} epochs: the sigmoid-baseline preset."),
                Expected(
                    f"the loss to come down once the hidden nodes find the rows and columns: below {LEARNED_LOSS}, "
                    "with every training pattern answered right",
                    _converged,
                ),
            ),
            "Press p to step through the patterns and read the answers.",
        ),
        Chapter(
            "Fuzzy data",
            Setup("sigmoid-baseline", epochs=BASELINE.epochs, grid=FUZZY_PATTERNS[0].pixels),
            (
                Say("The same network on patterns it was not trained on: rows and columns with grayish pixels, as a real sensor would give."),
                Expected("it to answer them right still", _fuzzy),
            ),
            "Click a pixel to change its brightness and see how far the answer holds.",
        ),
        Chapter(
            "The stress test",
            Setup("sigmoid-baseline", epochs=BASELINE.epochs, grid=SOLID_GRAY),
            (
                Say(
                    "Now four patterns that are neither a row nor a column: one pixel, solid gray, two diagonals. "
                    "An honest answer is 'unsure'."
                ),
                Expected("a net trained only on rows and columns to be sure of itself on at least half of them", _stress),
            ),
            "Press V for the verdict map of all 16 black/white patterns.",
        ),
        Chapter(
            f"50× the learning rate ({FAST_LR:g})",
            Setup("discovery", seed=2, changes={"lr": FAST_LR}, epochs=100),
            (
                Say("Back to 100 epochs, with steps 50 times bigger."),
                Expected(
                    f"the outputs to swing to extremes (below {EXTREME:g} or above {1 - EXTREME:g}, on at least half of "
                    "the training outputs), so that the net sounds sure of itself",
                    _extremes,
                ),
                Expected("some of its sure answers on the training patterns to be wrong: confidence is not correctness", _fast),
            ),
            "s for another seed, then r to train it: does it hold there? G opens the trainer tour.",
        ),
    ),
)
