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


def after_epochs_then(count: int, key: str):
    """A run_before hook: wait for the engine, finish `count` epochs, then press `key`."""

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        for _ in range(count):
            done = pilot.app.frame.epochs_done
            await pilot.press("e")
            await wait_for(pilot, lambda: pilot.app.frame.epochs_done > done, "an epoch")
        await pilot.press(key)
        await wait_for(pilot, lambda: pilot.app.screen.query("#view-body"), "the view")

    return run_before


def test_verdict_map(snap_compare):
    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=after_epochs_then(3, "V"))


def test_tests_panel(snap_compare):
    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=after_epochs_then(3, "t"))


def test_inspector(snap_compare):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        await pilot.press("i")
        await wait_for(pilot, lambda: pilot.app.screen.query("#inspector-text"), "the inspector")

    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=run_before)


def test_diagram(snap_compare):
    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=after_epochs_then(3, "d"))


def test_main_screen_light_theme(snap_compare):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await nudge(pilot, 6)
        pilot.app.theme = "textual-light"  # what T's theme picker sets when textual-light is chosen
        await pilot.pause()

    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=run_before)


def test_sweep_view(snap_compare):
    from textual.widgets import OptionList

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await pilot.press("W")
        await wait_for(pilot, lambda: pilot.app.screen.query(OptionList) and pilot.app.screen.query_one(OptionList).option_count == 200, "the sweep")

    from tinynet_tui.driver import StartOptions

    assert snap_compare(TinyNetApp(StartOptions(preset="relu-v1")), terminal_size=(80, 24), run_before=run_before)


def test_tour_chapter(snap_compare):
    """The discovery tour's third chapter: 100 epochs trained, the claim measured on them."""

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        for index in range(3):
            if index:
                await pilot.press("pagedown")
            await wait_for(pilot, lambda: pilot.app.tour_pane.index == index and pilot.app.tour_pane.ready, "the chapter")
        await pilot.pause(0.2)

    assert snap_compare(TinyNetApp(tour="discovery"), terminal_size=(80, 24), run_before=run_before)


def test_compare_view(snap_compare):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await pilot.press("C")
        await wait_for(pilot, lambda: "Loading" not in str(pilot.app.screen.query_one("#compare-table").render()), "the models")

    assert snap_compare(TinyNetApp(), terminal_size=(80, 24), run_before=run_before)


def lab_epochs(count: int):
    """A run_before hook for a lab world: wait for the engine, then finish `count` epochs."""

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        for _ in range(count):
            done = pilot.app.frame.epochs_done
            await pilot.press("e")
            await wait_for(pilot, lambda: pilot.app.frame.epochs_done > done, "an epoch")
        await pilot.pause(0.3)  # let a new input view settle

    return run_before


# One world of each kind the app draws, trained a fixed number of epochs.
LAB_WORLDS = {
    "digits": (["--world", "digits"], 2),
    "spiral": (["--preset", "spiral-softmax"], 60),
    "curve": (["--preset", "curve-fit"], 20),
    "diabetes": (["--preset", "diabetes-regression"], 10),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("world", list(LAB_WORLDS))
def test_lab_world(snap_compare, world, size):
    from tinynet_tui.__main__ import parse_options

    argv, epochs = LAB_WORLDS[world]
    options, _ = parse_options(argv)
    assert snap_compare(TinyNetApp(options), terminal_size=size, run_before=lab_epochs(epochs))
