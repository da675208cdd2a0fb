"""Cost of nudge records: the plain PyTorch recipe loop against Trainer.nudge(), in one process.

    python benchmarks/bench_engine.py [--nudges 4000] [--rounds 15]

Rounds alternate between the two loops and the best round of each is kept, so a noisy, shared
machine slows both alike; the figure that matters is the ratio.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn

from tinynet_core import Trainer


def plain_loop(nudges: int) -> float:
    """Seconds for the plain recipe (sigmoid, SGD, MSE, per-sample) to take `nudges` steps."""
    torch.manual_seed(0)
    layer1, layer2 = nn.Linear(4, 3), nn.Linear(3, 2)
    inputs = torch.tensor([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], dtype=torch.float32)
    targets = torch.tensor([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=torch.float32)
    optimizer = torch.optim.SGD([*layer1.parameters(), *layer2.parameters()], lr=0.1)
    loss_fn = nn.MSELoss()
    losses = []
    start = time.perf_counter()
    for i in range(nudges):
        x, y = inputs[i % 4], targets[i % 4]
        out = torch.sigmoid(layer2(torch.sigmoid(layer1(x))))
        loss = loss_fn(out, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return time.perf_counter() - start


def trainer_loop(nudges: int) -> float:
    """Seconds for Trainer.nudge() to take `nudges` steps, each record read and then dropped.

    This is how the app and the CLI use records: a frame reads them and lets them go.
    """
    trainer = Trainer(seed=0)
    losses = []
    start = time.perf_counter()
    for _ in range(nudges):
        losses.append(trainer.nudge().loss)
    return time.perf_counter() - start


def trainer_loop_keeping_records(nudges: int) -> float:
    """As trainer_loop, but every record stays alive (Python's GC then rescans them all)."""
    trainer = Trainer(seed=0)
    records = []
    start = time.perf_counter()
    for _ in range(nudges):
        records.append(trainer.nudge())
    return time.perf_counter() - start


def main() -> None:
    """Print microseconds per nudge for both loops and the ratio."""
    parser = argparse.ArgumentParser(description="plain recipe loop vs Trainer.nudge()")
    parser.add_argument("--nudges", type=int, default=4000, help="nudges per round")
    parser.add_argument("--rounds", type=int, default=15, help="rounds per loop; the best round counts")
    args = parser.parse_args()
    torch.set_num_threads(1)
    main_pair = {"plain recipe loop": plain_loop, "Trainer.nudge(), records read": trainer_loop}
    best = best_times(main_pair, args.nudges, args.rounds)
    # Measured apart: the freed records of this loop would otherwise slow whichever loop runs next.
    best.update(best_times({"Trainer.nudge(), records all kept": trainer_loop_keeping_records}, args.nudges, args.rounds))
    plain_us = best["plain recipe loop"]
    for name, us in best.items():
        print(f"{name:36s} {us:7.1f} us/nudge   ratio {us / plain_us:5.3f}")
    print("goal: records read <= 1.10 x the plain loop")


def best_times(loops: dict, nudges: int, rounds: int) -> dict[str, float]:
    """Best microseconds per nudge of each loop, over alternating rounds after a warm-up."""
    for loop in loops.values():
        loop(500)  # warm up allocators and dispatch caches
    best = {name: float("inf") for name in loops}
    for _ in range(rounds):
        for name, loop in loops.items():
            best[name] = min(best[name], loop(nudges) / nudges * 1e6)
    return best


if __name__ == "__main__":
    main()
