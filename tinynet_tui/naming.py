"""How the app names a recipe (a training config), the same way on every screen.

A recipe is named after the preset it comes from, with whatever differs from that preset:
'relu-v1', or 'relu-v1 with lr 0.001'. A network on another world than its preset's (a world
picked without a preset) is described whole, world first. A network opened from a file is
named after the preset its config is closest to; where it came from is said apart (`origin`).
The words for each field are tinynet_core.config's, which `tinynet presets` prints too.
"""

from __future__ import annotations

from tinynet_core.config import PRESETS, TrainConfig, describe, field_words, optimizer_words


def settings_words(config: dict[str, object]) -> tuple[str, str, str, str]:
    """('relu', 'sgd+mom 0.9', 'lr 0.1', 'mse'): activation, optimizer, learning rate, loss."""
    c = TrainConfig.from_dict(config)
    return c.activation, optimizer_words(c), field_words("lr", c.lr), c.loss


def settings_summary(config: dict[str, object]) -> str:
    """'relu · sgd+mom 0.9 · lr 0.1 · mse': what trains the network, in a line."""
    return " · ".join(settings_words(config))


def closest_preset(config: dict[str, object]) -> str:
    """The preset whose config differs from this one in the fewest fields (the first on a tie)."""
    return min(PRESETS, key=lambda name: len(changes_from(name, config)))


def changes_from(preset: str, config: dict[str, object]) -> dict[str, object]:
    """The fields where config differs from the preset's, in the config's field order."""
    base = PRESETS[preset].config.to_dict()
    return {field: value for field, value in TrainConfig.from_dict(config).to_dict().items() if base[field] != value}


def off_preset(preset: str, config: dict[str, object]) -> bool:
    """Whether the config trains on another world than its preset (so the preset's name would mislead)."""
    return preset not in PRESETS or PRESETS[preset].config.world != config["world"]


def recipe_name(preset: str, config: dict[str, object]) -> str:
    """'relu-v1', 'relu-v1 with lr 0.001, 50 epochs', or a whole description off the preset's world."""
    if off_preset(preset, config):
        return describe(TrainConfig.from_dict(config))
    changes = changes_from(preset, config)
    if not changes:
        return preset
    return f"{preset} with " + ", ".join(field_words(field, value) for field, value in changes.items())

