"""The verdict map: all 16 black/white patterns with the net's answer, updated as it trains."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tinynet_core.world import (
    ALL_BW_PATTERNS,
    LABEL_AMBIGUOUS,
    TRAINING_PATTERNS,
    Verdict,
)

from ..verdict_rule import UNSURE_RULE, share_percent

from .live_view import FrameView, LiveViewScreen

COLUMNS = 4
CELL_WIDTH = 18  # each pattern's column: tiny grid above, answer below
TRAINED = {p.pixels for p in TRAINING_PATTERNS}
SHORT = {"horizontal": "H", "vertical": "V", "unsure": "?"}  # an answer in one character


def answer_text(verdict: Verdict) -> str:
    """'H 93%', 'V 88%' or '? 55%': the winner and its share of the two outputs."""
    if verdict.confidence != verdict.confidence:  # NaN
        return "NaN"
    return f"{SHORT[verdict.winner]} {share_percent(verdict)}%"


def judged_answer(verdict: Verdict, sensible: bool) -> Text:
    """'H 93%  ✓' in green, or the same in red with ✗: an answer and whether it is sensible."""
    return Text.assemble(
        (f"{answer_text(verdict):<7}", "bold green" if sensible else "bold red"),
        ("✓" if sensible else "✗", "green" if sensible else "red"),
    )


def pattern_mark(pattern) -> str:
    """◆ for a training pattern, ○ for an ambiguous one, a space for the others."""
    return "◆" if pattern.pixels in TRAINED else ("○" if pattern.label == LABEL_AMBIGUOUS else " ")


def answer_cell(pattern, verdict: Verdict) -> Text:
    """' ◆ H 93%  ✓' padded to the cell: the mark in its own styled run, so that it stays in its
    cell wherever runs of spaces are drawn narrower (SVG viewers) or wider than a column."""
    cell = Text(" ")
    cell.append(pattern_mark(pattern), style="bold")
    cell.append(" ")
    cell.append_text(judged_answer(verdict, verdict.is_sensible(pattern.label)))
    cell.append(" " * (CELL_WIDTH - cell.cell_len))
    return cell


class VerdictMap(FrameView):
    """Sixteen tiny 2x2 grids in a 4x4 layout, each with the net's answer and whether it is sensible."""

    def render(self) -> Text:
        """The map, a legend and a one-line summary."""
        if self.frame is None:
            return Text("Starting the engine…", style="italic")
        judged = [(p, Verdict(*hv)) for p, hv in zip(ALL_BW_PATTERNS, self.frame.verdicts["all16"])]
        text = Text()
        for row_start in range(0, len(judged), COLUMNS):
            row = judged[row_start : row_start + COLUMNS]
            for line in range(2):  # the two pixel rows of each tiny grid
                for pattern, _ in row:
                    pixels = pattern.pixels[line * 2 : line * 2 + 2]
                    text.append("   ")
                    for p in pixels:
                        text.append("██" if p else "··", style="bold white on black" if p else "dim on black")
                    text.append(" " * (CELL_WIDTH - 7))
                text.append("\n")
            for pattern, verdict in row:
                text.append_text(answer_cell(pattern, verdict))
            text.append("\n\n")
        text.append_text(self._summary(judged))
        return text

    def _summary(self, judged) -> Text:
        trained = [(p, v) for p, v in judged if p.pixels in TRAINED]
        ambiguous = [(p, v) for p, v in judged if p.label == LABEL_AMBIGUOUS]
        right = sum(v.is_sensible(p.label) for p, v in trained)
        claims = sum(not v.is_sensible(p.label) for p, v in ambiguous)
        return Text.assemble(
            ("◆ ", "bold"), "trained on  ", ("○ ", "bold"), "ambiguous by nature, where '?' is right · ", f"? {UNSURE_RULE}\n",
            (f"training patterns right: {right}/{len(trained)}", "bold"), " · ",
            (f"falsely confident on ambiguous ones: {claims}/{len(ambiguous)}", "bold red" if claims else "bold green"),
        )


class VerdictMapScreen(LiveViewScreen):
    """The verdict map, live. The main training keys (n, e, r, R...) still work here."""

    BINDINGS = [Binding("escape,V", "app.pop_screen", "Back")]
    heading = "Verdict map: what the net says about every black/white 2×2 pattern"

    def body(self) -> VerdictMap:
        """The view's widget."""
        return VerdictMap(id="view-body")
