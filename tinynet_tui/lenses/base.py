"""The plain lens: the input on screen is the network's input itself, and there is nothing else to draw."""

from __future__ import annotations

from typing import Any

# A probe is never longer than the widest input a world may have (tinynet_core.limits' columns).
MAX_PROBE = 4096


class Lens:
    """What the engine needs to know about a kind of world to put an input on screen.

    Subclasses (one module per kind) override what differs: the plane's probe is a point whose
    features the network reads, and the plane and the curve draw the network's whole answer.
    """

    def first_probe(self, trainer: Any) -> tuple[float, ...]:
        """What the screen shows first: the first training example (TinyNet's top row)."""
        inputs, _ = trainer.data.train
        return tuple(inputs[0].tolist())

    def probe_size(self, trainer: Any) -> int:
        """How many numbers a probe has."""
        return trainer.sizes[0]

    def network_input(self, trainer: Any, probe: tuple[float, ...]) -> tuple[float, ...]:
        """What the network reads for a probe."""
        return probe

    def probe_of_example(self, trainer: Any, row: int) -> tuple[float, ...]:
        """The probe that puts example `row` of the data set (all rows, in the order made) on screen."""
        return tuple(trainer.data.inputs[row].tolist())

    def look(self, trainer: Any, probe: tuple[float, ...]) -> object | None:
        """What this kind draws beyond the answer for the probe (plain values), or None."""
        return None
