"""How fast the app trains, answers keys and starts, as ratios against baselines run alongside.

    python benchmarks/bench_tui.py [--seconds 2] [--rounds 5]

1. Run mode at the fastest speed, nudges/s, against the headless engine timed in the same
   process while the app sits paused; rounds alternate and the median ratio counts (goal: 0.70).
2. Key press to repaint while training runs: a key the UI handles itself (v, the weights view)
   and one that goes through the engine thread (r, pause/run), in milliseconds (goal: at most
   100), timed from the key press to the paint that shows its effect.
3. Launch to the first painted frame of a fresh `tinynet-tui` process, next to how long a fresh
   process takes just to `import torch` (goal: first frame within 1.5 s).
4. The plane's heatmap (the Playground's spiral, a map of at least 60×30 cells): run mode with
   the map painted against run mode with its painting switched off, rounds alternating in one
   app; and the lens's share of the engine's time, the headless engine with and without a look
   computed 12 times a second (goal: the heatmap costs at most 10%). `--plane` runs only this.
5. The lab in run mode: digits and the nnfs spiral at the fastest speed (12 frames a second),
   nudges/s against the headless engine training the same preset with `advance` (as `tinynet
   train` does), rounds alternating (goal: 0.70); and key 'r' to repaint while each runs
   (goal: at most 100 ms). `--lab` runs only this.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

import torch

from tinynet_core import Trainer
from tinynet_core.config import preset_config
from tinynet_tui.__main__ import parse_options
from tinynet_tui.app import TinyNetApp
from tinynet_tui.lenses.plane import PlaneLens
from tinynet_tui.widgets.plane_map import PlaneMap
from tinynet_tui.widgets.weights import WeightsPane

POLL_S = 0.005
LAB_PRESETS = ("digits-mlp", "spiral-softmax")
LAB_SCREEN = (100, 32)


def headless_rate(seconds: float) -> float:
    """Nudges per second of Trainer.nudge() alone."""
    trainer = Trainer(seed=0)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            trainer.nudge()
        count += 100
    return count / (time.perf_counter() - start)


async def wait_for(pilot, condition, timeout_s: float = 30.0) -> None:
    """Run the app until condition() holds."""
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(POLL_S)


async def run_mode_ratios(pilot, rounds: int, seconds: float, baseline, label: str) -> list[float]:
    """Run mode at the fastest speed over the baseline's nudges/s, alternating; ends running."""
    app = pilot.app
    for _ in range(10):
        await pilot.press("plus")
    await wait_for(pilot, lambda: app.frame.speed == 0)
    ratios = []
    for _ in range(rounds):
        engine = baseline()  # the bare engine, in this process, while the app sits paused
        await pilot.press("r")
        await wait_for(pilot, lambda: app.frame.running and app.frame.nudges > 0)
        start_nudges, start = app.frame.nudges, time.perf_counter()
        await pilot.pause(seconds)
        running = (app.frame.nudges - start_nudges) / (time.perf_counter() - start)
        ratios.append(running / engine)
        print(f"  {label}: headless engine {engine:6.0f} nudges/s, app run mode {running:6.0f} nudges/s")
        await pilot.press("r")
        await wait_for(pilot, lambda: not app.frame.running)
    await pilot.press("r")
    await wait_for(pilot, lambda: app.frame.running)
    return ratios


async def app_measurements(seconds: float, rounds: int, key_presses: int) -> tuple[list[float], list[float], list[float]]:
    """Run-mode/headless ratios (rounds alternate in one process), then key latencies in ms."""
    app = TinyNetApp()
    painted_views: list[tuple[float, str]] = []
    painted_frames: list[tuple[float, bool]] = []
    original_render, original_paint = WeightsPane.render, TinyNetApp._paint

    def timed_render(pane):
        painted_views.append((time.perf_counter(), pane.view))
        return original_render(pane)

    def timed_paint(app, frame):
        original_paint(app, frame)
        painted_frames.append((time.perf_counter(), frame.running))

    # Times are taken where the app paints, not when pilot.press returns: the pilot waits for the
    # process to go idle after a key, which never happens while the engine thread is busy.
    WeightsPane.render = timed_render
    TinyNetApp._paint = timed_paint
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_for(pilot, lambda: app.frame is not None)
            ratios = await run_mode_ratios(pilot, rounds, seconds, lambda: headless_rate(seconds), "round")

            view_ms = []
            for _ in range(key_presses):
                target = {"values": "changes", "changes": "gradients", "gradients": "values"}[app.query_one(WeightsPane).view]
                pressed = time.perf_counter()
                await pilot.press("v")
                await wait_for(pilot, lambda: any(t > pressed and v == target for t, v in painted_views))
                painted = min(t for t, v in painted_views if t > pressed and v == target)
                view_ms.append((painted - pressed) * 1000)
                await pilot.pause(0.1)

            pause_ms = []
            for _ in range(key_presses):
                running = app.frame.running
                pressed = time.perf_counter()
                await pilot.press("r")
                await wait_for(pilot, lambda: app.frame.running != running)
                painted = min(t for t, r in painted_frames if t > pressed and r != running)
                pause_ms.append((painted - pressed) * 1000)
                await pilot.pause(0.1)
            return ratios, view_ms, pause_ms
    finally:
        WeightsPane.render, TinyNetApp._paint = original_render, original_paint


PLANE_PRESET = "playground-spiral"
PLANE_SCREEN = (200, 66)  # gives the map 62×31 cells
PLANE_FPS = 12  # the app's frame rate (tinynet_tui.driver.DEFAULT_FRAME_RATE)


async def plane_measurements(seconds: float, rounds: int) -> tuple[tuple[int, int], list[float]]:
    """The map's size, and run mode with the heatmap painted / with its painting off, per round."""
    options, _ = parse_options(["--preset", PLANE_PRESET])
    app = TinyNetApp(options)
    original_paint = PlaneMap._paint
    async with app.run_test(size=PLANE_SCREEN) as pilot:
        await wait_for(pilot, lambda: app.frame is not None)
        plane = app.query_one(PlaneMap)
        size = plane.map_size
        for _ in range(10):
            await pilot.press("plus")
        await wait_for(pilot, lambda: app.frame.speed == 0)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.frame.running)

        async def rate() -> float:
            start_nudges, start, cpu = app.frame.nudges, time.perf_counter(), time.process_time()
            await pilot.pause(seconds)
            elapsed = time.perf_counter() - start
            ui_cpu.append((time.process_time() - cpu) / elapsed)
            return (app.frame.nudges - start_nudges) / elapsed

        ratios: list[float] = []
        ui_cpu: list[float] = []  # the app process's CPU seconds per second, each stretch
        try:
            for round_number in range(rounds):
                measured = {}
                # Odd rounds measure with the heatmap first, so that a trend in time favours neither.
                for painting in (False, True) if round_number % 2 == 0 else (True, False):
                    PlaneMap._paint = original_paint if painting else (lambda widget: None)
                    measured[painting] = (await rate(), ui_cpu[-1])
                (without, idle), (painted, busy) = measured[False], measured[True]
                ratios.append(painted / without)
                print(f"  round: run mode without the heatmap {without:6.0f} nudges/s (app process busy {idle:4.0%}), "
                      f"with it {painted:6.0f} nudges/s (busy {busy:4.0%})")
        finally:
            PlaneMap._paint = original_paint
        await pilot.press("r")
    return size, ratios


def lens_share(seconds: float) -> float:
    """The headless engine's nudges/s with a plane look made PLANE_FPS times a second, over without."""
    trainer = Trainer(preset_config(PLANE_PRESET), seed=0)
    lens = PlaneLens()
    probe = lens.first_probe(trainer)

    def rate(looking: bool) -> float:
        count, start, next_look = 0, time.perf_counter(), 0.0
        while (now := time.perf_counter()) - start < seconds:
            if looking and now >= next_look:
                lens.look(trainer, probe)
                next_look = now + 1 / PLANE_FPS
            trainer.nudge()
            count += 1
        return count / (time.perf_counter() - start)

    return statistics.median(rate(True) / rate(False) for _ in range(3))


FIRST_PAINT_PROBE = """
import time
from tinynet_tui.app import TinyNetApp

class Probe(TinyNetApp):
    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()

Probe().run(headless=True, size=(100, 32))
"""


def launch_seconds(runs: int) -> tuple[list[float], list[float]]:
    """Seconds from spawning a process to its first painted frame, and to `import torch` alone."""
    first_paint, torch_import = [], []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE], capture_output=True, text=True, check=True)
        first_paint.append(float(out.stdout.split()[0]) - start)
        start = time.time()
        subprocess.run([sys.executable, "-c", "import torch"], check=True)
        torch_import.append(time.time() - start)
    return first_paint, torch_import


def main() -> None:
    """Print the three measurements and their goals."""
    parser = argparse.ArgumentParser(description="tinynet-tui speed: run mode, key latency, launch")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each timed stretch")
    parser.add_argument("--rounds", type=int, default=5, help="alternating engine/app rounds")
    parser.add_argument("--presses", type=int, default=10, help="key presses timed for each key")
    parser.add_argument("--launches", type=int, default=3, help="fresh processes started")
    parser.add_argument("--plane", action="store_true", help="only the plane's heatmap section")
    parser.add_argument("--lab", action="store_true", help="only the lab's run-mode section (digits, the spiral)")
    args = parser.parse_args()

    torch.set_num_threads(1)  # as the app's engine thread does
    if args.plane:
        report_plane(args)
        return
    if args.lab:
        report_lab(args)
        return
    ratios, view_ms, pause_ms = asyncio.run(app_measurements(args.seconds, args.rounds, args.presses))
    print(f"run mode (fastest) / headless engine: median {statistics.median(ratios):.2f}, "
          f"rounds {' '.join(f'{r:.2f}' for r in ratios)}  (goal >= 0.70)")
    print(f"key 'v' to repaint   median {statistics.median(view_ms):5.1f} ms, max {max(view_ms):5.1f} ms  (goal <= 100)")
    print(f"key 'r' to repaint   median {statistics.median(pause_ms):5.1f} ms, max {max(pause_ms):5.1f} ms  (goal <= 100)")
    first_paint, torch_import = launch_seconds(args.launches)
    print(
        f"launch to first frame median {statistics.median(first_paint):5.2f} s "
        f"(a process that only imports torch: {statistics.median(torch_import):.2f} s)  (goal <= 1.5 s)"
    )
    report_plane(args)
    report_lab(args)


def engine_rate(preset: str, seconds: float) -> float:
    """Nudges per second of the headless engine on a preset, unrecorded (as `tinynet train` trains)."""
    trainer = Trainer(preset_config(preset), seed=0)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        trainer.advance(50)
        count += 50
    return count / (time.perf_counter() - start)


async def lab_measurements(preset: str, seconds: float, rounds: int, presses: int) -> tuple[list[float], list[float]]:
    """Run mode / headless engine per round on a lab preset, then key 'r' to repaint in ms."""
    options, _ = parse_options(["--preset", preset])
    app = TinyNetApp(options)
    painted: list[tuple[float, bool]] = []
    original_paint = TinyNetApp._paint

    def timed_paint(app, frame):
        original_paint(app, frame)
        painted.append((time.perf_counter(), frame.running))

    TinyNetApp._paint = timed_paint
    try:
        async with app.run_test(size=LAB_SCREEN) as pilot:
            await wait_for(pilot, lambda: app.frame is not None)
            ratios = await run_mode_ratios(pilot, rounds, seconds, lambda: engine_rate(preset, seconds), f"{preset} round")
            key_ms = []
            for _ in range(presses):
                running = app.frame.running
                pressed = time.perf_counter()
                await pilot.press("r")
                await wait_for(pilot, lambda: app.frame.running != running)
                key_ms.append((min(t for t, r in painted if t > pressed and r != running) - pressed) * 1000)
                await pilot.pause(0.1)
            return ratios, key_ms
    finally:
        TinyNetApp._paint = original_paint


def report_lab(args: argparse.Namespace) -> None:
    """Print the lab's run-mode ratio and key latency for each preset."""
    for preset in LAB_PRESETS:
        ratios, key_ms = asyncio.run(lab_measurements(preset, args.seconds, args.rounds, args.presses))
        print(f"{preset}: run mode (fastest, {PLANE_FPS} frames/s) / headless engine: median {statistics.median(ratios):.2f}, "
              f"rounds {' '.join(f'{r:.2f}' for r in ratios)}  (goal >= 0.70)")
        print(f"{preset}: key 'r' to repaint while running: median {statistics.median(key_ms):5.1f} ms, max {max(key_ms):5.1f} ms  (goal <= 100)")


def report_plane(args: argparse.Namespace) -> None:
    """Print the plane heatmap's two ratios."""
    size, ratios = asyncio.run(plane_measurements(args.seconds, args.rounds))
    print(f"plane heatmap {size[0]}×{size[1]} cells: run mode with it / without: median {statistics.median(ratios):.2f}, "
          f"rounds {' '.join(f'{r:.2f}' for r in ratios)}  (goal >= 0.90)")
    print(f"plane lens in the engine ({PLANE_FPS} looks a second): headless nudges/s with / without: {lens_share(args.seconds):.3f}  (goal >= 0.90)")


if __name__ == "__main__":
    main()
