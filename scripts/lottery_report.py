"""The initialisation lottery: which share of seeds 0..N-1 each preset solves, as a Markdown table.

    python scripts/lottery_report.py [--seeds 1000]

Trains every preset for its own number of epochs with the batched trainer; this is the table in
the README.
"""

from __future__ import annotations

import argparse
import statistics

import torch

from tinynet_core.config import presets_in_world
from tinynet_core.worlds import DEFAULT_WORLD
from tinynet_core.batched import BatchedTrainer


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1000)
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"| preset | epochs | seeds solved (of {args.seeds}) | diverged | median final loss | stress answers that are 'unsure' |")
    print("|---|---|---|---|---|---|")
    for name, preset in presets_in_world(DEFAULT_WORLD).items():
        trainer = BatchedTrainer(preset.config, range(args.seeds))
        trainer.train(preset.config.epochs)
        results = trainer.results()
        solved = sum(r.solved for r in results)
        losses = [r.final_loss for r in results if not r.diverged]
        unsure = sum(r.stress.count("unsure") for r in results) / (4 * len(results))
        print(
            f"| `{name}` | {preset.config.epochs} | {solved} ({solved / len(results):.1%}) | {sum(r.diverged for r in results)} "
            f"| {statistics.median(losses):.4f} | {unsure:.0%} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
