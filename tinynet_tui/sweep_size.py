"""How many seeds a sweep trains: all it asks for, unless the recipe is too big to train that many quickly."""

from __future__ import annotations

# Multiply-adds (training rows × parameters × epochs × seeds) a sweep may spend: a few seconds
# on two CPU cores (digits-mlp: 38 seeds in 4 s; spiral-softmax, at the floor of 10, in 9 s).
# TinyNet's 200 seeds take under a hundredth of it.
WORK_BUDGET = 2e9
MIN_SEEDS = 10  # fewer would say little about the lottery


def sweep_seeds(wanted: int, rows: int, parameters: int, epochs: int) -> int:
    """The seeds to train: `wanted`, or as many as the budget allows (never under MIN_SEEDS)."""
    per_seed = max(1, rows * parameters * epochs)
    return max(min(wanted, MIN_SEEDS), min(wanted, int(WORK_BUDGET // per_seed)))
