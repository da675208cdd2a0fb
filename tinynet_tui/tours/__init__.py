"""Guided tours: the discovery and trainer runbooks, and the seed projects on the lab (the learning
journey, from scratch, the Playground), as chapters the user walks with the keyboard.

A chapter sets up the state it talks about (preset, seed, config changes, epochs trained, the
pattern on the grid), tells the user what to look at, and measures its claims on the live frame.
"""

from __future__ import annotations

from .chapter import Chapter, Claim, Setup, Tour
from .discovery import DISCOVERY
from .journey import JOURNEY
from .playground import PLAYGROUND
from .scratch import SCRATCH
from .trainer import TRAINER

TOURS: dict[str, Tour] = {tour.name: tour for tour in (DISCOVERY, TRAINER, JOURNEY, SCRATCH, PLAYGROUND)}
TOUR_NAMES = tuple(TOURS)

__all__ = ["TOURS", "TOUR_NAMES", "Chapter", "Claim", "Setup", "Tour"]
