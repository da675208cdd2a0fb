"""The status lines: where training is, and what the last nudge learned from."""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape
from textual.widget import Widget

from tinynet_core.text import visible

from ..frame import Frame

TARGET_NAMES = {(1.0, 0.0): "horizontal", (0.0, 1.0): "vertical", (0.5, 0.5): "50/50"}


def speed_label(speed: int) -> str:
    """'5/frame', or 'fastest'."""
    return "fastest" if speed == 0 else f"{speed}/frame"


class StatusLine(Widget):
    """Two lines: where training is, then what the last nudge learned from.

    Holds its text and repaints without a layout pass (its size never changes), which keeps
    frames cheap while training runs.
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text(text)

    def render(self) -> Text:
        """The current text."""
        return self._text

    def update(self, text: Text | str) -> None:
        """Show new text."""
        self._text = Text(text) if isinstance(text, str) else text
        self.refresh()

    def show(self, frame: Frame) -> None:
        """Paint a frame's status."""
        state = ("▶ running", "bold green") if frame.running else ("■ paused", "bold")
        if frame.diverged:
            state = ("✗ loss is NaN: R resets", "bold red")
        loss = f"{frame.last_loss:.4f}" if frame.last_loss is not None else "-"
        first = Text.assemble(
            state,
            f" · epoch {frame.epochs_done + 1}, sample {frame.sample_index + 1}/{frame.samples_per_epoch}"
            f" · nudge {frame.nudges} · loss {loss} · lr {frame.lr:g} · {speed_label(frame.speed)}",
        )
        if frame.last is None and frame.nudges:
            second = Text(f"{frame.nudges} nudges so far; press n to watch the next one.", style="dim")
        elif frame.last is None:
            second = Text("No nudge yet: press n to take one gradient step on the first training pattern.", style="dim")
        else:
            last = frame.last
            pixels = " ".join(f"{p:.2g}" for p in last.input)
            target = TARGET_NAMES.get(tuple(last.target), str(last.target))
            second = Text.assemble(
                ("last nudge: ", "dim"),
                (last.sample_name, "bold"),
                f" [{pixels}] → {target}; net said H {last.output[0]:.0%} V {last.output[1]:.0%}",
            )
        self.update(Text("\n").join([first, second]))


def settings_line(frame: Frame) -> str:
    """Preset, seed and the main settings, e.g. 'discovery · seed 0 · sigmoid · sgd · mse · cpu' (as markup)."""
    c = frame.config
    # The preset is a file's name after a load: shown as text, never read as markup.
    return f"{escape(visible(frame.preset))} · seed {frame.seed} · {c['activation']} · {c['optimizer']} · {c['loss']} · {frame.device}"
