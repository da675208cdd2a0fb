"""The screen's number formats: compact ones fit their column, precise ones can be recomputed."""

import math

import pytest

from tinynet_tui.numbers import compact, precise


@pytest.mark.parametrize(
    ("value", "width", "shown"),
    [
        (0.267, 6, "+0.267"),
        (-0.0123, 6, "-0.012"),
        (0.0, 6, "+0.000"),
        (-0.0001, 6, " -1e-4"),  # fixed-point would print -0.000
        (6e-05, 6, " +6e-5"),
        (1435103414737718242539732992.0, 6, " +1e27"),  # a diverged weight stays in its column
        (-1435103414737718242539732992.0, 8, "-1.44e27"),
        (12.5, 6, "+12.50"),
        (0.00012345, 8, "+1.23e-4"),  # wider columns show more digits
        (0.0123456, 8, "+0.01235"),
        (1e-12, 5, "+1e-12"),  # too narrow for the truth: wider, never a false zero
        (math.inf, 6, "  +inf"),
        (math.nan, 6, "   nan"),
    ],
)
def test_compact_fits_the_column_and_never_reads_zero_for_non_zero(value, width, shown):
    assert compact(value, width) == shown


@pytest.mark.parametrize("value", [1e-12, -3.3e-7, 0.5, -17.25, 9.99e30, 123456.0])
@pytest.mark.parametrize("width", [6, 7, 8, 10])
def test_compact_always_fits_and_keeps_the_sign(value, width):
    text = compact(value, width)
    assert len(text) == width and text.strip()[0] == ("+" if value > 0 else "-")
    assert float(text) != 0


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.000005, "+5.000e-6"),  # Adam's v: fixed-point to 6 decimals printed +0.000005
        (0.26945, "+0.2695"),
        (-0.001234, "-0.001234"),
        (0.0, "+0.000"),
        (123.45, "+123.5"),
        (2.5e9, "+2.500e9"),
    ],
)
def test_precise_shows_four_significant_digits(value, shown):
    assert precise(value) == shown
    assert float(shown) == pytest.approx(value, rel=1e-3)
