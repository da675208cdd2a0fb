"""Mean loss per epoch (plotext), the current epoch's running loss, and the weight-movement curve."""

from __future__ import annotations

import math
import time

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ..frame import Frame

# Different marks, not only different colours, so the curves stay apart without colour.
LOSS_MARKER = "•"
RUNNING_MARKER = "●"
MOVEMENT_MARKER = "×"
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
        """Draw the curves again."""
        self._replot_pending = False
        self._last_replot = time.monotonic()
        plt = self.plt
        plt.clear_data()
        limit = max(2, POINTS_PER_COLUMN * self.size.width)
        epochs = list(range(self._first_epoch, self._first_epoch + len(self._loss_history)))
        finite = [(x, y) for x, y in zip(epochs, self._loss_history) if math.isfinite(y) and (y > 0 or not self.log_scale)]
        if finite:
            plt.plot(*thinned([x for x, _ in finite], [y for _, y in finite], limit), marker=LOSS_MARKER)
        running = [v for v in self._epoch_so_far if math.isfinite(v)]
        if running:
            plt.scatter([self._first_epoch + len(self._loss_history)], [sum(running) / len(running)], marker=RUNNING_MARKER)
        if self.show_movement and self._movement_history:
            moved = [(x, y) for x, y in zip(epochs, self._movement_history) if math.isfinite(y) and (y > 0 or not self.log_scale)]
            if moved:
                plt.plot(*thinned([x for x, _ in moved], [y for _, y in moved], limit), yside="right", marker=MOVEMENT_MARKER)
        plt.yscale("log" if self.log_scale else "linear")
        scale = "log scale" if self.log_scale else "g: log scale"
        movement = "m: hide movement" if self.show_movement else "m: weight movement"
        title = f"Loss per epoch {LOSS_MARKER}  this epoch so far {RUNNING_MARKER}" + (
            f"  weight movement {MOVEMENT_MARKER} (right axis)" if self.show_movement else ""
        )
        subtitle = f"{scale} · {movement}" if self._loss_history else "the first point comes after epoch 1 (e)"
        if (self.border_title, self.border_subtitle) != (title, subtitle):
            self.border_title, self.border_subtitle = title, subtitle
        self.refresh()
