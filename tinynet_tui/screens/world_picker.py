"""The world picker and the preset list: every world and preset, each with its one-line description."""

from __future__ import annotations

from tinynet_core.config import PRESETS, PROJECTS, presets_in_world
from tinynet_core.worlds import WORLDS

from .choice import ChoiceScreen, Entry, entry_text


def preset_entries() -> list[Entry]:
    """Every preset under a heading for the seed project whose story it retells."""
    entries: list[Entry] = []
    for project in PROJECTS:
        entries.append((None, project))
        entries += [(name, entry_text(name, p.summary)) for name, p in PRESETS.items() if p.project == project]
    return entries


def world_entries() -> list[Entry]:
    """Every world, with its summary and the preset it starts from."""
    entries: list[Entry] = []
    for name, world in WORLDS.items():
        first = first_preset(name)
        start = f" (starts as {first})" if first else " (TinyNet's defaults)"
        entries.append((name, entry_text(name, world.summary + start)))
    return entries


def first_preset(world: str) -> str | None:
    """The preset a picked world starts from: its first, if it has one."""
    return next(iter(presets_in_world(world)), None)


class PresetListScreen(ChoiceScreen):
    """The presets grouped by project; returns the chosen preset's name."""

    def __init__(self, current: str | None = None) -> None:
        super().__init__("Preset (resets the network)", preset_entries(), current, wide=True)


class WorldPickerScreen(ChoiceScreen):
    """Every world; returns the chosen world's name."""

    def __init__(self, current: str | None = None) -> None:
        super().__init__("World (resets the network to its first preset)", world_entries(), current, wide=True)
