"""The sweep view: the initialisation lottery for the current preset, and any seed one key away."""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from tinynet_core.world import STRESS_PATTERNS

from .verdicts import SHORT

SWEEP_SEEDS = 200  # seeds 0..199: a couple of seconds for most presets
BINS = 20
# The stress patterns whose verdicts the view splits: the gray block and both diagonals.
SPLIT_PATTERNS = ("solid gray", "diagonal /", "diagonal \\")


class SweepScreen(Screen["int | None"]):
    """Shows a sweep's results; returns the seed the user picks (or None)."""

    BINDINGS = [Binding("escape,W", "close", "Back")]

    def compose(self) -> ComposeResult:
        """Summary, histogram and split side by side, the seed list below."""
        yield Static("Initialisation lottery: the same recipe from different random starts", classes="view-title")
        yield Static(Text(f"Training seeds 0-{SWEEP_SEEDS - 1} at once…", style="italic"), id="sweep-summary")
        with Horizontal(id="sweep-top"):
            yield PlotextPlot(id="sweep-histogram")
            yield Static("", id="sweep-split")
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
        plot.plt.clear_data()
        plot.plt.clear_figure()
        if losses:
            plot.plt.hist(losses, bins=BINS)
        plot.plt.title("final loss of each seed (count)")
        plot.refresh()
        self.query_one("#sweep-split", Static).update(_split_table(results))
        names = [p.name for p in STRESS_PATTERNS]
        columns = [names.index(n) for n in SPLIT_PATTERNS]
        options = [
            Option(
                f"seed {r.seed:>4}  loss {r.final_loss:.4f}  {'solved ' if r.solved else 'failed '}"
                + " ".join(f"{n} {SHORT[r.stress[i]]}" for n, i in zip(("gray", "/", "\\"), columns)),
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
