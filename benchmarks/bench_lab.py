"""Recorded training on the lab's networks against a plain PyTorch loop, and memory over a long run.

    python benchmarks/bench_lab.py [--rounds 7] [--nudges 1500] [--memory-nudges 100000]

For digits (64 → 16 → 10, batches of 32), spiral-3 (2 → 16 → 16 → 3, batches of 16) and TinyNet
(4 → 3 → 2, one pattern a nudge), rounds alternate between a plain loop (the same network, data,
order, batches, loss and optimizer, written with torch alone) and Trainer.nudge() with each
record read, and the best round of each is kept: the ratio is what counts on a shared machine.
Goal: at most 1.15x. Then the resident memory of the process before and after
--memory-nudges recorded digits nudges (goal: under 500 MB).
"""

from __future__ import annotations

import argparse
import resource
import time

import torch
from torch.nn import functional as F

from tinynet_core import Trainer
from tinynet_core.config import TrainConfig
from tinynet_core.nets import seeded_mlp
from tinynet_core.trainer import make_optimizer

CASES = {
    "digits 64→16→10, batch 32": TrainConfig(world="digits", hidden=(16,), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.01, batch_size=32),
    "spiral-3 2→16→16→3, batch 16": TrainConfig(world="spiral-3", hidden=(16, 16), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.01, batch_size=16),
    "TinyNet 4→3→2, one pattern": TrainConfig(),
}


def plain_loop(config: TrainConfig, nudges: int) -> float:
    """Seconds for the same training written with torch alone."""
    data = Trainer(config, seed=0).data  # the same examples and order as the trainer's
    x, y = data.train
    sizes = (x.shape[1], *config.hidden, 10 if config.world == "digits" else 3 if config.world == "spiral-3" else 2)
    model = seeded_mlp(0, sizes, config.activation, config.head, config.loss)
    optimizer = make_optimizer(config, list(model.parameters()))
    b, n = config.batch_size, len(x)
    losses = []
    start = time.perf_counter()
    index = 0
    for _ in range(nudges):
        if b == 1:
            xb, yb = x[index], y[index]
        else:
            xb, yb = x[index : index + b], y[index : index + b]
        logits = model(xb, logits=True)
        loss = F.cross_entropy(logits, yb) if config.loss == "ce" else F.mse_loss(torch.sigmoid(logits), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        index = index + b if index + b < n else 0
    return time.perf_counter() - start


def trainer_loop(config: TrainConfig, nudges: int) -> float:
    """Seconds for Trainer.nudge() with each record read and dropped (as the app and CLI use them)."""
    trainer = Trainer(config, seed=0)
    losses = []
    start = time.perf_counter()
    for _ in range(nudges):
        losses.append(trainer.nudge().loss)
    return time.perf_counter() - start


def resident_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Print the table and the memory figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--nudges", type=int, default=1500)
    parser.add_argument("--memory-nudges", type=int, default=100_000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{'network':32s} {'plain µs/nudge':>15s} {'Trainer µs/nudge':>17s} {'ratio':>7s}")
    for name, config in CASES.items():
        plain = recorded = float("inf")
        for _ in range(args.rounds):
            plain = min(plain, plain_loop(config, args.nudges))
            recorded = min(recorded, trainer_loop(config, args.nudges))
        per = 1e6 / args.nudges
        print(f"{name:32s} {plain * per:15.1f} {recorded * per:17.1f} {recorded / plain:7.3f}")
    print("goal: Trainer <= 1.15 x the plain loop")
    before = resident_mb()
    trainer = Trainer(CASES["digits 64→16→10, batch 32"], seed=0)
    for _ in range(args.memory_nudges):
        trainer.nudge()
    print(
        f"peak resident memory: {before:.0f} MB before, {resident_mb():.0f} MB after {args.memory_nudges:,} recorded digits "
        f"nudges ({trainer.epochs_done:,} epochs; goal: under 500 MB)"
    )


if __name__ == "__main__":
    main()
