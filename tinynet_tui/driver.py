"""The engine driver: one thread owns the Trainer; the app sends commands and gets frames back.

Every engine call happens on this thread, so the app never races the trainer. Torch is imported
here, inside the thread, which lets the app paint its first frame before torch is loaded.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from .frame import Frame, LastNudge
from .messages import EngineFailed, EngineNotice, EngineReady, FrameReady

# Run mode paints this many frames a second at most. Each frame costs the UI thread a few
# milliseconds of the GIL the engine thread also needs; 12 keeps motion smooth and training fast.
DEFAULT_FRAME_RATE = 12
# Nudges per frame offered by the speed control; 0 means as fast as the engine goes.
SPEEDS = (1, 2, 5, 10, 50, 200, 1000, 0)
DEFAULT_SPEED = 5
# In fastest mode, look for a waiting command after this many nudges so keys stay responsive.
COMMAND_CHECK_EVERY = 8


@dataclass(frozen=True)
class StartOptions:
    """How the first network is made."""

    preset: str = "discovery"
    seed: int = 0
    lr: float | None = None  # overrides the preset's learning rate
    device: str = "cpu"
    load: str | None = None  # a checkpoint to open instead of a fresh network


class Driver:
    """Runs the trainer on its own thread; methods may be called from any thread."""

    def __init__(self, options: StartOptions, post: Callable[[Message], object], frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        self.options = options
        self._post = post
        self.frame_interval = 1.0 / frame_rate
        self._commands: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._frame_consumed = threading.Event()
        self._frame_consumed.set()
        self._stopped = False
        self.preset = options.preset
        self.running = False
        self.speed = DEFAULT_SPEED
        self.grid_input: tuple[float, ...] = (1.0, 1.0, 0.0, 0.0)
        self.trainer = None  # built on the driver thread

    # -- commands (any thread) -------------------------------------------------------------

    def submit(self, command: Callable[[], None]) -> None:
        """Run a command on the driver thread, in order."""
        self._commands.put(command)

    def stop(self) -> None:
        """End the thread after the command in hand."""
        self._commands.put(None)

    def frame_painted(self) -> None:
        """The app has painted the last frame; run mode may send the next."""
        self._frame_consumed.set()

    def step(self) -> None:
        """One nudge."""
        self.submit(lambda: self._nudge_and_send(1))

    def finish_epoch(self) -> None:
        """Nudge to the end of the current epoch."""
        self.submit(lambda: self._nudge_and_send(self.trainer.samples_per_epoch - self.trainer.sample_index))

    def set_running(self, running: bool) -> None:
        """Start or pause continuous training."""
        self.submit(lambda: self._set_running(running))

    def set_speed(self, speed: int) -> None:
        """Nudges per frame in run mode (0 = fastest)."""
        self.submit(lambda: self._set_and_send("speed", speed))

    def set_input(self, pixels: tuple[float, ...]) -> None:
        """The grid's drawing changed: predict for it."""
        self.submit(lambda: self._set_and_send("grid_input", tuple(pixels)))

    def configure(self, **changes: object) -> None:
        """Live hyperparameter changes (learning rate, activation, ...)."""
        self.submit(lambda: self._configure(changes))

    def reset(self, seed: int | None = None, preset: str | None = None) -> None:
        """A fresh network: same seed unless given; a new preset brings its whole config."""
        self.submit(lambda: self._reset(seed, preset))

    def save(self, path: str) -> None:
        """Save a checkpoint."""
        self.submit(lambda: self._save(path))

    def load(self, path: str) -> None:
        """Open a checkpoint, replacing the current network."""
        self.submit(lambda: self._load(path))

    # -- the thread ------------------------------------------------------------------------

    def run(self) -> None:
        """The thread's body: start the engine, then serve commands and run frames until stopped."""
        try:
            self._start_engine()
        except ValueError as err:  # ConfigError, DeviceError and CheckpointError are ValueErrors
            self._post(EngineFailed(str(err)))
            return
        self._post(EngineReady(self._frame()))
        while not self._stopped:
            try:
                command = self._commands.get(timeout=self._wait_time())
            except queue.Empty:
                command = self._idle
            self._execute(command)
            while not self._stopped and not self._commands.empty():
                self._execute(self._commands.get())
            if self.running and not self._stopped:
                self._run_frame()

    def _execute(self, command: Callable[[], None] | None) -> None:
        if command is None:
            self._stopped = True
            return
        try:
            command()
        except ValueError as err:  # a bad value the user typed, a bad checkpoint: say it, carry on
            self._post(EngineNotice(str(err), "error"))

    def _idle(self) -> None:
        """Nothing to do but the next frame."""

    def _wait_time(self) -> float | None:
        """How long to wait for a command: forever when paused, never at the fastest speed."""
        if not self.running:
            return None
        if self.speed == 0:
            return 0.0
        return max(0.0, self._next_frame_at - time.perf_counter())

    def _start_engine(self) -> None:
        import torch

        from tinynet_core.checkpoint import load_trainer
        from tinynet_core.config import preset_config
        from tinynet_core.trainer import Trainer

        if self.options.load:
            self.trainer = load_trainer(self.options.load, device=self.options.device)
            self.preset = Path(self.options.load).name
        else:
            config = preset_config(self.options.preset)
            if self.options.lr is not None:
                config = config.replace(lr=self.options.lr)
            self.trainer = Trainer(config, self.options.seed, device=self.options.device)
        # TinyNet's tensors are tiny: torch's intra-op threads only add overhead here.
        torch.set_num_threads(1)
        self._mark_painted_weights()
        self._next_frame_at = time.perf_counter()

    def _run_frame(self) -> None:
        """Nudge for one frame's worth, then send the frame once the app has painted the last one."""
        trainer = self.trainer
        if self.speed:
            if self._nudges_this_frame < self.speed:
                self._nudge(self.speed - self._nudges_this_frame)
        else:
            deadline = self._next_frame_at
            while time.perf_counter() < deadline and not trainer.diverged:
                self._nudge(COMMAND_CHECK_EVERY)
                # Small tensor ops keep the GIL; hand it over now and then, or the UI thread
                # waits a whole switch interval for every step of its event loop.
                time.sleep(0)
                if not self._commands.empty():
                    return
        if trainer.diverged:
            self.running = False
            self._send_frame()
            return
        now = time.perf_counter()
        if now >= self._next_frame_at and self._frame_consumed.is_set():
            self._send_frame()
            self._next_frame_at = max(self._next_frame_at + self.frame_interval, now)
        elif now >= self._next_frame_at:
            # The app is still painting: wait a little rather than flood it.
            self._next_frame_at = now + self.frame_interval / 4

    def _nudge(self, count: int) -> None:
        if self._painted_flat is None:
            # The frame's changes count from the weights before its first nudge.
            first = self._last_record = self.trainer.nudge()
            self._painted_flat = first.before
            self._nudges_this_frame += 1
            count -= 1
        if count > 0 and not self.trainer.diverged:
            # Only a frame's last nudge needs a record; the changes span from the painted weights.
            self._last_record = self.trainer.nudge_many(count)
            self._nudges_this_frame += count

    def _nudge_and_send(self, count: int) -> None:
        if self.trainer.diverged:
            self._post(EngineNotice("The network has diverged (NaN). Press R to reset it.", "warning"))
            return
        self._nudge(count)
        self._send_frame()

    def _set_running(self, running: bool) -> None:
        if running and self.trainer.diverged:
            self._post(EngineNotice("The network has diverged (NaN). Press R to reset it.", "warning"))
            running = False
        self.running = running
        self._next_frame_at = time.perf_counter()
        self._send_frame()

    def _set_and_send(self, name: str, value: object) -> None:
        setattr(self, name, value)
        self._send_frame()

    def _configure(self, changes: dict[str, object]) -> None:
        self.trainer.configure(**changes)
        self._send_frame()

    def _reset(self, seed: int | None, preset: str | None) -> None:
        from tinynet_core.config import preset_config

        config = None
        if preset is not None:
            config = preset_config(preset)
            self.preset = preset
        self.trainer.reset(seed, config)
        self.running = False
        self._mark_painted_weights()
        self._send_frame()

    def _save(self, path: str) -> None:
        from tinynet_core.checkpoint import save_checkpoint

        saved = save_checkpoint(self.trainer, Path(path).expanduser())
        self._post(EngineNotice(f"Saved to {saved.resolve()}"))

    def _load(self, path: str) -> None:
        from tinynet_core.checkpoint import load_trainer

        self.trainer = load_trainer(Path(path).expanduser(), device=str(self.trainer.device))
        self.preset = Path(path).name
        self.running = False
        self._mark_painted_weights()
        self._send_frame()
        self._post(EngineNotice(f"Loaded {path}: epoch {self.trainer.epochs_done}, seed {self.trainer.seed}"))

    # -- frames ----------------------------------------------------------------------------

    def _mark_painted_weights(self) -> None:
        """The next frame's changes count from the weights as they are now."""
        self._painted_flat = None  # weights as the last frame showed them, for its changes
        self._last_record = None
        self._nudges_this_frame = 0
        self._changes = self._grads = None

    def _send_frame(self) -> None:
        self._frame_consumed.clear()
        self._post(FrameReady(self._frame()))

    def _frame(self) -> Frame:
        trainer = self.trainer
        record = self._last_record
        values = trainer.parameters()
        if self._nudges_this_frame:
            # Changes span every nudge since the last painted frame; a frame without a new
            # nudge (a grid click, say) keeps showing the last ones.
            moved = trainer.layout.split(record.after - self._painted_flat)
            self._changes = {name: t.tolist() for name, t in moved.items()}
            self._grads = {name: p.grad.tolist() for name, p in record.params.items()}
            self._painted_flat = record.after
        prediction = trainer.predict(self.grid_input).tolist()
        frame = Frame(
            preset=self.preset,
            seed=trainer.seed,
            device=str(trainer.device),
            config=trainer.config.to_dict(),
            epochs_done=trainer.epochs_done,
            nudges=trainer.nudges,
            sample_index=trainer.sample_index,
            samples_per_epoch=trainer.samples_per_epoch,
            running=self.running,
            speed=self.speed,
            diverged=trainer.diverged,
            values={name: t.tolist() for name, t in values.items()},
            changes=self._changes,
            grads=self._grads,
            nudges_in_frame=self._nudges_this_frame,
            last=_last_nudge(record),
            loss_history=tuple(trainer.loss_history),
            epoch_losses=tuple(trainer.epoch_losses),
            movement_history=tuple(trainer.movement_history),
            grid_input=self.grid_input,
            prediction=(prediction[0], prediction[1]),
            hidden=tuple(trainer.hidden_activations(self.grid_input).tolist()),
        )
        self._nudges_this_frame = 0
        return frame


def _last_nudge(record) -> LastNudge | None:
    if record is None:
        return None
    return LastNudge(
        step=record.step,
        epoch=record.epoch,
        sample_index=record.sample_index,
        sample_name=record.sample_name,
        input=tuple(record.input.tolist()),
        target=tuple(record.target.tolist()),
        output=tuple(record.output.tolist()),
        loss=record.loss,
    )
