"""Mean loss per epoch (plotext), the current epoch's running loss, the weight-movement curve, and
beyond TinyNet's world the validation loss, accuracy (or R²) on demand and what the gap between them says."""

from __future__ import annotations

import math
import re
import time

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ..frame import Frame, RunCurve
from .chart_axes import epoch_ticks, plottable, value_axis

# Different marks, not only different colours, so the curves stay apart without colour.
LINE_MARKER = "hd"  # a fine, unbroken line through the epochs' losses (quarter blocks)
LOSS_MARKER = "•"  # each epoch's loss, where there is room for a dot per epoch
RUNNING_MARKER = "●"
MOVEMENT_MARKER = "×"
VAL_MARKER = "∘"  # the validation loss: marks, so the train line shows between them
TRAIN_SCORE_MARKER, VAL_SCORE_MARKER = "+", "▫"
# One colour per curve, whatever order they are drawn in (plotext would colour each call anew).
LOSS_COLOR, RUNNING_COLOR, MOVEMENT_COLOR = "cyan+", "green+", "orange"
VAL_COLOR, TRAIN_SCORE_COLOR, VAL_SCORE_COLOR, OPENING_COLOR = "magenta+", "green", "yellow", "red+"
PAST_COLOR = "orange"  # the line at the past epoch on screen (rewind), as the timeline marks it
# One validation (or score) mark per this many columns.
VAL_COLUMNS = 2
# A dot per epoch while the epochs are at least this many columns apart.
DOT_COLUMNS = 3
# One movement mark per this many columns: marks, not a line, so the loss line shows between them.
MOVEMENT_COLUMNS = 3
# While training runs, replot at most this often: a plotext build costs tens of milliseconds.
RUNNING_REPLOT_INTERVAL_S = 0.5
# Never plot more points per curve than this many per column of the chart.
POINTS_PER_COLUMN = 2
CLICK_HINT = "click: that epoch"  # a click moves rewind to the epoch's end
# The other runs (rewind's branches): a thinner line than the run on screen, in each run's colour.
OTHER_RUN_MARKER = "braille"


def thinned(xs: list[float], ys: list[float], limit: int) -> tuple[list[float], list[float]]:
    """At most `limit` evenly spaced points, always keeping the last one."""
    if len(xs) <= limit or limit < 2:
        return xs, ys
    step = len(xs) / (limit - 1)
    keep = sorted({int(i * step) for i in range(limit - 1)} | {len(xs) - 1})
    return [xs[i] for i in keep], [ys[i] for i in keep]


def _fingerprint(curves: tuple[tuple[float, ...], ...]) -> tuple:
    return tuple((len(c), c[-1] if c else None, c[0] if c else None) for c in curves)


def _runs_fingerprint(runs: tuple[RunCurve, ...]) -> tuple:
    """The other runs' curves as _fingerprint tells a change: they only grow (or a run is added)."""
    return tuple((run.name, run.colour, len(run.epochs), run.epochs[-1:]) for run in runs)


class LossChart(PlotextPlot):
    """Keeps its own copy of the curves and replots them on demand."""

    log_scale: reactive[bool] = reactive(False)
    show_movement: reactive[bool] = reactive(False)
    show_score: reactive[bool] = reactive(False)  # accuracy or R² on the right axis, in place of movement

    @dataclass
    class Picked(Message):
        """A click on the chart picked an epoch (counting from 1): rewind shows its end."""

        epoch: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._loss_history: tuple[float, ...] = ()
        self._epoch_so_far: tuple[float, ...] = ()
        self._movement_history: tuple[float, ...] = ()
        self._val_history: tuple[float, ...] = ()
        self._score_history: tuple[tuple[float, float], ...] = ()
        self._diagnosis: str | None = None
        # The validation curve and the diagnosis are drawn beyond TinyNet's world, whose
        # held-out set is only its 4 fuzzy patterns; the score names accuracy or R².
        self._with_validation = False
        self._score_name = "accuracy"
        self._epochs_of = lambda curve: tuple(range(1, len(curve) + 1))  # each frame's Frame.epochs_of
        self._other_runs: tuple[RunCurve, ...] = ()
        self._x_ticks: list[int] = []  # the epoch ticks last drawn, which a click is measured against
        self._titles: tuple = ()
        self._past_epoch: int | None = None  # the epoch on screen while rewound to the past
        self._run_on_screen = None  # frame.RunInfo of the run the chart draws, when there are several
        self._epochs_done = 0
        self._last_replot = 0.0
        self._replot_pending = False

    def on_mount(self) -> None:
        """First (empty) plot; the border title names the axes, which saves rows at 80x24."""
        self.replot()

    def show(self, frame: Frame) -> None:
        """Take the curves from a frame; replot if they changed (at a limited rate while running)."""
        curves = (frame.loss_history, frame.epoch_losses, frame.movement_history, frame.val_loss_history, frame.score_history)
        held = (self._loss_history, self._epoch_so_far, self._movement_history, self._val_history, self._score_history)
        world = frame.world
        with_validation = world is not None and not world.is_tinynet
        # Histories only grow (or restart after a reset), so lengths and last values tell a change
        # without comparing every point each frame.
        others, held_others = _runs_fingerprint(frame.other_runs), _runs_fingerprint(self._other_runs)
        past = frame.epochs_done if frame.timeline is not None and frame.timeline.past else None
        if _fingerprint(curves) == _fingerprint(held) and (with_validation, others, past) == (self._with_validation, held_others, self._past_epoch):
            return
        self._loss_history, self._epoch_so_far, self._movement_history, self._val_history, self._score_history = curves
        self._other_runs = frame.other_runs
        self._past_epoch = past
        runs = frame.timeline.runs if frame.timeline is not None and len(frame.timeline.runs) > 1 else ()
        self._run_on_screen = next((run for run in runs if run.current), None)
        self._with_validation = with_validation
        self._diagnosis = frame.diagnosis
        self._score_name = "R²" if world is not None and world.task == "regression" else "accuracy"
        # A long run keeps only its newest epochs (limits.MAX_LOSS_HISTORY), a frame only some of them.
        self._epochs_of, self._epochs_done = frame.epochs_of, frame.epochs_done
        wait = self._last_replot + RUNNING_REPLOT_INTERVAL_S - time.monotonic()
        if not frame.running or wait <= 0:
            self.replot()
        elif not self._replot_pending:
            self._replot_pending = True
            self.set_timer(wait, self.replot)

    def watch_log_scale(self) -> None:
        """Replot in the new scale."""
        self.replot()

    def watch_show_movement(self, showing: bool) -> None:
        """Replot with or without the movement curve (which takes the right axis from the score)."""
        if showing:
            self.show_score = False
        self.replot()

    def watch_show_score(self, showing: bool) -> None:
        """Replot with or without accuracy (or R²) (which takes the right axis from the movement)."""
        if showing:
            self.show_movement = False
        self.replot()

    def replot(self) -> None:
        """Draw the curves again, on axes worked out here (see chart_axes)."""
        self._replot_pending = False
        self._last_replot = time.monotonic()
        plt = self.plt
        plt.clear_data()
        width, height = self.size
        tick_count = max(2, min(5, (height - 2) // 2 + 1))
        losses = list(self._loss_history)
        validation = list(self._val_history) if self._with_validation else []
        running = [v for v in self._epoch_so_far if math.isfinite(v)]
        running_mean = [sum(running) / len(running)] if running else []
        others = [run for run in self._other_runs if run.losses]
        loss_axis = value_axis(losses + validation + running_mean + [v for run in others for v in run.losses], self.log_scale, tick_count)
        right = self._right_curves()
        # From zero on a linear scale, so that the two curves do not meet at both ends by construction;
        # a score's axis reaches 1, the best there is.
        floor = [] if self.log_scale else [0.0] * bool(right)
        ceiling = [1.0] * bool(right) if self.show_score else []
        right_axis = value_axis([v for curve, _, _ in right for v in curve] + floor + ceiling, self.log_scale and not self.show_score, tick_count)
        epochs = self._epochs_of(tuple(losses))
        first = min([epochs[0] if epochs else self._epochs_done + 1] + [run.epochs[0] for run in others])
        last_epoch = self._epochs_done + (1 if running_mean else 0) if losses or running_mean else 0
        last_epoch = max([last_epoch] + [run.epochs[-1] for run in others])  # the axis spans every run
        # Drawn first, so that the loss stays on top where they meet.
        if right_axis:
            for curve, marker, color in right:
                xs, ys = _points(curve, self._epochs_of(tuple(curve)), right_axis, max(2, width // MOVEMENT_COLUMNS))
                plt.scatter(xs, ys, yside="right", marker=marker, color=color)
        dots = 0 < len(losses) <= width // DOT_COLUMNS
        if loss_axis:
            opening = self._gap_opening()
            if opening is not None:  # where the validation loss was lowest
                plt.vline(opening, color=OPENING_COLOR)
                plt.text("gap opens", opening, loss_axis.high, color=OPENING_COLOR, alignment="left")
            if self._past_epoch is not None:
                plt.vline(self._past_epoch, color=PAST_COLOR)
            for run in others:  # under the run on screen, which stays on top
                xs, ys = _points(list(run.losses), run.epochs, loss_axis, POINTS_PER_COLUMN * width)
                if xs:
                    plt.plot(xs, ys, marker=OTHER_RUN_MARKER, color=run.colour)
            if validation:
                xs, ys = _points(validation, self._epochs_of(tuple(validation)), loss_axis, max(2, width // VAL_COLUMNS))
                plt.scatter(xs, ys, marker=VAL_MARKER, color=VAL_COLOR)
            xs, ys = _points(losses, epochs, loss_axis, POINTS_PER_COLUMN * width)
            if xs:
                plt.plot(xs, ys, marker=LINE_MARKER, color=self._loss_color)
            if xs and dots:
                plt.scatter(xs, ys, marker=LOSS_MARKER, color=self._loss_color)
            if running_mean and plottable(running_mean[0], self.log_scale):
                plt.scatter([self._epochs_done + 1], [loss_axis.position(running_mean[0])], marker=RUNNING_MARKER, color=RUNNING_COLOR)
        for axis, side in ((loss_axis, "left"), (right_axis, "right")):
            if axis:
                plt.ylim(axis.low, axis.high, yside=side)
                plt.yticks(axis.ticks, axis.labels, yside=side)
        if last_epoch:
            span = max(first + 1, last_epoch)  # one epoch alone still gets an axis, labelled at both ends
            ticks = epoch_ticks(span, max(2, width // (len(str(span)) + 6)), first)
            plt.xlim(first, span)
            plt.xticks(ticks, [str(t) for t in ticks])
            self._x_ticks = ticks
        else:
            self._x_ticks = []
        # No frame lines above or to the right (unless a right axis is there): rows for data.
        plt.xaxes(True, False)
        plt.yaxes(True, right_axis is not None)
        self._set_titles(dots)
        self.refresh()

    def _right_curves(self) -> list[tuple[list[float], str, str]]:
        """What the right axis shows: the weight movement, or the training and held-out score."""
        if self.show_score:
            train = [t for t, _ in self._score_history]
            held = [v for _, v in self._score_history] if self._with_validation else []
            return [(train, TRAIN_SCORE_MARKER, TRAIN_SCORE_COLOR)] + ([(held, VAL_SCORE_MARKER, VAL_SCORE_COLOR)] if held else [])
        if self.show_movement:
            return [(list(self._movement_history), MOVEMENT_MARKER, MOVEMENT_COLOR)]
        return []

    def _gap_opening(self) -> int | None:
        """The epoch where an overfitting gap opened: the validation loss's lowest point."""
        if not (self._with_validation and self._diagnosis and self._diagnosis.startswith("overfitting")):
            return None
        val = [(v, epoch) for epoch, v in zip(self._epochs_of(self._val_history), self._val_history) if math.isfinite(v)]
        return min(val)[1] if val else None

    @property
    def _loss_color(self) -> str:
        """The solid curve's colour: the run's own (bright) when there are several runs."""
        return f"{self._run_on_screen.colour}+" if self._run_on_screen is not None else LOSS_COLOR

    def _set_titles(self, dots: bool) -> None:
        scale = "log scale (g: linear)" if self.log_scale else "g: log scale"
        movement = "m: hide movement" if self.show_movement else "m: weight movement"
        loss = f"Loss per epoch {LOSS_MARKER}" if dots else "Loss per epoch (line)" if self._loss_history else "Loss per epoch"
        if self._with_validation:
            title = self._validation_title(loss)
        elif not self.show_movement:
            title = f"{loss}   this epoch so far {RUNNING_MARKER}"
        else:
            title = f"{loss}  so far {RUNNING_MARKER}  weight movement {MOVEMENT_MARKER} (right axis)"
        subtitle = f"{scale} · {movement} · {CLICK_HINT}" if self._loss_history else "the first point comes after epoch 1 (e)"
        if self._with_validation and self._loss_history:
            subtitle = short_diagnosis(self._diagnosis) or f"{scale} · %: {self._score_name} · {CLICK_HINT}"
        if self._run_on_screen is not None:  # several runs: say whose curve is the solid one
            title = f"{self._run_on_screen.name}: {title}"
        title = escape(title) + "".join(f"  [{run.colour}]⠒ {escape(run.name)}[/]" for run in self._other_runs)
        if self._titles != (title, subtitle):
            self._titles = (title, subtitle)
            self.border_title, self.border_subtitle = title, escape(subtitle)

    def on_click(self, event: events.Click) -> None:
        """A click on the chart picks the epoch under it (rewind moves to its end)."""
        offset = event.get_content_offset(self)
        epoch = None if offset is None else self.epoch_at(offset.x)
        if epoch is not None:
            self.post_message(self.Picked(epoch))

    def epoch_at(self, column: int) -> int | None:
        """The epoch drawn at a column of the chart (None off the plot), measured from the ticks drawn."""
        ticks = self._x_ticks
        if len(ticks) < 2:
            return None
        axis = next((line for line in Text.from_ansi(self.plt.build()).plain.splitlines() if "└" in line), "")
        marks = [i for i, char in enumerate(axis) if char == "┬"]
        if len(marks) < 2:
            return None
        left, right = marks[0], marks[-1]  # the first and last ticks' columns
        if not left <= column <= right:
            return None
        return round(ticks[0] + (column - left) * (ticks[-1] - ticks[0]) / (right - left))

    def _validation_title(self, loss: str) -> str:
        """The curves' key: train and validation loss, and the score or the movement when shown."""
        title = loss.replace("Loss per epoch", "Loss: train", 1) + f"  validation {VAL_MARKER}"
        if self.show_score:
            return f"{title}  {self._score_name} {TRAIN_SCORE_MARKER} held-out {VAL_SCORE_MARKER} (right, %: hide)"
        if self.show_movement:
            return f"{title}  movement {MOVEMENT_MARKER} (right)"
        return f"{title}  so far {RUNNING_MARKER}"


def short_diagnosis(sentence: str | None) -> str | None:
    """The diagnosis without its numbers in brackets: 'overfitting: validation loss rising for 20 epochs while train loss falls'."""
    return re.sub(r" \([^)]*\)", "", sentence) if sentence else None


def _points(values: list[float], epochs: tuple[int, ...], axis, limit: int) -> tuple[list[float], list[float]]:
    """(epoch, position) of each plottable value, thinned to at most `limit` points."""
    points = [(x, axis.position(y)) for x, y in zip(epochs, values) if plottable(y, axis.log)]
    return thinned([x for x, _ in points], [y for _, y in points], limit)
