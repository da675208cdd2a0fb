"""Runs side by side: up to four named, coloured runs (a Trainer and its History each), trained and compared.

Runs train together in lock step (the same nudges each) or each at its own pace (its nudges a
tick). A comparison says where two runs differ most: a weight, an answer, a metric. A run's
history exports as CSV, its weights at any step as JSON and safetensors (atomic writes).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import torch

from .checkpoint import save_checkpoint
from .errors import InputError
from .export import weights_json, write_text
from .history import History
from .safe_io import check_writable
from .text import visible
from .trainer import Measurement, Trainer

MAX_RUNS = 4
COLOURS = ("cyan", "magenta", "yellow", "green")  # colour names every terminal knows, one a run
MAX_NAME = 24
MAX_PACE = 10_000  # nudges one run takes in a tick
# A history CSV has a column per weight up to this many weights (TinyNet's 23 fit); beyond, steps only.
MAX_CSV_WEIGHTS = 64


class RunError(InputError):
    """A run that cannot be added, found or exported; one line."""


@dataclass
class Run:
    """One named run: its history (which drives its trainer), its colour, and its pace."""

    name: str
    colour: str
    history: History
    pace: int = 1  # nudges a tick at its own pace

    @property
    def trainer(self) -> Trainer:
        """The run's trainer, as it is now."""
        return self.history.trainer


class Runs:
    """Up to MAX_RUNS runs by name, in the order they were added."""

    def __init__(self) -> None:
        self._runs: dict[str, Run] = {}

    def __len__(self) -> int:
        """How many runs there are."""
        return len(self._runs)

    def __iter__(self):
        """The runs, in the order they were added."""
        return iter(self._runs.values())

    def __getitem__(self, name: str) -> Run:
        """The run of that name, or a RunError naming the runs."""
        try:
            return self._runs[name]
        except KeyError:
            raise RunError(f"no run named {visible(name)!r}; the runs are: {', '.join(self._runs) or 'none'}") from None

    def add(self, name: str, trainer: Trainer | History, colour: str | None = None, pace: int = 1) -> Run:
        """A new run of a trainer (recorded from now) or of a history (a branch, say)."""
        if len(self._runs) >= MAX_RUNS:
            raise RunError(f"{MAX_RUNS} runs at most; remove one first")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or not name.isprintable():
            raise RunError(f"a run's name is 1 to {MAX_NAME} printable characters, got {visible(str(name))!r}")
        if name in self._runs:
            raise RunError(f"there is a run named {visible(name)!r} already")
        used = {run.colour for run in self}
        colour = colour or next(c for c in COLOURS if c not in used)
        if colour not in COLOURS or colour in used:
            free = ", ".join(c for c in COLOURS if c not in used)
            raise RunError(f"colour {visible(str(colour))!r} is not free; choose one of: {free}")
        _check_pace(pace)
        history = trainer if isinstance(trainer, History) else History(trainer)
        run = self._runs[name] = Run(name, colour, history, pace)
        return run

    def branch(self, name: str, step: int, new_name: str, colour: str | None = None, **changes: object) -> Run:
        """A new run from a past step of another, with other settings if given; the old run goes on untouched."""
        source = self[name]
        if len(self._runs) >= MAX_RUNS:
            raise RunError(f"{MAX_RUNS} runs at most; remove one before branching")
        history = source.history.branch(step)
        if changes:
            history.trainer.configure(**changes)
        return self.add(new_name, history, colour, source.pace)

    def remove(self, name: str) -> None:
        """Let a run go."""
        del self._runs[self[name].name]

    def step_together(self, nudges: int = 1) -> None:
        """Lock step: every run takes the same nudges (a diverged one stands still)."""
        self.advance(nudges, lock_step=True)

    def tick(self) -> None:
        """Each run at its own pace: `pace` nudges each."""
        self.advance(1, lock_step=False)

    def advance(self, ticks: int, lock_step: bool, leave: Run | None = None) -> None:
        """`ticks` ticks of every run but `leave` (the one a caller nudges itself): a nudge a tick in lock step, else its pace."""
        for run in self:
            if run is not leave:
                run.history.advance(ticks if lock_step else ticks * run.pace)

    def set_pace(self, name: str, pace: int) -> None:
        """How many nudges a run takes each tick."""
        _check_pace(pace)
        self[name].pace = pace


def _check_pace(pace: object) -> None:
    """A RunError unless pace is a whole number of nudges within bounds."""
    if isinstance(pace, bool) or not isinstance(pace, int) or not 1 <= pace <= MAX_PACE:
        raise RunError(f"a run's pace is a whole number of nudges from 1 to {MAX_PACE:,}, got {pace!r}")


# -- comparing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Two runs (each at a step) side by side, and where they differ most."""

    names: tuple[str, str]
    steps: tuple[int, int]
    metrics: tuple[Measurement, Measurement]
    metric: str | None  # the metric that differs most, e.g. "val_score" (None if none can be compared)
    weight: tuple[str, tuple[int, ...], float, float] | None  # (parameter, place, a's, b's): the furthest apart; None: other networks
    weight_distance: float  # the L2 distance of the weights (NaN for other networks)
    answer: tuple[str, list[float], list[float]] | None  # (the training example of a's, a's answer, b's): the furthest apart
    answer_gap: float  # the mean absolute difference of the answers on a's training set (NaN if they cannot be asked the same)

    def sentence(self) -> str:
        """Where they differ most, in one line."""
        a, b = self.names
        parts = []
        if self.weight is not None:
            name, place, wa, wb = self.weight
            parts.append(f"weights most at {name}[{']['.join(map(str, place))}] ({wa:.4g} vs {wb:.4g})")
        if self.answer is not None:
            parts.append(f"answers most on {self.answer[0]}")
        if self.metric is not None:
            ma, mb = (getattr(m, self.metric) for m in self.metrics)
            parts.append(f"{self.metric.replace('_', ' ')} {ma:.4g} vs {mb:.4g}")
        return f"{a} and {b} differ: " + ("; ".join(parts) or "in nothing that can be compared")


def compare(a: Run, b: Run, step_a: int | None = None, step_b: int | None = None) -> Comparison:
    """Two runs at given steps (default: now): their weights, answers on a's training set, and metrics."""
    ta = a.trainer if step_a is None else a.history.trainer_at(step_a)
    tb = b.trainer if step_b is None else b.history.trainer_at(step_b)
    metrics = (ta.measure(), tb.measure())
    gaps = {name: abs(getattr(metrics[0], name) - getattr(metrics[1], name)) for name in (f.name for f in dataclasses.fields(Measurement))}
    gaps = {name: gap for name, gap in gaps.items() if math.isfinite(gap)}
    weight, distance = None, math.nan
    if ta.layout == tb.layout:
        wa, wb = ta.flat_parameters(), tb.flat_parameters()
        distance = float(torch.dist(wa, wb))
        index = int((wa - wb).abs().argmax())
        name, place = _place(ta, index)
        weight = (name, place, float(wa[index]), float(wb[index]))
    answer, gap = None, math.nan
    inputs = ta.data.train[0]
    if ta.sizes[0] == tb.sizes[0] and ta.sizes[-1] == tb.sizes[-1] and len(inputs):
        pa, pb = ta.predict(inputs), tb.predict(inputs)
        apart = (pa - pb).abs().reshape(len(inputs), -1)
        row = int(apart.sum(dim=1).argmax())
        answer, gap = (_example_name(ta, row), pa[row].tolist(), pb[row].tolist()), float(apart.mean())
    return Comparison(
        names=(a.name, b.name),
        steps=(a.history.steps if step_a is None else step_a, b.history.steps if step_b is None else step_b),
        metrics=metrics,
        metric=max(gaps, key=gaps.get) if gaps else None,
        weight=weight,
        weight_distance=distance,
        answer=answer,
        answer_gap=gap,
    )


def _example_name(trainer: Trainer, row: int) -> str:
    """The name of the training example at a place in the epoch's order."""
    data_row = int(trainer.data.train_index[row])
    names = trainer.data.example_names
    return names[data_row] if names else f"example {data_row}"


def _place(trainer: Trainer, index: int) -> tuple[str, tuple[int, ...]]:
    """The parameter and the place in it of a flat index."""
    layout = trainer.layout
    for name, shape, offset in zip(layout.names, layout.shapes, layout.offsets):
        size = math.prod(shape)
        if index < offset + size:
            return name, tuple(int(i) for i in torch.unravel_index(torch.tensor(index - offset), shape))
    raise IndexError(index)


# -- exporting -------------------------------------------------------------------------------


def history_csv(history: History) -> str:
    """step, kind, nudges, epochs_done (and every weight, for a network of at most MAX_CSV_WEIGHTS) for each kept step."""
    layout = history.layout
    weights = layout.size <= MAX_CSV_WEIGHTS
    columns = [f"{name}[{']['.join(map(str, place))}]" for name, shape in zip(layout.names, layout.shapes) for place in _places(shape)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["step", "kind", "nudges", "epochs_done", *(columns if weights else [])])
    for step in history.kept_steps():
        row = [step, history.kind(step), *history.counts(step)]
        writer.writerow(row + ([f"{v:.9g}" for v in history.kept(step).tolist()] if weights else []))
    return out.getvalue()


def _places(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every place in a tensor of that shape, in its flat order."""
    return list(itertools.product(*(range(n) for n in shape)))


def export_run(run: Run, base: str | Path, step: int | None = None) -> tuple[Path, Path, Path]:
    """BASE-history.csv, BASE-weights.json and BASE.safetensors of a run at a step (default: now)."""
    if not str(base).strip():
        raise RunError("no export name given (an empty string)")
    history = run.history
    trainer = history.trainer if step is None else history.trainer_at(step)
    if trainer.diverged or not trainer.is_finite():
        raise RunError("refusing to export: the network has diverged there (NaN or infinite); pick an earlier step")
    base = Path(base).expanduser()
    if base.is_dir():  # the files would land beside it, named after it: surely not what was meant
        raise RunError(f"{visible(str(base))} is a folder: give a name for the files in it, such as {visible(str(base / 'run-1'))}")
    paths = [base.with_name(base.name + suffix) for suffix in ("-history.csv", "-weights.json", ".safetensors")]
    for path in paths:  # all three refused before any is written
        check_writable(path)
    write_text(paths[0], history_csv(history))
    write_text(paths[1], weights_json(trainer))
    save_checkpoint(trainer, paths[2])
    return tuple(paths)
