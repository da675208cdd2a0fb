"""How the engine looks at each kind of world: where the input on screen is, and what to draw.

A lens runs in the engine process (it may use torch) and hands the app plain Python values.
The driver picks one by the world's kind, never by its name: a new world of an existing kind
needs nothing here, and a new kind is a new module and one line in LENSES.
"""

from __future__ import annotations

from .base import Lens
from .curve import CurveLens
from .plane import PlaneLens
from .table import TableLens

# kind -> the lens for it; kinds without their own lens get the plain one.
LENSES: dict[str, Lens] = {"plane": PlaneLens(), "curve": CurveLens(), "table": TableLens()}


def lens_for(kind: str) -> Lens:
    """The lens for a kind of world (tinynet_core.worlds.KINDS)."""
    return LENSES.get(kind, PLAIN_LENS)


PLAIN_LENS = Lens()

__all__ = ["LENSES", "Lens", "lens_for"]
