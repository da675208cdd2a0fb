"""The status lines: where training is, and what the last nudge learned from."""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape
from textual.widget import Widget

from tinynet_core.text import visible

from ..frame import Frame
from ..naming import off_preset, recipe_name, settings_words

TARGET_NAMES = {(1.0, 0.0): "horizontal", (0.0, 1.0): "vertical", (0.5, 0.5): "50/50"}


def speed_label(speed: int) -> str:
    """'5/frame', or 'fastest'."""
    return "fastest" if speed == 0 else f"{speed}/frame"


class StatusLine(Widget):
    """Two lines: where training is, then what the last nudge learned from.

    Each line is held as a few wordings, longest first; the widest that fits is drawn, and
    nothing ever wraps, so the second line can never be pushed out of sight. Repaints without
    a layout pass (its size never changes), which keeps frames cheap while training runs.
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[tuple[Text, ...]] = []
        self.update(text)

    def render(self) -> Text:
        """Each line in the longest wording that fits the width (cut with … if none does)."""
        width = self.content_size.width or 80
        text = Text("\n").join(_fit(wordings, width) for wordings in self._lines)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def update(self, text: Text | str) -> None:
        """Show new text, one wording per line."""
        text = Text(text) if isinstance(text, str) else text
        self._show([(line,) for line in text.split("\n")])

    def _show(self, lines: list[tuple[Text, ...]]) -> None:
        self._lines = lines
        self.refresh()

    def show(self, frame: Frame) -> None:
        """Paint a frame's status."""
        self._show([_where(frame), _last_nudge(frame)])


def _fit(wordings: tuple[Text, ...], width: int) -> Text:
    return next((w for w in wordings if w.cell_len <= width), wordings[-1])


def _where(frame: Frame) -> tuple[Text, ...]:
    """Where training is: the full wording, then shorter ones for narrow terminals."""
    state = ("▶ running", "bold green") if frame.running else ("■ paused", "bold")
    short_state = state
    if frame.diverged:
        state, short_state = ("✗ loss is NaN: R resets", "bold red"), ("✗ NaN: R resets", "bold red")
    loss = f"{frame.last_loss:.4f}" if frame.last_loss is not None else "-"
    epoch, sample = frame.epochs_done + 1, f"{frame.sample_index + 1}/{frame.samples_per_epoch}"
    if not frame.samples_per_epoch:  # an emptied plane: no example to be at
        sample = "no examples"
    settings = f"loss {loss} · lr {frame.lr:g} · {speed_label(frame.speed)}"
    wordings = (
        Text.assemble(state, f" · epoch {epoch}, sample {sample} · nudge {frame.nudges} · {settings}"),
        Text.assemble(short_state, f" · epoch {epoch} {sample} · nudge {frame.nudges} · {settings}"),
        Text.assemble(short_state, f" · ep {epoch} {sample} · #{frame.nudges} · {settings}"),
    )
    together = _together_words(frame)
    # Which runs train, and their paces, matter more here than the longer words for where training is.
    return tuple(Text.assemble(wording, ending) for ending in together for wording in wordings) if together else wordings


def _together_words(frame: Frame) -> tuple[Text, ...]:
    """Which runs the keys train together and at what pace, longest first; () while only the run on screen trains."""
    timeline = frame.timeline
    if timeline is None or timeline.together == "off":
        return ()
    if timeline.together == "lock step":
        names = Text(" + ").join(Text(run.name, style=run.colour) for run in timeline.runs)
        full = Text.assemble(" · ", ("together", "bold"), ", lock step: ", names)
    else:
        paces = Text(", ").join(Text(f"{run.name} ×{run.pace}", style=run.colour) for run in timeline.runs)
        full = Text.assemble(" · ", ("together", "bold"), ", own pace: ", paces)
    short = Text.assemble(" · ", ("together", "bold"), f" ×{len(timeline.runs)} ({timeline.together})")
    return full, short, Text.assemble(" · ", ("⇉", "bold"), f"{len(timeline.runs)}")


def _last_nudge(frame: Frame) -> tuple[Text, ...]:
    """What the last nudge learned from: the full wording, then shorter ones."""
    if frame.last is None and frame.nudges:
        return (Text(f"{frame.nudges} nudges so far; press n to watch the next one.", style="dim"),)
    if frame.last is None and not frame.samples_per_epoch:  # an emptied plane: nothing to nudge on yet
        return (Text("No points yet: I picks a class, then click (or . at the cursor) to add one.", style="dim"),)
    if frame.last is None:
        return (
            Text("No nudge yet: press n to take one gradient step on the first training pattern.", style="dim"),
            Text("No nudge yet: press n to take one gradient step.", style="dim"),
        )
    last = frame.last
    if last.input and isinstance(last.input[0], (list, tuple)):
        return (
            Text.assemble(("last nudge: ", "dim"), (last.sample_name, "bold"), ": each answer against its target; the step descends their mean loss"),
            Text.assemble(("last nudge: ", "dim"), (last.sample_name, "bold")),
        )
    seen = _input_words(last.input)
    target, said = _target_words(frame, last.target), _said_words(frame, last.output)
    return (
        Text.assemble(("last nudge: ", "dim"), (last.sample_name, "bold"), f" {seen} → {target}; net said {said}"),
        Text.assemble(("last nudge: ", "dim"), (last.sample_name, "bold"), f" {seen} → {target}; said {said}"),
        Text.assemble(("last nudge: ", "dim"), (last.sample_name, "bold"), f" → {target}; said {said}"),
    )


# An input of at most this many numbers is written out; a longer one is counted.
SHOWN_INPUT_VALUES = 6


def _input_words(values) -> str:
    """'[1 1 0 0]', or '[64 values]'."""
    if len(values) > SHOWN_INPUT_VALUES:
        return f"[{len(values)} values]"
    return "[" + " ".join(f"{v:.2g}" for v in values) + "]"


def _target_words(frame: Frame, target) -> str:
    """What the nudge was asked to answer: 'horizontal', 'a 7', 'y = 0.31', or 'a batch's targets'."""
    world = frame.world
    if world is None or world.task == "multi-label":
        return TARGET_NAMES.get(tuple(target), str(list(target)))
    if world.task == "regression":
        return f"{world.class_names[0]} = {target[0]:.3g}"
    if len(world.answer_names) == 1:  # one sigmoid: the target is 0 or 1
        return world.class_names[int(round(target[0]))]
    return f"a {world.class_names[int(target[0])]}"


def _said_words(frame: Frame, output) -> str:
    """What the network answered: 'H 12% V 88%', '7 (93%)', or 'y = 0.28'."""
    world = frame.world
    if world is None or world.is_tinynet:
        return f"H {output[0]:.0%} V {output[1]:.0%}"
    if world.task == "regression":
        return f"{world.answer_names[0]} = {output[0]:.3g}"
    if len(output) == 1:
        return f"{world.answer_names[0]} {output[0]:.0%}"
    best = max(range(len(output)), key=output.__getitem__)
    return f"{world.answer_names[best]} ({output[best]:.0%})"


def settings_line(frame: Frame) -> str:
    """Recipe, origin, seed and settings: 'relu-v1 · seed 0 · relu · sgd+mom 0.9 · mse · cpu' (as markup).

    The learning rate is left to the status line, which shows it as it changes. A recipe off
    its preset's world is described whole, so its settings are not said twice. The origin is a
    file's name: shown as text, never read as markup, with control characters made visible.
    """
    origin = f"from {escape(visible(frame.origin))} · " if frame.origin else ""
    recipe = escape(visible(recipe_name(frame.preset, frame.config)))
    if off_preset(frame.preset, frame.config):
        return f"{recipe} · {origin}seed {frame.seed} · {frame.device}"
    activation, optimizer, _, loss = settings_words(frame.config)
    return f"{recipe} · {origin}seed {frame.seed} · {activation} · {optimizer} · {loss} · {frame.device}"
