"""TinyNet: the lab's MLP in TinyNet's shape, 4 pixel inputs -> hidden -> 2 sigmoid outputs.

The network itself is tinynet_core.nets.MLP; this module names TinyNet's sizes for the code that
knows the 2×2 world by heart (the hand engine, the hand-worked inspector, the autograd lottery).
"""

from __future__ import annotations

from .nets import ACTIVATIONS, MLP, seeded_mlp
from .nets import parameter_shapes as mlp_parameter_shapes

INPUTS = 4
OUTPUTS = 2
HIDDEN_ACTIVATIONS = ACTIVATIONS


def parameter_shapes(hidden: int) -> dict[str, tuple[int, ...]]:
    """The name and shape of every TinyNet parameter, in the order PyTorch creates them."""
    return mlp_parameter_shapes((INPUTS, hidden, OUTPUTS))


def TinyNet(hidden: int = 3, activation: str = "sigmoid") -> MLP:  # noqa: N802 (it builds the network)
    """4 -> hidden -> 2 with two sigmoid outputs."""
    return MLP((INPUTS, hidden, OUTPUTS), activation)


def seeded_model(seed: int, hidden: int = 3, activation: str = "sigmoid", hidden_bias: float | None = None) -> MLP:
    """The plain recipe's TinyNet: torch.manual_seed(seed), then the two nn.Linear layers (see seeded_mlp)."""
    return seeded_mlp(seed, (INPUTS, hidden, OUTPUTS), activation, hidden_bias=hidden_bias)
