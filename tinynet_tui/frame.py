"""What one painted frame shows: a snapshot of the engine in plain Python values (no torch)."""

from __future__ import annotations

from dataclasses import dataclass

Matrix = list  # a parameter as nested lists: [rows][cols] for weights, [rows] for biases


@dataclass(frozen=True)
class LastNudge:
    """The most recent nudge, for the status pane."""

    step: int
    epoch: int
    sample_index: int
    sample_name: str
    input: tuple[float, ...]
    target: tuple[float, ...]
    output: tuple[float, ...]
    loss: float


@dataclass(frozen=True)
class Frame:
    """The engine's state when a frame is painted, plus what changed since the previous frame."""

    preset: str  # the preset the recipe comes from (for a file, the one its config is closest to)
    seed: int
    device: str
    config: dict[str, object]  # TrainConfig.to_dict()
    epochs_done: int
    nudges: int
    sample_index: int
    samples_per_epoch: int
    running: bool
    speed: int  # nudges per frame in run mode; 0 = as fast as the engine goes
    diverged: bool
    values: dict[str, Matrix]
    changes: dict[str, Matrix] | None  # since the previous frame; None right after a reset or load
    grads: dict[str, Matrix] | None  # of the last nudge
    nudges_in_frame: int
    last: LastNudge | None
    loss_history: tuple[float, ...]  # mean loss of each completed epoch
    epoch_losses: tuple[float, ...]  # per-sample losses so far in the current epoch
    movement_history: tuple[float, ...]  # how far the weights moved in each completed epoch
    grid_input: tuple[float, ...]
    prediction: tuple[float, float]  # the net's (horizontal, vertical) for grid_input
    hidden: tuple[float, ...]  # hidden-node outputs for grid_input
    # The net's (horizontal, vertical) for every pattern of each named set ("fuzzy", "stress",
    # "all16"), in the order of tinynet_core.world.PATTERN_SETS.
    verdicts: dict[str, tuple[tuple[float, float], ...]]
    # The last nudge worked out by hand (tinynet_core.handmath.NudgeMath), for the inspector.
    nudge_math: object | None = None
    # Where the network came from when it was opened from a file (its name), else None.
    origin: str | None = None

    @property
    def lr(self) -> float:
        """The learning rate in use."""
        return float(self.config["lr"])

    @property
    def last_loss(self) -> float | None:
        """Loss of the last nudge, if there was one."""
        return self.last.loss if self.last else None


@dataclass(frozen=True)
class PublishedAnswers:
    """One published model and its answers, for the compare view."""

    name: str
    seed: int
    config: dict[str, object]  # TrainConfig.to_dict()
    epochs_done: int
    final_loss: float | None
    stress: tuple[tuple[float, float], ...]  # (horizontal, vertical) per stress pattern
    all16: tuple[tuple[float, float], ...]  # the same for the 16 black/white patterns
