"""Mean loss per epoch (plotext), the current epoch's running loss, and the weight-movement curve."""

from __future__ import annotations

import math

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ..frame import Frame

# Different marks, not only different colours, so the curves stay apart without colour.
LOSS_MARKER = "•"
RUNNING_MARKER = "●"
MOVEMENT_MARKER = "×"


class LossChart(PlotextPlot):
    """Keeps its own copy of the curves and replots them on demand."""

    log_scale: reactive[bool] = reactive(False)
    show_movement: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._loss_history: tuple[float, ...] = ()
        self._epoch_so_far: tuple[float, ...] = ()
        self._movement_history: tuple[float, ...] = ()

    def on_mount(self) -> None:
        """First (empty) plot; the border title names the axes, which saves rows at 80x24."""
        self.replot()

    def show(self, frame: Frame) -> None:
        """Take the curves from a frame; replot only if they changed."""
        curves = (frame.loss_history, frame.epoch_losses, frame.movement_history)
        if curves != (self._loss_history, self._epoch_so_far, self._movement_history):
            self._loss_history, self._epoch_so_far, self._movement_history = curves
            self.replot()

    def watch_log_scale(self) -> None:
        """Replot in the new scale."""
        self.replot()

    def watch_show_movement(self) -> None:
        """Replot with or without the movement curve."""
        self.replot()

    def replot(self) -> None:
        """Draw the curves again."""
        plt = self.plt
        plt.clear_data()
        epochs = list(range(1, len(self._loss_history) + 1))
        finite = [(x, y) for x, y in zip(epochs, self._loss_history) if math.isfinite(y) and (y > 0 or not self.log_scale)]
        if finite:
            plt.plot([x for x, _ in finite], [y for _, y in finite], marker=LOSS_MARKER)
        running = [v for v in self._epoch_so_far if math.isfinite(v)]
        if running:
            plt.scatter([len(self._loss_history) + 1], [sum(running) / len(running)], marker=RUNNING_MARKER)
        if self.show_movement and self._movement_history:
            moved = [(x, y) for x, y in zip(epochs, self._movement_history) if math.isfinite(y) and (y > 0 or not self.log_scale)]
            if moved:
                plt.plot([x for x, _ in moved], [y for _, y in moved], yside="right", marker=MOVEMENT_MARKER)
        plt.yscale("log" if self.log_scale else "linear")
        scale = "log scale" if self.log_scale else "g: log scale"
        movement = "m: hide movement" if self.show_movement else "m: weight movement"
        self.border_title = f"Loss per epoch {LOSS_MARKER}  this epoch so far {RUNNING_MARKER}" + (
            f"  weight movement {MOVEMENT_MARKER} (right axis)" if self.show_movement else ""
        )
        self.border_subtitle = f"{scale} · {movement}" if self._loss_history else "the first point comes after epoch 1 (e)"
        self.refresh()
