"""TinyNetApp: composes the panes, turns keys into engine commands, and paints the engine's frames."""

from __future__ import annotations

import asyncio
import gc
import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from tinynet_core.config import ACTIVATIONS, MAX_LR, preset_config
from tinynet_core.options import world_defaults
from tinynet_core.safe_io import FileRefused, write_atomic
from tinynet_core.text import visible
from tinynet_core.world import LABEL_AMBIGUOUS

from .driver import DEFAULT_FRAME_RATE, StartOptions
from .engine_link import EngineLink
from .frame import Frame, WorldInfo
from .delivery import FileDelivery
from .engine_gate import needs_engine, play_queued
from .input_views import InputView, PlaneView, input_view_for
from .lifecycle import exit_on_signals, exit_with_parent
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
from .palette import app_commands
from .plain_notices import PlainNotices
from .screens.choice import ChoiceScreen
from .file_names import checkpoint_path, export_paths, run_export_paths
from .screens.compare import CompareScreen
from .screens.confirm import unless_it_overwrites
from .screens.diagram import DiagramScreen
from .screens.edit_weight import EditWeightScreen
from .screens.help import HelpScreen
from .screens.graph_view import GraphScreen
from .screens.inspector import InspectorScreen
from .screens.layer_inspector import LayerInspectorScreen, LayerInspectorView
from .screens.open_dialog import OpenScreen
from .screens.prompt import PromptScreen
from .screens.settings import SettingsScreen
from .screens.runs import RunsScreen
from .screens.sweep import SWEEP_SEEDS, SweepScreen
from .screens.tests_panel import TestsScreen
from .screens.too_small import TooSmallScreen, too_small
from .screens.unit_images import UnitImagesScreen
from .screens.verdicts import VerdictMapScreen
from .screens.world_picker import PresetListScreen, WorldPickerScreen, first_preset
from .script import Action, stays_open
from .tour_control import TourControl
from .tours import TOURS
from .widgets.controls import ControlBar
from .widgets.loss_chart import LossChart
from .widgets.narration import TourPane
from .view_scope import hidden_actions, works_on
from .widgets.pixel_grid import PixelCell
from .widgets.plane_map import PlaneMap
from .widgets.status import StatusLine, settings_line
from .widgets.timeline import TimelineBar
from .widgets.weights import WeightsPane, parameter_at
from .world_info import provisional_world_info

STARTING = "The engine is still starting (loading PyTorch)…"
# Full-screen views that follow the training live; each has a show(frame) method.
VIEW_SCREENS = {"diagram": DiagramScreen, "verdicts": VerdictMapScreen, "tests": TestsScreen}
VIEW_SCREENS_TUPLE = (*VIEW_SCREENS.values(), InspectorScreen, LayerInspectorScreen, GraphScreen)
# During a tour: below this width the loss chart narrows for the narration; below this height
# the control bar and the second status line make way for it (the footer still shows the keys).
TOUR_BESIDE_CHART_WIDTH = 100
TOUR_ROOMY_HEIGHT = 28
# The worlds your own examples go on (tinynet_core.user_examples.KINDS).
EXAMPLE_KINDS = ("pixels", "plane")
# Below this width the footer has no room for the command palette's hint (ctrl+p still works).
PALETTE_HINT_WIDTH = 90


def parse_lr(text: str) -> float | None:
    """A learning rate from user text, or None if it is not a usable one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 < value <= MAX_LR else None


class TinyNetApp(PlainNotices, TourControl, App[None]):
    """Watch TinyNet learn, one nudge at a time."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses anywhere find it
    TITLE = "tinynet-tui"

    # The help screen and the command palette are built from these: each tooltip says what the
    # key does. Bindings of one action (scale_lr(0.5), scale_lr(2)) share a row in the help,
    # worded by the first one's tooltip.
    BINDINGS = [
        Binding("n", "step", "Step", tooltip="nudge: one gradient step on the next training pattern"),
        Binding("e", "epoch", "Epoch", show=False, tooltip="finish the current epoch"),  # on the control bar
        Binding("r", "toggle_run", "Run", tooltip="run / pause continuous training"),
        Binding("plus,equals_sign", "faster", "Faster", show=False, tooltip="more nudges per frame while running"),
        Binding("minus", "slower", "Slower", show=False, tooltip="fewer nudges per frame while running"),
        Binding("R", "reset", "Reset", show=False, tooltip="reset: a new network from the same seed (after an engine crash: restart it)"),
        Binding("s", "new_seed", "New seed", show=False, tooltip="reset with the next seed"),
        Binding("L", "edit_lr", "LR", show=False, tooltip="edit the learning rate (takes effect at the next nudge)"),
        Binding("left_square_bracket", "scale_lr(0.5)", "Halve lr", show=False, tooltip="halve / double the learning rate"),
        Binding("right_square_bracket", "scale_lr(2)", "Double lr", show=False, tooltip="double the learning rate"),
        Binding("c", "choose_preset", "Preset", show=False, tooltip="choose a preset (resets the network)"),
        Binding("O", "choose_world", "World", show=False, tooltip="choose a world, its data set (resets the network to the world's first preset)"),
        Binding("comma", "settings", "Settings", show=False, tooltip="the settings panel: every hyperparameter, the hidden layers and the data"),
        Binding("a", "choose_activation", "Activation", show=False, tooltip="choose the hidden activation (keeps the weights)"),
        Binding("p", "example(1)", "Next example", show=False, tooltip="put the next / previous example on screen (TinyNet: its patterns; elsewhere: the held-out examples)"),
        Binding("P", "example(-1)", "Previous example", show=False, tooltip="put the previous example on screen"),
        Binding("M", "next_mistake", "Next mistake", show=False, tooltip="jump to the next held-out example the network answers wrong"),
        Binding("v", "cycle_view", "Weights view", show=False, tooltip="weights view: values, changes, gradients"),
        Binding("i", "inspect", "Inspect", tooltip="inspect the weight under the cursor (tab to the weights, then arrows; or click it)"),
        Binding("b", "graph", "Graph", show=False, tooltip="the last nudge as a graph of scalar operations, micrograd's view (esc comes back)"),
        Binding("d", "open_view('diagram')", "Diagram", tooltip="network diagram / verdict map / tests panel (esc comes back)"),
        Binding("V", "open_view('verdicts')", "Verdicts", tooltip="the verdict map: all 16 black-and-white pictures"),
        Binding("t", "open_view('tests')", "Tests", tooltip="the tests panel: near-copies and the stress set"),
        Binding("G", "choose_tour", "Tour", tooltip="guided tour: discovery, trainer, or one per seed project (journey, scratch, playground)"),
        # Tour keys, hidden unless a tour is on (the tour pane shows them).
        Binding("pagedown", "tour_step(1)", "Next chapter", show=False, tooltip="next / previous tour chapter"),
        Binding("pageup", "tour_step(-1)", "Previous chapter", show=False, tooltip="previous tour chapter"),
        Binding("escape", "end_tour", "End tour", show=False, tooltip="end the tour (the network stays as it is)"),
        Binding("C", "compare", "Compare models", show=False, tooltip="compare the three published models"),
        Binding("W", "sweep", "Sweep seeds", show=False, tooltip="sweep: train seeds 0-199 of these settings at once, then open any of them"),
        Binding("g", "toggle_log", "Log scale", show=False, tooltip="loss chart: log scale on/off"),
        Binding("percent_sign", "toggle_score", "Accuracy", show=False, tooltip="loss chart: accuracy (R² for a number) on the training and held-out examples, on/off"),
        Binding("m", "toggle_movement", "Movement", show=False, tooltip="loss chart: weight movement curve on/off"),
        Binding("w", "save", "Save", show=False, tooltip="save a checkpoint (.safetensors)"),
        Binding("o", "open", "Open", show=False, tooltip="open a checkpoint, or a published model by name"),
        Binding("x", "export", "Export", show=False, tooltip="export the loss history (CSV) and the weights (JSON)"),
        Binding("S", "screenshot_svg", "Screenshot", show=False, tooltip="save a screenshot of this screen as SVG"),
        Binding("T", "change_theme", "Theme", show=False, tooltip="pick a colour theme (Textual's theme picker)"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("q", "quit", "Quit", tooltip="quit"),
        Binding("u", "unit_images", "Unit images", show=False, tooltip="pixel worlds: each hidden unit's weights drawn as a picture (what it looks for)"),
        # Rewind (issue 15).
        Binding("less_than_sign", "move_in_time('step', -1)", "Step back", show=False, tooltip="rewind: < > a step back / on, { } an epoch's end, home the start, end now (the past is read-only)"),
        Binding("greater_than_sign", "move_in_time('step', 1)", "Step on", show=False, tooltip="a step on along the timeline"),
        Binding("left_curly_bracket", "move_in_time('epoch', -1)", "Epoch back", show=False, tooltip="back to the previous epoch's end"),
        Binding("right_curly_bracket", "move_in_time('epoch', 1)", "Epoch on", show=False, tooltip="on to the next epoch's end"),
        Binding("home", "move_in_time('start')", "Timeline start", show=False, tooltip="the start of the run"),
        Binding("end", "move_in_time('now')", "Now", show=False, tooltip="back to now"),
        Binding("B", "branch", "Branch", show=False, tooltip="branch from here: train on from the past step on screen; the old future is kept as another run"),
        Binding("E", "edit_weight", "Edit weight", show=False, tooltip="edit the weight under the cursor by hand, with a chart of the loss along it (a step in the history)"),
        Binding("A", "add_example", "Add example", show=False, tooltip="add what I drew (the input on screen) to the training set as yours, with a label you choose"),
        Binding("Y", "your_examples", "Your examples", show=False, tooltip="list your own examples; pick one to remove it"),
        Binding("D", "save_data", "Save data", show=False, tooltip="save the world's data, yours included, as CSV (opens again with --world csv --data FILE)"),
        Binding("U", "runs", "Runs", show=False, tooltip="runs side by side (B makes them): their metrics, where they differ most; pick one to train it; + - p set its pace, X exports it"),
        Binding("J", "together", "Together", show=False, tooltip="train the runs together: off / lock step (the same nudges each) / each at its own pace (U sets it)"),
        Binding("X", "export_run", "Export run", show=False, tooltip="export the run on screen at the step on screen, the past too: history (CSV), weights (JSON, safetensors)"),
        # Your own points on the plane (issue 15): the plane view's pen.
        Binding("I", "pen_ink", "Pen class", show=False, tooltip="plane: a click adds a point of the next class (after the last, a click only moves the cursor)"),
        Binding("z", "pen_eraser", "Eraser", show=False, tooltip="plane: the eraser on / off: a click erases the nearest point, yours or the data set's"),
        Binding("full_stop", "pen_here", "Pen here", show=False, tooltip="plane: the pen at the cursor: add a point of its class there, or erase the nearest"),
        Binding("Z", "empty_plane", "Empty plane", show=False, tooltip="plane: start from an empty plane and a fresh network, to add your own points (R brings the data set back)"),
    ]

    def __init__(
        self,
        options: StartOptions | None = None,
        frame_rate: float = DEFAULT_FRAME_RATE,
        script: list[Action] | None = None,
        screenshot_dir: Path = Path("."),
        tour: str | None = None,
    ) -> None:
        super().__init__()
        self.options = options or StartOptions()
        self.script = script
        self.screenshot_dir = screenshot_dir
        self._pongs: dict[int, asyncio.Event] = {}
        self.engine = EngineLink(self.options, self.post_message, frame_rate=frame_rate)
        self.frame: Frame | None = None  # the last frame painted; None until the engine is up
        self.engine_down: str | None = None  # what happened, once the engine has died
        self.files = FileDelivery()
        self.queued_actions: list = []  # keys pressed while the engine starts (engine_gate)
        self._tour_on_start = TOURS[tour] if tour else None
        self._input_view: InputView | None = None
        self._provisional_world = provisional_world_info(self.options.config or preset_config(self.options.preset).to_dict())
        self.tour_pane = TourPane(id="tour")  # made here: `tour` reads it before the app mounts

    def compose(self) -> ComposeResult:
        """The panes, the control bar, the status lines and the footer."""
        with Vertical(id="main"):
            with Horizontal(id="top"):
                with Vertical(id="input-pane"):
                    world = self._provisional_world
                    if world is not None:  # a csv world's view waits for the engine to read the file
                        yield input_view_for(world.kind)(world, classes="input-view")
                yield WeightsPane(id="weights")
            with Horizontal(id="lower"):
                yield LossChart(id="loss")
                yield self.tour_pane
            self.timeline_bar = TimelineBar(id="timeline")
            yield self.timeline_bar
            yield ControlBar(id="controls")
            yield StatusLine(STARTING, id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Titles, focus on the grid, then bring the engine up on its own thread."""
        # Held rather than queried each frame; a frame that arrives while the app shuts down
        # finds them detached and is dropped.
        self.weights = self.query_one(WeightsPane)
        self.loss_chart = self.query_one(LossChart)
        self.status_line = self.query_one(StatusLine)
        self.controls = self.query_one(ControlBar)
        self.query_one("#input-pane").border_title = "Input"
        self.query_one("#weights").border_title = "Weights"
        self._focus_input()
        self._check_size(self.size.width, self.size.height)
        exit_on_signals(self)
        if self.is_web:
            exit_with_parent(self)
        self._start_engine()

    def _focus_input(self) -> None:
        """Focus the input view's first control (the pixel grid, the plane's cursor)."""
        for widget in self.query_one("#input-pane").query("*"):
            if widget.focusable:
                widget.focus()
                return

    @property
    def world(self) -> WorldInfo | None:
        """The world on show: the engine's, or what the config says until the engine is up."""
        return self.frame.world if self.frame is not None else self._provisional_world

    @property
    def input_view(self) -> InputView | None:
        """The view in the input pane (None until a csv world's engine is up)."""
        if self._input_view is None:
            views = self.main_screen.query(InputView)  # the one composed at start
            self._input_view = views.first() if views else None
        return self._input_view

    def _fit_input_view(self, frame: Frame) -> InputView:
        """The input view for the frame's world: the one mounted if it fits, else a new one."""
        view = self.input_view
        kind = input_view_for(frame.world.kind)
        if kind.fits(view, frame.world):
            view.world = frame.world
            return view
        pane = self.main_screen.query_one("#input-pane")
        had_focus = view is not None and view.has_focus_within
        if view is not None:
            view.remove()
        # Held, not queried: the old view stays in the DOM until its removal is processed.
        view = self._input_view = kind(frame.world, classes="input-view")
        pane.mount(view)
        pane.border_title = view.TITLE
        if had_focus or view is None or self.focused is None:
            self.call_after_refresh(self._focus_input)
        return view

    def _show_input(self, view: InputView) -> None:
        """Paint the latest frame on the input view, once it is mounted (a new one takes a refresh)."""
        if not view.is_attached:
            return  # replaced meanwhile
        if view.is_mounted:
            view.show(self.frame)
        else:
            self.call_after_refresh(self._show_input, view)

    def _start_engine(self) -> None:
        self.engine.start()
        # A daemon thread, not a Textual worker: if the app ends without unmounting (its
        # server gone, a crash while shutting down), a worker's pool thread would keep the
        # process alive at exit; a daemon thread never does.
        threading.Thread(target=self.engine.relay, name="engine-relay", daemon=True).start()

    def on_unmount(self) -> None:
        """Stop the engine process."""
        self.engine.stop()
        self.files.clean_up()

    # -- frames from the engine ------------------------------------------------------------

    def on_engine_ready(self, message: EngineReady) -> None:
        """The first real frame: keys pressed meanwhile play now, then a tour or script starts."""
        self._paint(message.frame)
        # Everything made so far (widgets, styles, Textual's and Rich's modules) lives as long as the
        # app: frozen, Python's full collections stop rescanning it, which paused keys for up to
        # 60 ms while training ran (10 ms after).
        gc.freeze()
        play_queued(self)
        if self._tour_on_start:
            self.start_tour(self._tour_on_start)
            self._tour_on_start = None  # not again after a restart
        if self.script is not None:  # an empty script still ends a headless run
            self.run_worker(self._play(self.script), name="script", exclusive=True)
            self.script = None

    # -- replay scripts ----------------------------------------------------------------------

    async def _play(self, actions: list[Action]) -> None:
        """Play a replay script, waiting for the engine after every action."""
        await self._tour_settled()
        for action in actions:
            if action.kind == "key":
                for key in action.args:
                    self.simulate_key(key)
                    await self._script_synced()
            elif action.kind == "type":
                for char in action.args[0]:
                    self.post_message(events.Key(char, char))
                await self._script_synced()
            elif action.kind == "click":
                row, col = action.args
                cells = [c for c in self.main_screen.query(f"#cell-{row}-{col}") if isinstance(c, PixelCell)]
                if not cells:  # the script cannot do what it says: stop, and say why
                    self.exit(return_code=1, message=f"tinynet-tui: error: script line {action.line}: no picture cell at row {row}, column {col}")
                    return
                cell = cells[0]
                cell.post_message(PixelCell.Clicked(cell.index))  # what a click on the cell does
                await self._script_synced()
            elif action.kind == "chart":
                self.loss_chart.post_message(LossChart.Picked(action.args[0]))  # what a click on the chart does
                await self._messages_delivered()  # up to the app's handler, which sends the move, before the ping
                await self._script_synced()
            elif action.kind == "point":
                maps = self.main_screen.query(PlaneMap)
                if not maps or maps.first().cell_at(action.args) is None:  # the script cannot do what it says: stop, and say why
                    self.exit(return_code=1, message=f"tinynet-tui: error: script line {action.line}: no plane map with the point ({action.args[0]:g}, {action.args[1]:g}) on it")
                    return
                maps.first().click(action.args)  # exactly there, whatever the terminal's size
                await self._messages_delivered()  # the click's messages bubble up to the app's handlers first
                await self._script_synced()
            elif action.kind == "pause":
                await asyncio.sleep(action.args[0])
            elif action.kind == "screenshot":
                await self._without_notices()
                try:
                    self.write_svg(self.screenshot_dir / f"{action.args[0]}.svg")
                except FileRefused as err:  # the script cannot do what it says: stop, and say why
                    self.exit(return_code=1, message=f"tinynet-tui: error: {visible(err)}")
                    return
        if not stays_open(actions):
            self.exit()

    async def _synced(self) -> None:
        """Wait until the last key's effect, engine round trip included, is on screen."""
        token = len(self._pongs)
        self._pongs[token] = done = asyncio.Event()
        # Queued behind the key, so the ping leaves after whatever command the key sent.
        self.call_later(self.engine.ping, token)
        await done.wait()
        await asyncio.sleep(0.05)  # let the screen repaint

    async def _messages_delivered(self, hops: int = 12) -> None:
        """Let the messages posted so far reach their handlers: each round takes them at least one widget up."""
        for _ in range(hops):  # more rounds than any bubbling path from a widget to the app is long
            delivered: list[asyncio.Event] = []
            for node in (self, *self.main_screen.walk_children(with_self=True)):
                event = asyncio.Event()
                if node.call_later(event.set):
                    delivered.append(event)
            await asyncio.gather(*(event.wait() for event in delivered))

    async def _script_synced(self) -> None:
        """After a script step: the engine has caught up, and so has a tour chapter it opened."""
        await self._synced()
        await self._tour_settled()

    async def _without_notices(self) -> None:
        """Clear the notices and wait until the screen shows it: a screenshot is of the app."""
        self.clear_notifications()
        repainted = asyncio.Event()
        self.call_after_refresh(repainted.set)
        await repainted.wait()

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None, markup: bool = True) -> None:
        """One notice at a time: a new one replaces the one on show, so repeats never pile up."""
        if threading.get_ident() == self._thread_id:  # clearing is not thread-safe; notifying is
            self.clear_notifications()
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_engine_pong(self, message: EnginePong) -> None:
        """The engine has caught up with a script step."""
        self._pongs[message.token].set()

    def on_frame_ready(self, message: FrameReady) -> None:
        """Paint a frame, then let the engine send the next."""
        self._paint(message.frame)

    def _paint(self, frame: Frame) -> None:
        if not self.weights.is_attached:
            return
        was_diverged = self.frame is not None and self.frame.diverged
        footer_changes = hidden_actions(self.world) != hidden_actions(frame.world)
        self.frame = frame
        with self.batch_update():
            self._show_input(self._fit_input_view(frame))
            self.weights.frame = frame
            settings = settings_line(frame)
            if self.weights.border_subtitle != settings:
                self.weights.border_subtitle = settings
            self.loss_chart.show(frame)
            self.timeline_bar.show(frame)
            self.status_line.show(frame)
            self.controls.show_running(frame.running)
            if self.tour is not None:
                self.tour_pane.show(frame)
            if isinstance(self.view, VIEW_SCREENS_TUPLE):
                self.view.show(frame)
        if footer_changes:
            self.refresh_bindings()  # keys that work on one world and not another
        if frame.diverged and not was_diverged:
            self.notify("The loss became NaN or infinite: training stopped. Press R to reset.", severity="error")
        self.engine.frame_painted()

    def on_engine_notice(self, message: EngineNotice) -> None:
        """Show what the engine has to say."""
        self.notify(message.text, severity=message.severity)

    def on_files_saved(self, message: FilesSaved) -> None:
        """The engine wrote a checkpoint or an export: say where, or send it to the browser."""
        self.notify(self.files.deliver(self, message.paths))

    def on_engine_failed(self, message: EngineFailed) -> None:
        """The engine could not start: say why in the status line and a notice."""
        self.status_line.update(f"The engine could not start: {visible(message.text)}")
        self.notify(message.text, title="Engine failed", severity="error", timeout=30)
        if self.is_headless or self.script is not None:  # a script's run always ends; a failed engine is a failure
            self.exit(return_code=1, message=f"tinynet-tui: the engine could not start: {visible(message.text)}")

    def on_engine_died(self, message: EngineDied) -> None:
        """The engine process ended under the app: say how, and how to get it back."""
        because = f": {message.last_words}" if message.last_words else ""
        self.engine_down = f"The engine stopped ({message.how}{because})."
        self.status_line.update(
            Text.assemble(
                (self.engine_down, "bold red"),
                "\nPress R to restart it with the same settings (a fresh network). ",
                (f"Its log: {message.log_path}", "dim"),
            )
        )
        self.notify(f"{self.engine_down} R restarts it. Its log: {message.log_path}", severity="error", timeout=30)

    def on_engine_logged(self, message: EngineLogged) -> None:
        """The engine wrote a warning or an error: one line here, the whole text in its log."""
        self.notify(f"The engine says: {message.last_line}  (full text: {message.log_path})", severity="warning", timeout=10)

    def _restart_engine(self) -> None:
        """A new engine process with the settings the dead one had, from the same seed."""
        frame = self.frame
        if frame is not None:
            self.options = StartOptions(preset=frame.preset, seed=frame.seed, device=self.options.device, config=frame.config)
        self.engine.stop()
        self.engine = EngineLink(self.options, self.post_message, frame_rate=self.engine.frame_rate)
        self.engine_down = None
        self.frame = None
        self.status_line.update(STARTING)
        self._start_engine()
        self.notify("Restarting the engine with the same settings…")

    @on(InputView.ProbeChanged)
    def probe_changed(self, message: InputView.ProbeChanged) -> None:
        """Ask the engine what the net says about the new input."""
        self.engine.set_input(message.probe)

    # -- size ------------------------------------------------------------------------------

    @property
    def main_screen(self) -> Screen:
        """The screen with the panes, under any view or dialog."""
        return self.screen_stack[0]

    @property
    def view(self) -> Screen:
        """The screen the user is looking at, the too-small notice aside."""
        stack = [screen for screen in self.screen_stack if not isinstance(screen, TooSmallScreen)]
        return stack[-1]

    def get_system_commands(self, screen: Screen) -> Iterator[SystemCommand]:
        """Textual's commands (theme picker, quit, keys, screenshot), then every one of the app's."""
        yield from super().get_system_commands(screen)
        yield from app_commands(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the too-small notice is up, only quitting works: nothing may open behind it."""
        if isinstance(self.screen, TooSmallScreen):
            return action == "quit"
        if not works_on(action, parameters, self.world):
            return False  # hidden from the footer and the palette on networks it is not made for
        return super().check_action(action, parameters)

    def on_resize(self, event: Resize) -> None:
        """Cover whatever is on show with a message when the terminal is too small for it."""
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        self.set_class(width < PALETTE_HINT_WIDTH, "-cramped")  # app.tcss hides the ^p hint
        # The tour pane's layout depends on room: beside the loss chart, or in its place.
        self.main_screen.set_class(width < TOUR_BESIDE_CHART_WIDTH, "-narrow")
        self.main_screen.set_class(height < TOUR_ROOMY_HEIGHT, "-short")
        covered = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height) and not covered:
            self.push_screen(TooSmallScreen(_screen_name(self.screen, self.main_screen)))
        elif covered and not too_small(width, height):
            self.pop_screen()

    # -- actions ---------------------------------------------------------------------------

    def _paused(self, what: str) -> bool:
        """True when paused; otherwise explain that the key needs a pause first."""
        if self.frame.running:
            self.notify(f"Training is running: press r to pause, then {what}.", severity="warning")
            return False
        return True

    @needs_engine
    def action_step(self) -> None:
        """One nudge."""
        if self._paused("n to nudge once"):
            self.engine.step()

    @needs_engine
    def action_epoch(self) -> None:
        """Finish the current epoch."""
        if self._paused("e to finish the epoch"):
            self.engine.finish_epoch()

    @needs_engine
    def action_toggle_run(self) -> None:
        """Run or pause."""
        self.engine.toggle_running()

    @needs_engine
    def action_faster(self) -> None:
        """More nudges per frame."""
        self.engine.shift_speed(+1)

    @needs_engine
    def action_slower(self) -> None:
        """Fewer nudges per frame."""
        self.engine.shift_speed(-1)

    def action_reset(self) -> None:
        """A new network from the same seed; after the engine died, restart it."""
        if self.engine_down is not None:
            self._restart_engine()
        else:
            self._reset()

    @needs_engine
    def _reset(self) -> None:
        self.engine.reset()
        self.notify("Reset: a new network from the same seed.")

    @needs_engine
    def action_new_seed(self) -> None:
        """A new network from the next seed."""
        self.engine.next_seed()

    @needs_engine
    def action_edit_lr(self) -> None:
        """Type a new learning rate."""

        def check(text: str) -> str | None:
            return None if parse_lr(text) is not None else f"Enter a number above 0 and at most {MAX_LR:g}."

        self.push_screen(PromptScreen("Learning rate", f"{self.frame.lr:g}", "e.g. 0.1", check), self._set_lr)

    def _set_lr(self, text: str | None) -> None:
        if text is None:
            return
        lr = parse_lr(text)
        self.engine.configure(lr=lr)
        self.notify(f"Learning rate {lr:g} from the next nudge.")

    @needs_engine
    def action_scale_lr(self, factor: float) -> None:
        """Halve or double the learning rate (of the last one asked for, not the last one painted)."""
        self.engine.scale_lr(factor)

    @needs_engine
    def action_choose_preset(self) -> None:
        """Pick a preset; the network resets to it."""
        self.push_screen(PresetListScreen(self.frame.preset), self._set_preset)

    @needs_engine
    def action_use_preset(self, name: str) -> None:
        """Reset the network to a preset (the command palette's Preset commands)."""
        self._set_preset(name)

    def _set_preset(self, name: str | None) -> None:
        if name is None:
            return
        self.engine.reset(preset=name)
        self.notify(f"Preset {name}: the network was reset (seed {self.frame.seed}).")

    @needs_engine
    def action_choose_world(self) -> None:
        """Pick a world; the network resets to its first preset (or TinyNet's defaults on it)."""
        self.push_screen(WorldPickerScreen(str(self.frame.config["world"])), self._set_world)

    def _set_world(self, name: str | None) -> None:
        if name is None:
            return
        preset = first_preset(name)
        if preset is not None:
            self._set_preset(preset)
            return
        self.engine.reset(changes=world_defaults(name).to_dict())
        self.notify(f"World {name} with TinyNet's defaults: the network was reset (seed {self.frame.seed}).")

    @needs_engine
    def action_settings(self) -> None:
        """The settings panel; each change applies live, or rebuilds the network where it must."""
        self.push_screen(SettingsScreen(self.frame.config, self.frame.world))

    @needs_engine
    def action_choose_activation(self) -> None:
        """Pick the hidden activation; the weights stay."""
        options = [(name, name) for name in ACTIVATIONS]
        self.push_screen(ChoiceScreen("Hidden activation", options, str(self.frame.config["activation"])), self._set_activation)

    def _set_activation(self, name: str | None) -> None:
        if name is None:
            return
        self.engine.configure(activation=name)
        self.notify(f"Activation {name} from the next nudge; the weights are kept.")

    def action_example(self, direction: int) -> None:
        """Put the next (or previous) example on screen: the view's own, else a held-out one."""
        view = self.input_view
        if view is None or not view.walk_examples(direction):
            self._walk_examples(direction)

    @needs_engine
    def _walk_examples(self, direction: int) -> None:
        self.engine.walk_examples(direction)

    @needs_engine
    def action_next_mistake(self) -> None:
        """The next held-out example the network answers wrong."""
        self.engine.walk_examples(1, wrong_only=True)

    def action_cycle_view(self) -> None:
        """Weights as values, changes or gradients."""
        view = self.weights.cycle_view()
        self.notify(f"Weights show {view}.", timeout=2)

    def action_toggle_log(self) -> None:
        """Log scale on the loss chart."""
        self.loss_chart.log_scale = not self.loss_chart.log_scale

    def action_toggle_movement(self) -> None:
        """The weight-movement curve on the loss chart."""
        self.loss_chart.show_movement = not self.loss_chart.show_movement

    def action_toggle_score(self) -> None:
        """Accuracy (or R²) on the loss chart."""
        self.loss_chart.show_score = not self.loss_chart.show_score

    @needs_engine
    def action_save(self) -> None:
        """Save a checkpoint under a name the user gives."""
        name = f"tinynet-{self.frame.preset}-seed{self.frame.seed}-epoch{self.frame.epochs_done}.safetensors"
        self.push_screen(PromptScreen("Save checkpoint as", name, "file.safetensors", _non_empty), self._save_as)

    def _save_as(self, text: str | None) -> None:
        if text:
            path = checkpoint_path(text)
            self._unless_it_overwrites([path], lambda: self.engine.save(self.files.target(self, str(path))))

    @needs_engine
    def action_export(self) -> None:
        """Write the loss history (CSV) and the weights (JSON) under a base name the user gives."""
        base = f"tinynet-{self.frame.preset}-seed{self.frame.seed}"
        self.push_screen(PromptScreen("Export as (writes NAME-loss.csv and NAME-weights.json)", base, "name", _non_empty), self._export_as)

    def _export_as(self, base: str | None) -> None:
        if base:
            self._unless_it_overwrites(list(export_paths(base)), lambda: self.engine.export(self.files.target(self, base)))

    def _unless_it_overwrites(self, paths: list, then) -> None:
        """In a terminal, ask before replacing files; on the web the files go to the browser instead."""
        if self.is_web:
            then()
        else:
            unless_it_overwrites(self, paths, then)

    @needs_engine
    def action_open(self) -> None:
        """Open a checkpoint the user names."""
        self.push_screen(OpenScreen(), lambda path: path and self.engine.load(path))

    @needs_engine
    def action_open_view(self, name: str) -> None:
        """Open one of the full-screen views (diagram, verdict map, tests); esc comes back."""
        self._switch_to(VIEW_SCREENS[name], lambda: VIEW_SCREENS[name](self.frame))

    @needs_engine
    def action_inspect(self) -> None:
        """Open the inspector on the weight under the weights pane's cursor (the layer form beyond TinyNet)."""
        if self.frame.world.is_tinynet:
            self._switch_to(InspectorScreen, lambda: InspectorScreen(self.frame, self.weights.cursor))
            return
        name, index = self._weight_under_cursor()
        if self._switch_to(LayerInspectorScreen, lambda: LayerInspectorScreen(self.frame, name, index)):
            self.engine.watch_weight(name, index)

    def _weight_under_cursor(self) -> tuple[str, tuple[int, ...]]:
        """The parameter the weights pane points at: (name, index)."""
        return self.weights.selected

    def on_layer_inspector_screen_closed(self, message: LayerInspectorScreen.Closed) -> None:
        """No story to tell while nobody reads it."""
        if self.engine_down is None:
            self.engine.watch_weight(None)

    def on_layer_inspector_view_watch(self, message: LayerInspectorView.Watch) -> None:
        """The layer inspector moved to another parameter."""
        self.engine.watch_weight(message.name, message.index)

    @needs_engine
    def action_graph(self) -> None:
        """The last nudge as a graph of scalar operations, from the loss down to the weight under the cursor."""
        last = self.frame.last
        if last is None or last.before is None:
            self.notify("No nudge yet: press n, and the graph shows that nudge.")
            return
        if isinstance(self.view, InspectorScreen):
            name, index = parameter_at(*self.view.query_one("#view-body").cursor, len(self.frame.hidden))
        elif isinstance(self.view, LayerInspectorScreen):
            body = self.view.query_one(LayerInspectorView)
            name, index = body.parameter, body.index
        else:
            name, index = self._weight_under_cursor()
        param = f"{name}[{','.join(map(str, index))}]"
        self._switch_to(GraphScreen, lambda: GraphScreen(self.frame.config, last.before, last.input, last.target, param=param, step=last.step))

    def _switch_to(self, kind: type, make, callback=None) -> bool:
        """The view's own key closes it; from another view, the new one replaces it.

        Returns True when a new view was opened.
        """
        if isinstance(self.view, kind):
            self.pop_screen()
            return False
        if isinstance(self.view, (*VIEW_SCREENS_TUPLE, SweepScreen, CompareScreen)):
            self.pop_screen()
        self.push_screen(make(), callback)
        return True

    def on_weights_pane_inspect(self, message: WeightsPane.Inspect) -> None:
        """Enter or a click on a weight."""
        self.action_inspect()

    @needs_engine
    def action_sweep(self) -> None:
        """Train seeds 0-199 of the current preset at once; pick one to open it here."""
        if not self._paused("W to sweep the seeds"):
            return
        if self._switch_to(SweepScreen, SweepScreen, self._open_seed):
            self.engine.sweep(SWEEP_SEEDS)

    def on_sweep_done(self, message: SweepDone) -> None:
        """Show the sweep, if its screen is still open."""
        if isinstance(self.view, SweepScreen):
            self.view.show_results(message.recipe, message.epochs, message.results)

    @needs_engine
    def action_compare(self) -> None:
        """The three published models side by side."""
        if self._switch_to(CompareScreen, CompareScreen):
            self.engine.compare()

    def on_compare_done(self, message: CompareDone) -> None:
        """Show the published models' answers, if the compare view is still open."""
        if isinstance(self.view, CompareScreen):
            self.view.show_models(message.models)

    def _open_seed(self, seed: int | None) -> None:
        if seed is None:
            return
        self.engine.reset(seed=seed)
        self.notify(f"Opened seed {seed}: the network the sweep trained starts here, untrained.")

    def action_screenshot_svg(self) -> None:
        """Save an SVG of the screen under a name the user gives, and say where it went."""
        default = str(self.screenshot_dir / f"tinynet-{time.strftime('%Y%m%d-%H%M%S')}.svg")
        self.push_screen(PromptScreen("Save a screenshot (SVG) as", default, "file.svg", _non_empty), self._save_svg)

    def _save_svg(self, name: str | None) -> None:
        if not name:
            return
        try:
            # Taken once the prompt has closed, so the picture shows the app, not the prompt.
            notice = self.files.screenshot(self, Path(name).expanduser())
        except FileRefused as err:
            self.notify(f"Could not save the screenshot: {err}", severity="error")
            return
        self.notify(notice)

    def write_svg(self, path: Path) -> Path:
        """Save an SVG of the screen the safe way (never over a device, a link's target kept)."""
        return write_atomic(path, self.export_screenshot().encode("utf-8"))

    def action_help(self) -> None:
        """The help screen."""
        self.push_screen(HelpScreen())

    @needs_engine
    def action_unit_images(self) -> None:
        """Each first-layer unit's weights as a picture the shape of the input; u or esc comes back."""
        self._switch_to(UnitImagesScreen, lambda: UnitImagesScreen(self.frame))

    # -- rewind (issue 15) -------------------------------------------------------------------

    @needs_engine
    def action_move_in_time(self, how: str, amount: int = 0) -> None:
        """Show another step of the run (the past is read-only; end comes back to now)."""
        self.engine.move_in_time(how, amount)

    @needs_engine
    def action_branch(self) -> None:
        """Train on from the past step on screen, as a new run; the old one is kept."""
        self.engine.branch()

    def on_timeline_bar_picked(self, message: TimelineBar.Picked) -> None:
        """A click on the timeline: show that step."""
        self.action_move_in_time("to", message.step)

    def on_loss_chart_picked(self, message: LossChart.Picked) -> None:
        """A click on the loss chart: show the end of the epoch under it."""
        self.action_move_in_time("epoch_end", message.epoch)

    @needs_engine
    def action_edit_weight(self) -> None:
        """Edit the weight under the weights pane's cursor by hand (not in the past: it is read-only)."""
        if self.frame.timeline is not None and self.frame.timeline.past:
            self.notify("The past is read-only: press end to come back to now (or B to branch from here), then E.", severity="warning")
            return
        name, index = self._weight_under_cursor()
        self.push_screen(EditWeightScreen(name, index))

    @needs_engine
    def action_add_example(self) -> None:
        """Add the picture (or point) on screen to the training set as yours, with a label chosen from a list."""
        world = self.frame.world
        if world.kind not in EXAMPLE_KINDS:
            self.notify(f"Your own examples go on pixel and plane worlds; {world.name} is a {world.kind} world.", severity="warning")
            return
        labels = [*world.class_names, *((LABEL_AMBIGUOUS,) if world.task == "multi-label" else ())]
        self.push_screen(ChoiceScreen("Add what is on screen as", [(label, label) for label in labels]), self._add_example_as)

    def _add_example_as(self, label: str | None) -> None:
        if label is not None:
            self.engine.add_example(label)

    @needs_engine
    def action_your_examples(self) -> None:
        """List your own examples; the one picked is removed."""
        yours = self.frame.user_examples
        if not yours:
            self.notify("No examples of yours yet: draw one, then press A to add it with a label.")
            return
        options = [(name, f"{name}: {label}") for name, label in yours]
        self.push_screen(ChoiceScreen(f"Your examples ({len(yours)}): enter removes one, esc keeps them", options), self._remove_example)

    def _remove_example(self, name: str | None) -> None:
        if name is not None:
            self.engine.remove_example(name)

    @needs_engine
    def action_save_data(self) -> None:
        """Save the world's data, yours included, as a CSV under a name the user gives."""
        name = f"{self.frame.world.name}-data.csv"
        self.push_screen(PromptScreen("Save the data (yours included) as CSV", name, "file.csv", _non_empty), self._save_data_as)

    def _save_data_as(self, text: str | None) -> None:
        if text:
            path = Path(text if text.lower().endswith(".csv") else f"{text}.csv").expanduser()
            self._unless_it_overwrites([path], lambda: self.engine.save_data(self.files.target(self, str(path))))

    # -- your own points on the plane (issue 15) ----------------------------------------------

    def _plane_view(self) -> PlaneView | None:
        """The plane view on show, or None (with a notice) on any other world."""
        view = self.input_view
        if isinstance(view, PlaneView):
            return view
        self.notify("The pen and the eraser work on a plane world's map.", severity="warning")
        return None

    def action_pen_ink(self) -> None:
        """The pen adds points of the next class (after the last, a click moves the cursor again)."""
        if view := self._plane_view():
            self.notify(view.set_pen(view.pen.next_ink(len(view.world.class_names))), timeout=4)

    def action_pen_eraser(self) -> None:
        """The eraser on, or off again (the pen adds)."""
        if view := self._plane_view():
            self.notify(view.set_pen(view.pen.toggle_eraser()), timeout=4)

    def action_pen_here(self) -> None:
        """The pen at the cursor: what a click there would do, adding where a click would only look."""
        if (view := self._plane_view()) and not view.stroke_at_cursor():
            self.notify("No cursor on the plane yet: move it with the arrows first.", severity="warning")

    @on(PlaneView.Stroke)
    @needs_engine
    def pen_stroke(self, message: PlaneView.Stroke) -> None:
        """Add a point where the pen went (the engine answers for it there), or erase the nearest."""
        if message.erase:
            self.engine.erase_point(message.point, message.radius)
        else:
            self.engine.set_input(message.point)
            self.engine.add_example(message.label)

    @needs_engine
    def action_empty_plane(self) -> None:
        """A fresh network on a plane with no points; R brings the data set back."""
        self.engine.start_empty()

    @needs_engine
    def action_runs(self) -> None:
        """The runs kept, side by side; the one picked is trained from now on."""
        if not isinstance(self.screen, RunsScreen):
            self.push_screen(RunsScreen(), self._switch_run)
            self.engine.watch_runs(True)

    def on_runs_compared(self, message: RunsCompared) -> None:
        """Show the runs' measurements, if their view is still open (a prompt of its own may be over it)."""
        view = next((screen for screen in reversed(self.screen_stack) if isinstance(screen, RunsScreen)), None)
        if view is not None:
            view.show(message.rows, message.sentences, self.frame.timeline.together)

    def _switch_run(self, name: str | None) -> None:
        if self.engine_down is None:
            self.engine.watch_runs(False)
        current = next((run.name for run in self.frame.timeline.runs if run.current), None) if self.frame.timeline else None
        if name is not None and name != current:
            self.engine.switch_run(name)

    @needs_engine
    def action_together(self) -> None:
        """Train the runs together: off, lock step, each at its own pace, in turn."""
        self.engine.cycle_together()

    def on_runs_screen_pace(self, message: RunsScreen.Pace) -> None:
        """The runs view set a run's nudges a tick, or a step more or fewer."""
        if message.relative:
            self.engine.shift_pace(message.name, message.pace)
        else:
            self.engine.set_pace(message.name, message.pace)

    def on_runs_screen_export(self, message: RunsScreen.Export) -> None:
        """The runs view exports the run picked."""
        self.action_export_run(message.name)

    @needs_engine
    def action_export_run(self, name: str | None = None) -> None:
        """Export a run: the one on screen at the step on screen (the past too), another at its newest step."""
        timeline = self.frame.timeline
        current = next(run.name for run in timeline.runs if run.current)
        name = name or current
        step = timeline.step if name == current else None
        where = f"nudge {timeline.nudges}" if step is not None else "its newest step"
        base = f"tinynet-{self.frame.preset}-seed{self.frame.seed}-{name.replace(' ', '')}" + (f"-nudge{timeline.nudges}" if step is not None else "")
        title = f"Export {name} at {where}: NAME-history.csv, -weights.json, .safetensors"
        self.push_screen(PromptScreen(title, base, "name", _non_empty), lambda text: self._export_run_as(text, name, step))

    def _export_run_as(self, base: str | None, name: str, step: int | None) -> None:
        if base:
            paths = list(run_export_paths(base))
            self._unless_it_overwrites(paths, lambda: self.engine.export_run(self.files.target(self, base), name, step))


def _screen_name(screen: Screen, main: Screen) -> str:
    """How the too-small notice names the screen it covers: 'tinynet-tui', 'The help', 'This view'."""
    if screen is main:
        return "tinynet-tui"
    if getattr(screen, "TOO_SMALL_NAME", None):  # a screen may say what it is
        return screen.TOO_SMALL_NAME
    if isinstance(screen, HelpScreen):
        return "The help"
    return "This dialog" if isinstance(screen, ModalScreen) else "This view"


def _non_empty(text: str) -> str | None:
    return None if text else "Enter a file name."
