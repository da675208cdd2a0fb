"""The app's own commands in Textual's command palette (ctrl+p): every key, preset and tour."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from tinynet_core.config import PRESETS

from .tours import TOURS

# Textual's own system commands already offer these (the theme picker, quitting).
COVERED_BY_TEXTUAL = {"quit", "change_theme"}


def app_commands(app) -> Iterator[SystemCommand]:
    """A command for each of the app's key bindings (that works now), preset and tour."""
    for binding in app.BINDINGS:
        name = binding.action.split("(")[0]
        if name in COVERED_BY_TEXTUAL or not app.check_action(name, ()):
            continue
        keys = ", ".join(app.get_key_display(binding.__class__(key, binding.action)) for key in binding.key.split(","))
        what = binding.tooltip or binding.description
        yield SystemCommand(binding.description, f"{what} (key {keys})", partial(app.run_action, binding.action))
    for name, preset in PRESETS.items():
        yield SystemCommand(f"Preset: {name}", f"{preset.summary} (resets the network)", partial(app.run_action, f"use_preset({name!r})"))
    for name, tour in TOURS.items():
        yield SystemCommand(f"Tour: {name}", f"{tour.title} ({len(tour.chapters)} chapters)", partial(app.run_action, f"start_tour_named({name!r})"))
