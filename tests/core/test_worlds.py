"""The lab's worlds: deterministic data, the published definitions, splits, noise, and bad CSV files."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest
import torch

from tinynet_core import world as tiny
from tinynet_core.worlds import WORLDS, CsvWorld, DataOptions, WorldError, world_named
from tinynet_core.worlds import tabular

NAMES = list(WORLDS)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data_bit_for_bit(name):
    a, b = WORLDS[name].make(3), WORLDS[name].make(3)
    assert torch.equal(a.inputs, b.inputs) and torch.equal(a.targets, b.targets)
    assert torch.equal(a.validation, b.validation)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "pixels-2x2"])
def test_another_seed_gives_other_data_or_another_split(name):
    a, b = WORLDS[name].make(0), WORLDS[name].make(1)
    assert not (torch.equal(a.inputs, b.inputs) and torch.equal(a.validation, b.validation))


@pytest.mark.parametrize("name", NAMES)
def test_shapes_and_names_agree_with_the_task(name):
    world = WORLDS[name]
    data = world.make(0)
    count = len(data.inputs)
    assert data.inputs.dtype == torch.float32 and data.inputs.shape[1] == len(data.feature_names)
    assert data.validation.shape == (count,) and data.validation.dtype == torch.bool
    if world.task == "classes":
        assert data.targets.dtype == torch.int64 and data.targets.shape == (count,)
        assert 0 <= int(data.targets.min()) and int(data.targets.max()) < len(world.output_names)
    elif world.task == "regression":
        assert data.targets.shape == (count, 1)
    else:
        assert data.targets.shape == (count, len(world.output_names))
    if world.kind == "pixels":
        rows, cols = world.image_shape
        assert rows * cols == len(data.feature_names)
        assert 0.0 <= float(data.inputs.min()) and float(data.inputs.max()) <= 1.0


@pytest.mark.parametrize("name", [n for n in NAMES if n != "pixels-2x2"])
@pytest.mark.parametrize("split", [0.0, 0.2, 0.5])
def test_the_validation_share_is_the_split(name, split):
    data = WORLDS[name].make(0, DataOptions(val_split=split))
    assert int(data.validation.sum()) == round(len(data.inputs) * split)


def test_the_2x2_world_is_todays_world():
    data = WORLDS["pixels-2x2"].make(0)
    train_x, train_y = data.train
    expected_x, expected_y = tiny.as_tensors(tiny.TRAINING_PATTERNS)
    assert torch.equal(train_x, expected_x) and torch.equal(train_y, expected_y)
    held_x, _ = data.held_out
    assert torch.equal(held_x, tiny.as_tensors(tiny.FUZZY_PATTERNS)[0])
    assert set(data.examples) == {"training", "fuzzy", "stress", "all16"}


def test_spiral_3_seed_0_is_nnfs_spiral_data_to_the_last_bit():
    # nnfs.init() patches numpy process-wide, so the reference runs in its own process.
    pytest.importorskip("nnfs")
    script = (
        "import json, nnfs; from nnfs.datasets import spiral_data; nnfs.init(); "
        "X, y = spiral_data(100, 3); print(json.dumps([X.astype(float).tolist(), y.astype(int).tolist()]))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True).stdout
    points, labels = json.loads(out)
    data = WORLDS["spiral-3"].make(0)
    assert data.inputs.tolist() == points
    assert data.targets.tolist() == labels


def test_circle_points_sit_in_the_disc_and_the_ring():
    data = WORLDS["circle"].make(0)
    radius = data.inputs.norm(dim=1)
    disc = data.targets == 1
    assert float(radius[disc].max()) < 2.5 and float(radius[~disc].min()) >= 3.5 and float(radius.max()) <= 5
    assert int(disc.sum()) == 250


def test_xor_labels_are_the_sign_of_the_product_away_from_the_axes():
    data = WORLDS["xor"].make(0)
    x1, x2 = data.inputs[:, 0], data.inputs[:, 1]
    assert torch.equal(data.targets, (x1 * x2 >= 0).long())
    assert float(data.inputs.abs().min()) >= 0.3 - 1e-6


def test_gauss_blobs_centre_on_plus_and_minus_two():
    data = WORLDS["gauss"].make(0)
    for label, centre in ((1, 2.0), (0, -2.0)):
        mean = data.inputs[data.targets == label].mean(dim=0)
        assert torch.allclose(mean, torch.tensor([centre, centre]), atol=0.25)


def test_playground_noise_blurs_the_circle_labels():
    clean = WORLDS["circle"].make(0)
    noisy = WORLDS["circle"].make(0, DataOptions(input_noise=0.5))
    radius = noisy.inputs.norm(dim=1)
    # With noise, some points inside the disc are labelled as ring (and the other way round).
    assert bool(((radius < 2.5) & (noisy.targets == 0)).any())
    assert bool(((clean.inputs.norm(dim=1) < 2.5) == (clean.targets == 1)).all())


def test_features_are_computed_from_the_coordinates():
    base = WORLDS["xor"].make(0)
    data = WORLDS["xor"].make(0, DataOptions(features=("x1x2", "x1sq", "sin2")))
    x1, x2 = base.inputs[:, 0].double(), base.inputs[:, 1].double()
    assert data.feature_names == ("x1·x2", "x1²", "sin x2")
    assert torch.allclose(data.inputs[:, 0].double(), x1 * x2, rtol=1e-6)
    assert torch.allclose(data.inputs[:, 1].double(), x1 * x1, rtol=1e-6)
    assert torch.allclose(data.inputs[:, 2].double(), torch.sin(x2), atol=1e-6)


@pytest.mark.parametrize("features, message", [(("x3",), "unknown feature"), (("x1", "x1"), "repeat")])
def test_bad_features_are_refused(features, message):
    with pytest.raises(WorldError, match=message):
        WORLDS["circle"].make(0, DataOptions(features=features))


@pytest.mark.parametrize("name", ["journey-2", "journey-3", "spiral-3", "digits"])
def test_label_noise_flips_that_share_of_training_labels_only(name):
    clean = WORLDS[name].make(4, DataOptions(label_noise=0.0))
    noisy = WORLDS[name].make(4, DataOptions(label_noise=0.1))
    changed = clean.targets != noisy.targets
    assert torch.equal(changed, noisy.flipped)
    assert not bool(changed[noisy.validation].any())
    assert int(changed.sum()) == round(0.1 * int((~noisy.validation).sum()))


@pytest.mark.parametrize("name", ["journey-2", "journey-3", "journey-4"])
def test_journey_sets_are_balanced_with_five_percent_noise_by_default(name):
    data = WORLDS[name].make(0)
    share_yes = float(data.targets.float().mean())
    assert 0.4 < share_yes < 0.6
    train_count = int((~data.validation).sum())
    assert int(data.flipped.sum()) == round(0.05 * train_count)


def test_journey_sizes_match_the_notebooks():
    assert [len(WORLDS[n].make(0).inputs) for n in ("journey-2", "journey-3", "journey-4")] == [1000, 1500, 1500]


def test_digits_and_diabetes_are_the_shipped_sets():
    digits = WORLDS["digits"].make(0)
    assert len(digits.inputs) == 1797 and torch.bincount(digits.targets).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    diabetes = WORLDS["diabetes"].make(0)
    train_x, train_y = diabetes.train
    assert len(diabetes.inputs) == 442
    assert torch.allclose(train_x.mean(dim=0), torch.zeros(10), atol=1e-5)
    mean, std = diabetes.target_scale
    assert 140 < mean < 165 and 70 < std < 85  # progression scores, 25-346 in the raw data


def test_regression_refuses_label_noise():
    with pytest.raises(WorldError, match="predicts a number"):
        WORLDS["curve"].make(0, DataOptions(label_noise=0.1))


@pytest.mark.parametrize(
    "options, message",
    [({"val_split": 0.95}, "validation split"), ({"label_noise": 0.7}, "label noise"), ({"input_noise": -1}, "input noise")],
)
def test_bad_data_options_are_one_clear_error(options, message):
    with pytest.raises(WorldError, match=message):
        DataOptions(**options)


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, True, "0"])
def test_bad_data_seeds_are_refused(seed):
    with pytest.raises(WorldError, match="data seed"):
        WORLDS["xor"].make(seed)


def test_world_names_are_checked():
    with pytest.raises(WorldError, match="unknown world 'mnist'"):
        world_named("mnist")
    with pytest.raises(WorldError, match="required"):
        world_named("")
    with pytest.raises(WorldError, match="needs a file"):
        world_named("csv")


# -- the user's CSV --------------------------------------------------------------------------


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_csv_with_few_whole_targets_is_classification(tmp_path):
    rows = "\n".join(f"{i},{i % 3 * 0.5},{i % 2}" for i in range(20))
    world = CsvWorld.from_file(write(tmp_path, "a,b,label\n" + rows))
    data = world.make(0)
    assert world.task == "classes" and world.output_names == ("label=0", "label=1")
    assert data.inputs.shape == (20, 2) and data.feature_names == ("a", "b")
    assert torch.equal(data.targets, torch.tensor([i % 2 for i in range(20)]))


def test_a_csv_target_can_be_named_and_be_a_number(tmp_path):
    rows = "\n".join(f"{i * 0.37},{i}" for i in range(30))
    world = CsvWorld.from_file(write(tmp_path, "price,size\n" + rows), target="price")
    data = world.make(0)
    assert world.task == "regression" and data.feature_names == ("size",)
    mean, std = data.target_scale
    restored = data.targets[:, 0] * std + mean
    assert torch.allclose(restored, torch.tensor([i * 0.37 for i in range(30)]), atol=1e-4)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("1,2,3\n4,5,6\n", "no header row"),
        ("a,b\n", "no rows"),
        ("a,b\n1,x\n", "column 'b' holds 'x', not a number"),
        ("a,b\n1,nan\n", "finite number"),
        ("a,b\n1,2\n3\n", "1 values, but the header names 2"),
        ("a,b\n1,1\n2,1\n", "one class only"),
        ("a,a\n1,2\n", "repeated column names"),
        ("only\n1\n", "at least one input column"),
    ],
)
def test_bad_csv_files_get_one_clear_line(tmp_path, text, message):
    with pytest.raises(WorldError, match=message):
        CsvWorld.from_file(write(tmp_path, text))


def test_a_csv_target_that_is_not_a_column_is_named(tmp_path):
    with pytest.raises(WorldError, match="no column 'price'"):
        CsvWorld.from_file(write(tmp_path, "a,b\n1,2\n"), target="price")


def test_csv_size_limits_are_checked_before_building(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CSV_BYTES", 64)
    with pytest.raises(WorldError, match="larger than"):
        CsvWorld.from_file(write(tmp_path, "a,b\n" + "1,2\n" * 100))
    monkeypatch.setattr(tabular, "MAX_CSV_BYTES", 1 << 20)
    monkeypatch.setattr(tabular, "MAX_CSV_ROWS", 10)
    with pytest.raises(WorldError, match="more than 10 rows"):
        CsvWorld.from_file(write(tmp_path, "a,b\n" + "1,2\n" * 11))


def test_special_files_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(WorldError, match="not a regular file"):
        CsvWorld.from_file(fifo)  # would block forever if it were opened
    with pytest.raises(WorldError, match="not a regular file"):
        CsvWorld.from_file(tmp_path)
    with pytest.raises(WorldError, match="no such file"):
        CsvWorld.from_file(tmp_path / "missing.csv")


def test_a_csv_world_is_reached_by_name_with_data(tmp_path):
    path = write(tmp_path, "a,b,y\n" + "\n".join(f"{i},{-i},{i % 2}" for i in range(10)))
    assert world_named("csv", data=str(path)).task == "classes"
    with pytest.raises(WorldError, match="goes with --world csv"):
        world_named("xor", data=str(path))


def test_regression_inputs_are_standardised_by_the_training_rows():
    data = WORLDS["diabetes"].make(0)
    train_x, _ = data.train
    assert torch.allclose(train_x.std(dim=0, unbiased=False), torch.ones(10), atol=1e-4)
    assert not math.isclose(float(data.held_out[0].mean()), 0.0, abs_tol=1e-6)
