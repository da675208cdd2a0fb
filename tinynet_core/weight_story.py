"""One parameter's part in one nudge of any network, in the layer form TiNNy writes (δ per unit).

For TinyNet the inspector also tells the path-by-path story (handmath.gradient_chain); this is
the form that scales: the parameter's input, its unit's sum and delta, the batch's mean, and the
optimizer's step, each line with this nudge's numbers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch

from .config import TrainConfig
from .handmath import OptimizerState, Term, optimizer_step, update_terms
from .layer_math import SLOPE_TEXT, work_out_batch

# A hidden unit's delta sums over every unit above it; the largest shares are written out.
SHOWN_SHARES = 4


@dataclass(frozen=True)
class WeightStory:
    """The lines that explain one parameter's gradient and step, with their numbers."""

    name: str  # "layer2.weight[3,5]"
    lines: tuple[Term, ...]
    grad: float
    before: float
    after: float


@dataclass(frozen=True)
class _Step:
    """What update_terms reads: the update and the config it followed."""

    update: object
    config: TrainConfig


def unit_name(layer: int, unit: int, layers: int, feature_names: tuple[str, ...], answer_names: tuple[str, ...]) -> str:
    """How a unit is called: an input's feature name, 'h1.3' for hidden ones, an answer's name."""
    if layer == 0:
        return feature_names[unit] if unit < len(feature_names) else f"x{unit}"
    if layer == layers:
        return f"“{answer_names[unit]}”" if unit < len(answer_names) else f"o{unit}"
    return f"h{layer}.{unit}"


def tell(config: TrainConfig, before: dict[str, torch.Tensor], x: torch.Tensor, target: torch.Tensor,
         name: str, index: tuple[int, ...], state: OptimizerState | None,
         feature_names: tuple[str, ...] = (), answer_names: tuple[str, ...] = ()) -> WeightStory:
    """The story of parameter `name[index]` in the nudge that took `before` on (x, target)."""
    layer = int(name.split(".")[0].removeprefix("layer"))
    is_bias = name.endswith(".bias")
    work = work_out_batch(before, x, target, config.activation, config.head, config.loss)
    layers = len(work.layers)
    this = work.layers[layer - 1]
    unit = index[0]
    source = None if is_bias else index[1]
    batch = this.inputs.shape[0]
    me = unit_name(layer, unit, layers, feature_names, answer_names)
    lines: list[Term] = []
    first = " (the batch's first example)" if batch > 1 else ""
    if source is not None:
        lines.append(Term(f"a = {unit_name(layer - 1, source, layers, feature_names, answer_names)}", float(this.inputs[0, source]),
                          f"what comes in along this weight{first}"))
    lines.append(Term(f"z of {me}", float(this.sums[0, unit]), f"b + Σ w·a: the unit's sum{first}"))
    if layer == layers:
        lines.append(Term(f"o of {me}", float(this.outputs[0, unit]), f"the {config.head} head's output"))
        lines.append(Term(f"δ of {me}", float(this.delta[0, unit]), work.output_rule))
    else:
        above, weights_above = work.layers[layer], before[f"layer{layer + 1}.weight"].double()
        shares = [(float(above.delta[0, k] * weights_above[k, unit]), k) for k in range(above.delta.shape[1])]
        shares.sort(key=lambda share: -abs(share[0]))
        for share, k in shares[:SHOWN_SHARES]:
            lines.append(Term(f"  δ·w from {unit_name(layer + 1, k, layers, feature_names, answer_names)}", share,
                              f"δ {float(above.delta[0, k]):+.4g} × w {float(weights_above[k, unit]):+.4g}"))
        if len(shares) > SHOWN_SHARES:
            rest = sum(s for s, _ in shares[SHOWN_SHARES:])
            lines.append(Term(f"  … {len(shares) - SHOWN_SHARES} more", rest, "the other units above, summed"))
        lines.append(Term("Σ δ·w", sum(s for s, _ in shares), "every unit above sends its delta back along its weight"))
        lines.append(Term(f"f′(z) of {me}", float(this.slope[0, unit]), SLOPE_TEXT[config.activation]))
        lines.append(Term(f"δ of {me}", float(this.delta[0, unit]), "Σ δ·w × f′(z)"))
    grads = work.gradients()
    grad = float(grads[name][index])
    if batch > 1:
        one = float(this.delta[0, unit] * (1.0 if source is None else this.inputs[0, source]))
        lines.append(Term("δ, first example" if source is None else "δ·a, first example", one, "this example's share"))
        lines.append(Term("grad", grad, f"the mean of {'δ' if source is None else 'δ·a'} over the batch's {batch} examples"))
    else:
        lines.append(Term("grad", grad, "δ" if source is None else "δ × a"))
    flat_before = [v for n in before for v in before[n].reshape(-1).tolist()]
    flat_grads = [v for n in before for v in grads[n].reshape(-1).tolist()]
    offset = sum(before[n].numel() for n in list(before)[: list(before).index(name)])
    flat_index = offset + (index[0] if is_bias else index[0] * before[name].shape[1] + index[1])
    # A copy: the caller's state stays as it was before the nudge, for the next story told.
    update = optimizer_step(flat_before, flat_grads, copy.deepcopy(state) if state is not None else OptimizerState(), config)
    lines += update_terms(_Step(update, config), flat_index)[1:]  # its first line is the grad, told above
    label = f"{name}[{','.join(map(str, index))}]"
    return WeightStory(label, tuple(lines), grad, update.before[flat_index], update.after[flat_index])
