"""Sample-gradients per second of the two lotteries, side by side in one process.

    python benchmarks/bench_sweep.py [--sizes 1 100 10000 100000] [--device cpu] [--threads 1]

One sample-gradient is one network's gradient on one sample, so a nudge of N networks on a batch
of B examples makes N·B of them. For TinyNet at each N, rounds alternate between the baseline
(batched.py's BatchedTrainer: autograd and torch.optim over a leading model axis) and the
hand-derived lottery (lottery.py), and the best round of each is kept; the batched trainer runs
twice, as this session found it (its history rebuilt every epoch) and as it is now. Then a spiral-3 lottery
(2 → 16 → 16 → 3, 1,000 seeds, 16 points a nudge), and the FLOP rate a large torch.mm reaches
here, with each rate's share of it (a sample-gradient costs about 6 FLOPs a weight: 2 forward,
4 backward). Goals: TinyNet at N = 10,000 at least 4x the baseline.
"""

from __future__ import annotations

import argparse
import time

import torch

from tinynet_core import PRESETS, TrainConfig
from tinynet_core.batched import BatchedTrainer
from tinynet_core.lottery import Lottery
from tinynet_core.nets import parameter_shapes

TINYNET = PRESETS["discovery"].config
SPIRAL = TrainConfig(world="spiral-3", hidden=(16, 16), activation="relu", head="softmax", loss="ce", optimizer="adam", lr=0.01, batch_size=16)


class AsFoundBatchedTrainer(BatchedTrainer):
    """The batched trainer as this session found it: it rebuilt its [epochs, N] history every epoch.

    Kept here, in the benchmark only, so that "today's batched trainer" is measured as it was;
    batched.py itself now keeps a list, as the lottery does.
    """

    def epoch(self) -> torch.Tensor:
        mean = super().epoch()
        self._history = torch.cat([getattr(self, "_history", torch.zeros(0, self.size)), mean[None]])
        return mean


def rate(make, n: int, samples_per_epoch: int, min_seconds: float) -> float:
    """Sample-gradients per second of one lottery, over at least min_seconds of whole epochs."""
    lottery = make(n)
    lottery.epoch()  # warm up
    epochs, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        lottery.epoch()  # reading the epoch's loss back waits for the device
        epochs += 1
    return n * samples_per_epoch * epochs / (time.perf_counter() - start)


def matmul_flops(size: int = 1024, min_seconds: float = 1.0) -> float:
    """FLOP/s of a large float32 torch.mm on this machine (2·size³ a product)."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        a @ b
        count += 1
    return 2 * size**3 * count / (time.perf_counter() - start)


def flops_per_sample_gradient(sizes: tuple[int, ...]) -> int:
    """About 6 FLOPs a weight: a multiply-add forward, two backward (the input's delta and the weight's gradient)."""
    return 6 * sum(shape[0] * shape[1] for name, shape in parameter_shapes(sizes).items() if name.endswith("weight"))


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each timed round")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    peak = matmul_flops()
    print(f"large torch.mm: {peak / 1e9:.1f} GFLOP/s on {args.threads} thread(s)")
    tiny_flops = flops_per_sample_gradient((4, 3, 2))
    print(f"\nTinyNet 4 → 3 → 2, one pattern a nudge ({tiny_flops} FLOPs a sample-gradient)")
    print(f"{'N':>8} {'as found M/s':>13} {'baseline M/s':>13} {'lottery M/s':>12} {'speed-up':>16} {'lottery share of mm':>20}")
    for n in args.sizes:
        found = base = best = 0.0
        for _ in range(args.rounds):
            found = max(found, rate(lambda k: AsFoundBatchedTrainer(TINYNET, range(k), device=args.device), n, 4, args.seconds))
            base = max(base, rate(lambda k: BatchedTrainer(TINYNET, range(k), device=args.device), n, 4, args.seconds))
            best = max(best, rate(lambda k: Lottery(TINYNET, range(k), device=args.device), n, 4, args.seconds))
        ratios = f"{best / found:.1f}x / {best / base:.1f}x"
        print(f"{n:>8} {found / 1e6:13.2f} {base / 1e6:13.2f} {best / 1e6:12.2f} {ratios:>16} {best * tiny_flops / peak:19.2%}")
    spiral_sizes = (2, 16, 16, 3)
    spiral = max(rate(lambda k: Lottery(SPIRAL, range(k), device=args.device), 1000, 240, args.seconds) for _ in range(args.rounds))
    spiral_flops = flops_per_sample_gradient(spiral_sizes)
    print(f"\nspiral-3 2 → 16 → 16 → 3, 1,000 seeds, 16 points a nudge ({spiral_flops} FLOPs a sample-gradient)")
    print(f"lottery: {spiral / 1e6:.2f} M sample-gradients/s, {spiral * spiral_flops / peak:.2%} of the mm rate")
    print("speed-up: the lottery against the batched trainer as found / as it is now")
    print("goal: TinyNet at N = 10000 at least 4x the batched trainer as found")


if __name__ == "__main__":
    main()
