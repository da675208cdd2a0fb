"""Saving and loading TinyNet as safetensors: validated on the way in, atomic on the way out.

Nothing is ever unpickled: a PyTorch .pt/.pth file is recognised and refused.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import save as save_safetensors_bytes

from .config import ConfigError, TrainConfig
from .model import parameter_shapes
from .trainer import Trainer

FORMAT_NAME = "tinynet"
FORMAT_VERSION = "1"
# Anything larger is not a TinyNet checkpoint; refuse before reading it into memory.
MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024


class CheckpointError(ValueError):
    """A checkpoint that cannot be saved or loaded; the message says why in one line."""


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint file holds."""

    config: TrainConfig
    seed: int
    epoch: int  # epochs completed when it was saved
    nudges: int
    loss_history: list[float]
    parameters: dict[str, torch.Tensor]


def save_checkpoint(trainer: Trainer, path: str | os.PathLike[str]) -> Path:
    """Write the trainer's weights and metadata to path atomically (temporary file, then rename)."""
    path = Path(path)
    if not trainer.is_finite():
        raise CheckpointError("refusing to save: the weights are NaN or infinite (reset first)")
    if path.is_dir():
        raise CheckpointError(f"{path} is a directory; give a file name")
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(trainer.config.to_dict()),
        "seed": str(trainer.seed),
        "epoch": str(trainer.epochs_done),
        "nudges": str(trainer.nudges),
        "loss_history": json.dumps(trainer.loss_history),
    }
    tensors = {name: t.contiguous() for name, t in trainer.parameters().items()}
    data = save_safetensors_bytes(tensors, metadata=metadata)
    atomic_write(path, data)
    return path


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to path through a temporary file and a rename: never half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CheckpointError(f"cannot save to {path}: folder {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise CheckpointError(f"cannot save to {path}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # mkstemp makes the file private; give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except OSError as err:
        Path(tmp_name).unlink(missing_ok=True)
        raise CheckpointError(f"cannot save to {path}: {err.strerror}") from None


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read and validate a checkpoint; any problem is one CheckpointError."""
    path = Path(path)
    data = _read_bytes(path)
    _reject_foreign_formats(path, data)
    try:
        tensors = load_safetensors_bytes(data)
        metadata = _read_metadata(data)
    except (SafetensorError, ValueError, struct.error, UnicodeDecodeError) as err:
        raise CheckpointError(f"{path} is not a valid safetensors file (truncated or corrupt): {err}") from None
    config, seed, epoch, nudges, history = _parse_metadata(path, metadata)
    parameters = _validated_parameters(path, tensors, config)
    return Checkpoint(config, seed, epoch, nudges, history, parameters)


def load_trainer(path: str | os.PathLike[str], device: str = "cpu") -> Trainer:
    """A trainer holding a checkpoint's network, ready to go on training (fresh optimizer state)."""
    checkpoint = load_checkpoint(path)
    trainer = Trainer(checkpoint.config, checkpoint.seed, device=device)
    trainer.load_parameters(checkpoint.parameters)
    trainer.epochs_done = checkpoint.epoch
    trainer.nudges = checkpoint.nudges
    trainer.loss_history = list(checkpoint.loss_history)
    return trainer


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise CheckpointError(f"no such file: {path}")
    if path.is_dir():
        raise CheckpointError(f"{path} is a directory, not a checkpoint file")
    try:
        size = path.stat().st_size
        if size > MAX_CHECKPOINT_BYTES:
            raise CheckpointError(f"{path} is {size} bytes: far too large for a TinyNet checkpoint")
        return path.read_bytes()
    except OSError as err:
        raise CheckpointError(f"cannot read {path}: {err.strerror}") from None


def _reject_foreign_formats(path: Path, data: bytes) -> None:
    # torch.save writes a zip archive (PK..) or, in old versions, a raw pickle (0x80 protocol byte).
    # A safetensors file starts with its header's length, whose first byte can be 0x80 too, so
    # only a file whose JSON header does not open at byte 8 counts as a pickle.
    opens_like_safetensors = data[8:9] == b"{"
    if not opens_like_safetensors and (data[:4] == b"PK\x03\x04" or data[:1] == b"\x80"):
        raise CheckpointError(
            f"{path} looks like a PyTorch pickle (.pt/.pth); tinynet only loads .safetensors and never unpickles"
        )
    if len(data) < 8:
        raise CheckpointError(f"{path} is not a valid safetensors file (only {len(data)} bytes: truncated?)")


def _read_metadata(data: bytes) -> dict[str, str]:
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len].decode("utf-8"))
    return header.get("__metadata__") or {}


def _parse_metadata(path: Path, metadata: dict[str, str]) -> tuple[TrainConfig, int, int, int, list[float]]:
    if metadata.get("format") != FORMAT_NAME:
        raise CheckpointError(f"{path} is a safetensors file but not a TinyNet checkpoint (no tinynet metadata)")
    version = metadata.get("format_version")
    if version != FORMAT_VERSION:
        raise CheckpointError(f"{path} has checkpoint format version {version!r}; this tinynet reads version 1")
    try:
        config = TrainConfig.from_dict(json.loads(metadata["config"]))
        seed, epoch, nudges = (int(metadata[key]) for key in ("seed", "epoch", "nudges"))
        history = [float(v) for v in json.loads(metadata.get("loss_history", "[]"))]
    except ConfigError as err:
        raise CheckpointError(f"{path} has an invalid config: {err}") from None
    except (KeyError, ValueError, TypeError) as err:
        raise CheckpointError(f"{path} has damaged metadata ({err})") from None
    return config, seed, epoch, nudges, history


def _validated_parameters(path: Path, tensors: dict[str, torch.Tensor], config: TrainConfig) -> dict[str, torch.Tensor]:
    expected = parameter_shapes(config.hidden)
    missing = [name for name in expected if name not in tensors]
    if missing:
        raise CheckpointError(f"{path} is missing tensor(s): {', '.join(missing)}")
    extra = sorted(set(tensors) - set(expected))
    if extra:
        raise CheckpointError(f"{path} has unexpected tensor(s): {', '.join(extra)}")
    result = {}
    for name, shape in expected.items():
        tensor = tensors[name]
        if tuple(tensor.shape) != shape:
            raise CheckpointError(f"{path}: {name} has shape {list(tensor.shape)}, expected {list(shape)}")
        if not tensor.is_floating_point():
            raise CheckpointError(f"{path}: {name} has dtype {tensor.dtype}, expected a float type")
        if not bool(torch.isfinite(tensor).all()):
            raise CheckpointError(f"{path}: {name} holds NaN or infinite values")
        result[name] = tensor.to(torch.float32)
    return result
