"""A plain state_dict file (save_file(model.state_dict(), path), as the runbooks save one) opens."""

import json
import pytest
import torch
from safetensors.torch import save_file

from tinynet_core.checkpoint import CheckpointError, load_checkpoint, load_trainer, save_checkpoint
from tinynet_core.cli import main
from tinynet_core.config import TrainConfig
from tinynet_core.model import seeded_model
from tinynet_core.trainer import Trainer


def plain_file(tmp_path, hidden=3, name="runbook.safetensors", **changes):
    """A state_dict saved the runbook's way, with some tensors replaced (None drops one)."""
    tensors = {k: v.detach().clone() for k, v in seeded_model(7, hidden).state_dict().items()}
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            tensors.pop(key)
        else:
            tensors[key] = value
    path = tmp_path / name
    save_file(tensors, str(path))
    return path, tensors


def test_a_plain_state_dict_opens_with_the_default_config(tmp_path):
    path, tensors = plain_file(tmp_path)
    checkpoint = load_checkpoint(path)
    assert checkpoint.config.activation == "sigmoid" and checkpoint.config.hidden == (3,)
    assert (checkpoint.seed, checkpoint.epoch, checkpoint.nudges, checkpoint.loss_history) == (0, 0, 0, [])
    for name, tensor in tensors.items():
        assert torch.equal(checkpoint.parameters[name], tensor)
    assert "plain state_dict" in checkpoint.assumed and "sigmoid" in checkpoint.assumed and "3 hidden" in checkpoint.assumed


def test_the_shapes_give_the_hidden_size_and_the_caller_the_activation(tmp_path):
    path, _ = plain_file(tmp_path, hidden=5)
    trainer = load_trainer(path, activation="relu")
    assert trainer.config.hidden == (5,) and trainer.config.activation == "relu"
    trainer.epoch()  # and it trains on
    assert trainer.epochs_done == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"layer3__weight": torch.zeros(2)}, "unexpected tensor.*layer3.weight"),
        ({"layer2__bias": None}, "missing tensor.*layer2.bias"),
        ({"layer1__weight": torch.zeros(3, 5)}, r"layer1.weight has shape \[3, 5\]"),
        ({"layer2__weight": torch.zeros(2, 4)}, r"layer2.weight has shape \[2, 4\], expected \[2, 3\]"),
        ({"layer1__bias": torch.tensor([0.0, float("nan"), 1.0])}, "NaN or infinite"),
        ({"layer2__bias": torch.tensor([1e300, 0.0], dtype=torch.float64)}, "too large for float32"),
        ({"layer1__bias": torch.zeros(3, dtype=torch.int64)}, "I64, expected a float type"),
    ],
)
def test_a_bad_plain_file_is_still_refused_in_one_line(tmp_path, changes, message):
    path, _ = plain_file(tmp_path, **changes)
    with pytest.raises(CheckpointError, match=message) as error:
        load_checkpoint(path)
    assert "\n" not in str(error.value)


def test_tinynet_eval_opens_it_and_says_what_it_assumed(tmp_path, capsys):
    path, _ = plain_file(tmp_path)
    assert main(["eval", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["sets"]["all16"]
    assert err.startswith("tinynet: note:") and "sigmoid activation" in err and err.count("\n") == 1


def test_tinynet_eval_takes_the_activation_from_the_option(tmp_path, capsys):
    path, _ = plain_file(tmp_path)
    assert main(["eval", str(path), "--activation", "tanh"]) == 0
    assert "tanh activation" in capsys.readouterr().err


def test_tinynet_eval_refuses_an_extra_tensor_in_one_line(tmp_path, capsys):
    path, _ = plain_file(tmp_path, extra=torch.zeros(1))
    assert main(["eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected tensor(s): extra" in err


def test_activation_on_a_tinynet_checkpoint_is_said_to_be_ignored(tmp_path, capsys):
    path = save_checkpoint(Trainer(TrainConfig(activation="relu")), tmp_path / "net.safetensors")
    assert main(["eval", str(path), "--activation", "tanh", "--json"]) == 0
    assert "--activation is ignored" in capsys.readouterr().err
