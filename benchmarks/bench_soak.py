"""Soak run: the app in run mode at the fastest speed for N minutes; memory at the start and the end.

    python benchmarks/bench_soak.py [--minutes 10] [--samples 10] [--engine-only]

Prints the resident memory of the app's process and of the engine's process, and the epochs
trained, at the start and at every sample, then the growth per 1,000 epochs. With the
histories bounded (tinynet_core.limits.MAX_LOSS_HISTORY epochs), memory levels off once a run
passes that many epochs. --engine-only soaks the bare Trainer in this process instead.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from tinynet_tui.app import TinyNetApp

POLL_S = 0.05


def rss_mib(pid: int | str = "self") -> float:
    """Resident memory of a process, in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


async def soak_app(seconds: float, samples: int) -> list[tuple[float, int, float, float]]:
    """(elapsed s, epochs, app MiB, engine MiB) at the start and at each sample."""
    app = TinyNetApp()
    rows = []
    async with app.run_test(size=(100, 32)) as pilot:
        while app.frame is None:
            await pilot.pause(POLL_S)
        await pilot.press(*["plus"] * 8)  # up to the fastest speed
        await pilot.press("r")
        engine = app.engine._process.pid
        start = time.perf_counter()
        for i in range(samples + 1):
            target = start + seconds * i / samples
            while time.perf_counter() < target:
                await pilot.pause(POLL_S)
            rows.append((time.perf_counter() - start, app.frame.epochs_done, rss_mib(), rss_mib(engine)))
            print(f"{rows[-1][0]:7.0f} s  epoch {rows[-1][1]:>9,}  app {rows[-1][2]:7.1f} MiB  engine {rows[-1][3]:7.1f} MiB", flush=True)
        await pilot.press("r")
    return rows


def soak_engine(seconds: float, samples: int) -> list[tuple[float, int, float, float]]:
    """The bare Trainer in this process: (elapsed s, epochs, MiB, 0)."""
    from tinynet_core import Trainer

    trainer = Trainer(seed=0, engine="hand")
    rows, start = [], time.perf_counter()
    for i in range(samples + 1):
        while time.perf_counter() < start + seconds * i / samples:
            trainer.train(100)
        rows.append((time.perf_counter() - start, trainer.epochs_done, rss_mib(), 0.0))
        print(f"{rows[-1][0]:7.0f} s  epoch {rows[-1][1]:>9,}  {rows[-1][2]:7.1f} MiB", flush=True)
    return rows


def main() -> None:
    """Run the soak and report the growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--engine-only", action="store_true")
    args = parser.parse_args()
    seconds = args.minutes * 60
    rows = soak_engine(seconds, args.samples) if args.engine_only else asyncio.run(soak_app(seconds, args.samples))
    (_, epochs0, app0, engine0), (_, epochs1, app1, engine1) = rows[0], rows[-1]
    per_k = 1000 / max(1, epochs1 - epochs0)
    print(f"start: app {app0:.1f} MiB, engine {engine0:.1f} MiB; end ({epochs1:,} epochs): app {app1:.1f} MiB, engine {engine1:.1f} MiB")
    print(f"growth per 1,000 epochs: app {(app1 - app0) * per_k * 1024:.1f} KiB, engine {(engine1 - engine0) * per_k * 1024:.1f} KiB")


if __name__ == "__main__":
    main()
