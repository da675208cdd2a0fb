"""Export for people who write about TinyNet: the loss history as CSV, the weights as JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .errors import InputError
from .safe_io import FileRefused, write_atomic
from .trainer import Trainer
from .worlds.tabular import SPLIT_COLUMN


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


def dataset_csv(data, task: str) -> str:
    """A world's examples as CSV: its inputs, its label or target, and which split each row is in.

    Class labels are written as class indices, so the file opens again with --world csv (whose
    reader takes a `split` column as the split).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if task == "multi-label":
        target_names = list(data.output_names)
    else:
        target_names = ["label" if task == "classes" else data.output_names[0]]
    writer.writerow([*data.feature_names, *target_names, SPLIT_COLUMN])
    targets = data.targets.reshape(len(data.inputs), -1)
    if data.target_scale is not None:  # standardised for training: write the original units
        mean, std = data.target_scale
        targets = targets * std + mean
    for row, target, held in zip(data.inputs.tolist(), targets.tolist(), data.validation.tolist()):
        writer.writerow([*(f"{v:.7g}" for v in row), *(f"{v:.7g}" for v in target), "validation" if held else "train"])
    return out.getvalue()
