"""Saving and loading TinyNet as safetensors: validated on the way in, atomic on the way out.

Nothing is ever unpickled: a PyTorch .pt/.pth file is recognised and refused. Besides tinynet's
own checkpoints, a plain state_dict file (the four tensors and no tinynet metadata, as
`save_file(model.state_dict(), path)` writes it) opens too: its shapes give the architecture,
and the rest of the config is the default or what the caller says.
"""

from __future__ import annotations

import json
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import save as save_safetensors_bytes

from .config import TrainConfig
from .errors import InputError
from .limits import MAX_CHECKPOINT_BYTES, MAX_COUNT, MAX_HIDDEN, MAX_JSON_DEPTH, MAX_LOSS_HISTORY, MAX_SEED, MAX_TENSORS
from .model import INPUTS
from .nets import parameter_shapes
from .safe_io import FileRefused, read_bounded, write_atomic
from .text import visible
from .trainer import Trainer, config_sizes

FORMAT_NAME = "tinynet"
# Version 2 holds any network of the lab (its config names the world, the hidden layers, the head
# and the data seed); version 1 files, TinyNet's, still open: their config is TinyNet's defaults.
FORMAT_VERSION = "2"
READABLE_VERSIONS = ("1", "2")
# The tensor dtypes a checkpoint may hold (safetensors' names); each loads as float32.
FLOAT_DTYPES = ("F16", "BF16", "F32", "F64")
# An error message names at most this many unexpected tensors.
NAMES_SHOWN = 5
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,19}")


class CheckpointError(InputError):
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
    assumed: str | None = None  # for a plain state_dict file: what was assumed, in one sentence


def save_checkpoint(trainer: Trainer, path: str | os.PathLike[str], overwrite_read_only: bool = False) -> Path:
    """Write the trainer's weights and metadata to path atomically (temporary file, then rename)."""
    if trainer.diverged or not trainer.is_finite():
        raise CheckpointError("refusing to save: the network has diverged (NaN or infinite); reset it first")
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(trainer.config.to_dict()),
        "seed": str(trainer.seed),
        "epoch": str(trainer.epochs_done),
        "nudges": str(trainer.nudges),
        "loss_history": json.dumps(list(trainer.loss_history)),
    }
    tensors = {name: t.contiguous() for name, t in trainer.parameters().items()}
    data = save_safetensors_bytes(tensors, metadata=metadata)
    try:
        return write_atomic(path, data, overwrite_read_only)
    except FileRefused as err:
        raise CheckpointError(str(err)) from None


def load_checkpoint(path: str | os.PathLike[str], activation: str | None = None) -> Checkpoint:
    """Read and validate a checkpoint; any problem is one CheckpointError.

    `activation` is used only for a plain state_dict file, which does not say its own.
    """
    try:
        data = read_bounded(path, MAX_CHECKPOINT_BYTES, "checkpoint file")
    except FileRefused as err:
        raise CheckpointError(str(err)) from None
    path = Path(path).expanduser()
    _reject_foreign_formats(path, data)
    header = _read_header(path, data)
    _check_tensor_entries(path, header)
    try:
        tensors = load_safetensors_bytes(data)
    except (SafetensorError, ValueError, RuntimeError, TypeError) as err:
        raise CheckpointError(f"{visible(path)} is not a valid safetensors file (truncated or corrupt): {visible(err)}") from None
    metadata = header.get("__metadata__") or {}
    if "format" not in metadata:
        return _plain_state_dict(path, tensors, activation)
    config, seed, epoch, nudges, history = _parse_metadata(path, metadata)
    parameters = _validated_parameters(path, tensors, config)
    return Checkpoint(config, seed, epoch, nudges, history, parameters)


def trainer_from_checkpoint(checkpoint: Checkpoint, device: str = "cpu") -> Trainer:
    """A trainer holding a checkpoint's network, ready to go on training (fresh optimizer state)."""
    trainer = Trainer(checkpoint.config, checkpoint.seed, device=device)
    trainer.load_parameters(checkpoint.parameters)
    trainer.epochs_done = checkpoint.epoch
    trainer.nudges = checkpoint.nudges
    trainer.loss_history = list(checkpoint.loss_history)
    return trainer


def load_trainer(path: str | os.PathLike[str], device: str = "cpu", activation: str | None = None) -> Trainer:
    """A trainer holding the network of the checkpoint at path."""
    return trainer_from_checkpoint(load_checkpoint(path, activation), device)


def _reject_foreign_formats(path: Path, data: bytes) -> None:
    # torch.save writes a zip archive (PK..) or, in old versions, a raw pickle (0x80 protocol byte).
    # A safetensors file starts with its header's length, whose first byte can be 0x80 too, so
    # only a file whose JSON header does not open at byte 8 counts as a pickle.
    opens_like_safetensors = data[8:9] == b"{"
    if not opens_like_safetensors and (data[:4] == b"PK\x03\x04" or data[:1] == b"\x80"):
        raise CheckpointError(
            f"{visible(path)} looks like a PyTorch pickle (.pt/.pth); tinynet only loads .safetensors and never unpickles"
        )
    if len(data) < 8:
        raise CheckpointError(f"{visible(path)} is not a valid safetensors file (only {len(data)} bytes: truncated?)")


def _read_header(path: Path, data: bytes) -> dict:
    """The safetensors JSON header, read with a bound on its nesting before it is parsed."""
    (header_len,) = struct.unpack("<Q", data[:8])
    corrupt = f"{visible(path)} is not a valid safetensors file (truncated or corrupt)"
    if header_len > len(data) - 8:
        raise CheckpointError(f"{corrupt}: its header claims {header_len:,} bytes, the file has {len(data) - 8:,}")
    try:
        header = loads_bounded(data[8 : 8 + header_len].decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise CheckpointError(f"{corrupt}: {visible(err)}") from None
    if not isinstance(header, dict):
        raise CheckpointError(f"{corrupt}: its header is not a JSON object")
    metadata = header.get("__metadata__") or {}
    if not (isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values())):
        raise CheckpointError(f"{corrupt}: its metadata is not a map of strings")
    return header


def loads_bounded(text: str, max_depth: int = MAX_JSON_DEPTH) -> object:
    """json.loads, after checking that the text nests no deeper than max_depth (ValueError if it does)."""
    depth = deepest = 0
    for bracket in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > max_depth:
            raise ValueError(f"JSON nested deeper than {max_depth} levels")
    return json.loads(text)


def _check_tensor_entries(path: Path, header: dict) -> None:
    count = len(header) - ("__metadata__" in header)
    if count > MAX_TENSORS:
        raise CheckpointError(f"{visible(path)} holds {count:,} tensors; a TinyNet checkpoint has 4 (at most {MAX_TENSORS} are read)")
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = entry.get("dtype") if isinstance(entry, dict) else None
        if dtype not in FLOAT_DTYPES:
            raise CheckpointError(
                f"{visible(path)}: {visible(name)} has dtype {visible(dtype)}, expected a float type ({', '.join(FLOAT_DTYPES)})"
            )


def _plain_state_dict(path: Path, tensors: dict[str, torch.Tensor], activation: str | None) -> Checkpoint:
    """A state_dict saved without tinynet metadata: the shapes give the architecture."""
    expected = parameter_shapes((INPUTS, 1, 2))
    if not set(expected) & set(tensors):
        names = _some_names(sorted(tensors)) or "none"
        raise CheckpointError(
            f"{visible(path)} is a safetensors file but not a TinyNet checkpoint: no tinynet metadata, "
            f"and its tensors ({names}) are not layer1.weight, layer1.bias, layer2.weight, layer2.bias"
        )
    first = tensors.get("layer1.weight")
    if first is None:
        raise CheckpointError(f"{visible(path)} is missing tensor(s): layer1.weight")
    hidden = first.shape[0] if first.dim() == 2 else 0
    if first.dim() != 2 or first.shape[1] != INPUTS or not 1 <= hidden <= MAX_HIDDEN:
        raise CheckpointError(f"{visible(path)}: layer1.weight has shape {list(first.shape)}, expected [H, {INPUTS}] with H from 1 to {MAX_HIDDEN}")
    config = TrainConfig(hidden=hidden) if activation is None else TrainConfig(hidden=hidden, activation=activation)
    parameters = _validated_parameters(path, tensors, config)
    assumed = (
        f"{visible(path.name)} is a plain state_dict (no tinynet metadata): assumed {hidden} hidden nodes "
        f"(from layer1.weight), {config.activation} activation, the default config, seed 0, no history"
    )
    return Checkpoint(config, 0, 0, 0, [], parameters, assumed)


def _parse_metadata(path: Path, metadata: dict[str, str]) -> tuple[TrainConfig, int, int, int, list[float]]:
    if metadata.get("format") != FORMAT_NAME:
        raise CheckpointError(f"{visible(path)} is a safetensors file but not a TinyNet checkpoint (format {visible(metadata['format'])!r})")
    version = metadata.get("format_version")
    if version not in READABLE_VERSIONS:
        raise CheckpointError(
            f"{visible(path)} has checkpoint format version {visible(version)!r}; this tinynet reads versions {', '.join(READABLE_VERSIONS)}"
        )
    try:
        config = TrainConfig.from_dict(loads_bounded(metadata["config"]))
    except InputError as err:
        raise CheckpointError(f"{visible(path)} has an invalid config: {visible(err)}") from None
    except KeyError as err:
        raise CheckpointError(f"{visible(path)} has damaged metadata (no {visible(err)})") from None
    except ValueError as err:
        raise CheckpointError(f"{visible(path)} has damaged metadata (config: {visible(err)})") from None
    seed = _whole_number(path, metadata, "seed", MAX_SEED)
    epoch = _whole_number(path, metadata, "epoch", MAX_COUNT)
    nudges = _whole_number(path, metadata, "nudges", MAX_COUNT)
    history = _loss_history(path, metadata.get("loss_history", "[]"))
    if len(history) > epoch:
        raise CheckpointError(f"{visible(path)} has damaged metadata (a loss history of {len(history):,} epochs, but epoch {epoch})")
    return config, seed, epoch, nudges, history


def _whole_number(path: Path, metadata: dict[str, str], key: str, high: int) -> int:
    text = metadata.get(key)
    if text is None or not _WHOLE_NUMBER.fullmatch(text) or int(text) > high:
        shown = "nothing" if text is None else repr(visible(text[:40]))
        raise CheckpointError(f"{visible(path)} has damaged metadata ({key} must be a whole number from 0 to {high}, got {shown})")
    return int(text)


def _loss_history(path: Path, text: str) -> list[float]:
    damaged = f"{visible(path)} has damaged metadata (loss_history"
    if len(text) > MAX_LOSS_HISTORY * 32:
        raise CheckpointError(f"{damaged} is longer than {MAX_LOSS_HISTORY:,} epochs)")
    try:
        history = loads_bounded(text)
    except ValueError as err:
        raise CheckpointError(f"{damaged}: {visible(err)})") from None
    if not isinstance(history, list):
        raise CheckpointError(f"{damaged} must be a list of numbers)")
    if len(history) > MAX_LOSS_HISTORY:
        raise CheckpointError(f"{damaged} has {len(history):,} epochs; at most {MAX_LOSS_HISTORY:,})")
    for value in history:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise CheckpointError(f"{damaged} holds {visible(repr(value)[:40])}; each entry must be a finite loss of 0 or more)")
    return [float(v) for v in history]


def _some_names(names: list[str]) -> str:
    shown = ", ".join(visible(n) for n in names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def _validated_parameters(path: Path, tensors: dict[str, torch.Tensor], config: TrainConfig) -> dict[str, torch.Tensor]:
    try:
        expected = parameter_shapes(config_sizes(config))
    except InputError as err:  # a csv world whose file is gone or changed, say
        raise CheckpointError(f"{visible(path)}: cannot rebuild its network: {visible(err)}") from None
    missing = [name for name in expected if name not in tensors]
    if missing:
        raise CheckpointError(f"{visible(path)} is missing tensor(s): {', '.join(missing)}")
    extra = sorted(set(tensors) - set(expected))
    if extra:
        raise CheckpointError(f"{visible(path)} has unexpected tensor(s): {_some_names(extra)}")
    result = {}
    for name, shape in expected.items():
        tensor = tensors[name]
        if tuple(tensor.shape) != shape:
            raise CheckpointError(f"{visible(path)}: {name} has shape {list(tensor.shape)}, expected {list(shape)}")
        # Converted first: a float64 of 1e300 is finite in the file but infinite as float32.
        as_float32 = tensor.to(torch.float32)
        if not bool(torch.isfinite(as_float32).all()):
            raise CheckpointError(f"{visible(path)}: {name} holds NaN or infinite values (or values too large for float32)")
        result[name] = as_float32
    return result
