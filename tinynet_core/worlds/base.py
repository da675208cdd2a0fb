"""What every world is: a data set that says what its inputs mean and how to make its data.

A world's description (name, kind, feature and output names) is plain data that the app reads
without torch; `make()` builds the data itself, deterministically from a data seed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import torch

# How a world's input is drawn; the app picks its input view by this, never by a world's name.
KINDS = ("pixels", "plane", "curve", "table")
# What the network must answer:
#   multi-label  one independent yes/no per output (TinyNet's horizontal and vertical sigmoids)
#   classes      exactly one of several classes (softmax; one sigmoid where there are two)
#   regression   a number
TASKS = ("multi-label", "classes", "regression")

DEFAULT_VAL_SPLIT = 0.2
MAX_VAL_SPLIT = 0.9  # leave at least a tenth to learn from


class WorldError(InputError):
    """A world or data option that cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class DataOptions:
    """How to make a world's data; each world documents what its noises mean."""

    val_split: float = DEFAULT_VAL_SPLIT  # share of the examples held out for validation
    label_noise: float | None = None  # share of training labels replaced by a wrong one; None: the world's default
    input_noise: float = 0.0  # the world's input noise (plane worlds: TensorFlow Playground's "noise")
    features: tuple[str, ...] | None = None  # plane worlds: which input features (None: x1, x2)
    samples: int | None = None  # how many examples to make (None: the world's default)
    ambiguous: bool = False  # the 2×2 world: also train on its ambiguous patterns (target 50/50)

    def __post_init__(self) -> None:
        if not isinstance(self.val_split, (int, float)) or not 0.0 <= self.val_split <= MAX_VAL_SPLIT:
            raise WorldError(f"validation split must be a number from 0 to {MAX_VAL_SPLIT}, got {self.val_split!r}")
        if self.label_noise is not None and not (isinstance(self.label_noise, (int, float)) and 0.0 <= self.label_noise <= 0.5):
            raise WorldError(f"label noise must be a share from 0 to 0.5, got {self.label_noise!r}")
        if not isinstance(self.input_noise, (int, float)) or not 0.0 <= self.input_noise <= 10.0:
            raise WorldError(f"input noise must be a number from 0 to 10, got {self.input_noise!r}")


@dataclass(frozen=True)
class Dataset:
    """A world's examples in the order they were made, and which of them are held out."""

    inputs: torch.Tensor  # [N, features] float32
    targets: torch.Tensor  # classes: [N] int64 class index; multi-label: [N, outputs]; regression: [N, 1]
    validation: torch.Tensor  # [N] bool: held out for validation
    # The training rows in the order an epoch visits them: a seeded shuffle, so that SGD never
    # meets all of one class and then all of the next (the 2×2 world keeps the runbook's order).
    train_index: torch.Tensor  # [N_train] int64
    feature_names: tuple[str, ...]
    output_names: tuple[str, ...]  # class names, or the regression target's name
    example_names: tuple[str, ...] | None = None  # a name per example, where examples have names
    # Further named sets to judge the network on (the 2x2 world's fuzzy, stress and all-16 sets).
    examples: dict[str, tuple[torch.Tensor, torch.Tensor]] = field(default_factory=dict)
    flipped: torch.Tensor | None = None  # [N] bool: labels that label noise replaced
    # Regression targets are standardised for training; (mean, std) turn them back into units.
    target_scale: tuple[float, float] | None = None
    ambiguous: bool = False  # the 2×2 world's ambiguous patterns are among the training rows
    # Plane worlds: each example's point (x1, x2) [N, 2] float64, whatever features the network reads.
    coordinates: torch.Tensor | None = None

    @property
    def train(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The inputs and targets to learn from, in the order an epoch visits them."""
        return self.inputs[self.train_index], self.targets[self.train_index]

    @property
    def held_out(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The inputs and targets held out for validation."""
        return self.inputs[self.validation], self.targets[self.validation]


class World(ABC):
    """One data set: its meaning, how to draw it, and how to make it from a seed."""

    name: str
    summary: str  # one line, for pickers and `tinynet worlds`
    kind: str  # one of KINDS
    task: str  # one of TASKS
    output_names: tuple[str, ...]
    default_label_noise: float = 0.0
    source: str = "made from the seed"  # where the data comes from

    def feature_names(self, options: DataOptions) -> tuple[str, ...]:
        """The names of the network's inputs under these options."""
        return self.base_features

    base_features: tuple[str, ...] = ()

    @property
    def heads(self) -> tuple[str, ...]:
        """The network heads that can answer this world's task, the natural one first."""
        if self.task == "multi-label":
            return ("sigmoid",)
        if self.task == "regression":
            return ("linear",)
        return ("sigmoid", "softmax") if len(self.output_names) == 2 else ("softmax",)

    def outputs_for(self, head: str) -> int:
        """How many outputs a network with this head needs here (one sigmoid says yes or no)."""
        if self.task == "classes" and head == "sigmoid":
            return 1
        return len(self.output_names)

    @property
    def image_shape(self) -> tuple[int, int] | None:
        """(rows, columns) of a pixel world's picture; None for other kinds."""
        return None

    @abstractmethod
    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """The world's examples for a data seed: the same seed, the same numbers."""


def check_seed(seed: object) -> int:
    """A data seed as numpy's legacy generator takes it (0 to 2**32 - 1)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise WorldError(f"data seed must be an integer from 0 to {2**32 - 1}, got {seed!r}")
    return seed


def split(rng: np.random.RandomState, count: int, val_split: float, held_out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One seeded shuffle: its first round(count * val_split) rows are held out, the rest train in its order.

    Returns the held-out mask and the training rows' visiting order. With `held_out` given (a
    file's own split), those rows are held out and the rest train in the shuffle's order.
    """
    import numpy as np

    order = rng.permutation(count)
    if held_out is not None:
        return held_out.astype(bool), order[~held_out.astype(bool)[order]]
    held = int(round(count * val_split))
    mask = np.zeros(count, dtype=bool)
    mask[order[:held]] = True
    return mask, order[held:]


def flip_labels(rng: np.random.RandomState, labels: np.ndarray, classes: int, share: float, eligible: np.ndarray) -> np.ndarray:
    """Replace round(share * eligible) labels by another class, chosen from rng; returns the flipped mask."""
    import numpy as np

    candidates = np.flatnonzero(eligible)
    count = int(round(share * len(candidates)))
    chosen = rng.permutation(candidates)[:count]
    # A shift of 1..classes-1 always lands on a different class.
    labels[chosen] = (labels[chosen] + rng.randint(1, classes, size=count)) % classes
    flipped = np.zeros(len(labels), dtype=bool)
    flipped[chosen] = True
    return flipped


def classes_dataset(world: World, options: DataOptions, inputs: np.ndarray, labels: np.ndarray,
                    rng: np.random.RandomState, feature_names: tuple[str, ...], scale_inputs: bool = False,
                    held_out: np.ndarray | None = None) -> Dataset:
    """The common tail of a classification world: split, label noise on the training part, tensors.

    With scale_inputs, each input column is standardised by the training rows' statistics.
    """
    import numpy as np
    import torch

    validation, train_index = split(rng, len(labels), options.val_split, held_out)
    if scale_inputs:
        inputs, _, _ = standardise(inputs, inputs[~validation])
    share = world.default_label_noise if options.label_noise is None else options.label_noise
    labels = labels.astype(np.int64).copy()
    flipped = flip_labels(rng, labels, len(world.output_names), share, ~validation)
    return Dataset(
        inputs=torch.from_numpy(np.ascontiguousarray(inputs, dtype=np.float32)),
        targets=torch.from_numpy(labels),
        validation=torch.from_numpy(validation),
        train_index=torch.from_numpy(train_index.astype(np.int64)),
        feature_names=feature_names,
        output_names=world.output_names,
        flipped=torch.from_numpy(flipped),
    )


def standardise(values: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """values scaled to mean 0, std 1 by the reference rows' statistics; returns (scaled, mean, std)."""
    mean = reference.mean(axis=0)
    std = reference.std(axis=0)
    std = std + (std == 0)  # a constant column stays constant instead of dividing by zero
    return (values - mean) / std, mean, std


def regression_dataset(world: World, options: DataOptions, inputs: np.ndarray, targets: np.ndarray,
                       rng: np.random.RandomState, feature_names: tuple[str, ...], scale: bool,
                       held_out: np.ndarray | None = None) -> Dataset:
    """The common tail of a regression world: split, optional standardising by the training part, tensors."""
    import numpy as np
    import torch

    if options.label_noise:
        raise WorldError(f"label noise flips classes; {world.name} predicts a number (its noise is input noise)")
    validation, train_index = split(rng, len(targets), options.val_split, held_out)
    target_scale = None
    if scale:
        inputs, _, _ = standardise(inputs, inputs[~validation])
        targets, mean, std = standardise(targets, targets[~validation])
        target_scale = (float(mean), float(std))
    return Dataset(
        inputs=torch.from_numpy(np.ascontiguousarray(inputs, dtype=np.float32)),
        targets=torch.from_numpy(np.ascontiguousarray(targets, dtype=np.float32).reshape(-1, 1)),
        validation=torch.from_numpy(validation),
        train_index=torch.from_numpy(train_index.astype(np.int64)),
        feature_names=feature_names,
        output_names=world.output_names,
        target_scale=target_scale,
    )
