"""The engine driver: owns the Trainer in its own process; takes commands, sends back frames.

It runs in a separate process (see engine_link.py) so that training and painting never compete
for one interpreter lock: with a thread, run mode reached only about 60% of the bare engine's
speed on 2 cores. Nothing here imports Textual; commands and events are plain tuples.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from tinynet_core.errors import InputError
from tinynet_core.text import visible
from tinynet_core.world import PATTERN_SETS

from .curves import curve_points
from .frame import ExampleShown, Frame, LastNudge, LossCut, PublishedAnswers, RunCurve
from .lenses import lens_for
from .naming import closest_preset, recipe_name
from .world_info import world_info

# Run mode paints this many frames a second at most; a slow link can ask for fewer.
DEFAULT_FRAME_RATE = 12
# Nudges per frame offered by the speed control; 0 means as fast as the engine goes.
SPEEDS = (1, 2, 5, 10, 50, 200, 1000, 0)
DEFAULT_SPEED = 5
# In fastest mode, look for a waiting command after this many nudges so keys stay responsive.
COMMAND_CHECK_EVERY = 16
# While the runs view is open and training runs, it is sent the runs' measurements this often at most.
RUNS_REPORT_EVERY_S = 0.5
DIVERGED_NOTICE = "The network has diverged (NaN). Press R to reset it."
PAST_NOTICE = "You are looking at the past ({where}): end comes back to now, B branches a new run from here."
EMPTY_NOTICE = "Nothing to train on: the plane has no points. I picks a class, then click (or . at the cursor) to add some; R brings the data set back."


@dataclass(frozen=True)
class StartOptions:
    """How the first network is made."""

    preset: str = "discovery"
    seed: int = 0
    lr: float | None = None  # overrides the preset's learning rate
    config: dict[str, object] | None = None  # a whole TrainConfig.to_dict(), over the preset's (a restart)
    device: str = "cpu"
    load: str | None = None  # a checkpoint to open instead of a fresh network


def engine_main(options: StartOptions, frame_rate: float, inbox: Any, outbox: Any, log_path: str) -> None:
    """The engine process: build the trainer, then serve commands until told to stop."""
    _end_with_parent()
    _write_stderr_to(log_path)
    Driver(options, outbox.put, frame_rate).run(inbox)


def _write_stderr_to(path: str) -> None:
    """Send this process's stderr, Python's and C's alike, to a log file the app watches.

    Inherited, it would be painted straight over the app's screen.
    """
    # Appended to: a restarted engine keeps the log that explains why its predecessor died.
    log = open(path, "a", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115 (lives as long as the process)
    os.dup2(log.fileno(), 2)
    sys.stderr = log


def _end_with_parent() -> None:
    """End this process as soon as the app's process ends, however it ends (kill -9 included).

    The parent's sentinel is a pipe that the kernel closes when the parent dies, so a thread
    waiting on it wakes even when the app had no chance to say "stop".
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # run in-process (tests): nothing to watch
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class Driver:
    """Serves commands from the inbox, one at a time, and runs frames while training runs.

    Events sent back are ("ready", Frame), ("frame", Frame), ("notice", text, severity),
    ("saved", [path, ...]) and ("failed", text); the last event before the process ends is
    ("stopped",).
    """

    def __init__(self, options: StartOptions, send, frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        self.options = options
        self._send = send
        self.frame_interval = 1.0 / frame_rate
        self._frame_consumed = True
        self._stopped = False
        self.preset = options.preset
        self.origin: str | None = None  # the file the network was opened from
        self.running = False
        self.speed = DEFAULT_SPEED
        self.probe: tuple[float, ...] = ()  # the input on screen, in the world's terms (lenses)
        self.example: int | None = None  # the held-out example on screen, if one was walked to
        self.trainer = None
        self.timeline = None  # rewind.Timeline: the runs kept and the step on screen
        self.watched: tuple[str, tuple[int, ...]] | None = None  # the layer inspector's parameter
        self.sliced: int | None = None  # the flat index of the weight being edited by hand ("what if")
        self.runs_watched = False  # the runs view is open: frames come with the runs' measurements
        self._runs_sent_at = 0.0
        self._yours_of, self._yours = None, ()  # the data your examples were last listed from, and them
        self._assumed = None  # what was assumed about a plain state_dict file given to --load
        self._fit_watch = None  # the live run's fit diagnosis, kept up to date (FitWatch)

    # -- the loop --------------------------------------------------------------------------

    def run(self, inbox: Any) -> None:
        """Start the engine, then serve commands and run frames until a "stop" command."""
        self._inbox = inbox
        try:
            self._start_engine()
        except ValueError as err:  # ConfigError, DeviceError and CheckpointError are ValueErrors
            self._send(("failed", str(err)))
            self._send(("stopped",))
            return
        self._send(("ready", self._frame()))
        if self._assumed:
            self._send(("notice", self._assumed, "warning"))
        while not self._stopped:
            try:
                self._execute(inbox.get(timeout=self._wait_time()))
                while not self._stopped and not inbox.empty():
                    self._execute(inbox.get())
            except Empty:
                pass
            if self.running and not self._stopped:
                self._run_frame()
        self._send(("stopped",))

    def _execute(self, command: tuple) -> None:
        name, *args = command
        try:
            getattr(self, f"_do_{name}")(*args)
        except ValueError as err:  # a bad value the user typed, a bad checkpoint: say it, go on
            self._send(("notice", str(err), "error"))

    def _wait_time(self) -> float | None:
        """How long to wait for a command: forever when paused, never at the fastest speed."""
        if not self.running:
            return None
        if self.speed == 0:
            return 0.0
        return max(0.0, self._next_frame_at - time.perf_counter())

    def _start_engine(self) -> None:
        import torch

        from tinynet_core.checkpoint import load_checkpoint, trainer_from_checkpoint
        from tinynet_core.config import TrainConfig, preset_config
        from tinynet_core.trainer import Trainer

        # TinyNet's tensors are tiny: torch's intra-op threads only add overhead here.
        torch.set_num_threads(1)
        if self.options.load:
            checkpoint = load_checkpoint(self.options.load)
            self.trainer = trainer_from_checkpoint(checkpoint, device=self.options.device)
            self._assumed = checkpoint.assumed
            self._opened(self.options.load)
        else:
            config = preset_config(self.options.preset)
            if self.options.config is not None:
                config = TrainConfig.from_dict(self.options.config)
            if self.options.lr is not None:
                config = config.replace(lr=self.options.lr)
            self.trainer = Trainer(config, self.options.seed, device=self.options.device)
        self._new_timeline()
        self._new_world()
        self._mark_painted_weights()
        self._next_frame_at = time.perf_counter()

    def _run_frame(self) -> None:
        """Nudge for one frame's worth, then send the frame once the app has painted the last one."""
        trainer = self.trainer
        try:
            tick = self.timeline.nudges_a_tick()  # the current run's nudges a tick (more at its own pace)
            if self.speed:
                if self._nudges_this_frame < self.speed * tick:
                    self._nudge_for_frame(self.speed * tick - self._nudges_this_frame)
            else:
                while time.perf_counter() < self._next_frame_at and not trainer.diverged:
                    self._nudge_runs(COMMAND_CHECK_EVERY * tick)
                    if not self._inbox.empty():
                        return
        except InputError:  # the plane's last points were erased while it ran: nothing left to learn from
            self.running = False
            self._send(("notice", EMPTY_NOTICE, "warning"))
            self._send_frame()
            return
        if trainer.diverged:
            self.running = False
            self._send_frame()
            return
        now = time.perf_counter()
        if now >= self._next_frame_at and self._frame_consumed:
            self._send_frame()
            self._next_frame_at = max(self._next_frame_at + self.frame_interval, now)
        elif now >= self._next_frame_at:
            # The app is still painting: wait a little rather than flood it.
            self._next_frame_at = now + self.frame_interval / 4

    def _nudge_for_frame(self, count: int) -> None:
        """A frame's nudges; runs trained together go in slices, and stop when the frame is due, so the frame rate stays."""
        if self.timeline.together == "off":
            self._nudge(count)
            return
        due = time.perf_counter() + self.frame_interval
        chunk = COMMAND_CHECK_EVERY * self.timeline.nudges_a_tick()
        while count > 0 and not self.trainer.diverged:  # a slice at least, however slow
            self._nudge_runs(min(chunk, count))
            count -= chunk
            if time.perf_counter() >= due:
                break

    def _nudge_runs(self, count: int) -> None:
        """`count` nudges of the current run; while the runs train together the others take their share first."""
        if not self.trainer.diverged:
            self.timeline.train_others(count)
        self._nudge(count)

    def _nudge(self, count: int) -> None:
        """`count` nudges; only the last is recorded and worked out by hand for the inspector."""
        from tinynet_core.handmath import work_out, works_out

        trainer = self.trainer
        if count <= 0 or trainer.diverged:
            return
        if self._painted_flat is None:
            # The frame's changes count from the weights before its first nudge.
            self._painted_flat = trainer.flat_parameters()
        history = self.timeline.history  # every nudge kept, so rewind can show it again
        history.advance(count - 1)
        state = trainer.optimizer_state()  # before the last nudge, so its update can be redone
        record = self._last_record = history.nudge()
        self._nudges_this_frame += count
        # The path-by-path working covers TinyNet's shape; other networks get the layer form.
        if works_out(trainer.config):
            self._nudge_math = work_out(record.before.tolist(), record.input.tolist(), record.target.tolist(), trainer.config, state)
        self._last_state = state  # for the layer inspector's story of any parameter

    # -- commands --------------------------------------------------------------------------

    def _do_stop(self) -> None:
        self._stopped = True

    def _do_ping(self, token: int) -> None:
        # Answered in order: once the app hears the pong, every earlier command has been done.
        self._send(("pong", token))

    def _do_painted(self) -> None:
        self._frame_consumed = True

    def _do_step(self) -> None:
        self._nudge_and_send(self.timeline.nudges_a_tick())  # one tick: a nudge, or the run's pace

    def _do_finish_epoch(self) -> None:
        trainer = self.trainer
        left = _epoch_size(trainer) - trainer.sample_index
        self._nudge_and_send(-(-left // trainer.config.batch_size))  # one nudge per batch left

    def _refused_in_past(self) -> bool:
        """While the past is on screen training keys do nothing: say so, and how to come back."""
        if not self.timeline.in_past:
            return False
        info = self.timeline.info()
        self._send(("notice", PAST_NOTICE.format(where=f"nudge {info.nudges} of {info.newest_nudges}"), "warning"))
        return True

    def _refused_empty(self) -> bool:
        """An emptied plane has nothing to train on until points are added: say so rather than fail."""
        trainer = self.trainer
        if trainer.sample_index or len(trainer.data.train_index):
            return False
        self._send(("notice", EMPTY_NOTICE, "warning"))
        return True

    def _nudge_and_send(self, count: int) -> None:
        if self._refused_in_past() or self._refused_empty():
            return
        if self.trainer.diverged:
            self._send(("notice", DIVERGED_NOTICE, "warning"))
            return
        self._nudge_runs(count)
        self._send_frame()

    def _do_toggle_running(self) -> None:
        running = not self.running
        if running and (self._refused_in_past() or self._refused_empty()):
            return
        if running and self.trainer.diverged:
            self._send(("notice", DIVERGED_NOTICE, "warning"))
            running = False
        self.running = running
        self._next_frame_at = time.perf_counter()
        self._send_frame()

    def _do_shift_speed(self, steps: int) -> None:
        index = SPEEDS.index(self.speed) if self.speed in SPEEDS else 0
        self.speed = SPEEDS[min(len(SPEEDS) - 1, max(0, index + steps))]
        self._send_frame()

    def _do_scale_lr(self, factor: float) -> None:
        from tinynet_core.config import MAX_LR

        wanted = self.trainer.config.lr * factor
        lr = min(MAX_LR, wanted)
        self.trainer.configure(lr=lr)  # a ConfigError (an lr that underflowed to 0) becomes a notice
        if wanted > MAX_LR:
            self._send(("notice", f"Learning rate {lr:g}: the most the optimizers can take without overflowing.", "warning"))
        else:
            self._send(("notice", f"Learning rate {lr:g} from the next nudge.", "information"))
        self._send_frame()

    def _do_next_seed(self) -> None:
        seed = self.trainer.seed + 1
        self._do_reset(seed, None)
        self._send(("notice", f"Reset with seed {seed}.", "information"))

    def _do_set_input(self, probe: tuple[float, ...]) -> None:
        """The input on screen changed (a drawing, a point on the plane, a row): answer for it."""
        probe = tuple(float(v) for v in probe)
        wanted = self._lens.probe_size(self.trainer)
        if len(probe) != wanted or not all(math.isfinite(v) for v in probe):
            raise ValueError(f"an input here is {wanted} finite numbers, got {len(probe)}")
        self.probe = probe
        self.example = None
        self._send_frame()

    def _do_watch_weight(self, name: str | None, index: tuple[int, ...] = ()) -> None:
        """The layer inspector opened on a parameter (None: closed); frames then tell its story."""
        if name is not None:
            shape = tuple(self.trainer.parameters()[name].shape) if name in self.trainer.parameters() else None
            if shape is None or len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
                raise ValueError(f"there is no parameter {name}{list(index)} in this network")
        self.watched = None if name is None else (name, tuple(index))
        self._send_frame()

    def _do_walk_examples(self, step: int, wrong_only: bool = False) -> None:
        """Put the next (step 1) or previous (-1) held-out example on screen; maybe only wrong answers."""
        rows = self._walked_rows()
        if not rows:
            raise ValueError("this world has no examples to walk through")
        start = -1 if self.example is None and step > 0 else (0 if self.example is None else self.example)
        order = [(start + step * k) % len(rows) for k in range(1, len(rows) + 1)]
        if wrong_only:
            right = self._answered_right(rows)
            if right is None:
                raise ValueError("a number has no wrong answers to jump to: the table shows how far off each one is")
            order = [i for i in order if not right[i]]
            if not order:
                self._send(("notice", f"The network answers all {len(rows)} held-out examples right.", "information"))
                return
        self.example = order[0]
        self.probe = self._lens.probe_of_example(self.trainer, rows[self.example])
        self._send_frame()

    def _do_configure(self, changes: dict[str, object]) -> None:
        self.trainer.configure(**changes)
        self._send_frame()

    def _do_reset(self, seed: int | None, preset: str | None, changes: dict[str, object] | None = None, empty: bool = False) -> None:
        """A fresh network (and the world's data again); `empty`: on a plane with no points at all."""
        from tinynet_core.config import preset_config
        from tinynet_core.user_examples import start_empty

        config = None
        if preset is not None:
            config = preset_config(preset)
        if changes:
            config = (config or self.trainer.config).replace(**changes)
        if preset is not None:
            self.preset = preset
        self.origin = None  # a fresh network, whatever file the last one came from
        world_before = self._world_key()
        self.trainer.reset(seed, config)
        if empty:
            start_empty(self.trainer)
            self.example = None  # the example walked to is gone
        self._new_timeline()  # a fresh network: a fresh run, the old ones let go
        self.running = False
        if self._world_key() != world_before:
            self._new_world()
        else:  # the same input on screen, but maybe new layers or a new split: the names and counts anew
            self._world_info = world_info(self.trainer)
        self._mark_painted_weights()
        self._send_frame()

    def _do_train(self, epochs: int) -> None:
        """Whole epochs at once, without records (a tour chapter's setup)."""
        if self._refused_in_past() or self._refused_empty():
            return
        if self.trainer.diverged:
            self._send(("notice", DIVERGED_NOTICE, "warning"))
            return
        self.timeline.history.train(epochs)
        self._mark_painted_weights()
        self._send_frame()

    def _do_sweep(self, count: int) -> None:
        """Train seeds 0..count-1 of the current config at once and send back each seed's result.

        On TinyNet's world a result holds its verdicts (batched.SeedResult); on any other, its
        final loss and its accuracy or R² on both sets (lottery.LotteryResult). A big recipe
        trains fewer seeds (sweep_size), so that the engine answers again within seconds.
        """
        from tinynet_core.lottery import Lottery

        from .sweep_size import sweep_seeds

        trainer = self.trainer
        config = trainer.config
        count = sweep_seeds(count, trainer.samples_per_epoch, len(trainer.flat_parameters()), config.epochs)
        sweep = Lottery(config, range(count), device=str(trainer.device))
        sweep.train(config.epochs)
        results = sweep.tinynet_results() if self._world_info.is_tinynet else sweep.results()
        self._send(("sweep", recipe_name(self.preset, config.to_dict()), config.epochs, results))

    def _do_compare(self) -> None:
        """Load the three published models and send back their answers on the stress set and all 16."""
        from tinynet_core.checkpoint import load_trainer
        from tinynet_core.published import PUBLISHED, published_path

        stress, all16 = PATTERN_SETS["stress"], PATTERN_SETS["all16"]
        inputs = [p.pixels for p in stress + all16]
        models = []
        for name in PUBLISHED:
            trainer = load_trainer(published_path(name))
            outputs = [tuple(pair) for pair in trainer.predict(inputs).tolist()]
            models.append(
                PublishedAnswers(
                    name=name,
                    seed=trainer.seed,
                    config=trainer.config.to_dict(),
                    epochs_done=trainer.epochs_done,
                    final_loss=trainer.loss_history[-1] if trainer.loss_history else None,
                    stress=tuple(outputs[: len(stress)]),
                    all16=tuple(outputs[len(stress) :]),
                )
            )
        self._send(("compare", models))

    def _do_export(self, base: str) -> None:
        from tinynet_core.export import export_run

        csv_path, json_path = export_run(self.trainer, base)
        self._send(("saved", [str(csv_path.resolve()), str(json_path.resolve())]))

    def _do_save(self, path: str) -> None:
        from tinynet_core.checkpoint import save_checkpoint

        saved = save_checkpoint(self.trainer, Path(path).expanduser())
        self._send(("saved", [str(saved.resolve())]))

    def _do_load(self, path: str) -> None:
        from tinynet_core.checkpoint import load_checkpoint, trainer_from_checkpoint
        from tinynet_core.published import resolve_model

        path = resolve_model(path)  # a published model's name, or a path
        checkpoint = load_checkpoint(Path(path).expanduser())
        self.trainer = trainer_from_checkpoint(checkpoint, device=str(self.trainer.device))
        self._new_timeline()
        self._opened(path)
        self._new_world()
        self.running = False
        self._mark_painted_weights()
        self._send_frame()
        loaded = f"Loaded {path}: epoch {self.trainer.epochs_done}, seed {self.trainer.seed}"
        if checkpoint.assumed:
            self._send(("notice", f"{loaded}. {checkpoint.assumed}; a picks another activation", "warning"))
        else:
            self._send(("notice", loaded, "information"))

    def _do_move_in_time(self, how: str, amount: int = 0) -> None:
        """Show another step of the run (rewind.MOVES): training pauses; the past is read-only."""
        step = self.timeline.target(how, amount)
        if step is not None:
            self.running = False
        self.timeline.move(step)
        self._send_frame()

    def _do_branch(self) -> None:
        """The past step on screen becomes a new run that the keys train; the old run is kept."""
        old, new = self.timeline.branch()
        self.trainer = self.timeline.run.trainer
        self._mark_painted_weights()
        self._send_frame()
        info = self.timeline.info()
        self._send(("notice", f"Branched {new} from nudge {info.nudges}; {old} and its future are kept.", "information"))

    def _do_edit_weight(self, name: str, index: tuple[int, ...], value: float) -> None:
        """Set one weight by hand: a step of its own in the history ("edited by hand")."""
        from tinynet_core.hand_edit import edit_weight

        if self._refused_in_past():
            return
        moment = edit_weight(self.timeline.history, name, tuple(index), value)
        # The frame shows the edit as the change; the next nudge's changes count from here.
        self._changes = {key: t.tolist() for key, t in moment.changes().items()}
        self._painted_flat = self.trainer.flat_parameters()
        self._nudges_this_frame = 0
        self._send_frame()

    def _do_slice_weight(self, name: str | None, index: tuple[int, ...] = ()) -> None:
        """The edit view opened on a weight (None: closed): frames then carry the loss along it."""
        from tinynet_core.hand_edit import weight_index

        self.sliced = None if name is None else weight_index(self.trainer.layout, name, tuple(index))
        self._send_frame()

    def _do_watch_runs(self, on: bool) -> None:
        """The runs view opened (True: its measurements now, then with the frames) or closed."""
        self.runs_watched = on
        if on:
            self._send_runs()

    def _send_runs(self) -> None:
        """Each run's metrics, and where the current one differs most from each other (answered by "runs")."""
        self._runs_sent_at = time.perf_counter()
        self._send(("runs", *self.timeline.report()))

    def _do_cycle_together(self) -> None:
        """The next way the training keys drive the runs: off, lock step, own pace."""
        together = self.timeline.cycle_together()
        self._send_frame()
        runs = self.timeline.runs
        if together == "lock step":
            said = f"Together, in lock step: n, e and r train all {len(runs)} runs the same nudges (J: each at its own pace)."
        elif together == "own pace":
            paces = ", ".join(f"{run.name} ×{run.pace}" for run in runs)
            said = f"Together, each at its own pace ({paces} nudges a tick; U sets them). J: only the run on screen."
        else:
            said = f"Only {self.timeline.run.name} trains now, the run on screen; J trains the runs together again."
        self._send(("notice", said, "information"))

    def _do_shift_pace(self, name: str, change: int) -> None:
        """A run takes `change` nudges more (or fewer) a tick; one at the fewest."""
        pace = self.timeline.runs[name].pace + change
        if pace < 1:
            self._send(("notice", f"{name} takes 1 nudge a tick already, the fewest; + gives it more.", "warning"))
            return
        self._do_set_pace(name, pace)

    def _do_set_pace(self, name: str, pace: int) -> None:
        """How many nudges a run takes each tick when the runs train at their own pace."""
        self.timeline.runs.set_pace(name, pace)
        self._send_frame()
        unused = "" if self.timeline.together == "own pace" else " (used when the runs train at their own pace: J)"
        self._send(("notice", f"{name} takes {pace} nudge{'s' if pace != 1 else ''} a tick{unused}.", "information"))

    def _do_export_run(self, base: str, name: str, step: int | None) -> None:
        """A run's history (CSV) and its weights at a step (JSON, safetensors); None: its newest step."""
        from tinynet_core.runs import export_run

        paths = export_run(self.timeline.runs[name], base, step)
        self._send(("saved", [str(path.resolve()) for path in paths]))

    def _do_switch_run(self, name: str) -> None:
        """Train another of the runs kept from now on."""
        self.timeline.switch(name)
        self.trainer = self.timeline.run.trainer
        self.running = False
        self._mark_painted_weights()
        self._send_frame()
        self._send(("notice", f"Now on {name}: the keys train it; the other runs wait where they are.", "information"))

    def _do_add_example(self, label: str) -> None:
        """Add the picture (or point) on screen to the training set as yours, with a label."""
        from tinynet_core.user_examples import add_example

        if self._refused_in_past():
            return
        added = add_example(self.trainer, self.probe, label)
        self._data_changed()
        self._send(("notice", f"Added {added.name} ({added.label}): learnt from the next epoch on. Y lists yours.", "information"))

    def _do_remove_example(self, name: str) -> None:
        """Remove one of your examples by name."""
        from tinynet_core.user_examples import remove_example

        if self._refused_in_past():
            return
        remove_example(self.trainer, name)
        self._data_changed()
        self._send(("notice", f"Removed {name}: gone from the next epoch on.", "information"))

    def _do_erase_point(self, point: tuple[float, float], radius: float) -> None:
        """Erase the plane's point nearest `point` (yours or the world's own), if one lies within `radius`."""
        from tinynet_core.user_examples import erase_near

        if self._refused_in_past():
            return
        erased = erase_near(self.trainer, point, radius)
        if erased is None:
            self._send(("notice", f"No point within {radius:.2g} of ({point[0]:+.2f}, {point[1]:+.2f}): nothing to erase.", "information"))
            return
        self._data_changed()
        self._send(("notice", f"Erased {erased.name} ({erased.label}): gone from the next epoch on.", "information"))

    def _data_changed(self) -> None:
        """Examples came or went: the world's counts of them anew, and a frame that shows them."""
        self._world_info = world_info(self.trainer)
        self.example = None  # the rows walked through have changed: the point stays, its number may be gone
        self._send_frame()

    def _do_start_empty(self) -> None:
        """A fresh network from the same seed on a plane with no points: yours will be all it learns."""
        if self._refused_in_past():
            return
        if self.trainer.world.kind != "plane":  # checked before the reset, so that nothing changes
            raise ValueError(f"only a plane world starts empty, not {self.trainer.world.name} ({self.trainer.world.kind})")
        self._do_reset(None, None, empty=True)
        self._send(("notice", "An empty plane and a fresh network: I picks a class, a click adds a point of it. R brings the data set back.", "information"))

    def _do_save_data(self, path: str) -> None:
        """The world's data, yours included, as a CSV that --world csv --data FILE opens."""
        from tinynet_core.user_examples import save_data_csv

        saved = save_data_csv(self.trainer, Path(path).expanduser())
        self._send(("saved", [str(saved.resolve())]))

    def _opened(self, path: str | Path) -> None:
        """After opening a file: name its recipe after the closest preset, and keep where it came from."""
        self.preset = closest_preset(self.trainer.config.to_dict())
        self.origin = Path(path).name

    # -- the world on screen ----------------------------------------------------------------

    def _world_key(self) -> tuple:
        """What decides the input on screen: the world, its data and the network's input features."""
        trainer = self.trainer
        return (trainer.config.world, trainer.config.data, trainer.config.features, trainer.sizes[0])

    def _new_timeline(self) -> None:
        """A fresh run of the trainer, recorded from now (imported here: the app imports this module before torch)."""
        from .rewind import Timeline

        self.timeline = Timeline(self.trainer)
        self.sliced = None  # the weight being edited may not be in the new network

    def _new_world(self) -> None:
        """A network on another world (or read from a file): its lens, names and first input."""
        trainer = self.trainer
        self._lens = lens_for(trainer.world.kind)
        self.probe = self._lens.first_probe(trainer)
        self.example = None
        self._world_info = world_info(trainer)

    def _walked_rows(self) -> list[int]:
        """The rows the example keys walk: the held-out ones, or the training ones where none are held out."""
        data = self.trainer.data
        held = data.validation.nonzero().flatten().tolist()
        return held or data.train_index.tolist()

    def _answered_right(self, rows: list[int], trainer=None) -> list[bool] | None:
        """Whether the network (the live one unless given) answers each of these rows right (None for a regression)."""
        from tinynet_core.metrics import answered_right
        from tinynet_core.trainer import targets_for_head

        trainer = trainer or self.trainer
        outputs = trainer.predict(trainer.data.inputs[rows])
        targets = targets_for_head(trainer.world.task, trainer.config.head, trainer.data.targets[rows])
        return answered_right(trainer.world.task, trainer.config.head, outputs, targets)

    def _weight_story(self, trainer, record, state):
        """The watched parameter's part in the nudge shown, in the layer form."""
        if self.watched is None or record is None:
            return None
        from tinynet_core.weight_story import tell

        info = self._world_info
        before = record.layout.split(record.before)
        name, index = self.watched
        return tell(trainer.config, before, record.input, record.target, name, index, state,
                    info.feature_names, info.answer_names)

    def _example_shown(self, trainer) -> ExampleShown | None:
        if self.example is None:
            return None
        rows = self._walked_rows()
        row = rows[self.example]
        names = trainer.data.example_names
        target = trainer.data.targets[row]
        if trainer.world.task == "classes":
            truth = tuple(1.0 if c == int(target) else 0.0 for c in range(len(trainer.world.output_names)))
            name = f"example {row}: a {trainer.world.output_names[int(target)]}"
        else:
            truth = tuple(target.reshape(-1).tolist())
            name = f"example {row}"
        right = self._answered_right([row], trainer)
        return ExampleShown(
            index=self.example,
            count=len(rows),
            name=names[row] if names else name,
            truth=truth,
            correct=None if right is None else right[0],
        )

    # -- frames ----------------------------------------------------------------------------

    def _mark_painted_weights(self) -> None:
        """The next frame's changes count from the weights as they are now."""
        self._painted_flat = None  # weights as the last frame showed them, for its changes
        self._last_record = None
        self._nudges_this_frame = 0
        self._changes = self._grads = None
        self._nudge_math = None
        self._last_state = None

    def _verdicts(self, trainer) -> dict[str, tuple[tuple[float, ...], ...]]:
        """The net's answers on every named example set the world judges on, in one batched pass."""
        import torch

        sets = trainer.data.examples
        if not sets:
            return {}
        outputs = trainer.predict(torch.cat([inputs for inputs, _ in sets.values()])).tolist()
        verdicts, start = {}, 0
        for name, (inputs, _) in sets.items():
            verdicts[name] = tuple(tuple(row) for row in outputs[start : start + len(inputs)])
            start += len(inputs)
        return verdicts

    def _send_frame(self) -> None:
        self._frame_consumed = False
        self._send(("frame", self._frame()))
        if self.runs_watched and (not self.running or time.perf_counter() - self._runs_sent_at >= RUNS_REPORT_EVERY_S):
            self._send_runs()

    def _frame(self) -> Frame:
        """The network now, or the past step on screen."""
        past = self.timeline.past()
        if past is not None:
            return self._frame_of(past.trainer, past.record, past.values, past.changes, past.grads, past.nudge_math, past.state, 0)
        trainer = self.trainer
        record = self._last_record
        if self._nudges_this_frame:
            # Changes span every nudge since the last painted frame; a frame without a new
            # nudge (a grid click, say) keeps showing the last ones.
            moved = trainer.layout.split(record.after - self._painted_flat)
            self._changes = {name: t.tolist() for name, t in moved.items()}
            self._grads = {name: p.grad.tolist() for name, p in record.params.items()}
            self._painted_flat = record.after
        values = {name: t.tolist() for name, t in trainer.parameters().items()}
        frame = self._frame_of(trainer, record, values, self._changes, self._grads, self._nudge_math, self._last_state, self._nudges_this_frame)
        self._nudges_this_frame = 0
        return frame

    def _frame_of(self, trainer, record, values, changes, grads, nudge_math, state, nudges_in_frame) -> Frame:
        """A frame of a trainer (the live one, or one rebuilt at a past step) and the nudge it shows."""
        grid_input = tuple(self._lens.network_input(trainer, self.probe))
        prediction = trainer.predict(grid_input).tolist()
        val_losses = trainer.val_loss_history
        kept = curve_points(trainer.history_start + 1, len(trainer.loss_history))
        return Frame(
            preset=self.preset,
            origin=self.origin,
            seed=trainer.seed,
            device=str(trainer.device),
            config=trainer.config.to_dict(),
            epochs_done=trainer.epochs_done,
            nudges=trainer.nudges,
            sample_index=trainer.sample_index,
            samples_per_epoch=_epoch_size(trainer),
            running=self.running,
            speed=self.speed,
            diverged=trainer.diverged,
            values=values,
            changes=changes,
            grads=grads,
            nudges_in_frame=nudges_in_frame,
            last=_last_nudge(record, trainer.layout),
            loss_history=kept.of(trainer.loss_history),
            epoch_losses=tuple(trainer.epoch_losses),
            movement_history=kept.of(trainer.movement_history),
            grid_input=grid_input,
            prediction=tuple(prediction),
            hidden=tuple(trainer.hidden_activations(grid_input).tolist()),
            verdicts=self._verdicts(trainer),
            nudge_math=nudge_math,
            world=self._world_info,
            probe=self.probe,
            look=self._lens.look(trainer, self.probe),
            val_loss_history=kept.of(val_losses),
            score_history=kept.of(trainer.score_history),
            diagnosis=self._diagnosis(trainer, val_losses),
            example=self._example_shown(trainer),
            weight_story=self._weight_story(trainer, record, state),
            timeline=self.timeline.info(),
            loss_slice=self._loss_slice(trainer),
            user_examples=self._user_examples(trainer),
            curve_epochs=kept.epochs,
            other_runs=self._other_run_curves(),
        )

    def _other_run_curves(self) -> tuple[RunCurve, ...]:
        """The loss curves of the runs not on screen, thinned like the frame's own; while the past is
        on screen, the current run's up to now as well, so the chart still spans the whole run."""
        curves = []
        for run in self.timeline.runs:
            current = run is self.timeline.run
            if not current or self.timeline.in_past:
                trainer = run.trainer
                kept = curve_points(trainer.history_start + 1, len(trainer.loss_history))
                name = f"{run.name} now" if current else run.name
                curves.append(RunCurve(name, run.colour, kept.of(trainer.loss_history), kept.epochs))
        return tuple(curves)

    def _diagnosis(self, trainer, val_losses: list[float]) -> str | None:
        """What the curves say, once there is something to say (a fit, or its lack)."""
        if not val_losses or not any(math.isfinite(v) for v in val_losses):
            return None
        from tinynet_core.fit_watch import FitWatch

        # The live run's curves only grow: read just the new epochs. A past step is read whole.
        if self._fit_watch is None:
            self._fit_watch = FitWatch()
        watch = self._fit_watch if trainer is self.trainer else FitWatch()
        reading = watch.reading(trainer.loss_history, val_losses, trainer.history_start + 1)
        return None if reading.kind == "too early to tell" else reading.sentence

    def _user_examples(self, trainer) -> tuple[tuple[str, str], ...]:
        """Your examples in a trainer's data, worked out again only when its data change."""
        if self._yours_of is not trainer.data:
            from tinynet_core.user_examples import KINDS, user_examples

            yours = user_examples(trainer) if trainer.world.kind in KINDS else []
            self._yours_of, self._yours = trainer.data, tuple((e.name, e.label) for e in yours)
        return self._yours

    def _loss_slice(self, trainer):
        """The training loss along the weight being edited, while the edit view is open."""
        if self.sliced is None or trainer.diverged or not len(trainer.data.train[0]):
            return None
        from tinynet_core.hand_edit import loss_slice

        cut = loss_slice(trainer, self.sliced)
        return LossCut(tuple(cut.values), tuple(cut.losses), cut.current, cut.loss, cut.slope)


def _epoch_size(trainer) -> int:
    """The examples the epoch in progress visits; between epochs, the next one's: the data as it is now (yours in)."""
    return trainer.samples_per_epoch if trainer.sample_index else len(trainer.data.train_index)


def _plain(tensor) -> tuple:
    """A tensor as a tuple: its values, its rows for a batch, or one value (a class index)."""
    values = tensor.tolist()
    return tuple(values) if isinstance(values, list) else (values,)


def _last_nudge(record, layout) -> LastNudge | None:
    if record is None:
        return None
    return LastNudge(
        step=record.step,
        epoch=record.epoch,
        sample_index=record.sample_index,
        sample_name=record.sample_name,
        input=_plain(record.input),
        target=_plain(record.target),
        output=_plain(record.output),
        loss=record.loss,
        before={name: t.tolist() for name, t in layout.split(record.before).items()},
    )
