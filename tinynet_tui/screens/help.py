"""The help screen: what each pane shows and every key."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..view_scope import works_on

PANES = (
    ("Weights", "Every number the network learns: layer1 turns the inputs into hidden nodes, the last layer turns "
     "those into the answers (TinyNet: 23 numbers, the Horizontal and Vertical scores). After each nudge every "
     "weight that moved is marked, green ▲ up or red ▼ down, brighter for bigger moves."),
    ("Loss", "How wrong the network is, averaged over each epoch (one pass over the training patterns). "
     "It should fall as the network learns; the dot is the epoch in progress."),
    ("Status", "Where training is (epoch, nudge, last loss) and with which settings. The last nudge line "
     "shows the training pattern it learned from and what the answer should have been."),
    ("Inspector (i)", "Why one weight moved by exactly what it did: the chain rule from the loss back to "
     "that weight, every factor with this nudge's number, then the optimizer's update. Arrows pick another weight. "
     "On TinyNet it follows each path; on a bigger network each layer (δ of the unit, summed from the units above)."),
    ("Graph (b)", "The last nudge as micrograd draws it: one node per addition, multiplication and activation, "
     "with its value and gradient, one route at a time from the loss down to a weight; enter opens a node."),
    ("Diagram (d)", "The network as a graph: ·•● for a positive weight, ˙×✖ for a negative one, from weak to "
     "strong, ▲▼ on the edges that moved most. Nodes show what they output for the drawn picture. Arrows "
     "pick an edge and show its weight; enter opens the inspector on it."),
    ("Verdicts (V)", "All 16 black-and-white pictures with the network's answer. ◆ marks the 4 it trains "
     "on; ○ marks ambiguous ones, where an honest network says it is unsure: neither output has 65% "
     "of H+V (the two outputs are separate sigmoids, so the bars need not add up to 100%)."),
    ("Tests (t)", "Near-copies of the training patterns, and the stress set of ambiguous inputs it never "
     "saw, with what it says and what it should say."),
    ("Tour (G)", "Guided tours of the two runbooks, chapter by chapter. Each chapter sets up its own network "
     "and measures what it claims on it, live: where a claim does not hold for that network, it says so."),
    ("Compare (C)", "The three published models side by side: their answers on the stress set and on all "
     "16 black-and-white patterns."),
)

def key_rows(app, bindings) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding; one action's bindings (move up, down...) share a row."""
    rows: list[tuple[str, str]] = []
    last_action = None
    for binding in bindings:
        keys = " ".join(app.get_key_display(binding.__class__(key, binding.action)) for key in binding.key.split(","))
        action = binding.action.split("(")[0]
        if action == last_action:
            rows[-1] = (f"{rows[-1][0]} {keys}", rows[-1][1])
        else:
            rows.append((keys, binding.tooltip or binding.description))
        last_action = action
    return rows


# Panes that are views of their own, by the action that opens them: shown where it works.
PANE_ACTIONS = {"Diagram (d)": ("open_view", ("diagram",)), "Verdicts (V)": ("open_view", ("verdicts",)),
                "Tests (t)": ("open_view", ("tests",)), "Compare (C)": ("compare", ())}


def pane_rows(app) -> list[tuple[str, str]]:
    """What each pane shows: the input view's own words for the world on show, then the views that work here."""
    view = getattr(app, "input_view", None)
    world = getattr(app, "world", None)
    shown = [(name, text) for name, text in PANES if name not in PANE_ACTIONS or works_on(*PANE_ACTIONS[name], world)]
    return [("Input", view.HELP if view is not None else "The input the network looks at, and its answer."), *shown]


def _action_and_parameters(action: str) -> tuple[str, tuple]:
    """'open_view('diagram')' -> ('open_view', ('diagram',)), as Textual parses a binding's action."""
    from textual.actions import parse

    _, name, parameters = parse(action)
    return name, parameters


def key_sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help's key lists, from the bindings themselves, so the two cannot drift apart."""
    from ..widgets.weights import WeightsPane

    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands", tooltip="the command palette: every command, preset, tour and theme by name")
    focus = [binding for binding in Screen.BINDINGS if "focus" in binding.action]
    view = getattr(app, "input_view", None)
    input_keys = [b for widget in ([view, *view.query("*")] if view is not None else []) for b in type(widget).BINDINGS
                  if widget.can_focus and type(widget).BINDINGS]
    working = [b for b in app.BINDINGS if works_on(*_action_and_parameters(b.action), getattr(app, "world", None))]
    sections = [("Keys", key_rows(app, working))]
    if input_keys:
        sections.append(("On the input (when it has focus)", key_rows(app, input_keys)))
    return [
        *sections,
        ("On the weights (when they have focus)", key_rows(app, WeightsPane.BINDINGS)),
        ("Anywhere", key_rows(app, [palette, *focus] if app.ENABLE_COMMAND_PALETTE else focus)),
    ]


def _what_learns(app) -> str:
    """The help's first line: the network on show and what it learns."""
    world = getattr(app, "world", None)
    if world is None or world.is_tinynet:
        return "Watch TinyNet (4 pixels → 3 hidden → 2 outputs) learn one nudge at a time."
    shape = " → ".join(str(n) for n in world.sizes)
    return f"Watch a {shape} network learn {world.name}, one nudge at a time: {world.summary}."


class HelpScreen(ModalScreen[None]):
    """Two sentences a pane, then every key."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        panes = Table(box=None, show_header=False, padding=(0, 1, 1, 0))
        panes.add_column(style="bold", no_wrap=True)
        panes.add_column()
        for name, text in pane_rows(self.app):
            panes.add_row(name, text)
        with VerticalScroll(id="help-box") as box:
            box.border_title = "tinynet-tui help"
            box.border_subtitle = "esc to close"
            yield Static(Text(f"{_what_learns(self.app)} New here? G starts a guided tour.\n", style="italic"))
            yield Static(panes)
            for title, rows in key_sections(self.app):
                keys = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
                keys.add_column(style="bold", no_wrap=True)
                keys.add_column()
                for key, text in rows:
                    keys.add_row(key, text)
                yield Static(Text(f"\n{title}", style="bold underline"))
                yield Static(keys)
