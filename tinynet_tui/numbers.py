"""Number formats for the screen: one compact format that fits a column, one that can be recomputed."""

from __future__ import annotations

import math


def _significant(text: str) -> int:
    """How many significant digits a formatted number shows (0 for one that reads as zero)."""
    digits = text.split("e")[0].lstrip("+-").replace(".", "").lstrip("0")
    return len(digits)


def _scientific(value: float, mantissa_decimals: int, sign: str) -> str:
    """'+1.2e-4', '-3e27': no padded exponent, no '+' on it, to save columns."""
    mantissa, exponent = f"{value:{sign}.{mantissa_decimals}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def compact(value: float, width: int = 6, signed: bool = True) -> str:
    """`value` in at most `width` characters (right-aligned), showing as many significant digits
    as fit: fixed-point where that shows more, else scientific, so non-zero never reads as zero."""
    sign = "+" if signed else ""
    if not math.isfinite(value):
        return ("nan" if math.isnan(value) else f"{value:{sign}}").rjust(width)
    candidates = [f"{value:{sign}.{d}f}" for d in range(width, -1, -1)]
    candidates += [_scientific(value, d, sign) for d in range(width, -1, -1)]
    fitting = [text for text in candidates if len(text) <= width]
    # max() keeps the first of equals: fixed-point wins a tie, and more decimals win among fixed.
    best = max(fitting, key=lambda text: (_significant(text), "e" not in text), default="")
    if value != 0 and _significant(best) == 0:
        best = _scientific(value, 0, sign)  # wider than asked, but never a false zero
    return best.rjust(width)


def precise(value: float, digits: int = 4, signed: bool = True) -> str:
    """`value` with `digits` significant digits, enough to recompute a line by hand: fixed-point
    for ordinary sizes, scientific where fixed-point would print leading zeros or huge numbers."""
    sign = "+" if signed else ""
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else f"{value:{sign}}"
    if value == 0:
        return f"{0.0:{sign}.{digits - 1}f}"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent < digits + 2:
        return f"{value:{sign}.{max(0, digits - 1 - exponent)}f}"
    return _scientific(value, digits - 1, sign)
