"""The files that save and export write, worked out before they are written (to ask first)."""

from __future__ import annotations

from pathlib import Path

CHECKPOINT_SUFFIX = ".safetensors"


def checkpoint_path(text: str) -> Path:
    """The file a save writes: the name given, with .safetensors added when it has another ending."""
    path = Path(text).expanduser()
    return path if path.suffix == CHECKPOINT_SUFFIX else path.with_name(path.name + CHECKPOINT_SUFFIX)


def export_paths(base: str) -> tuple[Path, Path]:
    """BASE-loss.csv and BASE-weights.json, as tinynet_core.export.export_run names them."""
    path = Path(base).expanduser()
    return path.with_name(path.name + "-loss.csv"), path.with_name(path.name + "-weights.json")


def run_export_paths(base: str) -> tuple[Path, Path, Path]:
    """BASE-history.csv, BASE-weights.json and BASE.safetensors, as tinynet_core.runs.export_run names them."""
    path = Path(base).expanduser()
    return tuple(path.with_name(path.name + suffix) for suffix in ("-history.csv", "-weights.json", ".safetensors"))


def nearby_checkpoints(folder: Path, limit: int = 50) -> list[Path]:
    """The .safetensors files in a folder, newest first (a folder that cannot be read has none)."""
    try:
        found = [p for p in folder.iterdir() if p.suffix == CHECKPOINT_SUFFIX and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
