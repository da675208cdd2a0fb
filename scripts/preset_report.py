"""Train every preset on seeds 0-9 and print a Markdown table of what each one shows.

    python scripts/preset_report.py [--seeds 10]

This is the table in the README; rerun it after changing a preset.
"""

from __future__ import annotations

import argparse
import statistics

import torch

from tinynet_core import PRESETS, Trainer
from tinynet_core.config import presets_in_world
from tinynet_core.worlds import DEFAULT_WORLD
from tinynet_core.evaluation import LEARNED_LOSS, RunReport, report


def preset_reports(name: str, seeds: range) -> list[RunReport]:
    """One RunReport per seed for a preset trained for its own number of epochs."""
    config = PRESETS[name].config
    reports = []
    for seed in seeds:
        trainer = Trainer(config, seed)
        trainer.train(config.epochs)
        reports.append(report(trainer))
    return reports


def markdown_row(name: str, reports: list[RunReport]) -> str:
    """One table row summarising a preset's runs."""
    learned = [r.epochs_to_learn for r in reports if r.epochs_to_learn is not None]
    cells = [
        f"`{name}`",
        f"{sum(r.solved for r in reports)}/{len(reports)}",
        f"{statistics.median(r.final_loss for r in reports):.4f}",
        f"{statistics.median(learned):.0f} ({len(learned)} seeds)" if learned else "never",
        f"{statistics.mean(r.training_confidence for r in reports):.0%}",
        f"{statistics.mean(r.stress_confidence for r in reports):.0%}",
        f"{statistics.mean(r.stress_confident_wrong for r in reports):.1f} / 4",
        f"{statistics.mean(r.ambiguous_confidence for r in reports):.0%}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 (default 10)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(
        "| preset | seeds solved | median final loss | median epochs to loss < "
        f"{LEARNED_LOSS} | confidence on the 4 patterns | confidence on the stress set "
        "| stress answers falsely confident | confidence on the 12 ambiguous patterns |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in presets_in_world(DEFAULT_WORLD):  # the lab's presets: scripts/lab_report.py
        print(markdown_row(name, preset_reports(name, range(args.seeds))), flush=True)


if __name__ == "__main__":
    main()
