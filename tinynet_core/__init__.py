"""tinynet_core: the TinyNet and lab training engine (pure PyTorch, no UI).

Names are imported lazily so that `tinynet_core.config` and `tinynet_core.options` load without
torch: the app paints its first frame while torch (about 2 s to import) comes up behind it.
"""

from importlib import import_module

_EXPORTS = {
    "CheckpointError": "checkpoint",
    "load_checkpoint": "checkpoint",
    "load_trainer": "checkpoint",
    "save_checkpoint": "checkpoint",
    "PRESETS": "config",
    "ConfigError": "config",
    "Preset": "config",
    "TrainConfig": "config",
    "preset_config": "config",
    "DeviceError": "device",
    "resolve_device": "device",
    "TinyNet": "model",
    "seeded_model": "model",
    "MLP": "nets",
    "seeded_mlp": "nets",
    "WORLDS": "worlds",
    "DataOptions": "worlds",
    "world_named": "worlds",
    "EpochSummary": "records",
    "Nudge": "records",
    "ParamChange": "records",
    "Trainer": "trainer",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'tinynet_core' has no attribute {name!r}") from None
    return getattr(import_module(f".{module}", __name__), name)
