"""A trainer's state at one moment: everything its next nudges depend on (Trainer.snapshot, Trainer.restore).

The data are shared, not copied: a training set is never written in place once loaded, so a
reference keeps that moment's examples and order at no cost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import torch

from .config import TrainConfig
from .handmath import OptimizerState

# The trainer's attributes that hold its loaded data and this epoch's input noise: replaced as a
# whole when they change, never written in place, so a snapshot keeps references to them.
SHARED_ATTRIBUTES = (
    "data", "_loaded_ambiguous", "_names", "_clean_inputs", "_inputs", "_targets", "_held_inputs",
    "_held_targets", "_input_lists", "_target_lists", "_unit_noise", "_unit_noise_lists", "_epoch_start",
)


@dataclass(frozen=True)
class TrainerState:
    """One moment of a run, copied: restoring it on a trainer of the same network replays what followed bit for bit."""

    engine: str
    config: TrainConfig  # the settings the next nudge uses (configure() may have changed them)
    # Every weight, flat on the CPU: float32 for the torch engine, the hand engine's own float64.
    params: torch.Tensor
    optimizer: dict | OptimizerState  # torch's optimizer state_dict (deep-copied), or the hand engine's memory
    nudges: int
    epochs_done: int
    sample_index: int  # where in the epoch's order the next nudge starts
    diverged: bool
    noise_rng: torch.Tensor  # the input-noise generator's state (drawn at each epoch's first nudge)
    epoch_losses: tuple[float, ...]  # the unfinished epoch's losses, for its mean
    shared: dict[str, object]  # SHARED_ATTRIBUTES by name

    @property
    def nbytes(self) -> int:
        """Roughly what this snapshot holds of its own (the shared data and the generator's 5 KB state not counted)."""
        optimizer = self.optimizer
        if isinstance(optimizer, OptimizerState):
            floats = sum(len(x) for x in (optimizer.momentum, optimizer.m, optimizer.v, optimizer.square_avg) if x)
            own = floats * 8
        else:
            own = sum(t.numel() * t.element_size() for s in optimizer["state"].values() for t in s.values() if torch.is_tensor(t))
        return self.params.numel() * self.params.element_size() + own + 8 * len(self.epoch_losses)

    def with_param(self, index: int, value: float) -> TrainerState:
        """The same moment with one weight (flat index) set to value."""
        params = self.params.clone()
        params[index] = value
        return dataclasses.replace(self, params=params)
