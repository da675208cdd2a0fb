"""Training configuration for any network of the lab, and the named presets that tell each story.

The defaults are TinyNet's: the 2×2 world, one hidden layer of 3 sigmoid units, two sigmoid
outputs, MSE, SGD at lr 0.1, one example a nudge.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .errors import InputError
from .limits import HIDDEN_BIAS_LIMIT, MAX_BATCH, MAX_EPOCHS, MAX_HIDDEN, MAX_LAYERS, MAX_LR, MAX_NOISE, MAX_WEIGHT_DECAY
from .worlds import DEFAULT_WORLD, WORLDS, WorldError
from .worlds.base import MAX_VAL_SPLIT
from .worlds.plane import check_features

ACTIVATIONS = ("sigmoid", "relu", "leaky_relu", "tanh", "linear")
# adamw: Adam with decoupled weight decay (the weights shrink by lr·decay apart from the gradient).
OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop")
LOSSES = ("mse", "bce", "ce")
HEADS = ("sigmoid", "softmax", "linear")
LOSSES_FOR_HEAD = {"sigmoid": ("mse", "bce"), "softmax": ("ce",), "linear": ("mse",)}
# Changing any of these needs a new network (or new data); every other field applies live.
NEEDS_RESET = (
    "world", "data", "target", "hidden", "head", "hidden_bias", "data_seed", "val_split",
    "label_noise", "data_noise", "features",
)
DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
# "torch": autograd and torch.optim (the reference; any device). "hand": tinynet_core.hand_engine,
# the same arithmetic in plain Python floats on the CPU, many times faster for a net this small.
ENGINES = ("torch", "hand")


class ConfigError(InputError):
    """A configuration value that TinyNet cannot train with."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides how TinyNet trains; a frozen value, replaced rather than mutated."""

    world: str = DEFAULT_WORLD  # the data set (see `tinynet worlds`)
    data: str | None = None  # the csv world's file
    target: str | None = None  # the csv world's target column (None: the last)
    hidden: tuple[int, ...] = (3,)  # hidden layer widths, input side first; () for none (an int means one layer)
    activation: str = "sigmoid"  # hidden-layer activation
    head: str = "sigmoid"  # sigmoid (each output its own), softmax (classes) or linear (a number)
    optimizer: str = "sgd"  # sgd, adam, adamw or rmsprop
    lr: float = 0.1  # learning rate
    momentum: float = 0.0  # SGD and RMSprop momentum (Adam has its own)
    weight_decay: float = 0.0  # L2: the optimizer adds decay·w to the gradient (adamw: shrinks w apart from it)
    l1: float = 0.0  # L1: the trainer adds l1·sign(w) to the gradient before the step
    loss: str = "mse"  # mse, bce (with a sigmoid head) or ce (with softmax)
    batch_size: int = 1  # examples a nudge learns from (1: the runbook's per-sample nudges)
    epochs: int = 100  # how many epochs `tinynet train` runs by default
    noise: float = 0.0  # std of Gaussian input noise, drawn fresh each epoch (pixels stay in [0, 1])
    ambiguous: bool = False  # 2×2 world: also train on ambiguous patterns with target [0.5, 0.5]
    # None: the hidden biases start where PyTorch's default init puts them. A number: they all
    # start there, the weights unchanged; a positive start keeps ReLU units from starting dead.
    hidden_bias: float | None = None
    data_seed: int = 0  # which data the world makes, and its split (apart from the weights' seed)
    val_split: float = 0.2  # share held out for validation (the 2×2 world holds out its fuzzy set)
    label_noise: float | None = None  # share of training labels flipped; None: the world's default
    data_noise: float = 0.0  # the world's own noise as it makes its data (the Playground's "noise")
    features: tuple[str, ...] | None = None  # plane worlds: input features (None: x1, x2)

    def __post_init__(self) -> None:
        # JSON gives lists and older files give one width; the config always holds tuples.
        if isinstance(self.hidden, int) and not isinstance(self.hidden, bool):
            object.__setattr__(self, "hidden", (self.hidden,))
        elif isinstance(self.hidden, list):
            object.__setattr__(self, "hidden", tuple(self.hidden))
        if isinstance(self.features, list):
            object.__setattr__(self, "features", tuple(self.features))
        _check_world(self.world, self.data, self.target)
        if not isinstance(self.hidden, tuple) or len(self.hidden) > MAX_LAYERS:
            raise ConfigError(f"hidden must be a whole number of units, or a list of up to {MAX_LAYERS} widths (e.g. [8, 8]), got {self.hidden!r}")
        for width in self.hidden:
            _check_whole("a hidden layer's width", width, 1, MAX_HIDDEN)
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("head", self.head, HEADS)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_choice("loss", self.loss, LOSSES)
        if self.loss not in LOSSES_FOR_HEAD[self.head]:
            raise ConfigError(f"a {self.head} head trains with {' or '.join(LOSSES_FOR_HEAD[self.head])}, not {self.loss}")
        if self.world in WORLDS and self.head not in WORLDS[self.world].heads:
            raise ConfigError(f"the {self.world} world needs a {' or '.join(WORLDS[self.world].heads)} head, not {self.head}")
        if not (_is_number(self.lr) and 0 < self.lr <= MAX_LR):
            raise ConfigError(f"learning rate must be a positive number no larger than {MAX_LR:g}, got {self.lr!r}")
        _check_range("momentum", self.momentum, 0.0, 1.0, high_open=True)
        _check_range("weight decay", self.weight_decay, 0.0, MAX_WEIGHT_DECAY)
        _check_range("l1", self.l1, 0.0, MAX_WEIGHT_DECAY)
        _check_range("noise", self.noise, 0.0, MAX_NOISE)
        _check_whole("epochs", self.epochs, 1, MAX_EPOCHS)
        _check_whole("batch size", self.batch_size, 1, MAX_BATCH)
        _check_whole("data seed", self.data_seed, 0, 2**32 - 1)
        if not isinstance(self.ambiguous, bool):
            raise ConfigError(f"ambiguous must be true or false, got {self.ambiguous!r}")
        if self.ambiguous and self.world != DEFAULT_WORLD:
            raise ConfigError(f"ambiguous examples belong to the {DEFAULT_WORLD} world, not {self.world}")
        bias = self.hidden_bias
        if bias is not None and not (_is_number(bias) and math.isfinite(bias) and abs(bias) <= HIDDEN_BIAS_LIMIT):
            raise ConfigError(f"hidden bias must be a number from -{HIDDEN_BIAS_LIMIT:g} to {HIDDEN_BIAS_LIMIT:g} (or unset), got {bias!r}")
        _check_range("validation split", self.val_split, 0.0, MAX_VAL_SPLIT)
        if self.label_noise is not None:
            _check_range("label noise", self.label_noise, 0.0, 0.5)
        _check_range("data noise", self.data_noise, 0.0, 10.0)
        if self.features is not None:
            if self.world not in WORLDS or WORLDS[self.world].kind != "plane":
                raise ConfigError(f"input features are for the plane worlds, not {self.world}")
            try:
                check_features(self.features)
            except WorldError as err:
                raise ConfigError(str(err)) from None

    @property
    def is_tinynet(self) -> bool:
        """TinyNet's own shape: the 2×2 world, one hidden layer, two sigmoid outputs, one example a nudge."""
        return self.world == DEFAULT_WORLD and len(self.hidden) == 1 and self.batch_size == 1

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


def _check_world(name: object, data: object, target: object) -> None:
    if name == "csv":
        if not isinstance(data, str) or not data.strip():
            raise ConfigError("the csv world needs a file (--data FILE.csv)")
    elif not isinstance(name, str) or name not in WORLDS:
        raise ConfigError(f"unknown world {name!r}; choose one of: {', '.join([*WORLDS, 'csv'])}")
    elif data is not None:
        raise ConfigError(f"a data file goes with the csv world, not {name}")
    if target is not None and (name != "csv" or not isinstance(target, str) or not target):
        raise ConfigError("a target column goes with the csv world (and must be named)")


def _check_whole(name: str, value: object, low: int, high: int) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
        raise ConfigError(f"{name} must be a whole number from {low} to {high:,}, got {value!r}")


@dataclass(frozen=True)
class Preset:
    """A named, documented configuration."""

    name: str
    summary: str  # one line: what this preset shows
    config: TrainConfig
    project: str = "TinyNet runbooks"  # the learning project whose story it retells


# The learning projects our users come from, in the order `tinynet presets` lists them.
PROJECTS = ("TinyNet runbooks", "PyTorch learning journey", "Neural network from scratch", "TiNNy", "TensorFlow Playground")
JOURNEY, SCRATCH, TINNY, PLAYGROUND = PROJECTS[1:]
# The Playground's every input feature, for its spiral.
ALL_PLANE_FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2")


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
                # Hidden biases start at 0.5, so fewer ReLU units start dead (the runbook's hope
                # was none; 35 of seeds 0-999 still start with one, scripts/claims_report.py).
                hidden_bias=0.5,
            ),
        ),
        # -- the PyTorch learning journey's three notebooks: same shapes, losses and optimizers.
        Preset(
            "journey-notebook1",
            "Notebook 1: 2 → 4 → 1 (17 parameters), ReLU, one sigmoid, BCE, Adam at lr 0.001.",
            TrainConfig(world="journey-2", hidden=(4,), activation="relu", loss="bce", optimizer="adam", lr=0.001, batch_size=16, epochs=200),
            JOURNEY,
        ),
        Preset(
            "journey-notebook2",
            "Notebook 2: 3 → 5 → 1 (26 parameters) on 1,500 samples, MSE instead of BCE.",
            TrainConfig(world="journey-3", hidden=(5,), activation="relu", loss="mse", optimizer="adam", lr=0.001, batch_size=16, epochs=200),
            JOURNEY,
        ),
        Preset(
            "journey-notebook3",
            "Notebook 3: 4 → 7 → 1 (43 parameters), MSE with L2 weight decay 0.01.",
            TrainConfig(world="journey-4", hidden=(7,), activation="relu", loss="mse", optimizer="adam", lr=0.001, weight_decay=0.01, batch_size=16, epochs=200),
            JOURNEY,
        ),
        # -- from scratch: nnfs's spiral with softmax, as the book trains it (the whole set a step).
        Preset(
            "spiral-softmax",
            "The nnfs spiral: 2 → 64 → 3, ReLU, softmax with cross-entropy, Adam on all 240 points a step.",
            TrainConfig(world="spiral-3", hidden=(64,), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.02, batch_size=240, epochs=2000),
            SCRATCH,
        ),
        # -- TiNNy: digits for classification, a table and a curve for regression.
        Preset(
            "digits-mlp",
            "Handwritten 8×8 digits: 64 → 16 → 10, softmax, Adam, 32 digits a nudge.",
            TrainConfig(world="digits", hidden=(16,), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.01, batch_size=32, epochs=30),
            TINNY,
        ),
        Preset(
            "diabetes-regression",
            "442 patients → disease progression: 10 → 8 → 1 regression; watch validation stall early.",
            TrainConfig(world="diabetes", hidden=(8,), activation="relu", head="linear", loss="mse", optimizer="adam", lr=0.003, weight_decay=0.01, batch_size=32, epochs=100),
            TINNY,
        ),
        Preset(
            "curve-fit",
            "Fit y = sin(x) through 160 noisy points: 1 → 16 → 16 → 1, tanh, a linear output.",
            TrainConfig(world="curve", hidden=(16, 16), activation="tanh", head="linear", loss="mse", optimizer="adam", lr=0.01, batch_size=16, epochs=300),
            TINNY,
        ),
        # -- TensorFlow Playground's four classification sets, with its defaults (tanh, lr 0.03, batch 10).
        Preset(
            "playground-circle",
            "The Playground's circle: 2 → 4 → 2 → 1, tanh, SGD at lr 0.03, 10 points a nudge.",
            TrainConfig(world="circle", hidden=(4, 2), activation="tanh", loss="bce", lr=0.03, batch_size=10, epochs=100),
            PLAYGROUND,
        ),
        Preset(
            "playground-xor",
            "The Playground's XOR: no straight line splits it, so the hidden layers bend one.",
            TrainConfig(world="xor", hidden=(4, 2), activation="tanh", loss="bce", lr=0.03, batch_size=10, epochs=100),
            PLAYGROUND,
        ),
        Preset(
            "playground-xor-feature",
            "XOR with the x1·x2 feature and no hidden layer at all: the right input makes it linear.",
            TrainConfig(world="xor", hidden=(), features=("x1x2",), loss="bce", lr=0.03, batch_size=10, epochs=100),
            PLAYGROUND,
        ),
        Preset(
            "playground-gauss",
            "Two Gaussian blobs: one hidden layer of 2 is plenty.",
            TrainConfig(world="gauss", hidden=(2,), activation="tanh", loss="bce", lr=0.03, batch_size=10, epochs=50),
            PLAYGROUND,
        ),
        Preset(
            "playground-spiral",
            "The Playground's spiral with all seven features: 7 → 8 → 8 → 1, tanh, Adam.",
            TrainConfig(world="spiral", hidden=(8, 8), activation="tanh", loss="bce", features=ALL_PLANE_FEATURES, optimizer="adam", lr=0.01, batch_size=10, epochs=300),
            PLAYGROUND,
        ),
    )
}

DEFAULT_PRESET = "discovery"


# Fields describe() names only where they differ from TrainConfig's defaults.
EXTRA_FIELDS = (
    "batch_size", "weight_decay", "l1", "noise", "features", "ambiguous", "hidden_bias", "data_seed",
    "val_split", "label_noise", "data_noise", "data", "target",
)


def value_words(value: object) -> str:
    """A config value as every screen writes it: 0.001, 1e-05, relu, True."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def optimizer_words(c: TrainConfig) -> str:
    """'adam', 'sgd', or 'sgd+mom 0.9' (SGD or RMSprop with momentum; Adam has its own)."""
    if c.optimizer in ("sgd", "rmsprop") and c.momentum:
        return f"{c.optimizer}+mom {value_words(float(c.momentum))}"
    return c.optimizer


def field_words(field: str, value: object) -> str:
    """One field of a recipe in words: 'lr 0.001', 'hidden 8×8', 'no hidden layer', '50 epochs'."""
    if field == "hidden":
        return "hidden " + "×".join(map(str, value)) if value else "no hidden layer"
    if field == "features":
        return "features " + ",".join(value or ("x1", "x2"))
    if field == "epochs":
        return f"{value} epochs"
    if field == "l1":
        return f"L1 {value_words(value)}"
    if field == "ambiguous":
        return "+ ambiguous examples" if value else "no ambiguous examples"
    if value is None:
        return f"{field.replace('_', ' ')} as the world has it" if field == "label_noise" else f"no {field.replace('_', ' ')}"
    if field == "head":
        return f"{value} head"
    return f"{field.replace('_', ' ')} {value_words(value)}"


def describe(c: TrainConfig) -> str:
    """A config's recipe in one short line, e.g. 'relu · sgd+mom 0.9 · lr 0.1 · mse · 100 epochs'.

    Beyond TinyNet's shape it names the world and the hidden widths first; then whatever
    differs from the defaults. The app's recipe names (tinynet_tui.naming) use the same words.
    """
    parts = []
    if not c.is_tinynet or c.hidden != (3,):
        parts += [c.world, field_words("hidden", c.hidden)] + ([field_words("head", c.head)] if c.head != "sigmoid" else [])
    parts += [c.activation, optimizer_words(c), field_words("lr", c.lr), c.loss, field_words("epochs", c.epochs)]
    defaults = TrainConfig()
    parts += [field_words(f, getattr(c, f)) for f in EXTRA_FIELDS if getattr(c, f) != getattr(defaults, f)]
    return " · ".join(parts)


def presets_in_world(world: str) -> dict[str, Preset]:
    """The presets that train on one world (the app shows the 2×2 world's)."""
    return {name: p for name, p in PRESETS.items() if p.config.world == world}


def preset_config(name: str) -> TrainConfig:
    """The config of a named preset, or a ConfigError listing the names."""
    try:
        return PRESETS[name].config
    except KeyError:
        raise ConfigError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}") from None
