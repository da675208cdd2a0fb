"""Two copies of a network a hair apart: the gap is measured, and it grows on some seeds and not on others."""

import pytest
import torch

from tinynet_core.chaos import OFFSET, drift
from tinynet_core.config import preset_config
from tinynet_core.nets import seeded_mlp

RELU_V2 = preset_config("relu-v2-regularized").replace(noise=0.0)


def start(seed: int, config=RELU_V2) -> list[float]:
    model = seeded_mlp(seed, (4, 3, 2), config.activation, hidden_bias=config.hidden_bias)
    return torch.cat([p.detach().flatten() for p in model.parameters()]).tolist()


def test_copies_with_no_offset_stay_equal_bit_for_bit():
    same = drift(start(1), RELU_V2, 300, offset=0.0)
    assert same.gaps == (0.0,) * len(same.epochs)


def test_a_gap_of_1e7_grows_on_one_seed_and_shrinks_on_another():
    grows = drift(start(1), RELU_V2, RELU_V2.epochs)
    assert grows.epochs == (1, 10, 100, 300, 800) and grows.offset == OFFSET
    assert grows.growth > 1e4 and grows.final > 1e-3
    shrinks = drift(start(3), RELU_V2, RELU_V2.epochs)
    assert shrinks.growth < 1e-3


def test_copies_need_a_config_the_hand_engine_trains_without_noise():
    with pytest.raises(ValueError, match="without input noise"):
        drift(start(1), preset_config("relu-v2-regularized"), 10)
    with pytest.raises(ValueError, match="SGD or Adam"):
        drift(start(1), RELU_V2.replace(optimizer="rmsprop"), 10)
