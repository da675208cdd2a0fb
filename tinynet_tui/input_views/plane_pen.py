"""The plane's pen: what a click on the map does — move the cursor, add a point of a class, or erase one."""

from __future__ import annotations

from dataclasses import dataclass

LOOK, ADD, ERASE = "look", "add", "erase"


@dataclass(frozen=True)
class Pen:
    """The pen's mode and its ink (the class a point it adds gets)."""

    mode: str = LOOK
    ink: int = 0

    def next_ink(self, classes: int) -> Pen:
        """From looking or erasing: add points of the ink's class; while adding: the next class, and after the last, look again."""
        if self.mode != ADD:
            return Pen(ADD, self.ink)
        return Pen(ADD, self.ink + 1) if self.ink + 1 < classes else Pen(LOOK, 0)

    def toggle_eraser(self) -> Pen:
        """The eraser on; pressed again, the pen adds points of its ink."""
        return Pen(ADD if self.mode == ERASE else ERASE, self.ink)

    @property
    def at_cursor(self) -> str:
        """What the pen does at the cursor (the . key): it erases with the eraser on, else adds (looking too)."""
        return ERASE if self.mode == ERASE else ADD

    def says(self, names: tuple[str, ...]) -> str:
        """One sentence on what a click now does, for a notice."""
        if self.mode == ADD:
            return f"The pen adds {names[self.ink]} points: click the plane (or . at the cursor). I: the next class, z: the eraser."
        if self.mode == ERASE:
            return "The eraser is on: a click (or . at the cursor) erases the nearest point. z again: the pen adds."
        return "A click on the plane moves the cursor again (. still adds a point there). I: the pen."
