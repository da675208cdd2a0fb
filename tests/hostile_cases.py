"""A generator of hostile checkpoint files and paths, shared by the core and the app's hostile suites.

Each case is made in a temporary folder and named; `expect` is a fragment of the one-line
refusal it must get (None: it must open).
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import save as save_bytes

from tinynet_core.config import TrainConfig
from tinynet_core.limits import MAX_CHECKPOINT_BYTES, MAX_LOSS_HISTORY
from tinynet_core.model import seeded_model

MARKUP = "[/]"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J"


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, and what its refusal must say."""

    name: str
    make: Callable[[Path], str]  # makes the case in a folder; returns the path to open
    expect: str | None


def good_tensors() -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in seeded_model(0).state_dict().items()}


def good_metadata(**changes: str) -> dict[str, str]:
    metadata = {
        "format": "tinynet",
        "format_version": "1",
        "config": json.dumps(TrainConfig().to_dict()),
        "seed": "0",
        "epoch": "2",
        "nudges": "8",
        "loss_history": "[0.25, 0.24]",
    }
    metadata.update(changes)
    return {k: v for k, v in metadata.items() if v is not None}


def checkpoint_bytes(tensors: dict | None = None, **metadata: str) -> bytes:
    return save_bytes(tensors or good_tensors(), metadata=good_metadata(**metadata))


def with_config(**fields: object) -> str:
    config = TrainConfig().to_dict()
    config.update(fields)
    return json.dumps(config)


def raw_header(header: str, body: bytes = b"") -> bytes:
    encoded = header.encode("utf-8")
    return struct.pack("<Q", len(encoded)) + encoded + body


def _file(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], str]:
    """A case that is a file of these bytes (or of what the callable makes, when it is costly)."""

    def make(folder: Path) -> str:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)  # a name with "/" in it, like "br[/]x"
        path.write_bytes(data() if callable(data) else data)
        return str(path)

    return make


def _fifo(folder: Path) -> str:
    path = folder / "x.safetensors"
    os.mkfifo(path)
    return str(path)


def _link_to(target: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        link = folder / "link.safetensors"
        link.symlink_to(target)
        return str(link)

    return make


def _loop(folder: Path) -> str:
    (folder / "a.safetensors").symlink_to(folder / "b.safetensors")
    (folder / "b.safetensors").symlink_to(folder / "a.safetensors")
    return str(folder / "a.safetensors")


def _sparse_huge(folder: Path) -> str:
    path = folder / "huge.safetensors"
    with open(path, "wb") as file:
        file.truncate(MAX_CHECKPOINT_BYTES + 1)
    return str(path)


def _folder(folder: Path) -> str:
    (folder / "dir.safetensors").mkdir()
    return str(folder / "dir.safetensors")


def _extra_tensor(name: str) -> bytes:
    tensors = good_tensors()
    tensors[name] = torch.zeros(1)
    return checkpoint_bytes(tensors)


def _dtype(dtype: str, itemsize: int) -> bytes:
    """A checkpoint whose layer1.bias has safetensors dtype `dtype` (zeros), written byte by byte.

    By hand, so that the file does not depend on which dtypes this safetensors can write (0.4.0,
    the lowest declared, has no float8).
    """
    tensors = good_tensors()
    entries = {name: ("F32", list(t.shape), t.contiguous().numpy().tobytes()) for name, t in tensors.items()}
    entries["layer1.bias"] = (dtype, [3], bytes(3 * itemsize))
    header, data, offset = {"__metadata__": good_metadata()}, b"", 0
    for name, (kind, shape, raw) in entries.items():
        header[name] = {"dtype": kind, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        data, offset = data + raw, offset + len(raw)
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def _float64(value: float) -> bytes:
    tensors = good_tensors()
    tensors["layer2.bias"] = torch.tensor([value, 0.0], dtype=torch.float64)
    return checkpoint_bytes(tensors)


DEEP = 100_000

CASES = [
    # Paths that are not regular files.
    Case("fifo", _fifo, "FIFO"),
    Case("/dev/zero", lambda folder: "/dev/zero", "character device"),
    Case("/dev/urandom", lambda folder: "/dev/urandom", "character device"),
    Case("link to /dev/zero", _link_to("/dev/zero"), "character device"),
    Case("symlink loop", _loop, "symbolic links"),
    Case("directory", _folder, "is a directory"),
    Case("missing", lambda folder: str(folder / "none.safetensors"), "no such file"),
    Case("too large", _sparse_huge, "more than"),
    # Damaged or foreign contents.
    Case("empty", _file("empty.safetensors", b""), "truncated"),
    Case("text", _file("notes.safetensors", b"hello, world\n" * 3), "not a valid safetensors"),
    Case("pickle", _file("m.pth", b"\x80\x04K\x01."), "never unpickles"),
    Case("header longer than file", _file("h.safetensors", struct.pack("<Q", 10**12) + b"{}"), "header claims"),
    Case("deep header", _file("deep.safetensors", raw_header("[" * DEEP + "]" * DEEP)), "nested deeper"),
    Case("header a list", _file("list.safetensors", raw_header("[1, 2]")), "not a JSON object"),
    Case("metadata not strings", _file("m.safetensors", raw_header('{"__metadata__": {"seed": 1}}')), "map of strings"),
    # Metadata that passes a glance and fails later.
    Case("deep config", _file("c.safetensors", checkpoint_bytes(config="[" * DEEP + "]" * DEEP)), "nested deeper"),
    Case("deep history", _file("h.safetensors", checkpoint_bytes(loss_history="[" * DEEP + "]" * DEEP)), "nested deeper"),
    Case("config a list", _file("c.safetensors", checkpoint_bytes(config="[1]")), "config must be a JSON object"),
    Case("hidden true", _file("c.safetensors", checkpoint_bytes(config=with_config(hidden=True))), "hidden must be a whole number"),
    Case("lr a string", _file("c.safetensors", checkpoint_bytes(config=with_config(lr="0.1"))), "learning rate"),
    Case("activation a number", _file("c.safetensors", checkpoint_bytes(config=with_config(activation=5))), "unknown activation"),
    Case("ambiguous a string", _file("c.safetensors", checkpoint_bytes(config=with_config(ambiguous="yes"))), "ambiguous must be true or false"),
    Case("weight decay 1e300", _file("c.safetensors", checkpoint_bytes(config=with_config(weight_decay=1e300))), "weight decay"),
    Case("noise 1e300", _file("c.safetensors", checkpoint_bytes(config=with_config(noise=1e300))), "noise"),
    Case("epochs 10**18", _file("c.safetensors", checkpoint_bytes(config=with_config(epochs=10**18))), "epochs must be"),
    Case("seed 10**30", _file("s.safetensors", checkpoint_bytes(seed=str(10**30))), "seed must be a whole number"),
    Case("seed negative", _file("s.safetensors", checkpoint_bytes(seed="-1")), "seed must be a whole number"),
    Case("epoch negative", _file("s.safetensors", checkpoint_bytes(epoch="-5")), "epoch must be a whole number"),
    Case("nudges a float", _file("s.safetensors", checkpoint_bytes(nudges="1e3")), "nudges must be a whole number"),
    Case("seed 5000 digits", _file("s.safetensors", checkpoint_bytes(seed="9" * 5000)), "seed must be a whole number"),
    Case("history too long", _file("h.safetensors", checkpoint_bytes(loss_history=json.dumps([0.1] * (MAX_LOSS_HISTORY + 1)), epoch=str(MAX_LOSS_HISTORY + 1))), "at most 100,000"),
    Case("history longer than epochs", _file("h.safetensors", checkpoint_bytes(loss_history="[0.1, 0.1, 0.1]")), "but epoch 2"),
    Case("history of strings", _file("h.safetensors", checkpoint_bytes(loss_history='["a"]')), "finite loss"),
    Case("history NaN", _file("h.safetensors", checkpoint_bytes(loss_history="[NaN]")), "finite loss"),
    Case("history a dict", _file("h.safetensors", checkpoint_bytes(loss_history="{}")), "list of numbers"),
    # Tensors.
    Case("100,000 tensors", _file("many.safetensors", lambda: save_bytes({f"t{i}": torch.zeros(1) for i in range(100_000)})), "100,000 tensors"),
    Case("int32", _file("t.safetensors", _dtype("I32", 4)), "I32, expected a float type"),
    Case("bool", _file("t.safetensors", _dtype("BOOL", 1)), "BOOL, expected a float type"),
    Case("float8", _file("t.safetensors", _dtype("F8_E4M3", 1)), "F8_E4M3, expected a float type"),
    Case("uint8", _file("t.safetensors", _dtype("U8", 1)), "U8, expected a float type"),
    Case("float64 1e300", _file("t.safetensors", _float64(1e300)), "too large for float32"),
    Case("float16 opens", _file("t.safetensors", _dtype("F16", 2)), None),
    # Markup and escape sequences in every field that reaches the screen.
    Case("markup tensor name", _file("t.safetensors", _extra_tensor(MARKUP + "x")), MARKUP + "x"),
    Case("escape tensor name", _file("t.safetensors", _extra_tensor(ESCAPES)), "\\x1b]0;pwned\\x07"),
    Case("markup config key", _file("c.safetensors", checkpoint_bytes(config=json.dumps({MARKUP: 1}))), MARKUP),
    Case("escape config key", _file("c.safetensors", checkpoint_bytes(config=json.dumps({ESCAPES: 1}))), "\\x1b[2J"),
    Case("escape in version", _file("v.safetensors", checkpoint_bytes(format_version=ESCAPES)), "\\x1b[2J"),
    Case("markup file name", _file(f"br{MARKUP}x.safetensors", b"junk"), f"br{MARKUP}x"),
    Case("bold file name", _file("[bold red]m.safetensors", b"junk"), "[bold red]m.safetensors"),
    Case("escape file name", _file(f"{ESCAPES}.safetensors", b"junk"), "\\x1b]0;pwned\\x07"),
]
