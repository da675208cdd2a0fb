"""Numbers a tour chapter states, measured from the frame on screen (plain Python, no torch).

Every claim a chapter makes is built from these, so the narration always describes the network
that is actually there: a different seed, a changed learning rate or a few more nudges change
what the chapter says.
"""

from __future__ import annotations

from functools import lru_cache

from tinynet_core import chaos
from tinynet_core.config import TrainConfig
from tinynet_core.evaluation import epochs_to_learn as _epochs_to_learn
from tinynet_core.world import (
    LABEL_AMBIGUOUS,
    PATTERN_SETS,
    PIXEL_NAMES,
    TRAINING_PATTERNS,
    Pattern,
    Verdict,
)

from ..frame import Frame
from ..widgets.weights import describe_parameter

_TRAINING_PIXELS = [p.pixels for p in TRAINING_PATTERNS]
# The parameters in the hand engine's flat order (tinynet_core.handmath.Layout).
FLAT_ORDER = ("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """'two' for 2; digits from 11 on."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def share_words(part: int, whole: int) -> str:
    """'one of its three', 'two of its three', 'all three of its': a count said against its whole."""
    if part == whole:
        return f"all {number_word(whole)} of its"
    return f"{number_word(part)} of its {number_word(whole)}"


def unmoved_count(frame: Frame) -> tuple[int, int, int]:
    """(parameters the last frame left exactly where they were, how many of those are weights from
    a pixel the last nudge saw as 0, all parameters)."""
    if frame.changes is None or frame.last is None:
        return 0, 0, 0
    values = [v for m in frame.changes.values() for _, v in _entries(m)]
    dark = sum(
        change == 0 and frame.last.input[col] == 0
        for row in frame.changes["layer1.weight"]
        for col, change in enumerate(row)
    )
    return sum(v == 0 for v in values), dark, len(values)


def dark_pixels(frame: Frame) -> list[str]:
    """Names of the pixels the last nudge saw as exactly 0 (their weights get gradient 0)."""
    if frame.last is None:
        return []
    return [name for name, x in zip(PIXEL_NAMES, frame.last.input) if x == 0]


def sgd_mismatches(frame: Frame, tolerance: float = 1e-6) -> list[str]:
    """Parameters whose change in the last frame is not −lr × gradient (float32 rounding allowed)."""
    if frame.changes is None or frame.grads is None:
        return []
    return [
        describe_parameter(name, index)
        for name in frame.changes
        for (index, change), (_, grad) in zip(_entries(frame.changes[name]), _entries(frame.grads[name]))
        if abs(change + frame.lr * grad) > tolerance + 1e-4 * abs(frame.lr * grad)
    ]


def zero_gradient_moves(frame: Frame) -> list[tuple[str, float, float]]:
    """Parameters whose loss gradient in the last nudge was exactly 0: (what it is, value before, change)."""
    if frame.changes is None or frame.grads is None:
        return []
    return [
        (describe_parameter(name, index), value - change, change)
        for name in frame.changes
        for (index, change), (_, grad), (_, value) in zip(
            _entries(frame.changes[name]), _entries(frame.grads[name]), _entries(frame.values[name])
        )
        if grad == 0
    ]


def training_outputs(frame: Frame) -> list[float]:
    """The net's 8 outputs (H and V) on the 4 training patterns."""
    return [o for _, v in judged(frame, "training") for o in (v.horizontal, v.vertical)]


def flat_parameters(frame: Frame) -> list[float]:
    """The weights on screen as one list in the engine's layout order."""
    return [value for name in FLAT_ORDER for _, value in _entries(frame.values[name])]


def drift(frame: Frame, epochs: int) -> chaos.Drift:
    """Two copies of the network on screen, one weight 1e-7 apart, trained `epochs` epochs (see tinynet_core.chaos).

    Raises ValueError where the copies cannot train this config.
    """
    return _drift(tuple(flat_parameters(frame)), TrainConfig.from_dict(frame.config), epochs)


@lru_cache(maxsize=8)  # the narration re-measures on every frame painted; the run takes a fraction of a second
def _drift(params: tuple[float, ...], config: TrainConfig, epochs: int) -> chaos.Drift:
    return chaos.drift(list(params), config, epochs)


def judged(frame: Frame, name: str) -> list[tuple[Pattern, Verdict]]:
    """Each pattern of a set ("training", "fuzzy", "stress", "all16") with the net's verdict."""
    if name == "training":  # not judged on its own in a frame: the 4 patterns are among all 16
        by_pixels = {p.pixels: v for p, v in judged(frame, "all16")}
        return [(p, by_pixels[p.pixels]) for p in TRAINING_PATTERNS]
    return [(p, Verdict(*hv)) for p, hv in zip(PATTERN_SETS[name], frame.verdicts[name])]


def sensible_count(frame: Frame, name: str) -> tuple[int, int]:
    """(sensible answers, patterns) on a set: clear and right on rows and columns, unsure otherwise."""
    pairs = judged(frame, name)
    return sum(v.is_sensible(p.label) for p, v in pairs), len(pairs)


def ambiguous_judged(frame: Frame) -> list[tuple[Pattern, Verdict]]:
    """The 12 black/white patterns that are neither a row nor a column."""
    return [(p, v) for p, v in judged(frame, "all16") if p.label == LABEL_AMBIGUOUS]


def falsely_confident(pairs: list[tuple[Pattern, Verdict]]) -> list[tuple[Pattern, Verdict]]:
    """Ambiguous patterns answered with a clear claim."""
    return [(p, v) for p, v in pairs if p.label == LABEL_AMBIGUOUS and v.winner != "unsure"]


def confident_but_wrong(pairs: list[tuple[Pattern, Verdict]]) -> list[tuple[Pattern, Verdict]]:
    """Clear claims that are not the sensible answer (a wrong direction, or a claim on an ambiguous pattern)."""
    return [(p, v) for p, v in pairs if v.winner != "unsure" and not v.is_sensible(p.label)]


def mean_confidence(pairs: list[tuple[Pattern, Verdict]]) -> float:
    """Average share of the winning output (0.5 = a shrug, 1.0 = certain)."""
    return sum(v.confidence for _, v in pairs) / len(pairs)


def first_and_last_loss(frame: Frame) -> tuple[float, float] | None:
    """Mean loss of the first (first_epoch) and of the latest completed epoch, if any epoch is complete."""
    if not frame.loss_history:
        return None
    return frame.loss_history[0], frame.loss_history[-1]


def first_epoch(frame: Frame) -> int:
    """The epoch of the oldest loss the frame holds (1, unless a long run dropped its oldest)."""
    epochs = frame.epochs_of(frame.loss_history)
    return epochs[0] if epochs else 1


def when_learned(frame: Frame) -> str | None:
    """When the mean loss first fell below evaluation.LEARNED_LOSS ("at epoch 37"), or None.

    A long run's frame keeps every Nth epoch (tinynet_tui/curves.py): then the epoch is known
    only between two kept ones, and the words say so.
    """
    kept = _epochs_to_learn(frame.loss_history)  # counts kept points from 1
    if kept is None:
        return None
    epochs = frame.epochs_of(frame.loss_history)
    at = epochs[kept - 1]
    before = epochs[kept - 2] if kept > 1 else at - 1
    return f"at epoch {at}" if at - before == 1 else f"between epochs {before + 1} and {at}"


def dead_units(frame: Frame) -> list[int]:
    """Hidden ReLU units that output 0 on all four training patterns: they get no gradient from them.

    Only meaningful for relu: other activations never output a flat 0.
    """
    if frame.config["activation"] != "relu":
        return []
    weights, biases = frame.values["layer1.weight"], frame.values["layer1.bias"]
    dead = []
    for unit, (row, bias) in enumerate(zip(weights, biases)):
        if all(sum(w * x for w, x in zip(row, pixels)) + bias <= 0 for pixels in _TRAINING_PIXELS):
            dead.append(unit)
    return dead


def largest_change(frame: Frame) -> tuple[str, float, float] | None:
    """The parameter the last nudge moved most: (what it is, in words, the change, its gradient)."""
    if frame.changes is None or frame.grads is None:
        return None
    moves = (
        (describe_parameter(name, index), change, grad)
        for name in frame.changes
        for (index, change), (_, grad) in zip(_entries(frame.changes[name]), _entries(frame.grads[name]))
    )
    return max(moves, key=lambda move: abs(move[1]), default=None)


def _entries(matrix: list) -> list[tuple[tuple[int, ...], float]]:
    """(index, value) for every entry of a weight matrix (nested lists) or a bias vector."""
    if isinstance(matrix[0], list):
        return [((row, col), value) for row, values in enumerate(matrix) for col, value in enumerate(values)]
    return [((i,), value) for i, value in enumerate(matrix)]
