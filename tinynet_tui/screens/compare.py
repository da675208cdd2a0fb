"""The compare view: the three published models side by side on the stress set and the verdict map."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tinynet_core.world import (
    ALL_BW_PATTERNS,
    LABEL_AMBIGUOUS,
    STRESS_PATTERNS,
    Pattern,
    Verdict,
)

from ..frame import PublishedAnswers
from ..verdict_rule import UNSURE_RULE
from ..naming import settings_words
from .verdicts import SHORT, judged_answer

# Quadrant block characters draw a black/white 2x2 pattern in one cell; bit order TL TR BL BR.
QUADRANTS = " ▗▖▄▝▐▞▟▘▚▌▙▀▜▛█"
SHADES = {0.25: "░", 0.5: "▒", 0.75: "▓"}
MAP_COLUMNS = 4
MAP_CELL = 3  # characters per pattern in a map row: the glyph or the answer letter, then spaces
# Stress pattern names short enough for the label column.
SHORT_NAMES = {"single top-left pixel": "one pixel"}


def glyph(pixels: tuple[float, ...]) -> str:
    """One character that looks like the pattern: quadrants for black/white, a shade for uniform gray."""
    if all(p in (0.0, 1.0) for p in pixels):
        index = sum(int(p) << (3 - i) for i, p in enumerate(pixels))
        return QUADRANTS[index] if index else "·"
    if len(set(pixels)) == 1 and pixels[0] in SHADES:
        return SHADES[pixels[0]]
    return "?"


def comparison(models: list[PublishedAnswers]) -> Table:
    """One column per model: recipe, stress answers, the 16-pattern map, and the counts that sum them up."""
    table = Table(box=None, padding=(0, 1, 0, 0), show_edge=False, pad_edge=False)
    # A header of its own: an empty one leaves the header row starting with spaces, which the
    # screen trims, and every model's name then sits one column to the left of its answers.
    table.add_column(Text("model", style="dim"), no_wrap=True)
    for model in models:
        table.add_column(Text(model.name, style="bold"), no_wrap=True)
    stress = [[Verdict(*hv) for hv in model.stress] for model in models]
    all16 = [[Verdict(*hv) for hv in model.all16] for model in models]

    words = [settings_words(m.config) for m in models]  # two rows, to fit three columns in 80
    table.add_row(Text("recipe", style="dim"), *(" · ".join(w[:2]) for w in words))
    table.add_row(Text("lr · loss", style="dim"), *(" · ".join(w[2:]) for w in words))
    table.add_row(Text("trained", style="dim"), *(f"{m.epochs_done} ep · seed {m.seed}" for m in models))
    table.add_row(Text("final loss", style="dim"), *("-" if m.final_loss is None else f"{m.final_loss:.4f}" for m in models))
    table.add_row(Text("Stress set", style="bold underline"), *([""] * len(models)))
    for index, pattern in enumerate(STRESS_PATTERNS):
        name = SHORT_NAMES.get(pattern.name, pattern.name)
        answers = (judged_answer(verdicts[index], verdicts[index].is_sensible(pattern.label)) for verdicts in stress)
        table.add_row(f"{glyph(pattern.pixels)} {name}", *answers)
    table.add_row(
        Text("falsely confident", style="dim"),
        *(_count(sum(v.winner != "unsure" for v in verdicts), len(verdicts), bad=True) for verdicts in stress),
    )
    table.add_row(Text("All 16 black/white", style="bold underline"), *([""] * len(models)))
    for start in range(0, len(ALL_BW_PATTERNS), MAP_COLUMNS):
        patterns = ALL_BW_PATTERNS[start : start + MAP_COLUMNS]
        label = Text("".join(f"{glyph(p.pixels):<{MAP_CELL}}" for p in patterns), style="bold")
        table.add_row(label, *(_map_row(patterns, verdicts[start : start + MAP_COLUMNS]) for verdicts in all16))
    table.add_row(
        Text("sensible answers", style="dim"),
        *(_count(sum(v.is_sensible(p.label) for p, v in zip(ALL_BW_PATTERNS, verdicts)), 16) for verdicts in all16),
    )
    ambiguous = [i for i, p in enumerate(ALL_BW_PATTERNS) if p.label == LABEL_AMBIGUOUS]
    table.add_row(
        Text("sure on ambiguous", style="dim"),
        *(f"{sum(verdicts[i].confidence for i in ambiguous) / len(ambiguous):.0%} (mean)" for verdicts in all16),
    )
    return table


def _map_row(patterns: tuple[Pattern, ...], verdicts: list[Verdict]) -> Text:
    """Each pattern's one-letter answer, under its glyph in the label column; green when sensible."""
    text = Text()
    for pattern, verdict in zip(patterns, verdicts):
        style = "bold green" if verdict.is_sensible(pattern.label) else "bold red"
        text.append(f"{SHORT[verdict.winner]:<{MAP_CELL}}", style=style)
    return text


def _count(count: int, total: int, bad: bool = False) -> Text:
    """'13/16', green when all are sensible, yellow for most, red otherwise (`bad` counts the other way)."""
    share = 1 - count / total if bad else count / total
    style = "bold green" if share == 1 else "bold yellow" if share >= 0.75 else "bold red"
    return Text(f"{count}/{total}", style=style)


class CompareScreen(Screen[None]):
    """The published models' answers, loaded by the engine; esc (or C) comes back."""

    BINDINGS = [Binding("escape,C", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        """Title, the comparison, a legend, the footer."""
        yield Static("The three published models, side by side", classes="view-title")
        with VerticalScroll(id="view-body"):
            yield Static(Text("Loading the published models…", style="italic"), id="compare-table")
        yield Static(
            Text.assemble(
                ("H/V ", "bold"), "horizontal/vertical · ", ("green ", "bold green"), "sensible · ", ("red ", "bold red"),
                "not\n", ("? ", "bold"), UNSURE_RULE,
            ),
            id="compare-legend",
        )
        yield Footer(compact=True)

    def show_models(self, models: list[PublishedAnswers]) -> None:
        """Paint the models' answers."""
        self.query_one("#compare-table", Static).update(comparison(models))
