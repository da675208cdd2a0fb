"""Train every lab preset on seeds 0-9 and print a Markdown table of what each one does.

    python scripts/lab_report.py [--seeds 10] [--preset NAME ...]

For each preset: the median final train and validation loss, the median accuracy (R² for a
number) on both sets, and on how many seeds the curves read as overfitting or underfitting
(tinynet_core.metrics.diagnose). This is the lab table in the README; rerun it after changing a
preset. TinyNet's own presets have their table from scripts/preset_report.py.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter

import torch

from tinynet_core import Trainer
from tinynet_core.config import PRESETS
from tinynet_core.metrics import diagnose
from tinynet_core.nets import parameter_count
from tinynet_core.worlds import DEFAULT_WORLD


def lab_row(name: str, seeds: range) -> str:
    """One table row: a preset trained for its own epochs on each seed."""
    config = PRESETS[name].config
    finals, readings = [], Counter()
    for seed in seeds:
        trainer = Trainer(config, seed)
        trainer.train(config.epochs)
        finals.append(trainer.measure())
        readings[diagnose(trainer.loss_history, trainer.val_loss_history).kind] += 1
    metric = "R²" if trainer.world.task == "regression" else "accuracy"
    shape = " → ".join(map(str, trainer.sizes))
    median = lambda field: statistics.median(getattr(m, field) for m in finals)  # noqa: E731
    score = (lambda v: f"{v:.3f}") if metric == "R²" else (lambda v: f"{v:.1%}")
    cells = [
        f"`{name}`",
        f"{config.world}, {shape} ({parameter_count(trainer.sizes)})",
        f"{median('train_loss'):.4f} / {median('val_loss'):.4f}",
        f"{metric} {score(median('train_score'))} / {score(median('val_score'))}",
        f"{readings['overfitting']}",
        f"{readings['underfitting']}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 (default 10)")
    parser.add_argument("--preset", nargs="*", help="only these presets")
    args = parser.parse_args()
    torch.set_num_threads(1)
    names = args.preset or [n for n, p in PRESETS.items() if p.config.world != DEFAULT_WORLD]
    print(f"| preset | world, network (parameters) | median final loss, train / validation | median score, train / validation | seeds overfitting (of {args.seeds}) | seeds underfitting |")
    print("|---|---|---|---|---|---|")
    for name in names:
        print(lab_row(name, range(args.seeds)), flush=True)


if __name__ == "__main__":
    main()
