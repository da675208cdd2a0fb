"""The sweep view: the initialisation lottery for the current preset, and any seed one key away."""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from tinynet_core.world import STRESS_PATTERNS

from ..numbers import precise
from ..widgets.chart_axes import distinct_labels
from .verdicts import SHORT

SWEEP_SEEDS = 200  # seeds 0..199: a couple of seconds for most presets
BINS = 20
# The stress patterns whose verdicts the view splits: the gray block and both diagonals.
SPLIT_PATTERNS = ("solid gray", "diagonal /", "diagonal \\")
SPLIT_NAMES = ("gray", "diag/", "diag\\")  # the same, short enough for each seed's row
# Count ticks: whole numbers in steps of 1, 2, 5, 10, 20, 50, ...
COUNT_STEPS = (1, 2, 5)
SEEDS_HEADING = (
    "Each seed, best first: final loss, solved (all 4 training patterns right) or failed, and its "
    "answer on solid gray and both diagonals (H, V, ? unsure). Enter opens it."
)


def histogram(values: list[float], bins: int) -> tuple[list[float], list[int], float]:
    """(bin centres, counts, bin width) from 0 up to the largest value: a loss is never below 0."""
    top = max(values) or 1.0
    width = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v / width))] += 1
    return [width * (i + 0.5) for i in range(bins)], counts, width


def count_ticks(largest: int, max_ticks: int) -> list[int]:
    """Whole-number ticks from 0 to `largest` (always labelled), evenly stepped (1, 2, 5, 10, ...)."""
    step = next(s * 10**k for k in range(9) for s in COUNT_STEPS if largest / (s * 10**k) <= max(1, max_ticks - 1))
    ticks = [t for t in range(0, largest + 1, step) if t == 0 or largest - t >= step / 2]
    return ticks if largest in ticks else ticks + [largest]


class SweepScreen(ModalScreen["int | None"]):
    """Shows a sweep's results; returns the seed the user picks (or None).

    Modal: the main screen's keys (n, r, ...) would train the hidden network, so none reach it.
    """

    # Modal (so keys below it stay put), yet a full-screen view to the user.
    TOO_SMALL_NAME = "This view"

    BINDINGS = [Binding("escape,W", "close", "Back")]

    def compose(self) -> ComposeResult:
        """Summary, histogram and split side by side, the seed list below."""
        yield Static("Initialisation lottery: the same recipe from different random starts", classes="view-title")
        yield Static(Text(f"Training seeds 0-{SWEEP_SEEDS - 1} at once…", style="italic"), id="sweep-summary")
        with Horizontal(id="sweep-top"):
            yield PlotextPlot(id="sweep-histogram")
            yield Static("", id="sweep-split")
        yield Static(Text(SEEDS_HEADING, style="dim"), id="sweep-seeds-heading")
        yield OptionList(id="sweep-seeds")
        yield Footer(compact=True)

    def show_results(self, recipe: str, epochs: int, results: list) -> None:
        """Paint a finished sweep of a recipe (naming.recipe_name: what was actually trained)."""
        solved = sum(r.solved for r in results)
        diverged = sum(r.diverged for r in results)
        self.query_one("#sweep-summary", Static).update(
            Text.assemble(
                (recipe, "bold"), f", seeds 0-{len(results) - 1}, {epochs} epochs: ",
                (f"{solved}/{len(results)} solved ({solved / len(results):.0%})", "bold green" if solved else "bold red"),
                f", {diverged} diverged. ", ("Pick a seed and press enter to open that network.", "dim"),
            )
        )
        losses = [r.final_loss for r in results if math.isfinite(r.final_loss)]
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if losses:
            centres, counts, width = histogram(losses, BINS)
            plt.bar(centres, counts, width=0.9)
            ticks = count_ticks(max(counts), max(2, plot.size.height // 3))
            plt.ylim(0, max(counts))
            plt.yticks(ticks, [str(t) for t in ticks])
            edges = [width * BINS * i / 4 for i in range(5)]
            plt.xlim(0, width * BINS)
            plt.xticks(edges, distinct_labels(edges))
        plt.title("final loss (x) · number of seeds (y)")
        plot.refresh()
        self.query_one("#sweep-split", Static).update(_split_table(results))
        names = [p.name for p in STRESS_PATTERNS]
        columns = [names.index(n) for n in SPLIT_PATTERNS]
        options = [
            Option(
                f"seed {r.seed:>4} · loss {precise(r.final_loss, 3, signed=False):>9} · {'solved' if r.solved else 'failed'} · "
                + ", ".join(f"{n} {SHORT[r.stress[i]]}" for n, i in zip(SPLIT_NAMES, columns)),
                id=str(r.seed),
            )
            for r in sorted(results, key=lambda r: (not r.solved, r.final_loss if math.isfinite(r.final_loss) else math.inf))
        ]
        seeds = self.query_one(OptionList)
        seeds.clear_options()
        seeds.add_options(options)
        seeds.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen seed in the main screen."""
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        """Back without choosing."""
        self.dismiss(None)


def _split_table(results) -> Table:
    names = [p.name for p in STRESS_PATTERNS]
    table = Table(title="how the verdicts split", title_justify="left", box=None, header_style="bold")
    for column in ("pattern", "H", "V", "unsure"):
        table.add_column(column, justify="left" if column == "pattern" else "right")
    for name in SPLIT_PATTERNS:
        i = names.index(name)
        counts = [sum(r.stress[i] == answer for r in results) for answer in ("horizontal", "vertical", "unsure")]
        table.add_row(name, *(str(c) for c in counts))
    return table
