"""The plane's colours: an answer's colour whose brightness alone still tells the answer.

Two classes: one ramp from dark blue (sure of the first class) through grey to light orange (sure
of the second), so without colour the shade is the probability. More classes: the winning class's
colour, brighter the surer it is, so without colour the shade is the confidence.
"""

from __future__ import annotations

from textual.color import Color

FIRST, MIDDLE, SECOND = Color(20, 61, 122), Color(118, 118, 128), Color(250, 200, 110)
# The classes' own colours beyond two (they repeat past ten), and the colour of no confidence.
CLASS_COLOURS = tuple(
    Color.parse(c) for c in ("#e4572e", "#4a9fe0", "#6cc24a", "#c77dff", "#f2c14e", "#2ec4b6", "#ff7eb6", "#a0a0a0", "#8d6e63", "#dce775")
)
UNSURE = Color(36, 36, 40)
UNKNOWN = Color(90, 0, 0)  # a diverged network's NaN
LEVELS = 32  # answers are drawn in this many steps (and their styles reused)
LIGHT = 0.5  # a background at least this bright gets dark marks on it


def class_colour(index: int, classes: int) -> Color:
    """The colour that stands for a class: the ramp's ends for two classes, else its own."""
    if classes == 2:
        return (FIRST, SECOND)[index]
    return CLASS_COLOURS[index % len(CLASS_COLOURS)]


def two_class_colour(step: int) -> Color:
    """The ramp's colour at a level of P(second class)."""
    if step < 0:
        return UNKNOWN
    share = step / LEVELS
    return FIRST.blend(MIDDLE, share * 2) if share < 0.5 else MIDDLE.blend(SECOND, share * 2 - 1)


def winner_colour(winner: int, classes: int, step: int) -> Color:
    """The winning class's colour, from dim (a guess among all) to full (sure), at a confidence level."""
    if step < 0:
        return UNKNOWN
    return UNSURE.blend(class_colour(winner, classes), 0.15 + 0.85 * step / LEVELS)


def mark_colour(klass: int, classes: int, background: Color) -> Color:
    """A class's colour for a mark drawn on a background: light on dark ones, dark on light ones."""
    colour = class_colour(klass, classes)
    if background.brightness >= LIGHT:
        return colour.blend(Color(0, 0, 0), 0.55)
    return colour.blend(Color(255, 255, 255), 0.55)


def contrast(background: Color) -> Color:
    """Black or white, whichever reads on the background."""
    return Color(0, 0, 0) if background.brightness >= LIGHT else Color(255, 255, 255)
