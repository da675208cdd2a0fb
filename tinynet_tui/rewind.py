"""The engine's side of rewinding: the runs kept, which step of the current run is on screen, and the past rebuilt.

The driver nudges through the current run's History, so every step can be shown again. Looking
at the past is read-only: the past network is a new trainer rebuilt at that step (once per step
moved to), never the live one. Branching makes the past step a new run; the old one is kept.
The runs can train together: the driver nudges the current run, the timeline gives the others
their share, in lock step (the same nudges) or each at its own pace (its nudges a tick).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tinynet_core.history import History
from tinynet_core.records import Nudge
from tinynet_core.runs import Runs
from tinynet_core.trainer import Trainer

from .frame import RunInfo, RunRow, TimelineInfo

FIRST_RUN = "run 1"
# Moves along the timeline: by steps, by epoch ends, to the start, to now, to a given step, or to
# the end of a given epoch (counting from 1, as the loss chart does: a click on it).
MOVES = ("step", "epoch", "start", "now", "to", "epoch_end")
# How the training keys drive the runs: the current one only, all in lock step, or each at its own pace.
TOGETHER = ("off", "lock step", "own pace")
ONE_RUN = "only one run: press B to branch one (look back with < or { first), then J trains them together"


class RewindError(ValueError):
    """A move or a branch that cannot be made; one line for a notice."""


@dataclass(frozen=True)
class PastStep:
    """What the screen shows of one past step: the network then and what that step did."""

    step: int
    trainer: Trainer  # rebuilt at that step: read it, never train it
    values: dict  # the weights after the step, by name (nested lists)
    changes: dict | None  # what the step changed (None for the start)
    grads: dict | None  # a nudge's gradients (None for the start or a hand edit)
    record: Nudge | None  # the nudge's record, replayed (None for the start or a hand edit)
    state: object | None  # the optimizer's memory before the step (OptimizerState), for the inspectors
    nudge_math: object | None  # the nudge worked out by hand (TinyNet's shape only)


class Timeline:
    """The runs, the current one (which the driver trains), and the step on screen (None: now)."""

    def __init__(self, trainer: Trainer) -> None:
        self.runs = Runs()
        self.run = self.runs.add(FIRST_RUN, trainer)
        self.viewing: int | None = None
        self._past: PastStep | None = None
        self.together = "off"  # TOGETHER: how the training keys drive the runs

    @property
    def history(self) -> History:
        """The current run's history: nudges go through it."""
        return self.run.history

    @property
    def in_past(self) -> bool:
        """Whether the screen shows a past step rather than now."""
        return self.viewing is not None

    def target(self, how: str, amount: int = 0) -> int | None:
        """Where a move lands: a step, or None for now."""
        history = self.history
        here = history.steps if self.viewing is None else self.viewing
        if how == "step":
            step = min(history.steps, max(0, here + amount))
        elif how == "epoch":
            step = self._epoch_end_from(here, amount)
        elif how == "start":
            step = 0
        elif how == "now":
            step = history.steps
        elif how == "to":
            if not isinstance(amount, int) or not 0 <= amount <= history.steps:
                raise RewindError(f"step {amount!r} is not on this run's timeline (0 to {history.steps})")
            step = amount
        elif how == "epoch_end":
            step = self._end_of_epoch(amount)
        else:
            raise RewindError(f"unknown move {how!r}; the moves are: {', '.join(MOVES)}")
        return None if step == history.steps else step

    def _end_of_epoch(self, epoch: int) -> int:
        """The step at which an epoch (counting from 1) ended: the start before the run's first, now past its last."""
        history = self.history
        if not isinstance(epoch, int):
            raise RewindError(f"epoch {epoch!r} is not a whole number")
        first, last = history.counts(0)[1], history.counts(history.steps)[1]
        if epoch <= first:
            return 0
        return history.epoch_end(epoch - 1) if epoch <= last else history.steps

    def _epoch_end_from(self, here: int, direction: int) -> int:
        """The epoch's end before (direction < 0) or after `here`; the start or now past the last."""
        history = self.history
        # Searched, not listed: a million TinyNet nudges end 250,000 epochs.
        epochs = range(history.counts(0)[1], history.counts(history.steps)[1])
        if direction < 0:
            i = bisect.bisect_left(epochs, here, key=history.epoch_end)
            return history.epoch_end(epochs[i - 1]) if i > 0 else 0
        i = bisect.bisect_right(epochs, here, key=history.epoch_end)
        return history.epoch_end(epochs[i]) if i < len(epochs) else history.steps

    def move(self, step: int | None) -> None:
        """Show a past step (None: now)."""
        self.viewing = step
        if step is None or (self._past is not None and self._past.step != step):
            self._past = None

    def past(self) -> PastStep | None:
        """The past step on screen, rebuilt once per step moved to; None when the screen shows now."""
        if self.viewing is None:
            return None
        if self._past is None:
            self._past = rebuild(self.history, self.viewing)
        return self._past

    def branch(self) -> tuple[str, str]:
        """The step on screen becomes a new run, trained from now on; the old run is kept. Returns (old, new) names."""
        if self.viewing is None:
            raise RewindError("you are at the newest step: move back first (< or {), then B branches from there")
        old = self.run
        name = f"run {_next_number(self.runs)}"
        try:
            self.run = self.runs.branch(old.name, self.viewing, name)
        except ValueError as err:
            raise RewindError(str(err)) from None
        self.move(None)
        return old.name, name

    def switch(self, name: str) -> None:
        """Make another run the current one (the one the keys train), shown now."""
        try:
            self.run = self.runs[name]
        except ValueError as err:
            raise RewindError(str(err)) from None
        self.move(None)

    def cycle_together(self) -> str:
        """The next way of training the runs (off, lock step, own pace); one run has nothing to train beside it."""
        if len(self.runs) < 2:
            raise RewindError(ONE_RUN)
        self.together = TOGETHER[(TOGETHER.index(self.together) + 1) % len(TOGETHER)]
        return self.together

    def nudges_a_tick(self) -> int:
        """The current run's nudges in one tick: its pace when each goes at its own, else one."""
        return self.run.pace if self.together == "own pace" else 1

    def train_others(self, nudges: int) -> None:
        """While the runs train together: the other runs' share of `nudges` of the current run (as many ticks)."""
        if self.together == "off" or nudges <= 0:
            return
        ticks = -(-nudges // self.nudges_a_tick())
        self.runs.advance(ticks, lock_step=self.together == "lock step", leave=self.run)

    def report(self) -> tuple[list[RunRow], list[str]]:
        """Each run measured now, and where the current run differs most from each other one."""
        from tinynet_core.runs import compare

        rows = []
        for run in self.runs:
            trainer, m = run.trainer, run.trainer.measure()
            rows.append(RunRow(run.name, run.colour, run is self.run, trainer.nudges, trainer.epochs_done,
                               m.train_loss, m.val_loss, m.train_score, m.val_score,
                               f"lr {trainer.config.lr:g} · {trainer.config.optimizer}", run.pace))
        sentences = [compare(self.run, other).sentence() for other in self.runs if other is not self.run]
        return rows, sentences

    def info(self) -> TimelineInfo:
        """Where the screen is on the current run, and the runs kept, for the frame."""
        history = self.history
        step = history.steps if self.viewing is None else self.viewing
        nudges, epochs = history.counts(step)
        runs = tuple(RunInfo(r.name, r.colour, r.history.steps, r is self.run, r.pace) for r in self.runs)
        return TimelineInfo(step=step, steps=history.steps, past=self.in_past, kind=history.kind(step),
                            nudges=nudges, epochs_done=epochs, newest_nudges=history.counts(history.steps)[0], runs=runs,
                            together=self.together)


def _next_number(runs: Runs) -> int:
    """The lowest run number not taken ("run 2" after "run 1")."""
    taken = {run.name for run in runs}
    return next(n for n in range(1, len(taken) + 2) if f"run {n}" not in taken)


def rebuild(history: History, step: int) -> PastStep:
    """A past step as the screen shows it: its weights from the history, the rest from a trainer rebuilt there."""
    from tinynet_core.handmath import work_out, works_out

    moment = history.at(step)
    trainer = history.trainer_at(step)
    state = history.optimizer_state_before(step) if step > 0 else None
    record = history.record_at(step)  # after optimizer_state_before: the spare trainer goes on from there
    nudge_math = None
    if record is not None and works_out(trainer.config):
        nudge_math = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), trainer.config, state)
    return PastStep(
        step=step,
        trainer=trainer,
        values={name: t.tolist() for name, t in moment.values().items()},
        changes=None if step == 0 else {name: t.tolist() for name, t in moment.changes().items()},
        grads=None if record is None else {name: p.grad.tolist() for name, p in record.params.items()},
        record=record,
        state=state,
        nudge_math=nudge_math,
    )
