"""TinyNet: 4 pixel inputs -> hidden layer -> 2 sigmoid outputs (horizontal, vertical)."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

INPUTS = 4
OUTPUTS = 2

HIDDEN_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,  # negative slope 0.01, PyTorch's default
    "tanh": torch.tanh,
}


def parameter_shapes(hidden: int) -> dict[str, tuple[int, ...]]:
    """The name and shape of every parameter, in the order PyTorch creates them."""
    return {
        "layer1.weight": (hidden, INPUTS),
        "layer1.bias": (hidden,),
        "layer2.weight": (OUTPUTS, hidden),
        "layer2.bias": (OUTPUTS,),
    }


class TinyNet(nn.Module):
    """Two linear layers; the hidden activation is chosen by name and may change between nudges."""

    def __init__(self, hidden: int = 3, activation: str = "sigmoid") -> None:
        super().__init__()
        # Creation order matters: it is the plain recipe's order, so a seed gives its weights.
        self.layer1 = nn.Linear(INPUTS, hidden)
        self.layer2 = nn.Linear(hidden, OUTPUTS)
        self.activation = activation

    @property
    def activation(self) -> str:
        """Name of the hidden activation."""
        return self._activation

    @activation.setter
    def activation(self, name: str) -> None:
        self._activation = name
        self._act = HIDDEN_ACTIVATIONS[name]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Outputs in (0, 1): [horizontal, vertical]."""
        return torch.sigmoid(self.layer2(self._act(self.layer1(x))))

    @torch.no_grad()
    def hidden_activations(self, x: torch.Tensor) -> torch.Tensor:
        """What the hidden nodes output for x."""
        return self._act(self.layer1(x))


def seeded_model(seed: int, hidden: int = 3, activation: str = "sigmoid", hidden_bias: float | None = None) -> TinyNet:
    """The plain recipe's network: torch.manual_seed(seed), then the two nn.Linear layers.

    With hidden_bias, every hidden bias then starts at that value; the random draws, and so the
    weights, stay the plain recipe's. The global RNG is forked so that building a model leaves
    the caller's random state alone.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = TinyNet(hidden, activation)
    if hidden_bias is not None:
        with torch.no_grad():
            model.layer1.bias.fill_(hidden_bias)
    return model
