"""Sample-gradients per second of the batched trainer, against the single trainer run N times.

    python benchmarks/bench_sweep.py [--sizes 1 100 10000 100000] [--device cpu]

One sample-gradient is one network's gradient on one sample, so a batched nudge of N networks
makes N of them. The single trainer's rate is measured once (it does not depend on N); running
it N times takes N times as long. Goal on 2 CPU cores: at least 10 million at N = 10 000.
"""

from __future__ import annotations

import argparse
import time

import torch

from tinynet_core import Trainer, preset_config
from tinynet_core.batched import BatchedTrainer

CONFIG = preset_config("discovery")


def batched_rate(n: int, device: str, min_seconds: float = 1.0) -> float:
    """Sample-gradients per second for N networks trained together."""
    trainer = BatchedTrainer(CONFIG, range(n), device=device)
    trainer.epoch()  # warm up
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    epochs, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        trainer.epoch()  # reading the epoch's loss back waits for the device
        epochs += 1
    return n * 4 * epochs / (time.perf_counter() - start)


def single_rate(min_seconds: float = 1.0) -> float:
    """Sample-gradients per second of one Trainer (no records: its fast path)."""
    trainer = Trainer(CONFIG, seed=0)
    trainer.advance(400)
    nudges, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        trainer.advance(400)
        nudges += 400
    return nudges / (time.perf_counter() - start)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description="batched trainer throughput")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 10_000, 100_000])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (1 is fastest here up to N = 10 000)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    single = single_rate()
    print(f"single trainer: {single / 1e6:.4f} M sample-gradients/s (running it N times is no faster)")
    for n in args.sizes:
        rate = batched_rate(n, args.device)
        print(f"N = {n:>7}: {rate / 1e6:8.3f} M sample-gradients/s   {rate / single:8.1f}x the single trainer run N times")
    print("goal: >= 10 M sample-gradients/s at N = 10000 on 2 CPU cores")


if __name__ == "__main__":
    main()
