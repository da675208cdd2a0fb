"""The `tinynet` command, run in-process and once as a real console script."""

import csv
import json
import shutil
import subprocess

import pytest

from tinynet_core.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_every_preset(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    for name in ("discovery", "sigmoid-baseline", "relu-v1", "relu-v2-regularized"):
        assert name in out


def test_train_json_has_the_promised_fields(capsys):
    code, out, _ = run(capsys, "train", "--epochs", "5", "--seed", "3", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"config", "seed", "loss_history", "final_loss", "initial_parameters", "parameters"}
    assert len(data["loss_history"]) == 5 and data["final_loss"] == data["loss_history"][-1]
    assert data["config"]["epochs"] == 5 and data["seed"] == 3
    assert len(data["parameters"]["layer1.weight"]) == 3
    assert data["initial_parameters"] != data["parameters"]


def test_overrides_reach_the_config(capsys):
    argv = ["train", "--preset", "relu-v1", "--epochs", "2", "--lr", "0.3", "--optimizer", "adam",
            "--activation", "tanh", "--weight-decay", "0.01", "--noise", "0.1", "--loss", "bce",
            "--hidden-bias", "0.25", "--json"]
    code, out, _ = run(capsys, *argv)
    config = json.loads(out)["config"]
    assert code == 0
    assert (config["lr"], config["optimizer"], config["activation"]) == (0.3, "adam", "tanh")
    assert (config["weight_decay"], config["noise"], config["loss"]) == (0.01, 0.1, "bce")
    assert config["hidden_bias"] == 0.25


def test_history_and_checkpoint_then_eval(capsys, tmp_path):
    history, out_file = tmp_path / "h.csv", tmp_path / "net.safetensors"
    code, out, _ = run(capsys, "train", "--epochs", "4", "--history", str(history), "--out", str(out_file))
    assert code == 0 and "saved to" in out
    rows = list(csv.reader(history.open()))
    assert rows[0] == ["epoch", "loss"] and len(rows) == 5
    code, out, _ = run(capsys, "eval", str(out_file), "--json")
    sets = json.loads(out)["sets"]
    assert code == 0 and set(sets) == {"training", "fuzzy", "stress", "all16"}
    assert len(sets["all16"]) == 16


def test_eval_a_preset_prints_tables(capsys):
    code, out, _ = run(capsys, "eval", "--preset", "discovery", "--epochs", "2")
    assert code == 0 and "stress" in out and "diagonal" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "--preset", "nope"], "unknown preset 'nope'"),
        (["train", "--lr", "-1"], "--lr: must be a positive finite number"),
        (["train", "--lr", "nan"], "--lr: must be a positive finite number"),
        (["train", "--lr", "abc"], "--lr: must be a number"),
        (["train", "--epochs", "0"], "--epochs: must be from 1 to 100000"),
        (["train", "--hidden-bias", "inf"], "--hidden-bias: must be a finite number"),
        (["train", "--hidden-bias", "1e3"], "hidden bias must be a number from -100 to 100"),
        (["train", "--device", "cuda:7"], "device"),
        (["train", "--device", "quantum"], "unknown device 'quantum'"),
        (["eval", "/no/such/file.safetensors"], "no such file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("tinynet: error:")
    if message:
        assert message in err


def test_eval_without_a_file_trains_the_default_preset(capsys):
    code, out, _ = run(capsys, "eval", "--epochs", "1")
    assert code == 0 and "preset discovery" in out


def test_eval_rejects_a_pickle_file(capsys, tmp_path):
    path = tmp_path / "model.pt"
    path.write_bytes(b"\x80\x04K\x01.")
    code, _, err = run(capsys, "eval", str(path))
    assert code == 2 and "PyTorch pickle" in err


def test_diverging_run_stops_with_exit_1_naming_the_epoch(capsys, tmp_path):
    out_file = tmp_path / "net.safetensors"
    code, _, err = run(capsys, "train", "--activation", "leaky_relu", "--lr", "1e30", "--seed", "1",
                       "--out", str(out_file))
    assert code == 1 and "NaN or infinite at epoch 1" in err
    assert not out_file.exists()


@pytest.mark.skipif(shutil.which("tinynet") is None, reason="package not installed")
def test_console_script_bad_argument_has_no_traceback():
    result = subprocess.run(["tinynet", "train", "--lr", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_sweep_json_summarises_every_seed(capsys):
    code, out, _ = run(capsys, "sweep", "--preset", "relu-v1", "--seeds", "12", "--epochs", "20", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["per_seed"]) == 12
    summary = data["summary"]
    assert summary["solved"] == sum(row["solved"] for row in data["per_seed"])
    assert set(summary["stress_verdicts"]) == {"single top-left pixel", "solid gray", "diagonal /", "diagonal \\"}
    assert all(sum(counts.values()) == 12 for counts in summary["stress_verdicts"].values())
    assert all(len(row["all16"]) == 16 for row in data["per_seed"])


def test_sweep_prints_a_readable_summary(capsys):
    code, out, _ = run(capsys, "sweep", "--seeds", "3", "--epochs", "2")
    assert code == 0 and "solved" in out and "diagonal /" in out


def test_train_writes_weights_json(capsys, tmp_path):
    weights = tmp_path / "w.json"
    code, _, _ = run(capsys, "train", "--epochs", "2", "--weights", str(weights))
    data = json.loads(weights.read_text())
    assert code == 0 and data["epochs_done"] == 2 and len(data["parameters"]["layer2.weight"]) == 2


def test_eval_takes_a_published_model_by_name(capsys):
    code, out, _ = run(capsys, "eval", "relu-v1", "--json")
    assert code == 0 and json.loads(out)["source"].endswith("relu-v1.safetensors")
