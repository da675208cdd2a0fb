"""Choosing where TinyNet trains: CUDA, Apple MPS or the CPU."""

from __future__ import annotations

import torch

from .config import DEVICE_CHOICES
from .errors import InputError


class DeviceError(InputError):
    """A device that was asked for by name but is not there."""


def mps_available() -> bool:
    """True on Apple silicon with a PyTorch build that has MPS."""
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' picks CUDA, then MPS, then the CPU; an explicit device must exist."""
    name = (name or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise DeviceError(f"unknown device {name!r}; choose one of: {', '.join(DEVICE_CHOICES)}") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError("device 'cuda' was asked for, but no CUDA GPU is available")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise DeviceError(f"device {name!r} does not exist: {torch.cuda.device_count()} CUDA GPU(s) found")
    elif device.type == "mps":
        if not mps_available():
            raise DeviceError("device 'mps' was asked for, but Apple MPS is not available")
    elif device.type != "cpu":
        raise DeviceError(f"unsupported device {name!r}; choose one of: {', '.join(DEVICE_CHOICES)}")
    return device
