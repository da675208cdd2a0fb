"""Backpropagation for any MLP, worked out layer by layer as TiNNy writes it, without autograd.

For a batch of B examples, with a⁰ = x and, layer by layer, zˡ = aˡ⁻¹ Wˡᵀ + bˡ:
    hidden layers   aˡ = f(zˡ)
    the output      o = head(zᴸ)
The loss is the batch's mean of each example's loss ℓ. Going back, each example's delta
δˡ = ∂ℓ/∂zˡ is
    at the output   δᴸ from the loss and the head:
                      sigmoid + mse   2(o − y)/K · o(1 − o)
                      sigmoid + bce   (o − y)/K            (the sigmoid's slope cancels)
                      softmax + ce    p − y                (y one-hot)
                      linear + mse    2(o − y)/K
    below it        δˡ = (δˡ⁺¹ Wˡ⁺¹) ⊙ f′(zˡ)
and each parameter's gradient is the batch's mean of δˡ · aˡ⁻¹ (weights) and of δˡ (biases).

Everything is float64 and checked against PyTorch's autograd in tests/core/test_layer_math.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .nets import LOSSES_FOR_HEAD, NetError

LEAKY_SLOPE = 0.01  # PyTorch's default negative slope
LOG_FLOOR = -100.0  # BCE and CE clamp each log here, as PyTorch's BCE does

OUTPUT_DELTA_TEXT = {
    ("sigmoid", "mse"): "δ = 2(o − y)/K · o(1 − o)",
    ("sigmoid", "bce"): "δ = (o − y)/K: the sigmoid's slope cancels the loss's 1/(o(1 − o))",
    ("softmax", "ce"): "δ = p − y: the softmax's Jacobian cancels the log",
    ("linear", "mse"): "δ = 2(o − y)/K",
}
SLOPE_TEXT = {
    "sigmoid": "f′(z) = σ(z)(1 − σ(z))",
    "relu": "f′(z) = 1 if z > 0 else 0",
    "leaky_relu": "f′(z) = 1 if z > 0 else 0.01",
    "tanh": "f′(z) = 1 − tanh(z)²",
    "linear": "f′(z) = 1",
}


def activate(name: str, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """f(z) and f′(z); at z = 0, PyTorch's choices (relu: 0, leaky relu: the slope)."""
    if name == "sigmoid":
        a = torch.sigmoid(z)
        return a, a * (1 - a)
    if name == "relu":
        positive = (z > 0).to(z.dtype)
        return z * positive, positive
    if name == "leaky_relu":
        slope = torch.where(z > 0, torch.ones_like(z), torch.full_like(z, LEAKY_SLOPE))
        return z * slope, slope
    if name == "tanh":
        a = torch.tanh(z)
        return a, 1 - a * a
    if name == "linear":
        return z.clone(), torch.ones_like(z)
    raise NetError(f"unknown activation {name!r}")


@dataclass(frozen=True)
class LayerWork:
    """One layer of one batch: what went in, its sums, what came out, and its deltas and gradients."""

    number: int  # 1 for layer1
    inputs: torch.Tensor  # aˡ⁻¹ [B, fan_in]
    sums: torch.Tensor  # zˡ [B, fan_out]
    outputs: torch.Tensor  # aˡ (or the head's output o) [B, fan_out]
    slope: torch.Tensor | None  # f′(zˡ) [B, fan_out]; None for the output layer
    delta: torch.Tensor  # δˡ = ∂ℓ/∂zˡ for each example [B, fan_out]
    weight_grad: torch.Tensor  # mean over the batch of δˡᵀ aˡ⁻¹ [fan_out, fan_in]
    bias_grad: torch.Tensor  # mean over the batch of δˡ [fan_out]


@dataclass(frozen=True)
class BatchWork:
    """A batch worked out by hand: every layer's forward and backward numbers, and the loss."""

    layers: tuple[LayerWork, ...]
    losses: torch.Tensor  # ℓ for each example [B]
    head: str
    loss_name: str

    @property
    def loss(self) -> float:
        """The batch's mean loss, the number the optimizer descends."""
        return float(self.losses.mean())

    @property
    def output_rule(self) -> str:
        """How the output delta follows from the head and the loss, in words."""
        return OUTPUT_DELTA_TEXT[(self.head, self.loss_name)]

    def gradients(self) -> dict[str, torch.Tensor]:
        """Every parameter's gradient under its runbook name."""
        grads = {}
        for layer in self.layers:
            grads[f"layer{layer.number}.weight"] = layer.weight_grad
            grads[f"layer{layer.number}.bias"] = layer.bias_grad
        return grads


def work_out_batch(params: dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor,
                   activation: str, head: str, loss: str) -> BatchWork:
    """Forward and backward for a batch by the layer equations above (float64 throughout).

    y is the target as the loss takes it: class indices [B] for softmax + ce, else [B, K].
    """
    if loss not in LOSSES_FOR_HEAD.get(head, ()):
        raise NetError(f"a {head!r} head does not train with {loss!r}")
    count = len(params) // 2
    weights = [params[f"layer{i}.weight"].double() for i in range(1, count + 1)]
    biases = [params[f"layer{i}.bias"].double() for i in range(1, count + 1)]
    a = x.double().reshape(-1, weights[0].shape[1])
    inputs, sums, outputs, slopes = [], [], [], []
    for i, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w.T + b
        inputs.append(a)
        sums.append(z)
        if i < count - 1:
            a, slope = activate(activation, z)
        else:
            a, slope = _head(head, z), None
        outputs.append(a)
        slopes.append(slope)
    losses, delta = _output_delta(head, loss, outputs[-1], y)
    deltas = [delta]
    for i in range(count - 2, -1, -1):
        delta = (delta @ weights[i + 1]) * slopes[i]
        deltas.insert(0, delta)
    batch = x.shape[0] if x.dim() > 1 else 1
    layers = tuple(
        LayerWork(i + 1, inputs[i], sums[i], outputs[i], slopes[i], deltas[i], deltas[i].T @ inputs[i] / batch, deltas[i].mean(dim=0))
        for i in range(count)
    )
    return BatchWork(layers, losses, head, loss)


def _head(head: str, z: torch.Tensor) -> torch.Tensor:
    if head == "sigmoid":
        return torch.sigmoid(z)
    if head == "softmax":
        shifted = z - z.max(dim=-1, keepdim=True).values  # same result, no overflow
        e = shifted.exp()
        return e / e.sum(dim=-1, keepdim=True)
    return z


def _output_delta(head: str, loss: str, o: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Each example's loss ℓ and its output delta ∂ℓ/∂z, by the rules in the module docstring."""
    if head == "softmax":
        classes = y.reshape(-1).long()
        one_hot = torch.zeros_like(o).scatter_(1, classes.reshape(-1, 1), 1.0)
        picked = o.gather(1, classes.reshape(-1, 1)).reshape(-1)
        return -picked.log().clamp(min=LOG_FLOOR), o - one_hot
    y = y.double().reshape(o.shape)
    k = o.shape[1]
    if loss == "bce":
        log_o, log_not_o = o.log().clamp(min=LOG_FLOOR), (1 - o).log().clamp(min=LOG_FLOOR)
        losses = -(y * log_o + (1 - y) * log_not_o).mean(dim=1)
        return losses, (o - y) / k
    losses = ((o - y) ** 2).mean(dim=1)
    slope = o * (1 - o) if head == "sigmoid" else torch.ones_like(o)
    return losses, 2 * (o - y) / k * slope
