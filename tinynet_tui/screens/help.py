"""The help screen: what each pane shows and every key."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

PANES = (
    ("Input", "The 2x2 picture the network looks at; click a pixel or use the arrows and space to change its "
     "brightness. The bars below are the network's answer for this picture right now."),
    ("Weights", "All 23 numbers the network learns: layer1 turns the 4 pixels into 3 hidden nodes, layer2 turns "
     "those into the Horizontal and Vertical scores. After each nudge every weight that moved is marked, "
     "green ▲ up or red ▼ down, brighter for bigger moves."),
    ("Loss", "How wrong the network is, averaged over each epoch (one pass over the training patterns). "
     "It should fall as the network learns; the dot is the epoch in progress."),
    ("Status", "Where training is (epoch, nudge, last loss) and with which settings. The last nudge line "
     "shows the training pattern it learned from and what the answer should have been."),
    ("Inspector (i)", "Why one weight moved by exactly what it did: the chain rule from the loss back to "
     "that weight, every factor with this nudge's number, then the optimizer's update. Arrows pick another weight."),
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

KEYS = (
    ("n", "nudge: one gradient step on the next training pattern"),
    ("e", "finish the current epoch"),
    ("r", "run / pause continuous training"),
    ("+ / -", "more / fewer nudges per frame while running"),
    ("R", "reset: a new network from the same seed"),
    ("s", "reset with the next seed"),
    ("L", "edit the learning rate (takes effect at the next nudge)"),
    ("[ / ]", "halve / double the learning rate"),
    ("c", "choose a preset (resets the network)"),
    ("a", "choose the hidden activation (keeps the weights)"),
    ("p / P", "put the next / previous example pattern on the grid"),
    ("arrows, hjkl", "move the pixel cursor (when the grid has focus)"),
    ("space, enter", "cycle the pixel's brightness"),
    ("0-4", "set the pixel to 0, 0.25, 0.5, 0.75 or 1"),
    ("v", "weights view: values, changes, gradients"),
    ("i, enter, click", "inspect the weight under the cursor (tab to the weights, then arrows)"),
    ("d / V / t", "network diagram / verdict map / tests panel (esc comes back)"),
    ("G", "guided tour: discovery or trainer"),
    ("PgDn / PgUp", "next / previous tour chapter"),
    ("esc", "end the tour (the network stays as it is)"),
    ("C", "compare the three published models"),
    ("W", "sweep: train seeds 0-199 of this preset at once, then open any of them"),
    ("g", "loss chart: log scale on/off"),
    ("m", "loss chart: weight movement curve on/off"),
    ("w / o", "save / open a checkpoint (.safetensors)"),
    ("x", "export the loss history (CSV) and the weights (JSON)"),
    ("S", "save a screenshot of this screen as SVG"),
    ("T", "light / dark theme"),
    ("tab", "move focus between the grid, the weights and the buttons"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Two sentences a pane, then every key."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        panes = Table(box=None, show_header=False, padding=(0, 1, 1, 0))
        panes.add_column(style="bold", no_wrap=True)
        panes.add_column()
        for name, text in PANES:
            panes.add_row(name, text)
        keys = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, text in KEYS:
            keys.add_row(key, text)
        with VerticalScroll(id="help-box") as box:
            box.border_title = "tinynet-tui help"
            box.border_subtitle = "esc to close"
            yield Static(Text("Watch TinyNet (4 pixels → 3 hidden → 2 outputs) learn one nudge at a time. New here? G starts a guided tour.\n", style="italic"))
            yield Static(panes)
            yield Static(Text("Keys", style="bold underline"))
            yield Static(keys)
