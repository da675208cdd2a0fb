"""Text from outside (file names, tensor names, config keys, typed text) made safe to print."""

from __future__ import annotations


def visible(text: object) -> str:
    """The text with every control or invisible formatting character written as an escape (\\x1b, \\n, \\u202e)."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
