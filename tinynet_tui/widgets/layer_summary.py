"""Weights too many to list: one line per layer with its size, typical value and movement."""

from __future__ import annotations

import math

from rich.text import Text

from ..frame import Frame
from ..numbers import compact


def _flat(matrix) -> list[float]:
    return [v for row in matrix for v in row] if matrix and isinstance(matrix[0], list) else list(matrix)


def layer_summary(frame: Frame) -> Text:
    """'layer1  64 → 16  1,040 numbers  mean |w| 0.12  moved 0.0031 (largest 0.0004)' per layer."""
    text = Text()
    sizes = frame.world.sizes
    for index in range(1, len(sizes)):
        name = f"layer{index}"
        values = _flat(frame.values[f"{name}.weight"]) + _flat(frame.values[f"{name}.bias"])
        text.append(f"{name:<8}", style="bold")
        text.append(f"{sizes[index - 1]} → {sizes[index]}  {len(values):,} numbers  ")
        mean = sum(abs(v) for v in values) / len(values)
        text.append(f"mean |w| {compact(mean, 6, signed=False).strip()}")
        if frame.changes:
            moved = _flat(frame.changes[f"{name}.weight"]) + _flat(frame.changes[f"{name}.bias"])
            norm = math.sqrt(sum(v * v for v in moved))
            text.append(f"  moved {compact(norm, 6, signed=False).strip()}", style="yellow")
        text.append("\n")
    text.append(f"{frame.world.parameter_count:,} parameters in all", style="dim")
    return text
