"""Training configuration for TinyNet and the named presets that tell its story."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

ACTIVATIONS = ("sigmoid", "relu", "leaky_relu", "tanh")
OPTIMIZERS = ("sgd", "adam")
LOSSES = ("mse", "bce")
DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
# Above this the optimizers' float32 arithmetic overflows (Adam fails outright near 1e37), so a
# bigger learning rate could not even show the network diverging.
MAX_LR = 1e30
# A hidden-bias start beyond this saturates every unit; it is a typo, not an experiment.
HIDDEN_BIAS_LIMIT = 100.0


class ConfigError(ValueError):
    """A configuration value that TinyNet cannot train with."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides how TinyNet trains; a frozen value, replaced rather than mutated."""

    activation: str = "sigmoid"  # hidden-layer activation; the output is always a sigmoid
    hidden: int = 3  # hidden nodes; the network is 4 -> hidden -> 2
    optimizer: str = "sgd"  # "sgd" or "adam"
    lr: float = 0.1  # learning rate
    momentum: float = 0.0  # SGD momentum (ignored by Adam)
    weight_decay: float = 0.0  # L2 penalty folded into the gradient by the optimizer
    loss: str = "mse"  # "mse" or "bce" (binary cross-entropy on the two sigmoid outputs)
    epochs: int = 100  # how many epochs `tinynet train` runs by default
    noise: float = 0.0  # std of Gaussian input noise, drawn fresh each epoch, clamped to [0, 1]
    ambiguous: bool = False  # also train on ambiguous patterns with target [0.5, 0.5]
    # None: the hidden biases start where PyTorch's default init puts them. A number: they all
    # start there, the weights unchanged; a positive start keeps ReLU units from starting dead.
    hidden_bias: float | None = None

    def __post_init__(self) -> None:
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_choice("loss", self.loss, LOSSES)
        if not (isinstance(self.lr, (int, float)) and 0 < self.lr <= MAX_LR):
            raise ConfigError(f"learning rate must be a positive number no larger than {MAX_LR:g}, got {self.lr!r}")
        _check_range("momentum", self.momentum, 0.0, 1.0, high_open=True)
        _check_range("weight decay", self.weight_decay, 0.0, math.inf)
        _check_range("noise", self.noise, 0.0, math.inf)
        if not isinstance(self.hidden, int) or not 1 <= self.hidden <= 64:
            raise ConfigError(f"hidden must be an integer from 1 to 64, got {self.hidden!r}")
        bias = self.hidden_bias
        if bias is not None and not (isinstance(bias, (int, float)) and math.isfinite(bias) and abs(bias) <= HIDDEN_BIAS_LIMIT):
            raise ConfigError(f"hidden bias must be a number from -{HIDDEN_BIAS_LIMIT:g} to {HIDDEN_BIAS_LIMIT:g} (or unset), got {bias!r}")
        if not isinstance(self.epochs, int) or self.epochs < 1:
            raise ConfigError(f"epochs must be an integer of at least 1, got {self.epochs!r}")

    def replace(self, **changes: object) -> TrainConfig:
        """A copy with some fields changed (validated like any new config)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ConfigError(f"unknown config field(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, object]:
        """The config as a plain JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TrainConfig:
        """Build a config from a dict, rejecting unknown keys with a clear message."""
        if not isinstance(data, dict):
            raise ConfigError("config must be a JSON object")
        return cls().replace(**data)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"unknown {name} {value!r}; choose one of: {', '.join(choices)}")


def _check_range(name: str, value: object, low: float, high: float, high_open: bool = False) -> None:
    ok = isinstance(value, (int, float)) and math.isfinite(value) and value >= low
    ok = ok and (value < high if high_open else value <= high)
    if not ok:
        bound = f"below {high}" if high_open else "finite"
        raise ConfigError(f"{name} must be a number of at least {low} and {bound}, got {value!r}")


@dataclass(frozen=True)
class Preset:
    """A named, documented configuration."""

    name: str
    summary: str  # one line: what this preset shows
    config: TrainConfig


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "discovery",
            "The plain recipe. Watch how slowly it starts: after 100 epochs it has barely moved.",
            TrainConfig(),
        ),
        Preset(
            "sigmoid-baseline",
            "Trained hard: learns the 4 patterns, but is falsely confident on unseen ones.",
            TrainConfig(lr=1.0, epochs=600),
        ),
        Preset(
            "relu-v1",
            "ReLU with momentum: learns the 4 patterns in far fewer epochs (when no unit dies).",
            TrainConfig(activation="relu", lr=0.1, momentum=0.9, epochs=100),
        ),
        Preset(
            "relu-v2-regularized",
            "Regularised: right on the patterns, and honestly less sure on ambiguous ones.",
            TrainConfig(
                activation="relu",
                optimizer="adam",
                lr=0.01,
                weight_decay=2e-4,
                noise=0.15,
                ambiguous=True,
                epochs=800,
                # Hidden biases start at 0.5, so no ReLU unit starts dead: with PyTorch's random
                # start, a quarter of all seeds lost a unit and never solved the task.
                hidden_bias=0.5,
            ),
        ),
    )
}

DEFAULT_PRESET = "discovery"


def preset_config(name: str) -> TrainConfig:
    """The config of a named preset, or a ConfigError listing the names."""
    try:
        return PRESETS[name].config
    except KeyError:
        raise ConfigError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}") from None
