"""Snapshots of the screens that matter, with a fixed seed after a fixed number of nudges.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

import pytest

from tinynet_tui.app import TinyNetApp

from .helpers import nudge, wait_for, wait_ready


def after_nudges(count: int):
    """A run_before hook: wait for the engine, then nudge `count` times."""

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await nudge(pilot, count)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_main_screen_after_six_nudges(snap_compare, size):
    assert snap_compare(TinyNetApp(), terminal_size=size, run_before=after_nudges(6))


def test_main_screen_at_start(snap_compare):
    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=after_nudges(0))


def test_help_screen(snap_compare):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: pilot.app.screen.query("#help-box"), "help")

    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=run_before)


def test_too_small_terminal(snap_compare):
    assert snap_compare(TinyNetApp(), terminal_size=(60, 18), run_before=after_nudges(0))
