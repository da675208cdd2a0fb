"""How the app names a recipe (a training config), the same way on every screen.

A recipe is named after the preset it comes from, with whatever differs from that preset:
'relu-v1', or 'relu-v1 with lr 0.001'. A network opened from a file is named after the preset
its config is closest to; where it came from is said apart (`origin`).
"""

from __future__ import annotations

from tinynet_core.config import PRESETS, TrainConfig

def value_text(value: object) -> str:
    """A config value as the app writes it: 0.001, 1e-05, relu, True."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def optimizer_name(config: dict[str, object]) -> str:
    """'adam', 'sgd', or 'sgd+mom 0.9' (SGD with momentum 0.9)."""
    if config["optimizer"] == "sgd" and config["momentum"]:
        return f"sgd+mom {value_text(float(config['momentum']))}"
    return str(config["optimizer"])


def settings_words(config: dict[str, object]) -> tuple[str, str, str, str]:
    """('relu', 'sgd+mom 0.9', 'lr 0.1', 'mse'): activation, optimizer, learning rate, loss."""
    return str(config["activation"]), optimizer_name(config), f"lr {value_text(float(config['lr']))}", str(config["loss"])


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


def recipe_name(preset: str, config: dict[str, object]) -> str:
    """'relu-v1', or 'relu-v1 with lr 0.001, epochs 50' when the settings were changed."""
    changes = changes_from(preset, config)
    if not changes:
        return preset
    return f"{preset} with " + ", ".join(f"{field.replace('_', ' ')} {value_text(value)}" for field, value in changes.items())
