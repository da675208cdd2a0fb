"""The hand engine against the plain PyTorch recipe loop, side by side in one process.

    python benchmarks/bench_hand.py [--nudges 4000] [--rounds 9]

Both train the discovery recipe (sigmoid, SGD lr 0.1, MSE, one sample at a time); the hand
engine also runs relu-v2-regularized (Adam, weight decay, noise), its slowest path. karpathy's
micrograd (the scalar-autograd lineage the graph view explains) runs the same task as a peer:
4 -> 3 -> 2, SGD lr 0.1, MSE, one sample at a time, with ReLU hidden units and linear outputs,
since micrograd has no sigmoid. Rounds alternate and each loop's best round counts (goal: the
hand engine at least 10x the plain loop).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import best_times, plain_loop  # noqa: E402  (the same plain loop as bench_engine)

PATTERNS = ([1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1])  # the plain loop's, in its order
TARGETS = ([1, 0], [1, 0], [0, 1], [0, 1])

from tinynet_core import Trainer, preset_config  # noqa: E402


def hand_loop(preset: str):
    """Seconds for the hand engine to take `nudges` nudges of a preset (no records: the fast path)."""

    def run(nudges: int) -> float:
        trainer = Trainer(preset_config(preset), seed=0, engine="hand")
        start = time.perf_counter()
        trainer.advance(nudges)
        return time.perf_counter() - start

    return run


def micrograd_loop(nudges: int) -> float:
    """Seconds for micrograd's own MLP to take `nudges` SGD nudges of TinyNet's task (see the docstring)."""
    from micrograd.nn import MLP

    random.seed(0)  # micrograd draws its initial weights from the random module
    net = MLP(4, [3, 2])
    params = net.parameters()
    start = time.perf_counter()
    for i in range(nudges):
        x, y = PATTERNS[i % 4], TARGETS[i % 4]
        loss = sum((o - t) ** 2 for o, t in zip(net(x), y)) / 2  # the mean over the two outputs
        net.zero_grad()
        loss.backward()
        for p in params:
            p.data -= 0.1 * p.grad
    return time.perf_counter() - start


def main() -> None:
    """Print microseconds per nudge and the speed-up."""
    parser = argparse.ArgumentParser(description="hand engine vs the plain PyTorch loop")
    parser.add_argument("--nudges", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(1)
    loops = {
        "plain recipe loop (torch)": plain_loop,
        "hand engine, discovery": hand_loop("discovery"),
        "hand engine, relu-v2-regularized": hand_loop("relu-v2-regularized"),
    }
    try:
        import micrograd  # noqa: F401  (in the test extra)

        loops["micrograd, 4 -> 3 -> 2 ReLU"] = micrograd_loop
    except ImportError:
        print("micrograd is not installed (pip install micrograd): its row is left out")
    best = best_times(loops, args.nudges, args.rounds)
    plain = best["plain recipe loop (torch)"]
    for name, us in best.items():
        print(f"{name:34s} {us:7.1f} us/nudge   {plain / us:5.1f}x the plain loop's nudges/s")
    print("goal: hand engine >= 10x")


if __name__ == "__main__":
    main()
