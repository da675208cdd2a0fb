"""The README's lottery claims, measured: relu-v1's failures against dead starts, relu-v2's dead
starts, and how far the lottery and the single trainer come apart over relu-v2's 800 epochs.

    python scripts/claims_report.py [--seeds 200]

The last part trains every seed twice, once with the single trainer: about 2.5 s a seed here.
"""

from __future__ import annotations

import argparse

import torch

from tinynet_core.config import preset_config
from tinynet_core.lottery import Lottery
from tinynet_core.nets import seeded_mlp
from tinynet_core.trainer import Trainer
from tinynet_core.world import TRAINING_PATTERNS, as_tensors

TINYNET_SIZES = (4, 3, 2)
DRIFT = 1e-5  # the lottery test's tolerance


def starts_dead(seed: int, preset: str) -> bool:
    """Whether some hidden unit of this seed's untrained network is 0 on all 4 training patterns."""
    config = preset_config(preset)
    first = seeded_mlp(seed, TINYNET_SIZES, config.activation, hidden_bias=config.hidden_bias).layers[0]
    inputs, _ = as_tensors(TRAINING_PATTERNS)
    sums = inputs @ first.weight.T + first.bias
    return bool((sums <= 0).all(dim=0).any())


def dead_starts(seeds: int) -> None:
    """relu-v1: failing seeds with and without a dead start; relu-v2: seeds that start dead."""
    config = preset_config("relu-v1")
    lottery = Lottery(config, range(seeds))
    lottery.train(config.epochs)
    solved = {r.seed: r.solved for r in lottery.tinynet_results()}
    dead = {seed: starts_dead(seed, "relu-v1") for seed in range(seeds)}
    failed = [seed for seed in solved if not solved[seed]]
    print(f"relu-v1, seeds 0-{seeds - 1}: {len(failed)} fail; {sum(dead[s] for s in failed)} of those started with a dead unit, "
          f"{sum(not dead[s] for s in failed)} did not; {sum(dead[s] and solved[s] for s in solved)} of the "
          f"{sum(dead.values())} dead starts solved the task anyway")
    v2 = [seed for seed in range(1000) if starts_dead(seed, "relu-v2-regularized")]
    print(f"relu-v2-regularized, seeds 0-999: {len(v2)} start with a dead unit (the first: {v2[:5]})")


def lottery_drift(seeds: int) -> None:
    """The largest weight gap between the lottery and the single trainer after relu-v2's epochs, per seed."""
    config = preset_config("relu-v2-regularized")
    lottery = Lottery(config, range(seeds))
    lottery.train(config.epochs)
    gaps = {}
    for seed in range(seeds):
        single = Trainer(config, seed)
        single.train(config.epochs)
        gaps[seed] = max(float((lottery.parameters(seed)[name] - tensor).abs().max()) for name, tensor in single.parameters().items())
    apart = sorted(((gap, seed) for seed, gap in gaps.items() if gap > DRIFT), reverse=True)
    largest = ", ".join(f"seed {seed} {gap:.3g}" for gap, seed in apart[:5]) or "none"
    print(f"relu-v2-regularized, {config.epochs} epochs, seeds 0-{seeds - 1}: {len(apart)} end more than {DRIFT:g} apart "
          f"from the single trainer ({sum(gap > 1e-3 for gap, _ in apart)} more than 1e-3); the largest: {largest}")
    print(f"the others agree to {max(gap for gap in gaps.values() if gap <= DRIFT):.2g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(1)
    dead_starts(args.seeds)
    lottery_drift(args.seeds)


if __name__ == "__main__":
    main()
