"""What one painted frame shows: a snapshot of the engine in plain Python values (no torch)."""

from __future__ import annotations

from dataclasses import dataclass

Matrix = list  # a parameter as nested lists: [rows][cols] for weights, [rows] for biases


@dataclass(frozen=True)
class WorldInfo:
    """The world on show and the network's shape, as the panes need them (plain data, no torch).

    The app picks its input view by `kind` and labels everything with these names; nothing in
    the app branches on a world's name.
    """

    name: str
    kind: str  # tinynet_core.worlds.KINDS: pixels, plane, curve, table
    task: str  # multi-label, classes or regression
    summary: str
    feature_names: tuple[str, ...]  # one per network input
    answer_names: tuple[str, ...]  # one per network output (one sigmoid answers a two-class world)
    class_names: tuple[str, ...]  # the world's classes (or its regression target's name)
    image_shape: tuple[int, int] | None  # pixel worlds: (rows, columns)
    sizes: tuple[int, ...]  # the network's layer widths, input first
    parameter_count: int
    train_count: int
    validation_count: int

    @property
    def is_tinynet(self) -> bool:
        """TinyNet's own shape on its own world: 4 pixels in, horizontal and vertical out."""
        return self.image_shape == (2, 2) and len(self.sizes) == 3 and self.sizes[-1] == 2 and self.task == "multi-label"


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
    # The parameters as they were before this nudge, by name (for the computation graph).
    before: dict[str, Matrix] | None = None


@dataclass(frozen=True)
class ExampleShown:
    """A held-out example put on screen by the example keys."""

    index: int  # among the held-out examples
    count: int  # how many there are
    name: str
    truth: tuple[float, ...]  # the target the network should answer (one-hot for classes)
    correct: bool | None  # whether the network's answer is right (None for a regression)


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
    loss_history: tuple[float, ...]  # mean loss of each completed epoch (a long run's thinned: curve_epochs)
    epoch_losses: tuple[float, ...]  # per-sample losses so far in the current epoch
    movement_history: tuple[float, ...]  # how far the weights moved in each completed epoch
    grid_input: tuple[float, ...]  # the network's input for what is on screen (its features)
    prediction: tuple[float, ...]  # the net's answer for grid_input, one value per output
    hidden: tuple[float, ...]  # first hidden layer's outputs for grid_input
    # The net's answers for every example of each named set the world judges on (the 2×2
    # world's "fuzzy", "stress", "all16", in the order of tinynet_core.world.PATTERN_SETS).
    verdicts: dict[str, tuple[tuple[float, ...], ...]]
    # The last nudge worked out by hand (tinynet_core.handmath.NudgeMath), for the inspector.
    nudge_math: object | None = None
    # Where the network came from when it was opened from a file (its name), else None.
    origin: str | None = None
    world: WorldInfo | None = None
    # Where the input on screen is, in the world's own terms: the pixels, the point (x1, x2) on
    # the plane, x on the curve, a table's row. grid_input is what the network makes of it.
    probe: tuple[float, ...] = ()
    # What the world's lens computed for this frame (tinynet_tui/lenses): a heatmap, a curve...
    look: object | None = None
    val_loss_history: tuple[float, ...] = ()  # mean loss on the held-out examples after each epoch
    score_history: tuple[tuple[float, float], ...] = ()  # (train, held-out) accuracy or R² per epoch
    diagnosis: str | None = None  # tinynet_core.metrics.diagnose's sentence, when the curves say something
    # The held-out example on screen (walked with the example keys): its index and truth, else None.
    example: ExampleShown | None = None
    # The watched parameter's part in the last nudge (tinynet_core.weight_story.WeightStory), for
    # the layer inspector; None unless it is open and a nudge has been taken.
    weight_story: object | None = None
    # Rewind (issue 15): which step of the current run this frame shows, and the runs kept.
    timeline: TimelineInfo | None = None
    # "What if": the training loss along the weight being edited by hand, for the frame's
    # network; None unless the edit view is open.
    loss_slice: LossCut | None = None
    # Your own examples in the world's data (tinynet_core.user_examples): (name, label), oldest first.
    user_examples: tuple[tuple[str, str], ...] = ()
    # The epoch of each point of loss_history (tinynet_tui/curves.py thins a long run's curves);
    # None: one point an epoch. Every curve ends at the newest epoch.
    curve_epochs: tuple[int, ...] | None = None
    # The other runs kept (rewind's branches), their loss curves drawn over this one's.
    other_runs: tuple[RunCurve, ...] = ()

    @property
    def lr(self) -> float:
        """The learning rate in use."""
        return float(self.config["lr"])

    def epochs_of(self, curve: tuple) -> tuple[int, ...]:
        """The epoch of each point of one of the frame's curves (loss, movement, validation, score)."""
        if self.curve_epochs is None or len(self.curve_epochs) < len(curve):  # a frame made by hand
            return tuple(range(self.epochs_done - len(curve) + 1, self.epochs_done + 1))
        return self.curve_epochs[len(self.curve_epochs) - len(curve) :]

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


@dataclass(frozen=True)
class RunInfo:
    """One run kept side by side (tinynet_core.runs), as the timeline names it."""

    name: str
    colour: str
    steps: int  # its newest step
    current: bool  # the run the keys train
    pace: int = 1  # its nudges a tick when the runs train together at their own pace


@dataclass(frozen=True)
class RunCurve:
    """Another run's loss per epoch, for the chart to draw over the one on screen (thinned as curves.py says)."""

    name: str
    colour: str
    losses: tuple[float, ...]
    epochs: tuple[int, ...]  # the epoch of each loss


@dataclass(frozen=True)
class TimelineInfo:
    """Where on its run's timeline a frame is: now, or a past step (read-only)."""

    step: int  # the step shown (a nudge or a hand edit; 0: the start)
    steps: int  # the run's newest step
    past: bool  # True while looking at the past
    kind: str  # what the step was: "start", "nudge" or "edited by hand"
    nudges: int  # nudges done by the step shown
    epochs_done: int
    newest_nudges: int  # nudges done now
    runs: tuple[RunInfo, ...] = ()
    together: str = "off"  # how the keys train the runs: "off" (the current one), "lock step" or "own pace"


@dataclass(frozen=True)
class RunRow:
    """One run's line in the runs view: where it is and how it measures now."""

    name: str
    colour: str
    current: bool
    nudges: int
    epochs_done: int
    train_loss: float
    val_loss: float  # NaN where nothing is held out
    train_score: float  # accuracy, or R² for a number
    val_score: float
    settings: str = ""  # what it trains with, e.g. "lr 0.4 · sgd"
    pace: int = 1  # its nudges a tick at its own pace


@dataclass(frozen=True)
class LossCut:
    """The training loss along one weight, the others held (tinynet_core.hand_edit.LossSlice as plain data).

    Plain, so that unpickling a frame never imports torch in the app's process.
    """

    values: tuple[float, ...]  # the weight's values along the slice
    losses: tuple[float, ...]  # the training loss at each
    current: float  # the weight's value now
    loss: float  # the training loss now
    slope: float  # d loss / d weight now
