"""Rewind's memory and its cost: a long run kept step by step, and recording against training without it.

    python benchmarks/bench_rewind.py [--rounds 5] [--nudges 3000] [--tiny-nudges 1000000] [--digits-nudges 100000]

First the cost: rounds alternate between Trainer.advance() and History.advance() (the same nudges,
each one's weights kept) and the best round of each is kept; the ratio is what counts on a shared
machine. Then memory: what the history holds (its own count) and the process's peak resident
memory after --tiny-nudges TinyNet nudges (the hand engine: the same 92 bytes a step as the
torch engine, a hundred times sooner) and --digits-nudges digits-mlp nudges, with the replay time of
a step between keyframes. Bounds (tinynet_core.history): window 128 MiB, epoch ends 64 MiB,
keyframes 64 MiB per run.
"""

from __future__ import annotations

import argparse
import resource
import time

import torch

from tinynet_core import Trainer
from tinynet_core.config import TrainConfig, preset_config
from tinynet_core.history import History

CASES = {
    "TinyNet, hand engine": (TrainConfig(), "hand"),
    "TinyNet, torch engine": (TrainConfig(), "torch"),
    "digits-mlp 64→16→10, batch 32": (preset_config("digits-mlp"), "torch"),
}
MB = 1e6


def seconds(advance, nudges: int) -> float:
    """Seconds for advance(nudges)."""
    start = time.perf_counter()
    advance(nudges)
    return time.perf_counter() - start


def resident_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def long_run(name: str, config: TrainConfig, engine: str, nudges: int) -> None:
    """Record a long run; print what it holds and how long a replayed step takes."""
    before = resident_mb()
    history = History(Trainer(config, seed=0, engine=engine))
    start = time.perf_counter()
    history.advance(nudges)
    took = time.perf_counter() - start
    kept = history.steps - history.window_start + 1
    between = history.window_start // 2 + history.keyframe_every // 2  # outside the window, between keyframes
    replay = float("nan")
    if history.window_start > 0:
        start = time.perf_counter()
        history.at(between)
        replay = time.perf_counter() - start
    print(f"{name}: {nudges:,} nudges in {took:.0f} s; the history holds {history.nbytes / MB:.1f} MB "
          f"({kept:,} steps in the window, {len(history._epoch_vectors):,} older epoch ends, "
          f"{len(history._keyframes):,} keyframes every {history.keyframe_every:,}); "
          f"peak resident memory {before:.0f} → {resident_mb():.0f} MB"
          + (f"; a step between keyframes replays in {replay * 1e3:.0f} ms" if replay == replay else "; every step in the window"))


def main() -> None:
    """Print the cost table and the memory figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--nudges", type=int, default=3000)
    parser.add_argument("--tiny-nudges", type=int, default=1_000_000)
    parser.add_argument("--digits-nudges", type=int, default=100_000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"{'network':32s} {'plain µs/nudge':>15s} {'recorded µs/nudge':>18s} {'ratio':>7s}")
    for name, (config, engine) in CASES.items():
        plain = recorded = float("inf")
        for _ in range(args.rounds):
            plain = min(plain, seconds(Trainer(config, seed=0, engine=engine).advance, args.nudges))
            recorded = min(recorded, seconds(History(Trainer(config, seed=0, engine=engine)).advance, args.nudges))
        per = 1e6 / args.nudges
        print(f"{name:32s} {plain * per:15.1f} {recorded * per:18.1f} {recorded / plain:7.3f}")
    for name, config, engine, nudges in (("TinyNet", TrainConfig(), "hand", args.tiny_nudges), ("digits-mlp", preset_config("digits-mlp"), "torch", args.digits_nudges)):
        if nudges:  # 0 skips it
            long_run(name, config, engine, nudges)


if __name__ == "__main__":
    main()
