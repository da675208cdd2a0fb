"""Helpers for driving TinyNetApp in tests: wait for the engine instead of sleeping blindly."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from tinynet_tui.app import TinyNetApp

TIMEOUT_S = 20.0
POLL_S = 0.02


async def wait_for(pilot, condition: Callable[[], bool], what: str = "condition") -> None:
    """Let the app run until condition() holds; fail the test after TIMEOUT_S."""
    for _ in range(int(TIMEOUT_S / POLL_S)):
        await pilot.pause(POLL_S)
        if condition():
            return
    raise AssertionError(f"timed out waiting for {what}")


async def wait_ready(pilot) -> None:
    """Until the engine's first frame is painted."""
    await wait_for(pilot, lambda: pilot.app.frame is not None, "the engine to start")


async def press_and_wait(pilot, key: str, condition: Callable[[], bool], what: str = "the frame") -> None:
    """Press a key, then wait for its effect to reach the screen."""
    await pilot.press(key)
    await wait_for(pilot, condition, what)


async def nudge(pilot, count: int = 1) -> None:
    """Press n `count` times, waiting for each nudge to be painted."""
    app: TinyNetApp = pilot.app
    for _ in range(count):
        before = app.frame.nudges
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == before + 1, "a nudge")


def rendered_text(renderable, width: int = 80) -> str:
    """What a Rich renderable looks like as plain text."""
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    console.print(renderable)
    return console.export_text()


def recording_driver(preset: str | None = None):
    """The engine's driver, run in this process, keeping every event it sends in `.events`."""
    from tinynet_tui.driver import Driver, StartOptions

    events: list[tuple] = []
    driver = Driver(StartOptions() if preset is None else StartOptions(preset=preset), events.append)
    driver._start_engine()
    driver.events = events
    return driver


def notices(driver) -> list[str]:
    """The notices a recording driver sent, oldest first."""
    return [e[1] for e in driver.events if e[0] == "notice"]


def last_frame(driver):
    """The newest frame a recording driver sent."""
    return next(e[1] for e in reversed(driver.events) if e[0] == "frame")
