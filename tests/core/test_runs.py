"""Runs side by side: named and coloured, trained in lock step or at their own pace, compared and exported."""

import csv
import io
import json

import pytest
import torch

from tinynet_core.checkpoint import load_checkpoint
from tinynet_core.config import TrainConfig, preset_config
from tinynet_core.runs import COLOURS, MAX_RUNS, RunError, Runs, compare, export_run, history_csv
from tinynet_core.safe_io import FileRefused
from tinynet_core.trainer import Trainer


def two_runs(**b_changes):
    runs = Runs()
    runs.add("lr 0.1", Trainer(seed=4, engine="hand"))
    runs.add("lr 1.0", Trainer(TrainConfig(**b_changes) if b_changes else TrainConfig(lr=1.0), seed=4, engine="hand"))
    return runs


def test_runs_get_names_and_free_colours_up_to_four():
    runs = Runs()
    for i in range(MAX_RUNS):
        runs.add(f"run {i}", Trainer(seed=i))
    assert [run.colour for run in runs] == list(COLOURS)
    with pytest.raises(RunError, match="4 runs at most"):
        runs.add("fifth", Trainer())
    runs.remove("run 1")
    assert runs.add("again", Trainer()).colour == "magenta"
    runs.remove("run 3")  # room for one more
    for name, colour, says in (("again", None, "already"), ("", None, "printable"), ("new", "cyan", "not free"), ("new", "mauve", "not free")):
        with pytest.raises(RunError, match=says):
            runs.add(name, Trainer(), colour)
    with pytest.raises(RunError, match="no run named 'gone'"):
        runs["gone"]


def test_lock_step_and_own_pace():
    runs = two_runs()
    runs.step_together(6)
    assert [run.trainer.nudges for run in runs] == [6, 6]
    runs.set_pace("lr 1.0", 3)
    runs.tick()
    runs.tick()
    assert [run.trainer.nudges for run in runs] == [8, 12]
    with pytest.raises(RunError, match="pace"):
        runs.set_pace("lr 0.1", 0)


def test_advance_leaves_the_run_its_caller_nudges_and_goes_by_ticks():
    runs = two_runs()
    runs.set_pace("lr 1.0", 4)
    runs.advance(3, lock_step=False, leave=runs["lr 0.1"])
    assert [run.trainer.nudges for run in runs] == [0, 12]
    runs.advance(2, lock_step=True, leave=runs["lr 1.0"])
    assert [run.trainer.nudges for run in runs] == [2, 12]
    assert [run.history.steps for run in runs] == [2, 12]  # every nudge kept


def test_each_run_goes_as_it_would_alone():
    runs = two_runs()
    runs.step_together(20)
    alone = Trainer(TrainConfig(lr=1.0), seed=4, engine="hand")
    alone.advance(20)
    assert torch.equal(runs["lr 1.0"].trainer.flat_parameters(), alone.flat_parameters())


def test_a_branch_is_a_second_run_and_the_old_future_stays():
    runs = two_runs()
    runs.step_together(40)
    before = runs["lr 0.1"].history.at(40).after
    branch = runs.branch("lr 0.1", 12, "adam from 12", optimizer="adam", lr=0.05)
    assert branch.trainer.nudges == 12 and branch.trainer.config.optimizer == "adam"
    runs.tick()
    assert torch.equal(runs["lr 0.1"].history.at(40).after, before) and runs["lr 0.1"].trainer.nudges == 41
    assert torch.equal(branch.history.at(12).after, runs["lr 0.1"].history.at(12).after)
    assert not torch.equal(branch.history.at(13).after, runs["lr 0.1"].history.at(13).after)


def test_the_comparison_finds_the_weight_that_differs_most():
    runs = two_runs()
    runs.step_together(80)
    a, b = runs["lr 0.1"], runs["lr 1.0"]
    result = compare(a, b)
    flat_a, flat_b = a.trainer.flat_parameters(), b.trainer.flat_parameters()
    furthest = torch.zeros_like(flat_a)
    furthest[(flat_a - flat_b).abs().argmax()] = 1.0
    name, place, va, vb = result.weight
    assert a.trainer.layout.split(furthest)[name][place] == 1.0
    assert va == a.trainer.parameters()[name][place] and vb == b.trainer.parameters()[name][place]
    assert result.weight_distance == pytest.approx(float(torch.dist(a.trainer.flat_parameters(), b.trainer.flat_parameters())))
    assert result.metric in ("train_loss", "val_loss", "train_score", "val_score")
    assert result.answer[0] in ("top row", "bottom row", "left column", "right column") and result.answer_gap > 0
    assert result.sentence().startswith("lr 0.1 and lr 1.0 differ: weights most at")


def test_a_run_compared_with_its_own_past():
    runs = two_runs()
    runs.step_together(30)
    run = runs["lr 0.1"]
    same = compare(run, run, 30, 30)
    assert same.weight_distance == 0.0 and same.answer_gap == 0.0
    assert compare(run, run, 0, 30).weight_distance > 0


def test_runs_of_other_networks_compare_their_metrics_only():
    runs = Runs()
    runs.add("tiny", Trainer())
    runs.add("digits", Trainer(preset_config("digits-mlp")))
    result = compare(runs["tiny"], runs["digits"])
    assert result.weight is None and result.answer is None and result.metric is not None


def test_the_history_csv_has_a_row_per_step_and_a_column_per_weight():
    runs = two_runs()
    runs.step_together(9)
    rows = list(csv.reader(io.StringIO(history_csv(runs["lr 0.1"].history))))
    assert rows[0][:5] == ["step", "kind", "nudges", "epochs_done", "layer1.weight[0][0]"] and len(rows[0]) == 4 + 23
    assert len(rows) == 1 + 10 and rows[1][1] == "start" and rows[-1][:4] == ["9", "nudge", "9", "2"]
    # Nine significant digits bring a float32 back exactly.
    assert torch.equal(torch.tensor([float(v) for v in rows[5][4:]]), runs["lr 0.1"].history.at(4).after)


def test_a_run_exports_its_weights_at_any_step(tmp_path):
    runs = two_runs()
    runs.step_together(30)
    run = runs["lr 1.0"]
    csv_path, json_path, tensors_path = export_run(run, tmp_path / "fast", step=10)
    weights = run.history.at(10).values()
    saved = json.loads(json_path.read_text())
    assert saved["nudges"] == 10 and saved["parameters"]["layer2.bias"] == weights["layer2.bias"].tolist()
    checkpoint = load_checkpoint(tensors_path)
    assert checkpoint.nudges == 10 and all(torch.equal(checkpoint.parameters[n], weights[n]) for n in weights)
    assert csv_path.read_text().count("\n") == 32


def test_an_export_never_destroys_a_read_only_file(tmp_path):
    runs = two_runs()
    target = tmp_path / "keep.safetensors"
    target.write_text("mine")
    target.chmod(0o444)
    with pytest.raises(FileRefused, match="read-only"):
        export_run(runs["lr 0.1"], tmp_path / "keep")
    assert target.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.safetensors"]  # none half-done


def test_an_export_named_after_a_folder_is_refused_not_written_beside_it(tmp_path):
    runs = two_runs()
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(RunError, match="is a folder: give a name for the files in it"):
        export_run(runs["lr 0.1"], folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"] and not any(folder.iterdir())
    assert export_run(runs["lr 0.1"], folder / "run-1")[0].parent == folder  # a name inside it works
