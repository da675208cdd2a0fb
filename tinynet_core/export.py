"""Export for people who write about TinyNet: the loss history as CSV, the weights as JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .checkpoint import atomic_write
from .trainer import Trainer


def loss_history_csv(history: list[float]) -> str:
    """epoch,loss lines, one per completed epoch."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", "loss"])
    writer.writerows((i + 1, f"{loss:.9g}") for i, loss in enumerate(history))
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


def write_text(path: str | Path, text: str) -> Path:
    """Write a text file atomically; raises CheckpointError (one line) when it cannot."""
    path = Path(path).expanduser()
    atomic_write(path, text.encode("utf-8"))
    return path


def export_run(trainer: Trainer, base: str | Path) -> tuple[Path, Path]:
    """BASE-loss.csv and BASE-weights.json; returns both paths."""
    base = Path(base).expanduser()
    csv_path = write_text(base.with_name(base.name + "-loss.csv"), loss_history_csv(trainer.loss_history))
    json_path = write_text(base.with_name(base.name + "-weights.json"), weights_json(trainer))
    return csv_path, json_path
