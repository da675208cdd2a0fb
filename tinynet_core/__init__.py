"""tinynet_core: the TinyNet training engine (pure PyTorch, no UI)."""

from .checkpoint import CheckpointError, load_checkpoint, load_trainer, save_checkpoint
from .config import PRESETS, ConfigError, Preset, TrainConfig, preset_config
from .device import DeviceError, resolve_device
from .model import TinyNet, seeded_model
from .records import EpochSummary, Nudge, ParamChange
from .trainer import Trainer

__all__ = [
    "PRESETS",
    "CheckpointError",
    "ConfigError",
    "DeviceError",
    "EpochSummary",
    "Nudge",
    "ParamChange",
    "Preset",
    "TinyNet",
    "TrainConfig",
    "Trainer",
    "load_checkpoint",
    "load_trainer",
    "preset_config",
    "resolve_device",
    "save_checkpoint",
    "seeded_model",
]
