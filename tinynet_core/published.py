"""The three published TinyNet models: shipped safetensors files, each a preset trained from a fixed seed.

scripts/make_models.py makes them; tests/core/test_published.py retrains and compares.
"""

from __future__ import annotations

from pathlib import Path

# Preset name -> the seed it is trained from (the first seed, counting from 0, that solves the task).
PUBLISHED = {"sigmoid-baseline": 0, "relu-v1": 1, "relu-v2-regularized": 0}
MODELS_DIR = Path(__file__).with_name("models")


def published_path(name: str) -> Path:
    """Where a published model's file is."""
    return MODELS_DIR / f"{name}.safetensors"


def resolve_model(name_or_path: str) -> str:
    """A published model's name becomes its shipped file; anything else is taken as a path."""
    return str(published_path(name_or_path)) if name_or_path in PUBLISHED else name_or_path
