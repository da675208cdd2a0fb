"""Export for people who write about TinyNet: the loss history as CSV, the weights as JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .errors import InputError
from .safe_io import FileRefused, write_atomic
from .trainer import Trainer


def loss_history_csv(history: list[float], first_epoch: int = 1) -> str:
    """epoch,loss lines, one per epoch of the history (which starts at first_epoch)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", "loss"])
    writer.writerows((first_epoch + i, f"{loss:.9g}") for i, loss in enumerate(history))
    return out.getvalue()


def weights_json(trainer: Trainer) -> str:
    """The config, seed, progress and every parameter (name -> nested lists) as JSON."""
    return json.dumps(
        {
            "config": trainer.config.to_dict(),
            "seed": trainer.seed,
            "epochs_done": trainer.epochs_done,
            "nudges": trainer.nudges,
            "parameters": {name: t.tolist() for name, t in trainer.parameters().items()},
        },
        indent=2,
    )


def write_text(path: str | Path, text: str, overwrite_read_only: bool = False) -> Path:
    """Write a text file atomically; raises safe_io.FileRefused (one line) when it cannot."""
    return write_atomic(path, text.encode("utf-8"), overwrite_read_only)


class ExportError(InputError):
    """A run that cannot be exported; the message says why in one line."""


def export_run(trainer: Trainer, base: str | Path) -> tuple[Path, Path]:
    """BASE-loss.csv and BASE-weights.json; returns both paths."""
    if trainer.diverged or not trainer.is_finite():
        raise ExportError("refusing to export: the network has diverged (NaN or infinite); reset it first")
    if not str(base).strip():
        raise FileRefused("no export name given (an empty string)")
    base = Path(base).expanduser()
    history = loss_history_csv(trainer.loss_history, trainer.history_start + 1)
    csv_path = write_text(base.with_name(base.name + "-loss.csv"), history)
    json_path = write_text(base.with_name(base.name + "-weights.json"), weights_json(trainer))
    return csv_path, json_path
