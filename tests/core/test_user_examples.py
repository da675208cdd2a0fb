"""Your own examples: added to the training set as yours from the next epoch, listed, removed, saved as CSV."""

import pytest
import torch

from tinynet_core.cli import main
from tinynet_core.config import TrainConfig, preset_config
from tinynet_core.errors import InputError
from tinynet_core.history import History
from tinynet_core.trainer import Trainer
from tinynet_core.user_examples import ExampleError, add_example, erase_near, remove_example, save_data_csv, start_empty, user_examples
from tinynet_core.worlds import CsvWorld

PLANE = TrainConfig(world="circle", hidden=(4,), activation="tanh", loss="bce", batch_size=10)
DIAGONAL = (1.0, 0.0, 0.0, 1.0)


def epoch_names(trainer):
    """The examples the next whole epoch learns from, by name."""
    trainer.epoch()
    names = []
    while True:
        names.append(trainer.nudge().sample_name)
        if trainer.sample_index == 0:
            return names


def test_a_picture_of_yours_is_learnt_from_the_next_epoch():
    trainer = Trainer(seed=0, engine="hand")
    trainer.nudge()
    added = add_example(trainer, DIAGONAL, "horizontal")
    assert added.name == "yours 1" and added.label == "horizontal" and added.features == DIAGONAL
    assert [trainer.nudge().sample_name for _ in range(3)] == ["bottom row", "left column", "right column"]  # this epoch: as it was
    assert epoch_names(trainer) == ["top row", "bottom row", "left column", "right column", "yours 1"]
    assert trainer.samples_per_epoch == 5


def test_a_digit_of_yours_takes_a_class_by_name_or_number():
    trainer = Trainer(preset_config("digits-mlp"), seed=0)
    count = len(trainer.data.train_index)
    add_example(trainer, [0.5] * 64, "7")
    add_example(trainer, [0.0] * 64, 3)
    assert [(e.name, e.label) for e in user_examples(trainer)] == [("yours 1", "7"), ("yours 2", "3")]
    trainer.nudge()  # the next epoch begins with them loaded
    assert trainer.samples_per_epoch == count + 2


def test_the_plane_starts_empty_and_learns_your_points():
    trainer = Trainer(PLANE, seed=0)
    start_empty(trainer)
    with pytest.raises(InputError, match="no training examples to learn from"):
        trainer.nudge()
    for point, label in (((0.5, 0.5), "disc"), ((4.0, -4.0), "ring"), ((-0.2, 0.1), 1)):
        add_example(trainer, point, label)
    record = trainer.nudge()
    assert record.batch_size == 3 and record.sample_name == "a batch of 3 (yours 1 first)"
    assert [e.label for e in user_examples(trainer)] == ["disc", "ring", "disc"]


def test_your_points_keep_where_they_lie_through_adding_and_removing():
    trainer = Trainer(PLANE, seed=0)
    start_empty(trainer)
    assert trainer.data.coordinates.shape == (0, 2)  # an empty plane draws no points
    for point in ((0.5, 0.5), (4.0, -4.0), (-2.0, 3.0)):
        add_example(trainer, point, "ring")
    remove_example(trainer, "yours 2")
    assert trainer.data.coordinates.tolist() == [[0.5, 0.5], [-2.0, 3.0]]


def test_the_eraser_takes_the_nearest_point_within_its_reach_yours_or_the_worlds():
    trainer = Trainer(PLANE, seed=0)
    world_point = trainer.data.coordinates[7].tolist()
    mine = add_example(trainer, (5.9, 5.9), "disc")
    count = len(trainer.data.inputs)
    assert erase_near(trainer, (5.5, 5.5), 0.1) is None and len(trainer.data.inputs) == count  # nothing that near
    erased = erase_near(trainer, (5.5, 5.5), 1.0)
    assert (erased.name, erased.label) == (mine.name, "disc") and user_examples(trainer) == []
    erased = erase_near(trainer, (world_point[0] + 0.01, world_point[1]), 0.05)
    assert erased.name == "example 7" and world_point not in trainer.data.coordinates.tolist()
    assert len(trainer.data.inputs) == count - 2 and len(trainer.data.coordinates) == count - 2
    trainer.epoch()  # the rest still trains


@pytest.mark.parametrize("point, radius, says", [
    ((float("nan"), 0.0), 1.0, "finite"), ((0.0, 0.0), 0.0, "radius above 0"), (("a", 0.0), 1.0, "a point on the plane"),
])
def test_a_bad_erase_is_refused_in_one_line(point, radius, says):
    trainer = Trainer(PLANE, seed=0)
    with pytest.raises(ExampleError, match=says):
        erase_near(trainer, point, radius)
    with pytest.raises(ExampleError, match="erased on a plane world"):
        erase_near(Trainer(), (0.0, 0.0), 1.0)


def test_a_point_becomes_the_worlds_features():
    trainer = Trainer(TrainConfig(world="xor", hidden=(), features=("x1x2", "x1sq"), loss="bce"), seed=0)
    assert add_example(trainer, (2.0, -3.0), "same sign").features == (-6.0, 4.0)


def test_removing_yours_keeps_the_rest_in_order():
    trainer = Trainer(seed=0, engine="hand")
    for label in ("horizontal", "vertical", "ambiguous"):
        add_example(trainer, DIAGONAL, label)
    remove_example(trainer, "yours 2")
    assert [(e.name, e.label) for e in user_examples(trainer)] == [("yours 1", "horizontal"), ("yours 3", "ambiguous")]
    assert epoch_names(trainer) == ["top row", "bottom row", "left column", "right column", "yours 1", "yours 3"]
    with pytest.raises(ExampleError, match="no example of yours named 'top row'"):
        remove_example(trainer, "top row")


@pytest.mark.parametrize("probe, label, says", [
    ((1.0, 0.0, 0.0), "horizontal", "4 pixels"), ((2.0, 0.0, 0.0, 0.0), "horizontal", "4 pixels"),
    (DIAGONAL, "diagonal", "a 2×2 picture is"), ((float("nan"),) * 4, "vertical", "finite"), ("abcd", "vertical", "list of numbers"),
])
def test_a_bad_example_is_refused_in_one_line(probe, label, says):
    trainer = Trainer(seed=0)
    with pytest.raises(ExampleError, match=says):
        add_example(trainer, probe, label)
    assert user_examples(trainer) == []


def test_worlds_without_pictures_or_points_refuse():
    with pytest.raises(ExampleError, match="pixel and plane worlds"):
        add_example(Trainer(preset_config("curve-fit")), (0.5,), 0)
    with pytest.raises(ExampleError, match="only a plane world"):
        start_empty(Trainer())
    with pytest.raises(ExampleError, match="unknown class 'triangle'"):
        add_example(Trainer(PLANE), (0.0, 0.0), "triangle")


def test_your_examples_are_replayed_by_rewind():
    history = History(Trainer(seed=0, engine="hand"), window_bytes=1, chunk_bytes=1, keyframe_every=5)
    history.advance(6)
    add_example(history.trainer, DIAGONAL, "vertical")
    truth = {7 + i: history.nudge().after for i in range(10)}
    assert all(torch.equal(history.at(step).after, weights) for step, weights in truth.items())


def test_the_data_with_yours_saves_as_a_csv_that_trains_again(tmp_path, capsys):
    trainer = Trainer(PLANE, seed=0)
    add_example(trainer, (0.25, -0.5), "ring")
    path = save_data_csv(trainer, tmp_path / "mine.csv")
    world = CsvWorld.from_file(path)
    assert len(world.table.rows) == len(trainer.data.inputs) and world.table.rows[-1] == (0.25, -0.5, 0.0)
    assert world.table.held_out.count(True) == int(trainer.data.validation.sum())
    assert main(["train", "--world", "csv", "--data", str(path), "--hidden", "4", "--epochs", "1"]) == 0
    capsys.readouterr()


def test_the_2x2_world_saves_one_class_column(tmp_path):
    trainer = Trainer(seed=0)
    add_example(trainer, DIAGONAL, "vertical")
    world = CsvWorld.from_file(save_data_csv(trainer, tmp_path / "tiny.csv"))
    assert world.task == "classes" and world.table.header == ("TL", "TR", "BL", "BR", "label")
    assert world.table.rows[-1] == (*DIAGONAL, 1.0)
    add_example(trainer, DIAGONAL, "ambiguous")
    with pytest.raises(ExampleError, match="ambiguous"):
        save_data_csv(trainer, tmp_path / "tiny.csv")
    assert CsvWorld.from_file(tmp_path / "tiny.csv").table.rows[-1] == (*DIAGONAL, 1.0)  # the old file stays whole
