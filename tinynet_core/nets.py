"""Any small multilayer perceptron: sizes in, one activation for the hidden layers, a head for the task.

Parameters keep the runbook's names (`layer1.weight`, `layer1.bias`, `layer2.weight`, …), and
layers are created in order from the seed, so `MLP((4, 3, 2))` seeded like the plain recipe is
TinyNet itself, weight for weight.

Heads, and the losses that go with them:
    sigmoid   every output its own sigmoid: TinyNet's two answers, or one yes/no    mse or bce
    softmax   the outputs are a distribution over classes                            ce
    linear    the output is the number itself (regression)                           mse
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .limits import MAX_LAYERS

ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,  # negative slope 0.01, PyTorch's default
    "tanh": torch.tanh,
    "linear": lambda z: z,
}
HEADS = ("sigmoid", "softmax", "linear")
LOSSES_FOR_HEAD = {"sigmoid": ("mse", "bce"), "softmax": ("ce",), "linear": ("mse",)}
MAX_WIDTH = 1024  # units in any one layer, inputs and outputs included (64 digit pixels; a wide CSV)


class NetError(ValueError):
    """A network shape, head or loss that cannot be built; the message says why."""


def check_shape(sizes: tuple[int, ...], head: str, loss: str) -> None:
    """Refuse sizes, heads and losses that do not make a network, with one clear line."""
    if head not in HEADS:
        raise NetError(f"unknown head {head!r}; choose one of: {', '.join(HEADS)}")
    if loss not in LOSSES_FOR_HEAD[head]:
        raise NetError(f"a {head} head trains with {' or '.join(LOSSES_FOR_HEAD[head])}, not {loss!r}")
    if len(sizes) < 2 or len(sizes) - 2 > MAX_LAYERS:
        raise NetError(f"a network has inputs, 0 to {MAX_LAYERS} hidden layers and outputs; got sizes {list(sizes)}")
    if not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_WIDTH for n in sizes):
        raise NetError(f"every layer needs 1 to {MAX_WIDTH} units; got sizes {list(sizes)}")
    if head == "softmax" and sizes[-1] < 2:
        raise NetError("a softmax head needs at least 2 outputs")


def parameter_shapes(sizes: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The name and shape of every parameter, in the order they are created."""
    shapes: dict[str, tuple[int, ...]] = {}
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        shapes[f"layer{i}.weight"] = (fan_out, fan_in)
        shapes[f"layer{i}.bias"] = (fan_out,)
    return shapes


def parameter_count(sizes: tuple[int, ...]) -> int:
    """Weights plus biases: 23 for TinyNet's (4, 3, 2), 17 for the journey's (2, 4, 1)."""
    return sum(fan_out * (fan_in + 1) for fan_in, fan_out in zip(sizes, sizes[1:]))


class MLP(nn.Module):
    """Linear layers `layer1` … `layerN`; the hidden activation is chosen by name and may change live."""

    def __init__(self, sizes: tuple[int, ...], activation: str = "sigmoid", head: str = "sigmoid", loss: str = "mse") -> None:
        super().__init__()
        sizes = tuple(sizes)
        check_shape(sizes, head, loss)
        self.sizes, self.head = sizes, head
        # Creation order is the plain recipe's: a seed gives the same weights as nn.Linear calls in turn.
        for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
            setattr(self, f"layer{i}", nn.Linear(fan_in, fan_out))
        self.layers = [getattr(self, f"layer{i}") for i in range(1, len(sizes))]
        # A plain tuple (not registered as submodules, so functional_call still reaches every weight):
        # the hidden layers and the output layer kept apart, so that a nudge slices nothing.
        self._stack = (tuple(self.layers[:-1]), self.layers[-1])
        self.activation = activation

    @property
    def activation(self) -> str:
        """Name of the hidden activation."""
        return self._activation

    @activation.setter
    def activation(self, name: str) -> None:
        if name not in ACTIVATIONS:
            raise NetError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
        self._activation = name
        self._act = ACTIVATIONS[name]

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """The last layer's weighted sums, before the head."""
        hidden, output = self._stack
        for layer in hidden:
            x = self._act(layer(x))
        return output(x)

    def forward(self, x: torch.Tensor, logits: bool = False) -> torch.Tensor:
        """The answer: sigmoids in (0, 1), class probabilities, or the number itself (or, asked, the logits)."""
        z = self.logits(x)
        return z if logits else apply_head(self.head, z)

    @torch.no_grad()
    def layer_outputs(self, x: torch.Tensor) -> list[torch.Tensor]:
        """What every hidden layer outputs for x, first to last."""
        outputs = []
        for layer in self.layers[:-1]:
            x = self._act(layer(x))
            outputs.append(x)
        return outputs


def apply_head(head: str, logits: torch.Tensor) -> torch.Tensor:
    """The head's output for the last layer's sums."""
    return HEADS_FN[head](logits)


def binary_cross_entropy(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean BCE with each log clamped at -100, as PyTorch's does.

    Written out because F.binary_cross_entropy raises on a NaN output; a diverged network must
    instead give a NaN loss, which the trainer reports.
    """
    log_o = torch.log(output).clamp(min=-100)
    log_not_o = torch.log(1 - output).clamp(min=-100)
    return -(target * log_o + (1 - target) * log_not_o).mean()


def categorical_cross_entropy(probabilities: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
    """Mean of -log p(true class), each log clamped at -100 like BCE's, so a diverged net gives NaN."""
    rows = probabilities.reshape(-1, probabilities.shape[-1])
    picked = rows.gather(1, classes.reshape(-1, 1)).reshape(-1)
    return -torch.log(picked).clamp(min=-100).mean()


# The losses written on the head's outputs (probabilities), as the textbooks and the runbook write them.
LOSS_FUNCTIONS = {"mse": F.mse_loss, "bce": binary_cross_entropy, "ce": categorical_cross_entropy}


HEADS_FN = {"sigmoid": torch.sigmoid, "softmax": lambda z: torch.softmax(z, dim=-1), "linear": lambda z: z}


def training_loss(loss: str, logits: torch.Tensor, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The loss the trainer descends: the same values as LOSS_FUNCTIONS, computed stably.

    BCE and cross-entropy are taken from the logits (log-sigmoid, log-softmax), so a saturated
    output (a sigmoid of exactly 1.0 in float32, from z > 17) gives a finite gradient, o − y,
    instead of 0·∞ = NaN. A NaN logit still gives a NaN loss, which the trainer reports.
    """
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(logits, target)
    if loss == "ce":
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
    return F.mse_loss(output, target)


def seeded_mlp(seed: int, sizes: tuple[int, ...], activation: str = "sigmoid", head: str = "sigmoid",
               loss: str = "mse", hidden_bias: float | None = None) -> MLP:
    """The plain recipe's network for any sizes: torch.manual_seed(seed), then the layers in order.

    With hidden_bias, every hidden layer's biases then start at that value (the weights stay
    the recipe's). The global RNG is forked so that building a model leaves the caller's alone.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = MLP(sizes, activation, head, loss)
    if hidden_bias is not None:
        with torch.no_grad():
            for layer in model.layers[:-1]:
                layer.bias.fill_(hidden_bias)
    return model
