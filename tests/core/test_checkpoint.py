"""Checkpoints: a faithful round trip, atomic saves, and one clear error for every bad file."""

import json
import os
import pickle
import struct

import pytest
import torch
from safetensors.torch import save_file

from tinynet_core import CheckpointError, TrainConfig, Trainer, load_checkpoint, load_trainer, save_checkpoint


@pytest.fixture
def trained():
    trainer = Trainer(TrainConfig(activation="tanh", optimizer="adam", lr=0.05), seed=9)
    trainer.train(3)
    trainer.nudge()
    return trainer


def test_round_trip_keeps_weights_config_and_progress(trained, tmp_path):
    path = save_checkpoint(trained, tmp_path / "net.safetensors")
    loaded = load_trainer(path)
    assert loaded.config == trained.config
    assert (loaded.seed, loaded.epochs_done, loaded.nudges) == (9, 3, 13)
    assert loaded.loss_history == trained.loss_history
    for name, tensor in trained.parameters().items():
        assert torch.equal(loaded.parameters()[name], tensor)
    assert torch.equal(loaded.predict([1, 0, 1, 0]), trained.predict([1, 0, 1, 0]))


def test_loaded_trainer_keeps_training(trained, tmp_path):
    loaded = load_trainer(save_checkpoint(trained, tmp_path / "net.safetensors"))
    loaded.epoch()
    assert loaded.epochs_done == 4 and len(loaded.loss_history) == 4


def test_save_is_atomic_and_leaves_no_temporary_files(trained, tmp_path):
    path = tmp_path / "net.safetensors"
    path.write_bytes(b"old contents")
    save_checkpoint(trained, path)
    assert os.listdir(tmp_path) == ["net.safetensors"]
    load_checkpoint(path)


def test_failed_save_keeps_the_old_file(trained, tmp_path, monkeypatch):
    path = tmp_path / "net.safetensors"
    save_checkpoint(Trainer(seed=1), path)
    original = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CheckpointError, match="No space left"):
        save_checkpoint(trained, path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["net.safetensors"]


def test_saving_a_diverged_network_is_refused(tmp_path):
    trainer = Trainer(TrainConfig(activation="leaky_relu", lr=1e30), seed=1)
    trainer.train(2)
    with pytest.raises(CheckpointError, match="NaN"):
        save_checkpoint(trainer, tmp_path / "x.safetensors")
    assert not (tmp_path / "x.safetensors").exists()


def test_saving_into_a_missing_folder_is_a_clear_error(trained, tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        save_checkpoint(trained, tmp_path / "nope" / "net.safetensors")


def _good_file(tmp_path):
    return save_checkpoint(Trainer(seed=0), tmp_path / "good.safetensors")


def _rewrite(path, tensors=None, metadata_changes=None, drop=None):
    """A copy of a checkpoint with some tensors or metadata replaced."""
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        metadata = dict(f.metadata())
        data = {k: f.get_tensor(k) for k in f.keys()}
    data.update(tensors or {})
    for key in drop or ():
        data.pop(key)
    metadata.update(metadata_changes or {})
    out = path.with_name("changed.safetensors")
    save_file(data, str(out), metadata={k: v for k, v in metadata.items() if v is not None})
    return out


def test_missing_path(tmp_path):
    with pytest.raises(CheckpointError, match="no such file"):
        load_checkpoint(tmp_path / "absent.safetensors")


def test_directory(tmp_path):
    with pytest.raises(CheckpointError, match="is a directory"):
        load_checkpoint(tmp_path)


def test_truncated_file(tmp_path):
    path = _good_file(tmp_path)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(CheckpointError, match="not a valid safetensors file"):
        load_checkpoint(path)


def test_tiny_file(tmp_path):
    path = tmp_path / "tiny.safetensors"
    path.write_bytes(b"abc")
    with pytest.raises(CheckpointError, match="truncated"):
        load_checkpoint(path)


def test_garbage_header(tmp_path):
    path = tmp_path / "junk.safetensors"
    path.write_bytes(struct.pack("<Q", 12) + b"not json!!!!" + b"\0" * 16)
    with pytest.raises(CheckpointError, match="not a valid safetensors file"):
        load_checkpoint(path)


def test_torch_save_zip_is_refused_without_unpickling(tmp_path):
    path = tmp_path / "model.pt"
    torch.save(Trainer().model.state_dict(), path)
    with pytest.raises(CheckpointError, match="PyTorch pickle"):
        load_checkpoint(path)


class _Exploding:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_raw_pickle_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "model.pth"
    path.write_bytes(pickle.dumps(_Exploding()))
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    with pytest.raises(CheckpointError, match="never unpickles"):
        load_checkpoint(path)
    assert calls == []


def test_missing_tensor(tmp_path):
    path = _rewrite(_good_file(tmp_path), drop=["layer2.bias"])
    with pytest.raises(CheckpointError, match="missing tensor.*layer2.bias"):
        load_checkpoint(path)


def test_wrong_shape(tmp_path):
    path = _rewrite(_good_file(tmp_path), tensors={"layer1.weight": torch.zeros(4, 4)})
    with pytest.raises(CheckpointError, match=r"layer1.weight has shape \[4, 4\], expected \[3, 4\]"):
        load_checkpoint(path)


def test_extra_tensor(tmp_path):
    path = _rewrite(_good_file(tmp_path), tensors={"layer3.weight": torch.zeros(2)})
    with pytest.raises(CheckpointError, match="unexpected tensor"):
        load_checkpoint(path)


def test_integer_tensor(tmp_path):
    path = _rewrite(_good_file(tmp_path), tensors={"layer1.bias": torch.zeros(3, dtype=torch.int32)})
    with pytest.raises(CheckpointError, match="float"):
        load_checkpoint(path)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_values(tmp_path, bad):
    path = _rewrite(_good_file(tmp_path), tensors={"layer2.bias": torch.tensor([0.0, bad])})
    with pytest.raises(CheckpointError, match="NaN or infinite"):
        load_checkpoint(path)


def test_unknown_version(tmp_path):
    path = _rewrite(_good_file(tmp_path), metadata_changes={"format_version": "99"})
    with pytest.raises(CheckpointError, match="version '99'"):
        load_checkpoint(path)


def test_plain_safetensors_without_tinynet_metadata(tmp_path):
    path = tmp_path / "other.safetensors"
    save_file({"w": torch.zeros(2)}, str(path))
    with pytest.raises(CheckpointError, match="not a TinyNet checkpoint"):
        load_checkpoint(path)


def test_bad_config_in_metadata(tmp_path):
    path = _rewrite(_good_file(tmp_path), metadata_changes={"config": json.dumps({"activation": "swish"})})
    with pytest.raises(CheckpointError, match="invalid config.*swish"):
        load_checkpoint(path)


def test_damaged_metadata(tmp_path):
    path = _rewrite(_good_file(tmp_path), metadata_changes={"seed": "twelve"})
    with pytest.raises(CheckpointError, match="damaged metadata"):
        load_checkpoint(path)


def test_saved_files_get_ordinary_permissions(trained, tmp_path):
    umask = os.umask(0o022)
    try:
        path = save_checkpoint(trained, tmp_path / "net.safetensors")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_header_length_starting_with_0x80_is_not_taken_for_a_pickle(trained, tmp_path):
    # The first byte of a safetensors file is the low byte of its header's length; 0x80 there
    # (the pickle protocol byte) once made a real checkpoint unloadable.
    path = save_checkpoint(trained, tmp_path / "a.safetensors")
    data = path.read_bytes()
    (header_len,) = struct.unpack("<Q", data[:8])
    padded_len = header_len + (0x80 - header_len) % 256  # JSON allows trailing spaces
    header = data[8 : 8 + header_len] + b" " * (padded_len - header_len)
    path.write_bytes(struct.pack("<Q", padded_len) + header + data[8 + header_len :])
    assert path.read_bytes()[:1] == b"\x80"
    assert torch.equal(load_checkpoint(path).parameters["layer1.weight"], trained.parameters()["layer1.weight"])
