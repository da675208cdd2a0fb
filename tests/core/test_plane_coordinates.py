"""The plane worlds keep each point's coordinates beside the features the network reads."""

import numpy as np
import pytest
import torch

from tinynet_core.worlds import WORLDS, DataOptions
from tinynet_core.worlds.plane import FEATURES, featurise

PLANE = [name for name, world in WORLDS.items() if world.kind == "plane"]
ALL_FEATURES = tuple(FEATURES)


@pytest.mark.parametrize("name", PLANE)
def test_the_features_are_made_from_the_coordinates_bit_for_bit(name):
    data = WORLDS[name].make(2, DataOptions(features=ALL_FEATURES, input_noise=0.2))
    x1, x2 = data.coordinates.numpy().T
    assert data.coordinates.dtype == torch.float64
    assert torch.equal(data.inputs, torch.from_numpy(featurise(ALL_FEATURES, x1, x2).astype(np.float32)))


@pytest.mark.parametrize("name", PLANE)
def test_the_coordinates_do_not_depend_on_the_features(name):
    plain = WORLDS[name].make(0)
    squared = WORLDS[name].make(0, DataOptions(features=("x1sq", "x2sq")))
    assert torch.equal(plain.coordinates, squared.coordinates)
    assert torch.equal(plain.inputs, plain.coordinates.float())


@pytest.mark.parametrize("name", [name for name, world in WORLDS.items() if world.kind != "plane"])
def test_other_worlds_have_no_coordinates(name):
    assert WORLDS[name].make(0).coordinates is None
