"""Mean loss per epoch (plotext), the current epoch's running loss, and the weight-movement curve."""

from __future__ import annotations

import math
import time

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ..frame import Frame
from .chart_axes import epoch_ticks, plottable, value_axis

# Different marks, not only different colours, so the curves stay apart without colour.
LINE_MARKER = "hd"  # a fine, unbroken line through the epochs' losses (quarter blocks)
LOSS_MARKER = "•"  # each epoch's loss, where there is room for a dot per epoch
RUNNING_MARKER = "●"
MOVEMENT_MARKER = "×"
# One colour per curve, whatever order they are drawn in (plotext would colour each call anew).
LOSS_COLOR, RUNNING_COLOR, MOVEMENT_COLOR = "cyan+", "green+", "orange"
# A dot per epoch while the epochs are at least this many columns apart.
DOT_COLUMNS = 3
# One movement mark per this many columns: marks, not a line, so the loss line shows between them.
MOVEMENT_COLUMNS = 3
# While training runs, replot at most this often: a plotext build costs tens of milliseconds.
RUNNING_REPLOT_INTERVAL_S = 0.5
# Never plot more points per curve than this many per column of the chart.
POINTS_PER_COLUMN = 2


def thinned(xs: list[float], ys: list[float], limit: int) -> tuple[list[float], list[float]]:
    """At most `limit` evenly spaced points, always keeping the last one."""
    if len(xs) <= limit or limit < 2:
        return xs, ys
    step = len(xs) / (limit - 1)
    keep = sorted({int(i * step) for i in range(limit - 1)} | {len(xs) - 1})
    return [xs[i] for i in keep], [ys[i] for i in keep]


def _fingerprint(curves: tuple[tuple[float, ...], ...]) -> tuple:
    return tuple((len(c), c[-1] if c else None, c[0] if c else None) for c in curves)


class LossChart(PlotextPlot):
    """Keeps its own copy of the curves and replots them on demand."""

    log_scale: reactive[bool] = reactive(False)
    show_movement: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._loss_history: tuple[float, ...] = ()
        self._epoch_so_far: tuple[float, ...] = ()
        self._movement_history: tuple[float, ...] = ()
        self._first_epoch = 1  # a long run keeps only its newest epochs (limits.MAX_LOSS_HISTORY)
        self._last_replot = 0.0
        self._replot_pending = False

    def on_mount(self) -> None:
        """First (empty) plot; the border title names the axes, which saves rows at 80x24."""
        self.replot()

    def show(self, frame: Frame) -> None:
        """Take the curves from a frame; replot if they changed (at a limited rate while running)."""
        curves = (frame.loss_history, frame.epoch_losses, frame.movement_history)
        # Histories only grow (or restart after a reset), so lengths and last values tell a change
        # without comparing every point each frame.
        if _fingerprint(curves) == _fingerprint((self._loss_history, self._epoch_so_far, self._movement_history)):
            return
        self._loss_history, self._epoch_so_far, self._movement_history = curves
        self._first_epoch = frame.epochs_done - len(frame.loss_history) + 1
        wait = self._last_replot + RUNNING_REPLOT_INTERVAL_S - time.monotonic()
        if not frame.running or wait <= 0:
            self.replot()
        elif not self._replot_pending:
            self._replot_pending = True
            self.set_timer(wait, self.replot)

    def watch_log_scale(self) -> None:
        """Replot in the new scale."""
        self.replot()

    def watch_show_movement(self) -> None:
        """Replot with or without the movement curve."""
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
        running = [v for v in self._epoch_so_far if math.isfinite(v)]
        running_mean = [sum(running) / len(running)] if running else []
        loss_axis = value_axis(losses + running_mean, self.log_scale, tick_count)
        movement = list(self._movement_history) if self.show_movement else []
        # From zero on a linear scale, so that the two curves do not meet at both ends by construction.
        movement_axis = value_axis(movement + ([] if self.log_scale else [0.0] * bool(movement)), self.log_scale, tick_count)
        first = self._first_epoch
        last_epoch = first - 1 + len(losses) + (1 if running_mean else 0) if losses or running_mean else 0
        # Drawn first, so that the loss stays on top where the two meet.
        if movement_axis:
            xs, ys = _points(movement, movement_axis, max(2, width // MOVEMENT_COLUMNS), first)
            plt.scatter(xs, ys, yside="right", marker=MOVEMENT_MARKER, color=MOVEMENT_COLOR)
        dots = 0 < len(losses) <= width // DOT_COLUMNS
        if loss_axis:
            xs, ys = _points(losses, loss_axis, POINTS_PER_COLUMN * width, first)
            if xs:
                plt.plot(xs, ys, marker=LINE_MARKER, color=LOSS_COLOR)
            if xs and dots:
                plt.scatter(xs, ys, marker=LOSS_MARKER, color=LOSS_COLOR)
            if running_mean and plottable(running_mean[0], self.log_scale):
                plt.scatter([last_epoch], [loss_axis.position(running_mean[0])], marker=RUNNING_MARKER, color=RUNNING_COLOR)
        for axis, side in ((loss_axis, "left"), (movement_axis, "right")):
            if axis:
                plt.ylim(axis.low, axis.high, yside=side)
                plt.yticks(axis.ticks, axis.labels, yside=side)
        if last_epoch:
            span = max(first + 1, last_epoch)  # one epoch alone still gets an axis, labelled at both ends
            ticks = epoch_ticks(span, max(2, width // (len(str(span)) + 6)), first)
            plt.xlim(first, span)
            plt.xticks(ticks, [str(t) for t in ticks])
        # No frame lines above or to the right (unless the movement axis is there): rows for data.
        plt.xaxes(True, False)
        plt.yaxes(True, movement_axis is not None)
        self._set_titles(dots)
        self.refresh()

    def _set_titles(self, dots: bool) -> None:
        scale = "log scale (g: linear)" if self.log_scale else "g: log scale"
        movement = "m: hide movement" if self.show_movement else "m: weight movement"
        loss = f"Loss per epoch {LOSS_MARKER}" if dots else "Loss per epoch (line)" if self._loss_history else "Loss per epoch"
        if not self.show_movement:
            title = f"{loss}   this epoch so far {RUNNING_MARKER}"
        else:
            title = f"{loss}  so far {RUNNING_MARKER}  weight movement {MOVEMENT_MARKER} (right axis)"
        subtitle = f"{scale} · {movement}" if self._loss_history else "the first point comes after epoch 1 (e)"
        if (self.border_title, self.border_subtitle) != (title, subtitle):
            self.border_title, self.border_subtitle = title, subtitle


def _points(values: list[float], axis, limit: int, first: int = 1) -> tuple[list[float], list[float]]:
    """(epoch, position) of each plottable value (the first is epoch `first`), thinned to at most `limit` points."""
    points = [(x, axis.position(y)) for x, y in enumerate(values, first) if plottable(y, axis.log)]
    return thinned([x for x, _ in points], [y for _, y in points], limit)
