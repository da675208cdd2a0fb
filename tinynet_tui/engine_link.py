"""The app's end of the engine: starts the engine process, sends it commands, relays its events.

The engine (driver.py) runs in its own process, started with "spawn" so it never inherits the
app's threads; torch is imported there, which is also why the app paints before torch is up.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from queue import Empty

from textual.message import Message

from .driver import DEFAULT_FRAME_RATE, StartOptions, engine_main
from .messages import CompareDone, EngineFailed, EngineNotice, EnginePong, EngineReady, FrameReady, SweepDone

# How often the relay looks up from the event queue to see whether it should stop.
RELAY_POLL_S = 0.25
# How long to wait for the engine process to end before it is terminated.
STOP_TIMEOUT_S = 2.0


class EngineLink:
    """Commands go to the engine process; its events come back as Textual messages."""

    def __init__(self, options: StartOptions, post: Callable[[Message], object], frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        self._post = post
        context = multiprocessing.get_context("spawn")
        self._inbox = context.Queue()
        self._outbox = context.Queue()
        self._process = context.Process(
            target=engine_main,
            args=(options, frame_rate, self._inbox, self._outbox),
            name="tinynet-engine",
            daemon=True,  # never outlives the app, even if the app dies
        )
        self._relaying = False

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the engine process."""
        self._process.start()

    def relay(self) -> None:
        """Turn the engine's events into messages for the app (run this in a thread worker)."""
        self._relaying = True
        while self._relaying:
            try:
                event = self._outbox.get(timeout=RELAY_POLL_S)
            except Empty:
                if not self._process.is_alive():
                    self._post(EngineFailed("the engine process ended unexpectedly"))
                    return
                continue
            kind, *payload = event
            if kind == "stopped":
                return
            self._post(_MESSAGES[kind](*payload))

    def stop(self) -> None:
        """Ask the engine to stop, and make sure it does."""
        self._relaying = False
        if not self._process.is_alive():
            return
        self._inbox.put(("stop",))
        self._process.join(STOP_TIMEOUT_S)
        if self._process.is_alive():
            self._process.terminate()

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

    def set_running(self, running: bool) -> None:
        """Start or pause continuous training."""
        self._command("set_running", running)

    def set_speed(self, speed: int) -> None:
        """Nudges per frame in run mode (0 = fastest)."""
        self._command("set_speed", speed)

    def set_input(self, pixels: tuple[float, ...]) -> None:
        """The grid's drawing changed: predict for it."""
        self._command("set_input", tuple(pixels))

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


_MESSAGES: dict[str, Callable[..., Message]] = {
    "ready": EngineReady,
    "frame": FrameReady,
    "notice": EngineNotice,
    "failed": EngineFailed,
    "pong": EnginePong,
    "sweep": SweepDone,
    "compare": CompareDone,
}
