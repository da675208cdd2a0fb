"""The PyTorch learning journey's three notebooks: BCE against MSE on the same network, more data,
L2, label noise, and reading underfitting, overfitting and a good fit from the curves."""

from __future__ import annotations

from tinynet_core.config import preset_config

from ..frame import Frame
from ..numbers import precise
from . import lab_facts
from .chapter import ARITHMETIC, TOUR, Chapter, Claim, Expected, Say, Setup, Tour

NOTEBOOK1 = preset_config("journey-notebook1")
NOTEBOOK3 = preset_config("journey-notebook3")
CURVE_EPOCHS = 20  # the notebooks' own recipes, read after this many epochs
L2_EPOCHS = 50
# L2 "pulls as hard as the loss": decay × |w| summed over the weights, at least this share of the loss gradient's.
PULL_SHARE = 0.1
LABEL_NOISE = 0.3
FAST_LR = 0.01  # ten times the notebooks' lr, so that a chapter's curves settle in a few seconds
SLOW_LR = 1e-5
NOISE_EPOCHS = 50
# A network far too big for its data: 2 → 64 → 64 → 1 on a fifth of notebook 1's examples, 30% of them mislabelled.
OVERFIT = {"hidden": (64, 64), "lr": FAST_LR, "label_noise": LABEL_NOISE, "val_split": 0.8}
OVERFIT_EPOCHS = 100


def _delta_rule(rule: str):
    """The claim that the output biases' gradient is the batch's mean delta by `rule` (bce or mse)."""
    other = "mse" if rule == "bce" else "bce"

    def here(frame: Frame) -> Claim:
        batch = lab_facts.last_batch(frame)
        if not batch:
            return Claim("No nudge yet: press n.")
        if frame.config["head"] != "sigmoid":
            return Claim(f"This network has a {frame.config['head']} head; the chapter compares sigmoid outputs.", holds=False)
        grad = lab_facts.output_bias_grad(frame)
        means = {name: lab_facts.mean_delta(batch, lab_facts.DELTA_RULES["sigmoid", name]) for name in (rule, other)}
        first = batch[0]
        text = (
            f"Nudge {frame.nudges}, {len(batch)} examples; the first: o {precise(first.o[0])}, y {precise(first.y[0])}, "
            f"slope o(1 − o) {precise(first.o[0] * (1 - first.o[0]))}. The output bias's gradient (autograd): {precise(grad[0])}; "
            f"the batch's mean of (o − y): {precise(means['bce'][0])}; of 2(o − y)·o(1 − o): {precise(means['mse'][0])}. "
            f"Mean slope over the batch: {precise(lab_facts.mean_slope(batch))}."
        )
        holds = lab_facts.close(means[rule], grad) and not lab_facts.close(means[other], grad)
        shown = _inspector_delta(frame)
        if shown is not None:
            unit, delta, meaning = shown
            ours = lab_facts.DELTA_RULES["sigmoid", rule](first)[unit]
            text += f" The layer inspector's δ for the first example: {precise(delta)} ({meaning}); by this rule {precise(ours)}."
            holds = holds and lab_facts.close([ours], [delta])
        return Claim(text, holds=holds)

    return here


def _inspector_delta(frame: Frame) -> tuple[int, float, str] | None:
    """(unit, δ, the rule in words) from the layer inspector's story, when it watches an output-layer parameter."""
    story = frame.weight_story
    if story is None or not story.name.startswith(f"layer{lab_facts.layer_count(frame)}."):
        return None
    unit = int(story.name.split("[")[1].split(",")[0].rstrip("]"))
    term = next((t for t in story.lines if t.name.startswith("δ of")), None)
    return None if term is None else (unit, term.value, term.meaning)


def _unsigned(value: float) -> str:
    """A loss or a sum, which has no sign to show."""
    return precise(value, signed=False)


def _reads(kind: str):
    """The claim that the engine's reading of the curves is `kind`."""

    def here(frame: Frame) -> Claim:
        if not frame.val_loss_history:
            return Claim("No epoch finished yet: press e.", holds=False)
        reading = frame.diagnosis or "too early to tell"
        best = min(range(len(frame.val_loss_history)), key=frame.val_loss_history.__getitem__)
        train, val = frame.loss_history, frame.val_loss_history
        text = (
            f"Train loss {_unsigned(train[0])} → {_unsigned(train[-1])}, validation loss {_unsigned(val[0])} → {_unsigned(val[-1])} "
            f"(lowest at epoch {frame.epochs_of(val)[best]}). "
            f"The curves read: {reading}."
        )
        return Claim(text, holds=lab_facts.fit_kind(frame) == kind)

    return here


def _decay_pull(frame: Frame) -> Claim:
    pull = lab_facts.weight_pull(frame)
    if pull is None:
        return Claim("No nudge yet: press n (the chapter compares the decay with the last nudge's loss gradient).")
    decay, loss = pull
    share = decay / loss if loss else (float("inf") if decay else 0.0)
    text = (
        f"Over every weight, after {frame.epochs_done} epochs and nudge {frame.nudges}: Σ|decay × w| = {_unsigned(decay)}, "
        f"Σ|loss gradient| = {_unsigned(loss)}: the decay is {share:.0%} of the loss's pull."
    )
    return Claim(text, holds=share >= PULL_SHARE)


def _noise_gap(frame: Frame) -> Claim:
    scores = lab_facts.scores(frame)
    if scores is None:
        return Claim("No epoch finished yet: press e.", holds=False)
    train, held = scores
    noise = frame.config["label_noise"]
    share = f"{noise:.0%}" if noise is not None else "the world's default share"
    text = (
        f"With {share} of the training labels flipped: training accuracy {train:.1%}, held-out accuracy {held:.1%}. "
        f"The curves read: {frame.diagnosis or 'too early to tell'}."
    )
    return Claim(text, holds=held > train)


JOURNEY = Tour(
    name="journey",
    title="The learning journey: losses, L2, label noise, and reading the curves",
    summary="BCE against MSE on one network, more data, L2, label noise, underfitting, overfitting, a good fit",
    chapters=(
        Chapter(
            "Notebook 1: BCE",
            Setup("journey-notebook1", grid=None),
            (
                Say(
                    f"2 → {NOTEBOOK1.hidden[0]} → 1 with ReLU and one sigmoid output, binary cross-entropy, Adam at lr "
                    f"{NOTEBOOK1.lr:g}, {NOTEBOOK1.batch_size} examples a nudge. The delta δ = ∂loss/∂z at the output is what "
                    "backpropagation starts from."
                ),
                Expected(
                    "BCE's delta to be o − y: the loss's 1/(o(1 − o)) cancels the sigmoid's slope o(1 − o), so the output "
                    "bias's gradient is the batch's mean of o − y",
                    _delta_rule("bce"),
                    ARITHMETIC,
                ),
            ),
            "Press n, then i and move to layer2: the layer inspector writes its delta and the rule.",
        ),
        Chapter(
            "The same network under MSE",
            Setup("journey-notebook1", changes={"loss": "mse"}, grid=None),
            (
                Say("The same seed, weights and first batch; only the loss is MSE, as notebooks 2 and 3 use."),
                Expected(
                    "MSE's delta to keep the slope: 2(o − y)·o(1 − o), where o(1 − o) is at most 0.25, so the output "
                    "bias's gradient is the batch's mean of that",
                    _delta_rule("mse"),
                    ARITHMETIC,
                ),
            ),
            "Press n and compare the gradient with the last chapter's.",
        ),
        Chapter(
            "Notebook 2: more data, train and validation",
            Setup("journey-notebook2", epochs=CURVE_EPOCHS, grid=None),
            (
                Say(
                    "3 → 5 → 1 on 1,500 examples, a fifth of them held out. The loss chart draws the mean training loss of "
                    "each epoch as a line and the held-out (validation) loss as ∘ marks."
                ),
                Say(
                    "The journey's reading: both curves going down together means a good fit; validation going up while "
                    "training goes down, overfitting; both staying high, underfitting."
                ),
                Expected(f"notebook 2's curves after {CURVE_EPOCHS} epochs to read as a good fit", _reads("good fit"), TOUR),
            ),
            "Press e a few times and watch both curves; % shows accuracy instead.",
        ),
        Chapter(
            "Notebook 3: L2",
            Setup("journey-notebook3", epochs=L2_EPOCHS, grid=None),
            (
                Say(
                    f"4 → 7 → 1 with weight decay {NOTEBOOK3.weight_decay:g}: Adam adds decay × w to every weight's loss "
                    f"gradient (L2), which pulls each weight towards 0. The chapter opens after {L2_EPOCHS} epochs."
                ),
                Expected(
                    f"the decay's pull to matter next to the loss's: Σ|decay × w| at least {PULL_SHARE:.0%} of Σ|loss gradient|",
                    _decay_pull,
                    TOUR,
                ),
            ),
            "Press n; then i on a weight: the inspector shows the decay term in Adam's step.",
        ),
        Chapter(
            "Label noise",
            Setup("journey-notebook1", changes={"lr": FAST_LR, "label_noise": LABEL_NOISE}, epochs=NOISE_EPOCHS, grid=None),
            (
                Say(
                    f"Notebook 1 at lr {FAST_LR:g}, with {LABEL_NOISE:.0%} of the training labels flipped (the journey used "
                    "5%). The held-out labels stay true."
                ),
                Expected("the held-out accuracy to beat the training accuracy: the flipped labels are not the rule", _noise_gap, TOUR),
            ),
            "Press M to walk the held-out examples it gets wrong.",
        ),
        Chapter(
            "Underfitting",
            Setup("journey-notebook1", changes={"lr": SLOW_LR}, epochs=CURVE_EPOCHS, grid=None),
            (
                Say(f"Notebook 1 at lr {SLOW_LR:g}: steps a hundred times smaller than the notebook's."),
                Expected(f"the curves after {CURVE_EPOCHS} epochs to read as underfitting", _reads("underfitting"), TOUR),
            ),
            "Press ] a few times to double the learning rate, then e.",
        ),
        Chapter(
            "Overfitting",
            Setup("journey-notebook1", changes=OVERFIT, epochs=OVERFIT_EPOCHS, grid=None),
            (
                Say(
                    f"2 → 64 → 64 → 1 on a fifth of notebook 1's examples (the other {OVERFIT['val_split']:.0%} held out), "
                    f"{LABEL_NOISE:.0%} of its labels flipped, lr {FAST_LR:g}: room to memorise the noise."
                ),
                Expected(f"the curves after {OVERFIT_EPOCHS} epochs to read as overfitting", _reads("overfitting"), TOUR),
            ),
            "Press e a few times and watch the ∘ marks of the validation loss.",
        ),
    ),
)
