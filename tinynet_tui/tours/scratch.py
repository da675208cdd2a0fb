"""From scratch: TiNNy's layer equations and micrograd's scalar graph on the same nudge of TinyNet,
then softmax with cross-entropy on the nnfs spiral, and a digit drawn by hand."""

from __future__ import annotations

from tinynet_core.config import preset_config

from ..frame import Frame
from ..numbers import precise
from . import facts, lab_facts
from .chapter import ARITHMETIC, TOUR, Chapter, Claim, Expected, Say, Setup, Tour

DIGITS_EPOCHS = 5
DIGITS_GOAL = 0.9  # held-out digits read right
SPIRAL = preset_config("spiral-softmax")


def _numbers(values: list[float]) -> str:
    return ", ".join(precise(v) for v in values)


def _equations(frame: Frame) -> tuple[list[lab_facts.LayerPass], lab_facts.Example] | None:
    """The last nudge worked out by the layer equations, from the weights before it (one example)."""
    batch = lab_facts.last_batch(frame)
    if len(batch) != 1 or frame.last.before is None:
        return None
    config = frame.config
    return lab_facts.work_out(frame.last.before, batch[0], config["activation"], config["head"], config["loss"]), batch[0]


def _no_nudge(frame: Frame) -> Claim | None:
    if frame.last is None:
        return Claim("No nudge yet: press n.")
    return None


def _forward(frame: Frame) -> Claim:
    worked = _equations(frame)
    if worked is None:
        return _no_nudge(frame) or Claim("This checks one example a nudge.")
    passes, example = worked
    hidden, out = passes[0], passes[-1]
    text = (
        f"Nudge {frame.nudges} on '{frame.last.sample_name}': hidden z = {_numbers(hidden.sums)}, "
        f"a = f(z) = {_numbers(hidden.outputs)}; output o = {_numbers(out.outputs)}; the trainer recorded {_numbers(example.o)}."
    )
    return Claim(text, holds=lab_facts.close(out.outputs, list(example.o)))


def _output_delta(frame: Frame) -> Claim:
    worked = _equations(frame)
    if worked is None:
        return _no_nudge(frame) or Claim("This checks one example a nudge.")
    _, example = worked
    delta, grad = lab_facts.mse_delta(example), lab_facts.output_bias_grad(frame)  # the rule the sentence names
    text = f"Target y = {_numbers(list(example.y))}: δ = {_numbers(delta)}; the output biases' gradient (autograd) = {_numbers(grad)}."
    return Claim(text, holds=lab_facts.close(delta, grad))


def _hidden_deltas(frame: Frame) -> Claim:
    worked = _equations(frame)
    if worked is None:
        return _no_nudge(frame) or Claim("This checks one example a nudge.")
    passes, _ = worked
    ours = lab_facts.gradients(passes)
    theirs, off, count, gap = _against_autograd(ours, frame)
    text = (
        f"Hidden δ = {_numbers(passes[0].delta)}; the hidden biases' gradient (autograd) = {_numbers(theirs['layer1.bias'])}. "
        f"All {count} gradients as δ × a: largest difference from autograd {precise(gap, 2, signed=False)}."
    )
    if off:
        text += f" Not equal: {', '.join(off)}."
    return Claim(text, holds=not off)


def _against_autograd(ours: dict, frame: Frame) -> tuple[dict, list[str], int, float]:
    """Gradients worked out here against the frame's (autograd's): theirs, the names that differ, how many, the largest gap."""
    theirs = {name: lab_facts.flat(frame.grads[name]) for name in ours}
    off = [name for name in ours if not lab_facts.close(ours[name], theirs[name])]
    gap = max(lab_facts.largest_gap(ours[name], theirs[name]) for name in ours)
    return theirs, off, sum(len(v) for v in ours.values()), gap


def _update(frame: Frame) -> Claim:
    no = _no_nudge(frame)
    if no:
        return no
    if frame.nudges_in_frame != 1 or frame.config["optimizer"] != "sgd" or frame.config["momentum"] or frame.config["weight_decay"]:
        return Claim("Plain SGD, one nudge a frame, is what this checks: press n once.")
    off = facts.sgd_mismatches(frame)
    name, change, grad = facts.largest_change(frame)
    text = f"Largest step: {name} by {precise(change)} = −{frame.lr:g} × {precise(grad)}."
    if off:
        text += f" Not −lr × gradient: {', '.join(off[:3])}" + (" and more." if len(off) > 3 else ".")
    return Claim(text, holds=not off)


def _graph(frame: Frame) -> Claim:
    no = _no_nudge(frame)
    if no:
        return no
    check = lab_facts.graph_of_last(frame)
    if check is None:
        return Claim(f"This network's nudge makes more than {lab_facts.MAX_GRAPH_NODES:,} nodes: PgUp and PgDn set TinyNet up again.")
    _, off, count, gap = _against_autograd(check.grads, frame)
    text = (
        f"The graph of nudge {frame.nudges} has {check.nodes} nodes; {check.summed} of them add up shares from two or more "
        f"routes. Its {count} parameter gradients against autograd: largest difference {precise(gap, 2, signed=False)}."
    )
    if off:
        text += f" Not equal: {', '.join(off)}."
    return Claim(text, holds=not off)


def _p_minus_y(frame: Frame) -> Claim:
    batch = lab_facts.last_batch(frame)
    if not batch:
        return Claim("No nudge yet: press n.")
    if frame.config["head"] != "softmax":
        return Claim(f"This network has a {frame.config['head']} head, not a softmax.", holds=False)
    ours, theirs = lab_facts.mean_delta(batch, lab_facts.ce_delta), lab_facts.output_bias_grad(frame)
    first = batch[0]
    text = (
        f"First of the {len(batch)} points: p = {_numbers(list(first.o))}, y = {_numbers(list(first.y))}. "
        f"The batch's mean p − y = {_numbers(ours)}; the output biases' gradient (autograd) = {_numbers(theirs)}."
    )
    return Claim(text, holds=lab_facts.close(ours, theirs))


def _digits(frame: Frame) -> Claim:
    scores = lab_facts.scores(frame)
    if scores is None:
        return Claim("No epoch finished yet: press e.", holds=False)
    train, held = scores
    count = frame.world.validation_count
    text = f"After {frame.epochs_done} epochs: {held:.1%} of the {count} held-out digits read right ({train:.1%} of the training digits)."
    return Claim(text, holds=held >= DIGITS_GOAL)


NUDGE_ACT = "Press n for a nudge, then i on a weight (the inspector) or b (the graph) to read the same gradients."

SCRATCH = Tour(
    name="scratch",
    title="From scratch: the equations, the graph, softmax, a digit",
    summary="forward pass, output delta, hidden deltas, the update, micrograd's graph, p − y on the spiral, digits",
    chapters=(
        Chapter(
            "The forward pass and the output delta",
            Setup("discovery"),
            (
                Say("TiNNy writes a layer as z = W·a + b, a = f(z), and backpropagation as a delta δ = ∂loss/∂z per unit."),
                Expected("the layer equations, from the weights before the nudge, to give the output the trainer recorded", _forward, ARITHMETIC),
                Expected(
                    "the output delta of MSE through a sigmoid, δ = 2(o − y)/K · o(1 − o), to be each output bias's gradient",
                    _output_delta,
                    ARITHMETIC,
                ),
            ),
            NUDGE_ACT,
        ),
        Chapter(
            "Hidden deltas and the update",
            Setup("discovery"),
            (
                Say("Going down, a hidden unit's delta gathers the deltas above it along its weights, times its own slope f′(z)."),
                Expected(
                    "δʰ = (Wᵀδ) ⊙ f′(z) to be each hidden bias's gradient, and δ × a, the delta times what came in, each weight's",
                    _hidden_deltas,
                    ARITHMETIC,
                ),
                Expected("the update to move every parameter by −lr × its gradient (plain SGD)", _update, ARITHMETIC),
            ),
            NUDGE_ACT,
        ),
        Chapter(
            "The same nudge as scalar nodes",
            Setup("discovery"),
            (
                Say(
                    "micrograd builds the nudge as one node per scalar + and ×, activation and loss step, then walks it "
                    "backwards, each node adding its share to its operands' gradients."
                ),
                Expected("the graph's gradient of every parameter to equal the trainer's autograd", _graph, ARITHMETIC),
            ),
            "Press n, then b for the graph, and follow a gradient that arrives by two routes.",
        ),
        Chapter(
            "Softmax and cross-entropy on the spiral",
            Setup("spiral-softmax", grid=None),
            (
                Say(
                    f"The nnfs spiral: three arms of points, 2 → {SPIRAL.hidden[0]} → 3, softmax turns the three sums into "
                    f"probabilities p, and each nudge takes all {SPIRAL.batch_size} points at once."
                ),
                Expected(
                    "the output delta of softmax with cross-entropy to be p − y (y one-hot), so each output bias's gradient is "
                    "the batch's mean of p − y",
                    _p_minus_y,
                    ARITHMETIC,
                ),
            ),
            "Press n again, then r to train, and watch the loss chart.",
        ),
        Chapter(
            "A digit by hand",
            Setup("digits-mlp", epochs=DIGITS_EPOCHS, grid=None),
            (
                Say(
                    f"TiNNy's MNIST, in small: 8×8 handwritten digits, 64 → 16 → 10 with a softmax. The chapter opens after "
                    f"{DIGITS_EPOCHS} epochs. Draw a digit on the grid and read the ten bars."
                ),
                Expected(f"it to read at least {DIGITS_GOAL:.0%} of the held-out digits right", _digits, TOUR),
            ),
            "Press p and P to walk the held-out digits, M to jump to a wrong one.",
        ),
    ),
)
