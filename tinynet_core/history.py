"""Rewind: a run's every step kept, or replayed exactly from a keyframe, so any past step can be shown.

A History drives its Trainer (nudge, advance, nudge_many, finish_epoch, train, edit) and, after
every step (a nudge, or a weight edited by hand), keeps:
- the weights after each of the newest steps: a window of float32 rows in chunks of CHUNK_BYTES,
  WINDOW_BYTES in all (TinyNet's 23 weights: 1,458,000 steps; digits' 1,210: the last 27,700);
- the weights at every epoch's end (moved out of the window as it slides; thinned to every
  other one past EPOCH_END_BYTES);
- a keyframe (Trainer.snapshot: weights, optimizer memory, the place in the epoch, the data, the
  noise generator) at step 0 and every KEYFRAME_EVERY steps (spaced twice as far past KEYFRAME_BYTES);
- what came between steps: new settings (configure), new data (the user's examples), hand edits.
A step that is not kept is replayed on a spare trainer from the keyframe before it: the same
numbers as the run, bit for bit on the same machine.
"""

from __future__ import annotations

import bisect
import dataclasses
from array import array
from dataclasses import dataclass

import torch

from .config import TrainConfig
from .errors import InputError
from .handmath import OptimizerState
from .records import Nudge, ParamLayout
from .step_window import StepWindow
from .trainer import Trainer
from .trainer_state import TrainerState

MIB = 1024 * 1024
WINDOW_BYTES = 128 * MIB  # the newest steps' weights, per run
CHUNK_BYTES = 1 * MIB  # the window grows and slides by chunks of this size
EPOCH_END_BYTES = 64 * MIB  # epoch ends that have left the window
KEYFRAME_EVERY = 250  # steps between keyframes, at the start (doubled as KEYFRAME_BYTES fills)
KEYFRAME_BYTES = 64 * MIB

START, NUDGE, EDIT = "start", "nudge", "edited by hand"


class HistoryError(InputError):
    """A step the history does not hold, or a trainer that moved behind its back; one line."""


@dataclass(frozen=True)
class Moment:
    """The network at one step of a run, and what that step changed."""

    step: int  # steps since the history began (nudges and hand edits)
    kind: str  # START, NUDGE or EDIT
    nudges: int  # the trainer's nudge count after this step
    epochs_done: int
    layout: ParamLayout
    before: torch.Tensor  # [P] float32: the weights before this step (the start: the same as after)
    after: torch.Tensor  # [P] float32
    edit: tuple[int, float] | None = None  # for a hand edit: (flat index, value)

    @property
    def change(self) -> torch.Tensor:
        """after - before, flat."""
        return self.after - self.before

    def values(self) -> dict[str, torch.Tensor]:
        """The weights after this step, by parameter name."""
        return self.layout.split(self.after)

    def changes(self) -> dict[str, torch.Tensor]:
        """What this step changed, by parameter name."""
        return self.layout.split(self.change)


def set_weight(trainer: Trainer, index: int, value: float) -> None:
    """Set one weight (flat index), keeping the optimizer's memory and the place in the epoch."""
    trainer.restore(trainer.snapshot().with_param(index, value))


def config_changes(old: TrainConfig, new: TrainConfig) -> dict[str, object]:
    """The fields in which new differs from old, for Trainer.configure."""
    return {f.name: getattr(new, f.name) for f in dataclasses.fields(new) if getattr(old, f.name) != getattr(new, f.name)}


class History:
    """Drives a Trainer and keeps every step it takes, so that at(step) can show any of them."""

    def __init__(self, trainer: Trainer, window_bytes: int = WINDOW_BYTES, keyframe_every: int = KEYFRAME_EVERY,
                 keyframe_bytes: int = KEYFRAME_BYTES, epoch_end_bytes: int = EPOCH_END_BYTES, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.trainer = trainer
        self.layout = trainer.layout
        self.window_bytes, self.keyframe_every = window_bytes, keyframe_every
        self.keyframe_bytes, self.epoch_end_bytes = keyframe_bytes, epoch_end_bytes
        self.steps = 0  # the newest step (0: the moment the history began)
        self._window = StepWindow(self.layout.size, 0, chunk_bytes)
        self._window.append(trainer.live_parameters())
        self._first_nudge, self._first_epoch = trainer.nudges, trainer.epochs_done
        self._nudges, self._epochs = trainer.nudges, trainer.epochs_done
        self._epoch_steps = array("q")  # the step at which each epoch since the start ended
        self._epoch_vectors: dict[int, torch.Tensor] = {}  # epoch ends that left the window
        self._edits: dict[int, tuple[int, float]] = {}
        self._edit_steps: list[int] = []
        self._configs: dict[int, TrainConfig] = {}  # settings that took effect at a step
        self._datas: dict[int, object] = {}  # data sets that took effect at a step
        self._config, self._data = trainer.config, trainer.data
        self._keyframe_steps: list[int] = []
        self._keyframes: list[TrainerState] = []
        self._keyframe_total = 0
        self._add_keyframe()
        self._spare: Trainer | None = None  # replays steps that are not kept
        self._spare_step = -1

    # -- driving the trainer -----------------------------------------------------------------

    def nudge(self) -> Nudge:
        """One nudge, recorded; returns the trainer's record of it."""
        record = self.trainer.nudge()
        self._record()
        return record

    def advance(self, count: int) -> None:
        """`count` nudges, each kept, stopping early if the network diverges."""
        trainer, record = self.trainer, self._record
        for _ in range(count):
            if trainer.diverged:
                return
            trainer.advance(1)
            record()

    def nudge_many(self, count: int) -> Nudge:
        """`count` nudges, all kept; returns the last one's record."""
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        self.advance(count - 1)
        return self.nudge()

    def finish_epoch(self) -> None:
        """Nudge to the end of the current epoch (stopping early if the network diverges)."""
        epochs = self.trainer.epochs_done
        while self.trainer.epochs_done == epochs and not self.trainer.diverged:
            self.advance(1)

    def train(self, epochs: int) -> None:
        """Whole epochs, every nudge kept."""
        for _ in range(epochs):
            self.finish_epoch()
            if self.trainer.diverged:
                return

    def edit(self, index: int, value: float) -> None:
        """Set one weight (flat index) by hand, as a step of its own (see tinynet_core.hand_edit for checks)."""
        set_weight(self.trainer, index, value)
        self._record(edit=(index, float(value)))

    def _record(self, edit: tuple[int, float] | None = None) -> None:
        """Keep the step just taken: its weights, any new settings or data, an epoch's end, a keyframe when due."""
        trainer = self.trainer
        expected = self._nudges + (edit is None)
        if trainer.nudges != expected:
            raise HistoryError(f"the trainer is at nudge {trainer.nudges}, its history at {self._nudges}: it was reset or moved without it")
        step = self.steps = self.steps + 1
        if trainer.config is not self._config or trainer.data is not self._data:
            self._note_changes(step)
        if edit is not None:
            self._edits[step] = edit
            self._edit_steps.append(step)
        window = self._window
        if window.append(trainer.live_parameters()) and window.nbytes > self.window_bytes and len(window.chunks) > 1:
            self._slide_window()
        self._nudges = trainer.nudges
        if trainer.epochs_done != self._epochs:
            self._epoch_steps.append(step)
            self._epochs = trainer.epochs_done
        if step % self.keyframe_every == 0:
            self._add_keyframe()

    def _note_changes(self, step: int) -> None:
        """New settings or data took effect at this step: replays must apply them there."""
        trainer = self.trainer
        if trainer.config != self._config:
            self._configs[step] = trainer.config
        if trainer.data is not self._data:
            self._datas[step] = trainer.data
        self._config, self._data = trainer.config, trainer.data

    def _slide_window(self) -> None:
        """Drop the oldest chunk, keeping its epoch ends."""
        first, chunk = self._window.drop_oldest()
        last = first + len(chunk) - 1
        ends = self._epoch_steps
        for i in range(bisect.bisect_left(ends, first), bisect.bisect_right(ends, last)):
            self._epoch_vectors[ends[i]] = chunk[ends[i] - first].clone()
        while len(self._epoch_vectors) * self.layout.size * 4 > self.epoch_end_bytes:
            self._epoch_vectors = dict(list(self._epoch_vectors.items())[::2])

    def _add_keyframe(self) -> None:
        """A snapshot of the trainer now; past KEYFRAME_BYTES, every other keyframe goes (and the spacing doubles)."""
        state = self.trainer.snapshot()
        added = state.nbytes
        if self._keyframes and torch.equal(state.noise_rng, self._keyframes[-1].noise_rng):
            # Without input noise the generator never moves: one copy of its state serves every keyframe.
            state = dataclasses.replace(state, noise_rng=self._keyframes[-1].noise_rng)
        else:
            added += state.noise_rng.numel()
        self._keyframe_steps.append(self.steps)
        self._keyframes.append(state)
        self._keyframe_total += added
        while self._keyframe_total > self.keyframe_bytes and len(self._keyframes) > 1:
            self.keyframe_every *= 2
            kept = [i for i, s in enumerate(self._keyframe_steps) if s % self.keyframe_every == 0 or i == 0]
            self._keyframe_steps = [self._keyframe_steps[i] for i in kept]
            self._keyframes = [self._keyframes[i] for i in kept]
            self._keyframe_total = self._keyframes_nbytes()

    def _keyframes_nbytes(self) -> int:
        """What the keyframes hold, each generator state counted once."""
        states = {id(k.noise_rng): k.noise_rng.numel() for k in self._keyframes}
        return sum(k.nbytes for k in self._keyframes) + sum(states.values())

    # -- reading the past ----------------------------------------------------------------------

    @property
    def nbytes(self) -> int:
        """Memory the history holds of its own: window, epoch ends and keyframes."""
        return self._window.nbytes + len(self._epoch_vectors) * self.layout.size * 4 + self._keyframe_total

    @property
    def window_start(self) -> int:
        """The oldest step whose weights are kept in the window (older ones: epoch ends, or replay)."""
        return self._window.first_step

    def kept_steps(self) -> list[int]:
        """Every step whose weights are held without replay, oldest first."""
        window = range(self._window.first_step, self._window.end)
        older = set(self._epoch_vectors) | {s for s in self._keyframe_steps if s < window.start}
        return sorted(older) + list(window)

    def kind(self, step: int) -> str:
        """START, NUDGE or EDIT."""
        self._check(step)
        return START if step == 0 else EDIT if step in self._edits else NUDGE

    def counts(self, step: int) -> tuple[int, int]:
        """(nudges, epochs done) after a step, as the trainer counted them."""
        self._check(step)
        edits = bisect.bisect_right(self._edit_steps, step)
        return self._first_nudge + step - edits, self._first_epoch + bisect.bisect_right(self._epoch_steps, step)

    def epoch_end(self, epoch: int) -> int:
        """The step at which epoch `epoch` (counting from 0, as the trainer does) ended."""
        index = epoch - self._first_epoch
        if not 0 <= index < len(self._epoch_steps):
            raise HistoryError(f"epoch {epoch} did not end within this history (epochs {self._first_epoch} to {self._epochs - 1})")
        return self._epoch_steps[index]

    def step_of_nudge(self, nudge: int) -> int:
        """The step that took the trainer's nudge number `nudge`."""
        nudges = nudge - self._first_nudge
        step = nudges
        # Each edit up to it puts it one step later: the least step with `nudges` nudges besides its edits.
        while (later := nudges + bisect.bisect_right(self._edit_steps, step)) != step:
            step = later
        self._check(step)
        return step

    def at(self, step: int) -> Moment:
        """The network at a step: from what is kept, or replayed from the keyframe before it."""
        self._check(step)
        before = self._vector(step - 1) if step > 0 else None
        after = self._vector(step)
        nudges, epochs_done = self.counts(step)
        return Moment(
            step=step,
            kind=self.kind(step),
            nudges=nudges,
            epochs_done=epochs_done,
            layout=self.layout,
            before=after if before is None else before,
            after=after,
            edit=self._edits.get(step),
        )

    def record_at(self, step: int) -> Nudge | None:
        """The trainer's full record of a past nudge (input, answer, gradients), replayed; None for the start or an edit."""
        if self.kind(step) != NUDGE:
            return None
        self._spare_to(step - 1)
        self._apply_changes(self._spare, step)
        record = self._spare.nudge()
        self._spare_step = step
        return record

    def optimizer_state_before(self, step: int) -> OptimizerState:
        """The optimizer's memory just before a step, replayed (what the inspector redoes a nudge's update from)."""
        self._check(step)
        if step == 0:
            raise HistoryError("step 0 is the start; nothing came before it")
        return self._spare_to(step - 1).optimizer_state()

    def trainer_at(self, step: int) -> Trainer:
        """A new trainer exactly as this run's was after `step`, its epoch histories up to then."""
        self._check(step)
        trainer = self._new_trainer()
        k = bisect.bisect_right(self._keyframe_steps, step) - 1
        trainer.restore(self._keyframes[k], past=self.trainer)
        self._replay(trainer, self._keyframe_steps[k], step)
        return trainer

    def branch(self, step: int) -> History:
        """A second run from a past step: a new trainer there, with this history's steps up to it (this one is untouched)."""
        trainer = self.trainer_at(step)
        other = History.__new__(History)
        other.__dict__.update(self.__dict__)
        other.trainer, other.steps = trainer, step
        other._window = self._window.prefix(step)
        other._nudges, other._epochs = trainer.nudges, trainer.epochs_done
        other._epoch_steps = array("q", (s for s in self._epoch_steps if s <= step))
        other._epoch_vectors = {s: v for s, v in self._epoch_vectors.items() if s <= step}
        other._edits = {s: e for s, e in self._edits.items() if s <= step}
        other._edit_steps = [s for s in self._edit_steps if s <= step]
        other._configs = {s: c for s, c in self._configs.items() if s <= step}
        other._datas = {s: d for s, d in self._datas.items() if s <= step}
        other._config, other._data = trainer.config, trainer.data
        kept = bisect.bisect_right(self._keyframe_steps, step)
        other._keyframe_steps, other._keyframes = self._keyframe_steps[:kept], self._keyframes[:kept]
        other._keyframe_total = other._keyframes_nbytes()
        other._spare, other._spare_step = None, -1
        return other

    def _check(self, step: int) -> None:
        """A HistoryError unless the step is one this history holds."""
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= self.steps:
            raise HistoryError(f"step {step!r} is not in this run's history (steps 0 to {self.steps})")

    def kept(self, step: int) -> torch.Tensor | None:
        """A step's weights if the history holds them (window, epoch end or keyframe), else None: at() replays those."""
        kept = self._window.get(step)
        if kept is None and step in self._epoch_vectors:
            kept = self._epoch_vectors[step].clone()
        if kept is None:
            k = bisect.bisect_left(self._keyframe_steps, step)
            if k < len(self._keyframe_steps) and self._keyframe_steps[k] == step:
                kept = self._keyframes[k].params.to(torch.float32)
        return kept

    def _vector(self, step: int) -> torch.Tensor:
        """A step's weights: kept, or replayed."""
        kept = self.kept(step)
        return kept if kept is not None else self._spare_to(step).flat_parameters()

    def _spare_to(self, step: int) -> Trainer:
        """The spare trainer at a step, replayed from the keyframe before it (or on from where it stood)."""
        k = bisect.bisect_right(self._keyframe_steps, step) - 1
        start = self._keyframe_steps[k]
        if self._spare is None:
            self._spare = self._new_trainer()
        if not start <= self._spare_step <= step:
            self._spare.restore(self._keyframes[k])
            self._spare_step = start
        self._replay(self._spare, self._spare_step, step)
        self._spare_step = step
        return self._spare

    def _new_trainer(self) -> Trainer:
        """A trainer of this run's network, seed and engine, to restore keyframes on."""
        first = self._keyframes[0]
        return Trainer(first.config, self.trainer.seed, device=str(self.trainer.device), engine=self.trainer.engine)

    def _apply_changes(self, trainer: Trainer, step: int) -> None:
        """What changed just before `step` in the run: its data, then its settings."""
        if step in self._datas:
            trainer.replace_data(self._datas[step])
        if step in self._configs:
            trainer.configure(**config_changes(trainer.config, self._configs[step]))

    def _replay(self, trainer: Trainer, start: int, target: int) -> None:
        """Take a trainer standing at step `start` of this run to step `target`, as the run went."""
        for step in range(start + 1, target + 1):
            self._apply_changes(trainer, step)
            if step in self._edits:
                set_weight(trainer, *self._edits[step])
            elif trainer.diverged:  # advance() would stop; the run's nudge() went on
                trainer.nudge()
            else:
                trainer.advance(1)
