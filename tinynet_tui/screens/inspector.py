"""The nudge inspector: why one weight moved by exactly what it did, with this nudge's numbers."""

from __future__ import annotations

import math

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tinynet_core.handmath import Layout, NudgeMath, Update, gradient_chain, update_terms

from ..frame import Frame
from ..numbers import precise
from ..widgets.weights import describe_parameter, move_cursor, parameter_at, parameter_label
from .live_view import LiveViewScreen

# Significant digits of every number on the page: enough to redo each line by hand.
DIGITS = 5

# The chain rule for each kind of parameter, before the numbers go in.
CHAIN_FORMULAS = {
    "layer1.weight": "Σ over H and V of  dL/do · do/dz2 · dz2/dh · dh/dz1 · dz1/dw  (h feeds both outputs)",
    "layer1.bias": "Σ over H and V of  dL/do · do/dz2 · dz2/dh · dh/dz1 · dz1/db  (h feeds both outputs)",
    "layer2.weight": "dL/do · do/dz2 · dz2/dw  (this weight feeds one output)",
    "layer2.bias": "dL/do · do/dz2 · dz2/db  (this bias feeds one output)",
}


def explanation(math_: NudgeMath | None, frame: Frame, name: str, index: tuple[int, ...]) -> Group:
    """The whole story of one parameter in the last nudge."""
    title = Text.assemble((parameter_label(name, index), "bold"), f": {describe_parameter(name, index)}")
    if math_ is None or frame.last is None:
        return Group(title, Text("\nNo nudge yet: press n, and this page shows the arithmetic of that nudge.", style="italic"))
    last, f = frame.last, math_.forward
    pixels = " ".join(f"{p:.5g}" for p in last.input)
    # Each gap between words ends a run rather than starting the next: SVG viewers drop a run's
    # leading spaces ("#3learned from").
    context = Text.assemble(
        ("Last nudge ", "dim"), (f"#{last.step} ", "bold"), ("learned from ", "dim"), (f"{last.sample_name} ", "bold"),
        f"[{pixels}] with target H {last.target[0]:g}, V {last.target[1]:g}. ",
        ("It answered ", "dim"), f"H {_n(f.o[0], False)}, V {_n(f.o[1], False)}", (", loss ", "dim"), f"{_n(math_.loss, False)}.",
    )
    routes = gradient_chain(math_, name, index)
    parts: list = [title, context, Text("")]
    parts.append(Text.assemble(("dL/dw ", "bold"), f"= {CHAIN_FORMULAS[name]}"))
    products = []
    for route, terms in routes:
        table = Table(box=None, show_header=False, padding=(0, 1), title=f"via {route}", title_justify="left", title_style="bold")
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column()
        for term in terms:
            table.add_row(term.name, _n(term.value), Text(term.meaning, style="dim"))
        product = math.prod(term.value for term in terms)
        products.append(product)
        table.add_row(Text("product", style="bold"), Text(_n(product), style="bold"), "")
        parts.append(table)
    flat = Layout(math_.config.hidden[0]).flat_index(name, index)
    total = " + ".join(f"({_n(p)})" for p in products)
    parts.append(Text.assemble(("gradient = ", "bold"), f"{total} = ", (_n(math_.backward.grads[flat]), "bold")))
    update = Table(box=None, show_header=False, padding=(0, 1), title=f"Then the optimizer ({math_.update.optimizer})", title_justify="left", title_style="bold")
    update.add_column(no_wrap=True)
    update.add_column(justify="right", no_wrap=True)
    update.add_column()
    for term in update_terms(math_, flat):
        update.add_row(term.name, _n(term.value), Text(term.meaning, style="dim"))
    parts += [Text(""), update]
    words = decay_words(math_.update, flat)
    if words is not None:
        parts += [Text(""), words]
    return Group(*parts)


def decay_words(u: Update, i: int) -> Text | None:
    """What weight decay does inside Adam (coupled L2) or beside it (AdamW), and what it did to this weight."""
    if not u.weight_decay or u.optimizer not in ("adam", "adamw"):
        return None
    step = u.after[i] - (u.shrunk or u.before)[i]
    if u.coupled_decay:
        text = Text.assemble(
            ("Coupled L2 inside Adam: ", "bold"),
            "the decay wd·w is added to the loss gradient, so g = grad + wd·w, and Adam divides g by its running "
            "size (√v̂). The decay is rescaled with it: a weight whose loss gradient is 0 gets g = wd·w alone, "
            "m̂/√v̂ is ±1 on the first step, and the weight still moves a whole lr step, however small the decay "
            "(less only where wd·w comes near Adam's 1e-8). AdamW (optimizer adamw) decouples the decay: it "
            "multiplies w by (1 - lr·wd) apart from the gradient, and Adam sees the loss gradient alone.",
        )
        if u.grad[i] == 0:
            text.append(f"\nHere this weight's loss gradient is 0, and Adam's step moved it {_n(step)}: {_n(step / u.lr, False)} lr steps, from the decay alone.")
        return text
    decay = u.shrunk[i] - u.before[i]
    text = Text.assemble(
        ("Decoupled weight decay (AdamW): ", "bold"),
        "the weight is multiplied by (1 - lr·wd) before Adam's step, apart from the gradient, so the decay "
        "moves it by -lr·wd·w and no more. Adam's m and v see the loss gradient alone. With Adam and the same "
        "weight decay (coupled L2) the decay would join the gradient and be rescaled by √v̂ to a whole step.",
    )
    text.append(f"\nHere the decay moved this weight {_n(decay)} and Adam's step {_n(step)}.")
    return text


def _n(value: float, signed: bool = True) -> str:
    """A number as the inspector shows it."""
    return precise(value, DIGITS, signed)


# Arrows (and vi keys) move an inspector to a neighbouring parameter: move(rows, cols).
MOVE_BINDINGS = [
    Binding("up,k", "move(-1, 0)", "Up", show=False),
    Binding("down,j", "move(1, 0)", "Down", show=False),
    Binding("left,h", "move(0, -1)", "Left", show=False),
    Binding("right,l", "move(0, 1)", "Right", show=False),
]


class InspectorView(VerticalScroll):
    """The explanation, scrollable on a small terminal; arrows pick another parameter."""

    BINDINGS = MOVE_BINDINGS

    def __init__(self, cursor: tuple[int, int], **kwargs) -> None:
        super().__init__(**kwargs)
        self.cursor = cursor
        self.frame: Frame | None = None
        self.current: Group | None = None  # the explanation on screen

    def compose(self):
        """One static holding the explanation."""
        yield Static(id="inspector-text")

    def show(self, frame: Frame) -> None:
        """Explain the selected parameter in this frame's last nudge."""
        self.frame = frame
        name, index = parameter_at(*self.cursor, len(frame.hidden))
        self.current = explanation(frame.nudge_math, frame, name, index)
        self.query_one("#inspector-text", Static).update(self.current)

    def action_move(self, rows: int, cols: int) -> None:
        """Another parameter: the grid is the weights pane's."""
        self.cursor = move_cursor(self.cursor, rows, cols, len(self.frame.hidden) if self.frame else 3)
        if self.frame is not None:
            self.show(self.frame)


class InspectorScreen(LiveViewScreen):
    """The nudge inspector, live: n, e and r still train, and the page follows."""

    BINDINGS = [Binding("escape,i", "app.pop_screen", "Back")]
    heading = "Nudge inspector: why this weight moved · arrows: another weight · esc: back"

    def __init__(self, frame: Frame, cursor: tuple[int, int]) -> None:
        super().__init__(frame)
        self.cursor = cursor

    def body(self) -> InspectorView:
        """The explanation."""
        return InspectorView(self.cursor, id="view-body")

    def on_mount(self) -> None:
        """Focus the explanation so arrows and scrolling work."""
        super().on_mount()
        self.query_one(InspectorView).focus()
