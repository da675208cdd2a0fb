"""The app's end of the engine: starts the engine process, sends it commands, relays its events.

The engine (driver.py) runs in its own process, started with "spawn" so it never inherits the
app's threads; torch is imported there, which is also why the app paints before torch is up.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty

from textual.message import Message

from .driver import DEFAULT_FRAME_RATE, StartOptions, engine_main
from .messages import (
    CompareDone,
    EngineDied,
    EngineFailed,
    EngineLogged,
    EngineNotice,
    EnginePong,
    EngineReady,
    FilesSaved,
    FrameReady,
    RunsCompared,
    SweepDone,
)

# How often the relay looks up from the event queue to see whether it should stop.
RELAY_POLL_S = 0.25
# How long to wait for the engine process to end before it is terminated.
STOP_TIMEOUT_S = 2.0
# How often the relay looks at the engine's log for new text.
LOG_CHECK_S = 0.5


def engine_log_path() -> Path:
    """Where this app's engine writes its stderr: the user's state folder, else the temp folder.

    One file per app process, so apps served side by side (--web) never mix their logs.
    """
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "tinynet-tui"
    for folder in (state, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / f"engine-{os.getpid()}.log"
    return Path(tempfile.gettempdir()) / f"tinynet-tui-engine-{os.getpid()}.log"


def last_line(path: Path) -> str:
    """The last non-blank line of a text file ('' if none): a traceback's own summary."""
    try:
        lines = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _size(path: Path) -> int:
    """A file's size in bytes, 0 if it is not there."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def how_it_ended(exitcode: int | None) -> str:
    """'it was killed (SIGKILL)' or 'it exited with status 1', from a process's exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"it was killed ({signal.Signals(-exitcode).name})"
        except ValueError:
            return f"it was killed (signal {-exitcode})"
    return f"it exited with status {exitcode}"


class EngineLink:
    """Commands go to the engine process; its events come back as Textual messages."""

    def __init__(self, options: StartOptions, post: Callable[[Message], object], frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        self._post = post
        self.frame_rate = frame_rate
        self.log_path = engine_log_path()
        context = multiprocessing.get_context("spawn")
        self._inbox = context.Queue()
        self._outbox = context.Queue()
        self._process = context.Process(
            target=engine_main,
            args=(options, frame_rate, self._inbox, self._outbox, str(self.log_path)),
            name="tinynet-engine",
            daemon=True,  # stopped at the app's exit; it also ends by itself when the app dies
        )
        self._relaying = False
        self._log_size = _size(self.log_path)  # a restarted engine appends to its predecessor's log
        self._log_checked_at = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the engine process."""
        self._process.start()

    def relay(self) -> None:
        """Turn the engine's events into messages for the app (run this on a daemon thread)."""
        self._relaying = True
        while self._relaying:
            try:
                event = self._outbox.get(timeout=RELAY_POLL_S)
            except Empty:
                if not self._process.is_alive():
                    self._process.join()
                    # Its last words (a traceback's summary) go in this one message, not a second.
                    self._post(EngineDied(how_it_ended(self._process.exitcode), last_line(self.log_path), str(self.log_path)))
                    return
                self._check_log()
                continue
            self._check_log()
            kind, *payload = event
            if kind == "stopped":
                return
            self._post(_MESSAGES[kind](*payload))

    def _check_log(self) -> None:
        """Say when the engine has written to its log (a warning, a traceback) since the last look."""
        now = time.monotonic()
        if now - self._log_checked_at < LOG_CHECK_S:
            return
        self._log_checked_at = now
        size = _size(self.log_path)
        if size > self._log_size:
            self._log_size = size
            self._post(EngineLogged(last_line(self.log_path), str(self.log_path)))

    def stop(self) -> None:
        """Ask the engine to stop, make sure it does, and remove its log if it stayed empty."""
        self._relaying = False
        if self._process.is_alive():
            self._inbox.put(("stop",))
            self._process.join(STOP_TIMEOUT_S)
            if self._process.is_alive():
                self._process.terminate()
        if self.log_path.exists() and _size(self.log_path) == 0:
            self.log_path.unlink(missing_ok=True)

    # -- commands --------------------------------------------------------------------------

    def _command(self, *command: object) -> None:
        self._inbox.put(command)

    def ping(self, token: int) -> None:
        """Ask for an EnginePong once every command sent before this one is done."""
        self._command("ping", token)

    def frame_painted(self) -> None:
        """The app has painted the last frame; run mode may send the next."""
        self._command("painted")

    def step(self) -> None:
        """One nudge."""
        self._command("step")

    def finish_epoch(self) -> None:
        """Nudge to the end of the current epoch."""
        self._command("finish_epoch")

    # Keys that change a setting step by step send the step, not the result: the engine applies
    # it to its own current value, so fast presses build on each other instead of on the last
    # frame the app happened to paint.

    def toggle_running(self) -> None:
        """Start or pause continuous training."""
        self._command("toggle_running")

    def shift_speed(self, steps: int) -> None:
        """Move the speed this many places along SPEEDS (clamped at either end)."""
        self._command("shift_speed", steps)

    def scale_lr(self, factor: float) -> None:
        """Multiply the learning rate (capped at the largest the optimizers can take)."""
        self._command("scale_lr", factor)

    def next_seed(self) -> None:
        """A fresh network from the seed after the current one."""
        self._command("next_seed")

    def set_input(self, pixels: tuple[float, ...]) -> None:
        """The grid's drawing changed: predict for it."""
        self._command("set_input", tuple(pixels))

    def watch_weight(self, name: str | None, index: tuple[int, ...] = ()) -> None:
        """Have every frame tell this parameter's part in the last nudge (None: stop)."""
        self._command("watch_weight", name, tuple(index))

    def walk_examples(self, step: int, wrong_only: bool = False) -> None:
        """Put the next (1) or previous (-1) held-out example on screen, maybe only wrong answers."""
        self._command("walk_examples", step, wrong_only)

    def configure(self, **changes: object) -> None:
        """Live hyperparameter changes (learning rate, activation, ...)."""
        self._command("configure", changes)

    def reset(self, seed: int | None = None, preset: str | None = None, changes: dict[str, object] | None = None) -> None:
        """A fresh network: same seed unless given; a new preset brings its whole config; changes go on top."""
        self._command("reset", seed, preset, changes)

    def train(self, epochs: int) -> None:
        """Train whole epochs at once (no frame until they are done)."""
        self._command("train", epochs)

    def sweep(self, count: int) -> None:
        """Train seeds 0..count-1 of the current config at once (answered by a SweepDone)."""
        self._command("sweep", count)

    def compare(self) -> None:
        """The published models' answers (answered by a CompareDone)."""
        self._command("compare")

    def export(self, base: str) -> None:
        """Write BASE-loss.csv and BASE-weights.json."""
        self._command("export", base)

    def save(self, path: str) -> None:
        """Save a checkpoint."""
        self._command("save", path)

    def load(self, path: str) -> None:
        """Open a checkpoint, replacing the current network."""
        self._command("load", path)

    # -- rewind (issue 15) -------------------------------------------------------------------

    def move_in_time(self, how: str, amount: int = 0) -> None:
        """Show another step of the run: by steps, by epoch ends, the start, now, or a step (rewind.MOVES)."""
        self._command("move_in_time", how, amount)

    def branch(self) -> None:
        """The past step on screen becomes a new run that the keys train; the old run is kept."""
        self._command("branch")

    def edit_weight(self, name: str, index: tuple[int, ...], value: float) -> None:
        """Set one weight by hand (a step in the history, "edited by hand")."""
        self._command("edit_weight", name, tuple(index), value)

    def slice_weight(self, name: str | None, index: tuple[int, ...] = ()) -> None:
        """Have every frame carry the training loss along this weight (None: stop)."""
        self._command("slice_weight", name, tuple(index))

    def add_example(self, label: str) -> None:
        """Add the input on screen to the training set as yours, with a label."""
        self._command("add_example", label)

    def remove_example(self, name: str) -> None:
        """Remove one of your examples ("yours 3")."""
        self._command("remove_example", name)

    def erase_point(self, point: tuple[float, float], radius: float) -> None:
        """Erase the plane's point nearest this one, within radius (yours or the world's own)."""
        self._command("erase_point", tuple(point), radius)

    def start_empty(self) -> None:
        """A fresh network on an empty plane (the data set comes back with reset)."""
        self._command("start_empty")

    def save_data(self, path: str) -> None:
        """Write the world's data, yours included, as CSV (answered by FilesSaved)."""
        self._command("save_data", path)

    def watch_runs(self, on: bool) -> None:
        """The runs view opened (answered by a RunsCompared now and with the frames) or closed (False)."""
        self._command("watch_runs", on)

    def cycle_together(self) -> None:
        """Train the runs together: off, lock step, own pace, in turn."""
        self._command("cycle_together")

    def set_pace(self, name: str, pace: int) -> None:
        """A run's nudges a tick when the runs train at their own pace."""
        self._command("set_pace", name, pace)

    def shift_pace(self, name: str, change: int) -> None:
        """A run takes `change` nudges more (or fewer) a tick (the step is sent, so fast presses add up)."""
        self._command("shift_pace", name, change)

    def export_run(self, base: str, name: str, step: int | None) -> None:
        """Write BASE-history.csv, BASE-weights.json and BASE.safetensors of a run at a step (None: its newest)."""
        self._command("export_run", base, name, step)

    def switch_run(self, name: str) -> None:
        """Train another of the runs kept."""
        self._command("switch_run", name)


_MESSAGES: dict[str, Callable[..., Message]] = {
    "ready": EngineReady,
    "frame": FrameReady,
    "notice": EngineNotice,
    "failed": EngineFailed,
    "pong": EnginePong,
    "sweep": SweepDone,
    "compare": CompareDone,
    "saved": FilesSaved,
    "runs": RunsCompared,
}
