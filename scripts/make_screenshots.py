"""Regenerate the SVG screenshots in screenshots/ that the README shows.

    python scripts/make_screenshots.py

Each one drives the real app headless with a fixed seed; the mid-run one trains relu-v1 until a
few dozen epochs are done at 10 nudges a frame, so its exact numbers depend on when the frame is taken.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import StartOptions

OUT = Path(__file__).resolve().parents[1] / "screenshots"
SIZE = (100, 32)
POLL_S = 0.02


async def wait_for(pilot, condition, timeout_s: float = 60.0) -> None:
    """Let the app run until condition() holds."""
    for _ in range(int(timeout_s / POLL_S)):
        await pilot.pause(POLL_S)
        if condition():
            return
    raise TimeoutError("the app did not reach the state for a screenshot")


async def shoot(name: str, options: StartOptions, actions, size=SIZE) -> None:
    """Start the app, run `actions(pilot)`, save screenshots/<name>.svg."""
    app = TinyNetApp(options)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.frame is not None)
        await actions(pilot)
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def nothing(pilot) -> None:
    """The start screen as it opens."""


async def six_nudges(pilot) -> None:
    """Six single nudges: the last one's changes are highlighted."""
    app = pilot.app
    for _ in range(6):
        before = app.frame.nudges
        await pilot.press("n")
        await wait_for(pilot, lambda: app.frame.nudges == before + 1)


async def mid_run(pilot) -> None:
    """relu-v1 running fast, caught mid-run with the movement curve on."""
    app = pilot.app
    await pilot.press("m", "plus", "r")
    await wait_for(pilot, lambda: app.frame.epochs_done >= 30 and app.frame.running)


def view_after_epochs(key: str, epochs: int, nudges: int = 0):
    """Train some epochs (and single nudges), then open a view with its key."""

    async def actions(pilot) -> None:
        app = pilot.app
        for _ in range(epochs):
            done = app.frame.epochs_done
            await pilot.press("e")
            await wait_for(pilot, lambda: app.frame.epochs_done > done)
        for _ in range(nudges):
            before = app.frame.nudges
            await pilot.press("n")
            await wait_for(pilot, lambda: app.frame.nudges == before + 1)
        await pilot.press(key)
        await wait_for(pilot, lambda: app.screen.query("#view-body"))

    return actions


async def main() -> None:
    """All screenshots."""
    OUT.mkdir(exist_ok=True)
    await shoot("start", StartOptions(), nothing)
    await shoot("after-nudges", StartOptions(), six_nudges)
    await shoot("mid-run", StartOptions(preset="relu-v1", seed=1), mid_run)
    await shoot("small-80x24", StartOptions(), six_nudges, size=(80, 24))
    await shoot("inspector", StartOptions(), view_after_epochs("i", 0, 3))
    await shoot("diagram", StartOptions(preset="sigmoid-baseline"), view_after_epochs("d", 300, 1))
    await shoot("verdicts", StartOptions(preset="sigmoid-baseline"), view_after_epochs("V", 600))
    await shoot("tests", StartOptions(preset="sigmoid-baseline"), view_after_epochs("t", 600))


if __name__ == "__main__":
    asyncio.run(main())
