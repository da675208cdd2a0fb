"""Worlds on the plane: two coordinates in, a class out.

`circle`, `xor`, `gauss` and `spiral` follow TensorFlow Playground's definitions (its
src/dataset.ts): the same shapes, radii, padding and noise rule, two classes, the Playground's
+1 label as class 1. Their random numbers come from numpy's legacy generator, so the points
are not the Playground's own, but the same kind of points.

`spiral-3` is the cs231n spiral as the nnfs book makes it (`nnfs.datasets.spiral_data(100, 3)`):
with data seed 0 it gives the very 300 points that `nnfs.init(); spiral_data(100, 3)` gives.

Input features, as the Playground offers them, are computed from the coordinates: x1, x2, their
squares, their product and their sines.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .base import DataOptions, Dataset, World, WorldError, check_seed, classes_dataset

# id -> (what the screen calls it, how it is computed from the coordinates)
FEATURES = {
    "x1": ("x1", lambda x1, x2: x1),
    "x2": ("x2", lambda x1, x2: x2),
    "x1sq": ("x1²", lambda x1, x2: x1 * x1),
    "x2sq": ("x2²", lambda x1, x2: x2 * x2),
    "x1x2": ("x1·x2", lambda x1, x2: x1 * x2),
    "sin1": ("sin x1", lambda x1, x2: _np().sin(x1)),
    "sin2": ("sin x2", lambda x1, x2: _np().sin(x2)),
}
DEFAULT_FEATURES = ("x1", "x2")
PLAYGROUND_SAMPLES = 500  # the Playground's number of points for classification
MAX_SAMPLES = 100_000


def featurise(features: tuple[str, ...], x1, x2):
    """The chosen features of points (numpy arrays of x1 and x2), one column each: [N, features]."""
    return _np().stack([FEATURES[f][1](x1, x2) for f in features], axis=1)


def _np():
    import numpy as np

    return np


def check_features(features: tuple[str, ...] | None) -> tuple[str, ...]:
    """The chosen feature ids, in the order given, or a WorldError naming the known ones."""
    chosen = tuple(features) if features else DEFAULT_FEATURES
    unknown = [f for f in chosen if f not in FEATURES]
    if unknown:
        raise WorldError(f"unknown feature(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(FEATURES)}")
    if len(set(chosen)) != len(chosen):
        raise WorldError(f"features repeat: {', '.join(chosen)}")
    return chosen


@dataclass(frozen=True)
class PlaneWorld(World):
    """A two-class world on the plane; `points(rng, n, noise)` makes (x1, x2, label) arrays."""

    name: str
    summary: str
    output_names: tuple[str, str]
    generate: object  # (rng, samples, noise) -> (x1, x2, labels) numpy arrays
    extent: float = 6.0  # the square [-extent, extent]² that the heatmap shows
    default_samples: int = PLAYGROUND_SAMPLES
    kind: str = "plane"
    task: str = "classes"
    source: str = "made from the seed, as TensorFlow Playground defines it"
    base_features: tuple[str, ...] = DEFAULT_FEATURES

    def feature_names(self, options: DataOptions) -> tuple[str, ...]:
        """The screen names of the chosen features."""
        return tuple(FEATURES[f][0] for f in check_features(options.features))

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """Points from the seed: generated, featurised, split, and label noise on the training part."""
        import torch

        np = _np()
        options = options or DataOptions()
        features = check_features(options.features)
        samples = options.samples or self.default_samples
        if not 2 <= samples <= MAX_SAMPLES:
            raise WorldError(f"samples must be from 2 to {MAX_SAMPLES}, got {samples}")
        rng = np.random.RandomState(check_seed(seed))
        x1, x2, labels = self.generate(rng, samples, options.input_noise)
        data = classes_dataset(self, options, featurise(features, x1, x2), labels, rng, self.feature_names(options))
        return dataclasses.replace(data, coordinates=torch.from_numpy(np.stack([x1, x2], axis=1).astype(np.float64)))


def _uniform(rng, low: float, high: float, size: int):
    return rng.uniform(low, high, size)


def circle_points(rng, samples: int, noise: float):
    """Half inside radius 2.5 (class 1), half in the ring 3.5-5 (class 0); labels judged after noise."""
    np = _np()
    radius = 5.0
    half = samples // 2
    parts = []
    for low, high, count in ((0.0, radius * 0.5, samples - half), (radius * 0.7, radius, half)):
        r = _uniform(rng, low, high, count)
        angle = _uniform(rng, 0.0, 2 * math.pi, count)
        x, y = r * np.sin(angle), r * np.cos(angle)
        nx = _uniform(rng, -radius, radius, count) * noise
        ny = _uniform(rng, -radius, radius, count) * noise
        parts.append((x, y, (np.hypot(x + nx, y + ny) < radius * 0.5).astype(np.int64)))
    return tuple(np.concatenate(column) for column in zip(*parts))


def xor_points(rng, samples: int, noise: float):
    """Uniform in [-5, 5]², pushed 0.3 away from the axes; class 1 where x·y >= 0 (after noise)."""
    np = _np()
    padding = 0.3
    x = _uniform(rng, -5, 5, samples)
    y = _uniform(rng, -5, 5, samples)
    x += np.where(x > 0, padding, -padding)
    y += np.where(y > 0, padding, -padding)
    nx = _uniform(rng, -5, 5, samples) * noise
    ny = _uniform(rng, -5, 5, samples) * noise
    return x, y, ((x + nx) * (y + ny) >= 0).astype(np.int64)


def gauss_points(rng, samples: int, noise: float):
    """Two Gaussian blobs, class 1 at (2, 2) and class 0 at (-2, -2); variance 0.5 + 7·noise (noise 0-0.5)."""
    np = _np()
    variance = 0.5 + (4 - 0.5) * (noise / 0.5)
    half = samples // 2
    parts = []
    for centre, label, count in ((2.0, 1, samples - half), (-2.0, 0, half)):
        x = rng.normal(centre, math.sqrt(variance), count)
        y = rng.normal(centre, math.sqrt(variance), count)
        parts.append((x, y, np.full(count, label, dtype=np.int64)))
    return tuple(np.concatenate(column) for column in zip(*parts))


def spiral_points(rng, samples: int, noise: float):
    """Two arms of 1.75 turns out to radius 5, the second turned by π; noise moves each point up to ±noise."""
    np = _np()
    half = samples // 2
    parts = []
    for delta, label, count in ((0.0, 1, samples - half), (math.pi, 0, half)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * math.pi + delta
        x = r * np.sin(t) + _uniform(rng, -1, 1, count) * noise
        y = r * np.cos(t) + _uniform(rng, -1, 1, count) * noise
        parts.append((x, y, np.full(count, label, dtype=np.int64)))
    return tuple(np.concatenate(column) for column in zip(*parts))


NNFS_POINTS_PER_CLASS = 100
NNFS_CLASSES = 3


def nnfs_spiral_points(rng, samples: int, noise: float):
    """The cs231n / nnfs spiral: per class, radius 0-1 and angle 4c-4(c+1) plus randn·0.2, times 2.5.

    nnfs.init() makes numpy's randn return float32 and the data array float32; both are
    reproduced here so that the points are nnfs's to the last bit. Noise adds ±noise uniformly
    afterwards (none by default, so the points stay nnfs's).
    """
    np = _np()
    per_class = max(1, samples // NNFS_CLASSES)
    xs = np.zeros((per_class * NNFS_CLASSES, 2), dtype=np.float32)
    labels = np.zeros(per_class * NNFS_CLASSES, dtype=np.int64)
    for c in range(NNFS_CLASSES):
        rows = slice(per_class * c, per_class * (c + 1))
        r = np.linspace(0.0, 1, per_class)
        t = np.linspace(c * 4, (c + 1) * 4, per_class) + rng.randn(per_class).astype(np.float32) * 0.2
        xs[rows] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        labels[rows] = c
    x, y = xs[:, 0].astype(np.float64), xs[:, 1].astype(np.float64)
    if noise:
        x = x + _uniform(rng, -1, 1, len(x)) * noise
        y = y + _uniform(rng, -1, 1, len(y)) * noise
    return x, y, labels


PLANE_WORLDS = (
    PlaneWorld("circle", "A disc of one class inside a ring of the other (TensorFlow Playground)", ("ring", "disc"), circle_points),
    PlaneWorld("xor", "Class by the sign of x1·x2: the four quadrants (TensorFlow Playground)", ("opposite signs", "same sign"), xor_points),
    PlaneWorld("gauss", "Two Gaussian blobs, easy to split with a line (TensorFlow Playground)", ("lower left", "upper right"), gauss_points),
    PlaneWorld("spiral", "Two interleaved spiral arms: hard without depth or features (TensorFlow Playground)", ("arm 2", "arm 1"), spiral_points),
    PlaneWorld(
        "spiral-3",
        "Three spiral arms, 100 points each: the cs231n / nnfs spiral for softmax",
        ("class 0", "class 1", "class 2"),
        nnfs_spiral_points,
        extent=1.2,
        default_samples=NNFS_POINTS_PER_CLASS * NNFS_CLASSES,
        source="made from the seed by the cs231n / nnfs formula (seed 0 = nnfs.init(); spiral_data(100, 3))",
    ),
)
