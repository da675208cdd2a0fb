"""Training configuration for TinyNet and the named presets that tell its story."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .errors import InputError
from .limits import HIDDEN_BIAS_LIMIT, MAX_EPOCHS, MAX_HIDDEN, MAX_LR, MAX_NOISE, MAX_WEIGHT_DECAY

ACTIVATIONS = ("sigmoid", "relu", "leaky_relu", "tanh")
OPTIMIZERS = ("sgd", "adam")
LOSSES = ("mse", "bce")
DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
# "torch": autograd and torch.optim (the reference; any device). "hand": tinynet_core.hand_engine,
# the same arithmetic in plain Python floats on the CPU, many times faster for a net this small.
ENGINES = ("torch", "hand")


class ConfigError(InputError):
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
        if not (_is_number(self.lr) and 0 < self.lr <= MAX_LR):
            raise ConfigError(f"learning rate must be a positive number no larger than {MAX_LR:g}, got {self.lr!r}")
        _check_range("momentum", self.momentum, 0.0, 1.0, high_open=True)
        _check_range("weight decay", self.weight_decay, 0.0, MAX_WEIGHT_DECAY)
        _check_range("noise", self.noise, 0.0, MAX_NOISE)
        _check_whole("hidden", self.hidden, 1, MAX_HIDDEN)
        _check_whole("epochs", self.epochs, 1, MAX_EPOCHS)
        if not isinstance(self.ambiguous, bool):
            raise ConfigError(f"ambiguous must be true or false, got {self.ambiguous!r}")
        bias = self.hidden_bias
        if bias is not None and not (_is_number(bias) and math.isfinite(bias) and abs(bias) <= HIDDEN_BIAS_LIMIT):
            raise ConfigError(f"hidden bias must be a number from -{HIDDEN_BIAS_LIMIT:g} to {HIDDEN_BIAS_LIMIT:g} (or unset), got {bias!r}")

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


def _is_number(value: object) -> bool:
    # bool is an int to Python, but `"lr": true` in a file is a mistake, not 1.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(f"unknown {name} {value!r}; choose one of: {', '.join(choices)}")


def _check_range(name: str, value: object, low: float, high: float, high_open: bool = False) -> None:
    ok = _is_number(value) and math.isfinite(value) and value >= low
    ok = ok and (value < high if high_open else value <= high)
    if not ok:
        bound = f"below {high:g}" if high_open else f"at most {high:g}"
        raise ConfigError(f"{name} must be a number of at least {low:g} and {bound}, got {value!r}")


def _check_whole(name: str, value: object, low: int, high: int) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
        raise ConfigError(f"{name} must be a whole number from {low} to {high:,}, got {value!r}")


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
