"""Pixel worlds: a picture in, an answer out. TinyNet's 2×2 world and the 8×8 handwritten digits."""

from __future__ import annotations

from dataclasses import dataclass

from .. import world as tiny
from .base import DataOptions, Dataset, World, check_seed, classes_dataset
from .shipped import read_shipped_csv


@dataclass(frozen=True)
class TinyPixels(World):
    """TinyNet's 2×2 world, unchanged: 4 training patterns, judged on the fuzzy, stress and all-16 sets.

    With 4 training patterns there is nothing to hold out: the fuzzy patterns (labelled, never
    trained on) are its validation set, so val_split does not apply. Label noise does not apply
    either (there are no labels to spare); the trainer's dynamic input noise and the ambiguous
    examples stay config settings, as before.
    """

    name: str = "pixels-2x2"
    summary: str = "TinyNet's world: a 2×2 picture, is it a horizontal or a vertical line?"
    kind: str = "pixels"
    task: str = "multi-label"
    output_names: tuple[str, ...] = tiny.OUTPUT_NAMES
    base_features: tuple[str, ...] = tiny.PIXEL_NAMES
    source: str = "the TinyNet runbooks' patterns"

    @property
    def image_shape(self) -> tuple[int, int]:
        """Two rows of two pixels."""
        return (2, 2)

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """The same patterns for every seed: the training patterns (and, if asked, the ambiguous ones), then the fuzzy ones held out."""
        import torch

        check_seed(seed)
        options = options or DataOptions()
        train, held = tiny.training_set(options.ambiguous), tiny.FUZZY_PATTERNS
        inputs, targets = tiny.as_tensors(train + held)
        return Dataset(
            inputs=inputs,
            targets=targets,
            validation=torch.tensor([False] * len(train) + [True] * len(held)),
            train_index=torch.arange(len(train)),
            feature_names=self.base_features,
            output_names=self.output_names,
            example_names=tuple(p.name for p in train + held),
            examples={name: tiny.as_tensors(patterns) for name, patterns in tiny.PATTERN_SETS.items()},
            ambiguous=options.ambiguous,
        )


DIGIT_LEVELS = 16  # the UCI set counts lit pixels in 4×4 blocks: 0-16


@dataclass(frozen=True)
class Digits(World):
    """The UCI optical-recognition digits: 1,797 pictures of 8×8 pixels (0-16, scaled to 0-1), 10 classes."""

    name: str = "digits"
    summary: str = "Handwritten digits, 8×8 pixels, 1,797 of them: which digit is it?"
    kind: str = "pixels"
    task: str = "classes"
    output_names: tuple[str, ...] = tuple(str(d) for d in range(10))
    base_features: tuple[str, ...] = tuple(f"r{r}c{c}" for r in range(8) for c in range(8))
    source: str = "UCI optical recognition of handwritten digits (test set, 1,797 images), as scikit-learn ships it"

    @property
    def image_shape(self) -> tuple[int, int]:
        """Eight rows of eight pixels."""
        return (8, 8)

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """All 1,797 digits in the file's order; the seed chooses the held-out share and any label noise."""
        import numpy as np

        options = options or DataOptions()
        header, rows = read_shipped_csv("digits.csv.gz")
        table = np.asarray(rows, dtype=np.float64)
        rng = np.random.RandomState(check_seed(seed))
        # Input noise: Gaussian, in the 0-1 brightness scale, clamped back into it.
        pixels = table[:, :-1] / DIGIT_LEVELS
        if options.input_noise:
            pixels = np.clip(pixels + rng.normal(0.0, options.input_noise, pixels.shape), 0.0, 1.0)
        return classes_dataset(self, options, pixels, table[:, -1].astype(np.int64), rng, self.base_features)


PIXEL_WORLDS = (TinyPixels(), Digits())
