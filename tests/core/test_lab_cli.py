"""The `tinynet` command on the lab's worlds: worlds, data, train, eval, and bad values."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tinynet_core.worlds import WORLDS

from .test_cli import run


def test_worlds_lists_every_world(capsys):
    code, out, _ = run(capsys, "worlds")
    assert code == 0
    assert all(name in out for name in WORLDS)


def test_presets_are_listed_under_their_project(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    assert out.index("PyTorch learning journey") < out.index("journey-notebook1") < out.index("TensorFlow Playground")


def test_data_writes_inputs_target_and_split(capsys):
    code, out, _ = run(capsys, "data", "--world", "xor", "--seed", "2", "--val-split", "0.3", "--features", "x1,x2,x1x2")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["x1", "x2", "x1·x2", "label", "split"]
    body = rows[1:]
    assert len(body) == 500 and sum(r[-1] == "validation" for r in body) == 150
    assert all(abs(float(r[0]) * float(r[1]) - float(r[2])) < 1e-3 * max(1.0, abs(float(r[2]))) for r in body)


def test_data_written_by_tinynet_opens_as_a_csv_world_with_its_split(capsys, tmp_path):
    path = tmp_path / "spiral.csv"
    assert run(capsys, "data", "--world", "spiral-3", "--out", str(path))[0] == 0
    code, out, _ = run(capsys, "train", "--world", "csv", "--data", str(path), "--hidden", "8", "--epochs", "2", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["sizes"] == [2, 8, 3] and result["metric"] == "accuracy"
    assert len(result["val_loss_history"]) == 2


def test_train_json_reports_validation_and_the_fit(capsys):
    code, out, _ = run(capsys, "train", "--preset", "journey-notebook1", "--epochs", "3", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["sizes"] == [2, 4, 1] and result["config"]["world"] == "journey-2"
    assert len(result["val_loss_history"]) == 3 and len(result["val_score_history"]) == 3
    assert all(0 <= v <= 1 for v in result["train_score_history"])
    assert result["fit"] in ("good fit", "underfitting", "overfitting", "too early to tell")


def test_train_prints_a_summary_for_any_world(capsys):
    code, out, _ = run(capsys, "train", "--world", "curve", "--hidden", "8", "--epochs", "3", "--optimizer", "adam", "--lr", "0.01")
    assert code == 0
    assert "curve: 1 → 8 → 1" in out and "R²" in out and "validation set (40 held out)" in out


def test_eval_of_a_saved_lab_network(capsys, tmp_path):
    path = tmp_path / "digits.safetensors"
    assert run(capsys, "train", "--preset", "digits-mlp", "--epochs", "1", "--out", str(path))[0] == 0
    code, out, _ = run(capsys, "eval", str(path), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["sizes"] == [64, 16, 10] and 0 <= result["val_score"] <= 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "--world", "nope"], "unknown world"),
        (["train", "--hidden", "x"], "widths like 8"),
        (["train", "--hidden", "0"], "width must be a whole number"),
        (["train", "--world", "xor", "--features", "x9"], "unknown feature"),
        (["train", "--val-split", "2"], "from 0 to 1"),
        (["train", "--world", "csv"], "needs a file"),
        (["train", "--world", "csv", "--data", "missing.csv"], "no such file"),
        (["train", "--world", "spiral-3", "--head", "sigmoid"], "needs a softmax head"),
        (["data", "--world", ""], "must not be empty"),
        (["train", "--world", "digits", "--engine", "hand"], "hand engine covers"),
    ],
)
def test_bad_lab_arguments_are_one_line_and_status_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_the_app_refuses_an_unknown_world_in_one_line():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tinynet_tui", "--world", "moon"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "unknown world 'moon'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "world", "preset", "hidden"),
    [
        (["--preset", "spiral-softmax"], "spiral-3", "spiral-softmax", None),
        (["--world", "digits"], "digits", "digits-mlp", None),  # a world alone starts from its first preset
        (["--world", "circle", "--hidden", "5,5"], "circle", "playground-circle", (5, 5)),
    ],
)
def test_the_app_takes_lab_worlds_and_presets(argv, world, preset, hidden):
    from tinynet_tui.__main__ import parse_options

    options, _ = parse_options(argv)
    assert options.config["world"] == world and options.preset == preset
    if hidden:
        assert tuple(options.config["hidden"]) == hidden
