"""The sweep view: the initialisation lottery for the current recipe, and any seed one key away.

On TinyNet's world each seed is read by its verdicts (solved, the stress patterns); on any
other by its final loss and its accuracy (or R²) on the training and held-out examples.
"""

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
# The spread of the seeds' results any world shows: these quantiles, best first.
QUANTILES = (("best", 1.0), ("75th", 0.75), ("median", 0.5), ("25th", 0.25), ("worst", 0.0))


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
        yield Static(Text(f"Training seeds 0-{SWEEP_SEEDS - 1} at once (fewer for a big network)…", style="italic"), id="sweep-summary")
        with Horizontal(id="sweep-top"):
            yield PlotextPlot(id="sweep-histogram")
            yield Static("", id="sweep-split")
        yield Static(Text(SEEDS_HEADING, style="dim"), id="sweep-seeds-heading")
        yield OptionList(id="sweep-seeds")
        yield Footer(compact=True)

    def show_results(self, recipe: str, epochs: int, results: list) -> None:
        """Paint a finished sweep of a recipe (naming.recipe_name: what was actually trained)."""
        world = self.app.frame.world if self.app.frame is not None else None
        if results and hasattr(results[0], "solved"):  # batched.SeedResult: TinyNet's verdicts
            summary, side, heading, options = _verdict_reading(recipe, epochs, results)
        else:  # lottery.LotteryResult, on any world
            summary, side, heading, options = _score_reading(recipe, epochs, results, world is not None and world.task == "regression")
        self.query_one("#sweep-summary", Static).update(summary)
        self._plot_losses([r.final_loss for r in results if math.isfinite(r.final_loss)])
        self.query_one("#sweep-split", Static).update(side)
        self.query_one("#sweep-seeds-heading", Static).update(Text(heading, style="dim"))
        seeds = self.query_one(OptionList)
        seeds.clear_options()
        seeds.add_options(options)
        seeds.focus()

    def _plot_losses(self, losses: list[float]) -> None:
        """The histogram of the seeds' final losses."""
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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen seed in the main screen."""
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        """Back without choosing."""
        self.dismiss(None)


def _verdict_reading(recipe: str, epochs: int, results) -> tuple[Text, Table, str, list[Option]]:
    """TinyNet's sweep: how many seeds solved the 4 patterns, and how the stress verdicts split."""
    solved = sum(r.solved for r in results)
    diverged = sum(r.diverged for r in results)
    summary = Text.assemble(
        (recipe, "bold"), f", seeds 0-{len(results) - 1}, {epochs} epochs: ",
        (f"{solved}/{len(results)} solved ({solved / len(results):.0%})", "bold green" if solved else "bold red"),
        f", {diverged} diverged. ", ("Pick a seed and press enter to open that network.", "dim"),
    )
    names = [p.name for p in STRESS_PATTERNS]
    columns = [names.index(n) for n in SPLIT_PATTERNS]
    options = [
        Option(
            f"seed {r.seed:>4} · loss {precise(r.final_loss, 3, signed=False):>9} · {'solved' if r.solved else 'failed'} · "
            + ", ".join(f"{n} {SHORT[r.stress[i]]}" for n, i in zip(SPLIT_NAMES, columns)),
            id=str(r.seed),
        )
        for r in sorted(results, key=lambda r: (not r.solved, _finite_or_inf(r.final_loss)))
    ]
    return summary, _split_table(results), SEEDS_HEADING, options


def _score_reading(recipe: str, epochs: int, results, regression: bool) -> tuple[Text, Table, str, list[Option]]:
    """Any world's sweep: each seed's final loss and its accuracy (or R²) on both sets, best held-out first."""
    name = "R²" if regression else "accuracy"

    def shown(value: float) -> str:
        if not math.isfinite(value):
            return "-"
        return f"{value:+.3f}" if regression else f"{value:.1%}"

    held = [r.val_score for r in results if math.isfinite(r.val_score) and not r.diverged]
    judged = "held-out" if held else "training"
    scores = held or [r.train_score for r in results if math.isfinite(r.train_score) and not r.diverged]
    diverged = sum(r.diverged for r in results)
    middle = f"median {judged} {name} {shown(_quantile(scores, 0.5))}" if scores else f"no seed has a {name}"
    summary = Text.assemble(
        (recipe, "bold"), f", seeds 0-{len(results) - 1}, {epochs} epochs: ", (middle, "bold"),
        f" (best {shown(max(scores))}, worst {shown(min(scores))})" if scores else "",
        f", {diverged} diverged. ", ("Pick a seed and press enter to open that network.", "dim"),
    )
    table = Table(title=f"how the seeds spread ({name})", title_justify="left", box=None, header_style="bold", pad_edge=False)
    for column in ("", "loss", "train", "held-out"):
        table.add_column(column, justify="left" if not column else "right")
    finite = [r for r in results if not r.diverged]
    for label, q in QUANTILES:
        losses = [r.final_loss for r in finite if math.isfinite(r.final_loss)]
        trains = [r.train_score for r in finite if math.isfinite(r.train_score)]
        helds = [r.val_score for r in finite if math.isfinite(r.val_score)]
        loss = precise(_quantile(losses, 1 - q), 3, signed=False) if losses else "-"  # the best loss is the lowest
        table.add_row(label, loss, shown(_quantile(trains, q)) if trains else "-", shown(_quantile(helds, q)) if helds else "-")

    def rank(r) -> tuple:
        score = r.val_score if math.isfinite(r.val_score) else r.train_score
        return (r.diverged, -score if math.isfinite(score) else math.inf, _finite_or_inf(r.final_loss))

    options = [
        Option(f"seed {r.seed:>4} · loss {precise(r.final_loss, 3, signed=False):>9} · train {shown(r.train_score):>6} · held-out {shown(r.val_score):>6}" + (" · diverged" if r.diverged else ""), id=str(r.seed))
        for r in sorted(results, key=rank)
    ]
    heading = f"Each seed, best {judged} {name} first: final loss, {name} on the training and the held-out examples. Enter opens it."
    return summary, table, heading, options


def _quantile(values: list[float], q: float) -> float:
    """The value a share q of the way up the sorted values (0: the lowest, 1: the highest)."""
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def _finite_or_inf(value: float) -> float:
    return value if math.isfinite(value) else math.inf


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
