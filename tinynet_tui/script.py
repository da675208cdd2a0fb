"""Replay scripts: a plain-text list of actions played against the app, for demos that can be
recorded again identically.

    # comments and blank lines are ignored
    key n n e          press keys (Textual key names: n, R, space, enter, escape, question_mark, ...)
    type 0.5           type text into a prompt (then `key enter`)
    click 1 0          click the picture's cell at row 1, column 0 (of the 2×2 grid, the 8×8 digits…)
    chart 12           click the loss chart at epoch 12 (rewind shows that epoch's end)
    point 1.5 -2       click the plane's map at exactly (x1, x2) = (1.5, -2): the cursor goes there, the pen draws
    pause 0.5          wait this many seconds (let a run go on, or give a viewer time)
    screenshot start   save start.svg in the screenshot folder (--screenshot-dir)
    stay               keep the app open when the script is done (without it, the app ends)

A script ends the app when it is done, so `asciinema rec -c "tinynet-tui --script ..."` ends too;
a demo that hands over to a person puts `stay` anywhere in it. After every key, type and click the script waits until the engine has dealt with it, so the
same script gives the same screens every time (timed runs aside: `r` then `pause` trains for
as long as the machine allows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from tinynet_core.errors import InputError
from tinynet_core.limits import MAX_COORDINATE, MAX_COUNT, MAX_SCRIPT_BYTES
from tinynet_core.safe_io import FileRefused, read_bounded

# Key names a script may press besides single characters: Textual's named keys, with modifiers.
NAMED_KEYS = frozenset(k.value for k in Keys) | frozenset(KEY_NAME_REPLACEMENTS.values())
MODIFIERS = frozenset(("ctrl", "shift", "alt", "meta", "super", "hyper"))


# No pixel world's picture has more rows or columns than this.
MAX_PICTURE_SIDE = 64


class ScriptError(InputError):
    """A script that cannot be played; the message names the file and line."""


@dataclass(frozen=True)
class Action:
    """One line of a script."""

    kind: str  # "key", "type", "click", "chart", "point", "pause", "screenshot" or "stay"
    args: tuple
    line: int


def _parse_line(words: list[str], number: int, where: str) -> Action:
    kind, rest = words[0], words[1:]
    unknown = [name for name in rest if not is_key_name(name)] if kind == "key" else []
    if unknown:
        raise ScriptError(f"{where}:{number}: unknown key {unknown[0]!r} (Textual key names: n, R, space, enter, escape, question_mark, ctrl+a, ...)")
    if kind == "key" and rest:
        return Action("key", tuple(rest), number)
    if kind == "type" and rest:
        return Action("type", (" ".join(rest),), number)
    if kind == "click" and len(rest) == 2 and all(w.isdigit() and int(w) < MAX_PICTURE_SIDE for w in rest):
        return Action("click", (int(rest[0]), int(rest[1])), number)
    if kind == "chart" and len(rest) == 1 and rest[0].isdigit() and 1 <= int(rest[0]) <= MAX_COUNT:
        return Action("chart", (int(rest[0]),), number)
    if kind == "point" and len(rest) == 2:
        coordinates = [_number(w) for w in rest]
        if all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in coordinates):
            return Action("point", tuple(coordinates), number)
    if kind == "pause" and len(rest) == 1:
        seconds = _number(rest[0])
        if math.isfinite(seconds) and 0 <= seconds <= 3600:
            return Action("pause", (seconds,), number)
    if kind == "stay" and not rest:
        return Action("stay", (), number)
    if kind == "screenshot" and len(rest) == 1 and rest[0].replace("-", "").replace("_", "").isalnum():
        return Action("screenshot", (rest[0],), number)
    usage = {
        "key": "key NAME [NAME ...]",
        "type": "type TEXT",
        "click": f"click ROW COL (each a whole number below {MAX_PICTURE_SIDE}: a cell of the picture)",
        "chart": "chart EPOCH (a whole number from 1: the epoch clicked on the loss chart)",
        "point": f"point X1 X2 (each a number within ±{MAX_COORDINATE:g}: a spot on the plane)",
        "pause": "pause SECONDS (0 to 3600)",
        "screenshot": "screenshot NAME (letters, digits, - and _)",
        "stay": "stay (no arguments)",
    }
    if kind in usage:
        raise ScriptError(f"{where}:{number}: expected '{usage[kind]}'")
    raise ScriptError(f"{where}:{number}: unknown action {kind!r}; use key, type, click, chart, point, pause, screenshot or stay")


def _number(word: str) -> float:
    """A number a script wrote, or NaN where it wrote none."""
    try:
        return float(word)
    except ValueError:
        return math.nan


def is_key_name(name: str) -> bool:
    """True for a key Textual can press: a character, or a key name (enter, question_mark, ctrl+a)."""
    *modifiers, base = name.split("+") if len(name) > 1 else [name]
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    return base in NAMED_KEYS or key_to_character(base) is not None


def parse_script(text: str, where: str = "script") -> list[Action]:
    """The actions of a script, or a ScriptError naming the first bad line."""
    actions = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            actions.append(_parse_line(line.split(), number, where))
    return actions


def load_script(path: str | Path) -> list[Action]:
    """Read and parse a script file."""
    try:
        text = read_bounded(path, MAX_SCRIPT_BYTES, "script").decode("utf-8")
    except FileRefused as err:
        raise ScriptError(str(err)) from None
    except UnicodeDecodeError as err:
        raise ScriptError(f"cannot read script {path}: {err}") from None
    return parse_script(text, str(path))


def stays_open(actions: list[Action]) -> bool:
    """True when the script asks the app to stay open once it is done."""
    return any(action.kind == "stay" for action in actions)
