"""The settings panel: every hyperparameter of the engine, live; a change to the network's shape or data rebuilds it.

Each value is checked by TrainConfig itself (its ConfigError says the allowed range), so the
panel never holds a rule of its own about what is allowed. A refused value changes nothing.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static

from tinynet_core.config import ACTIVATIONS, HEADS, LOSSES, LOSSES_FOR_HEAD, MAX_LR, NEEDS_RESET, OPTIMIZERS, ConfigError, TrainConfig, field_words
from tinynet_core.options import natural_loss, widths
from tinynet_core.worlds import DEFAULT_WORLD, FEATURES, WORLDS

from ..frame import WorldInfo

# A new hidden layer starts this wide when there is no layer to copy the width of.
NEW_LAYER_WIDTH = 4


@dataclass(frozen=True)
class Setting:
    """One row of the panel: a config field, how it is edited, and a short hint."""

    field: str
    label: str
    # How it is edited: "choice" (a list), "number", "whole" (number), "optional" (a number, or
    # blank for the engine's default), "widths" (the hidden layers), "features" (the plane's), "flag".
    kind: str
    hint: str = ""
    choices: tuple[str, ...] = ()


# Training: applies from the next nudge (Trainer.configure).
LIVE = (
    Setting("lr", "learning rate", "number", f"above 0, at most {MAX_LR:g}"),
    Setting("activation", "activation", "choice", "hidden layers", ACTIVATIONS),
    Setting("optimizer", "optimizer", "choice", "", OPTIMIZERS),
    Setting("momentum", "momentum", "number", "sgd and rmsprop; below 1"),
    Setting("weight_decay", "L2 (weight decay)", "number", "its rate; 0 is off"),
    Setting("l1", "L1", "number", "its rate; 0 is off"),
    Setting("loss", "loss", "choice", "", LOSSES),
    Setting("batch_size", "batch size", "whole", "examples a nudge"),
    Setting("noise", "input noise", "number", "std, fresh each epoch"),
    Setting("epochs", "epochs", "whole", "what a sweep trains"),
    Setting("ambiguous", "ambiguous examples", "flag", "from the next epoch"),
)
# The network and its data: a change builds a new network (Trainer.reset with the change).
REBUILD = (
    Setting("hidden", "hidden layers", "widths", "e.g. 8,8, or none"),
    Setting("features", "input features", "features"),
    Setting("head", "output head", "choice", "", HEADS),
    Setting("val_split", "validation split", "number", "share held out"),
    Setting("label_noise", "label noise", "optional", "share flipped (blank: the world's)"),
    Setting("data_noise", "data noise", "number", "the world's own noise"),
    Setting("hidden_bias", "hidden bias start", "optional", "blank: PyTorch's random start"),
    Setting("data_seed", "data seed", "whole", "which data, which split"),
)


def shows(setting: Setting, config: TrainConfig, world: WorldInfo | None) -> bool:
    """Whether a setting means anything on this world: features on the plane, ambiguous examples on TinyNet's."""
    if setting.kind == "features":
        return world is not None and world.kind == "plane"
    if setting.field == "ambiguous":
        return config.world == DEFAULT_WORLD
    return True


def choices_for(setting: Setting, config: TrainConfig) -> tuple[str, ...]:
    """The choices offered: a world's heads are only those its task can use."""
    if setting.field == "head" and config.world in WORLDS:
        return WORLDS[config.world].heads
    return setting.choices


def text_of(setting: Setting, value: object) -> str:
    """A value as the panel's input shows it."""
    if setting.kind == "widths":
        return ",".join(map(str, value)) if value else "none"
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def parsed(setting: Setting, text: str) -> object:
    """The value typed, or the text itself when it is no number (TrainConfig then says what is allowed)."""
    text = text.strip()
    try:
        if setting.kind == "widths":
            return widths(text)
        if setting.kind == "optional" and text.lower() in ("", "none", "default"):
            return None
        return int(text) if setting.kind == "whole" else float(text)
    except (ValueError, argparse.ArgumentTypeError):
        return text


def with_change(config: TrainConfig, field: str, value: object) -> dict[str, object]:
    """The fields to change: a new head brings its natural loss when the old loss cannot go with it."""
    changes = {field: value}
    if field == "head" and value in LOSSES_FOR_HEAD and config.loss not in LOSSES_FOR_HEAD[value]:
        changes["loss"] = natural_loss(value)
    return changes


class SettingsScreen(ModalScreen[None]):
    """Edit the running network's settings; each accepted change goes to the engine at once."""

    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    #settings-box { width: 100%; max-width: 100; height: auto; max-height: 100%; border: round $accent; background: $surface; padding: 0 1; }
    #settings-rows { height: auto; max-height: 100%; }
    .settings-heading { text-style: bold; color: $text-accent; }
    .setting { height: auto; }
    .setting-label { width: 19; }
    .setting Input, .setting Select, .setting Checkbox { width: 22; }
    .setting Input { background: $boost; }
    .setting-note { width: 1fr; padding: 0 0 0 1; color: $text-muted; }
    .setting-note.-refused { color: $error; text-style: bold; }
    .setting-note.-applied { color: $success; }
    #set-hidden { width: 12; }
    #layer-buttons { width: auto; }
    #layer-buttons Button { width: auto; min-width: 0; margin: 0 0 0 1; }
    #features-row Checkbox { width: auto; margin: 0 1 0 0; }
    """

    BINDINGS = [Binding("escape", "close", "Back")]
    AUTO_FOCUS = "#set-lr"  # the first field, so typing starts there

    def __init__(self, config: dict[str, object], world: WorldInfo | None) -> None:
        super().__init__()
        self.config = TrainConfig.from_dict(config)  # as applied: the engine runs this
        self.world = world

    def compose(self) -> ComposeResult:
        """Two groups of rows: what applies live, and what rebuilds the network."""
        with Vertical(id="settings-box") as box:
            box.border_title = f"Settings · world {self.config.world} (b picks another)"
            box.border_subtitle = "tab / click to move · enter applies · esc closes"
            with VerticalScroll(id="settings-rows"):
                yield Static("Training: applies from the next nudge, the weights kept", classes="settings-heading")
                for setting in LIVE:
                    if shows(setting, self.config, self.world):
                        yield self._row(setting)
                yield Static("The network and its data: a change builds a new network", classes="settings-heading")
                for setting in REBUILD:
                    if shows(setting, self.config, self.world):
                        yield self._row(setting)

    def _row(self, setting: Setting) -> Widget:
        value = getattr(self.config, setting.field)
        note = Static(setting.hint, id=f"note-{setting.field}", classes="setting-note")
        label = Static(setting.label, classes="setting-label")
        if setting.kind == "features":
            chosen = value or ("x1", "x2")
            boxes = [Checkbox(FEATURES[f][0], f in chosen, compact=True, id=f"feature-{f}") for f in FEATURES]
            return Vertical(HorizontalGroup(label, note), HorizontalGroup(*boxes, id="features-row"), classes="setting")
        if setting.kind == "choice":
            options = [(c, c) for c in choices_for(setting, self.config)]
            control = Select(options, value=value, allow_blank=False, compact=True, id=f"set-{setting.field}")
        elif setting.kind == "flag":
            control = Checkbox("on", bool(value), compact=True, id=f"set-{setting.field}")
        else:
            control = Input(text_of(setting, value), compact=True, id=f"set-{setting.field}")
        row = [label, control, note]
        if setting.kind == "widths":
            row.insert(2, HorizontalGroup(Button("+layer", id="add-layer", compact=True), Button("−layer", id="drop-layer", compact=True), id="layer-buttons"))
        return HorizontalGroup(*row, classes="setting")

    # -- edits --------------------------------------------------------------------------------

    def _setting(self, widget_id: str | None) -> Setting | None:
        field = (widget_id or "").removeprefix("set-")
        return next((s for s in (*LIVE, *REBUILD) if s.field == field), None)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        self._apply_text(event.input)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        """Leaving a field applies what was typed (if it changed)."""
        self._apply_text(event.input)

    def _apply_text(self, widget: Input) -> None:
        setting = self._setting(widget.id)
        if setting is None:
            return
        if widget.value.strip() == text_of(setting, getattr(self.config, setting.field)):
            return
        self.apply(setting.field, parsed(setting, widget.value))

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        setting = self._setting(event.select.id)
        if setting is not None and event.value != getattr(self.config, setting.field):
            self.apply(setting.field, event.value)

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        widget_id = event.checkbox.id or ""
        if widget_id.startswith("feature-"):
            chosen = tuple(f for f in FEATURES if self.query_one(f"#feature-{f}", Checkbox).value)
            if chosen != (self.config.features or ("x1", "x2")):
                self.apply("features", chosen)
            return
        setting = self._setting(widget_id)
        if setting is not None and event.value != getattr(self.config, setting.field):
            self.apply(setting.field, event.value)

    @on(Button.Pressed, "#add-layer")
    def _add_layer(self) -> None:
        hidden = self.config.hidden
        self.apply("hidden", (*hidden, hidden[-1] if hidden else NEW_LAYER_WIDTH))

    @on(Button.Pressed, "#drop-layer")
    def _drop_layer(self) -> None:
        if self.config.hidden:
            self.apply("hidden", self.config.hidden[:-1])

    def apply(self, field: str, value: object) -> None:
        """Send one change to the engine, or refuse it in place with TrainConfig's reason."""
        changes = with_change(self.config, field, value)
        try:
            config = self.config.replace(**changes)
        except ConfigError as err:
            self._note(field, f"refused: {err}", "-refused")
            return
        rebuild = [f for f in NEEDS_RESET if getattr(config, f) != getattr(self.config, f)]
        self.config = config
        words = ", ".join(field_words(f, getattr(config, f)) for f in changes)
        if rebuild:
            self.app.engine.reset(changes=changes)
            self.app.notify(f"Network rebuilt with {words}: a fresh network from the same seed (the curves restart).")
        else:
            self.app.engine.configure(**changes)
            self.app.notify(f"{words[0].upper()}{words[1:]} from the next nudge; the weights are kept.")
        for changed in changes:
            self._note(changed, f"✓ {field_words(changed, getattr(config, changed))}", "-applied")
        self._show_values(changes)

    def _show_values(self, fields) -> None:
        """Put applied values back in their controls (a head's new loss, a layer added by button)."""
        for field in fields:
            setting = self._setting(field)
            value = getattr(self.config, field)
            if setting is None or not self.query(f"#set-{field}"):
                continue
            control = self.query_one(f"#set-{field}")
            if isinstance(control, Input):
                control.value = text_of(setting, value)
            elif isinstance(control, Select) and control.value != value:
                with control.prevent(Select.Changed):
                    control.value = value

    def _note(self, field: str, text: str, kind: str) -> None:
        for note in self.query(f"#note-{field}"):
            note.update(Text(text))
            note.set_class(kind == "-refused", "-refused")
            note.set_class(kind == "-applied", "-applied")

    def action_close(self) -> None:
        """Back to the lab."""
        self.dismiss(None)
