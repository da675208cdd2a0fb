"""The net's answer for the drawn input: two labelled bars and the winner."""

from __future__ import annotations

import math

from rich.text import Text
from textual.widget import Widget

from tinynet_core.world import LABEL_HORIZONTAL, LABEL_VERTICAL, Verdict

from ..verdict_rule import share_percent

BAR_WIDTH = 6


class PredictionBars(Widget):
    """Horizontal and Vertical as bars with percentages; the winner is marked."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text("")

    def render(self) -> Text:
        """The current bars."""
        return self._text

    def update(self, text: Text) -> None:
        """Show new bars (fixed size: no layout pass needed)."""
        self._text = text
        self.refresh()

    def show(self, horizontal: float, vertical: float) -> None:
        """Paint one prediction."""
        if not (math.isfinite(horizontal) and math.isfinite(vertical)):
            self.update(Text("Horizontal  NaN\nVertical    NaN\n→ the network has diverged", style="bold red"))
            return
        winner = Verdict(horizontal, vertical).winner
        text = Text()
        for name, label, value in (("Horizontal", LABEL_HORIZONTAL, horizontal), ("Vertical  ", LABEL_VERTICAL, vertical)):
            wins = winner == label
            filled = round(value * BAR_WIDTH)
            text.append(f"{name} ", style="bold" if wins else "")
            text.append("█" * filled, style="green" if wins else "")
            text.append("░" * (BAR_WIDTH - filled), style="dim")
            text.append(f" {value:4.0%}", style="bold" if wins else "")
            text.append(" ◀\n" if wins else "\n")
        # The bars are two separate sigmoids; the verdict judges the larger one's share of their sum.
        larger = "H" if horizontal >= vertical else "V"
        text.append(f"→ {winner}", style="italic" if winner == "unsure" else "bold")
        text.append(f": {larger} {share_percent(Verdict(horizontal, vertical))}% of H+V", style="dim")
        self.update(text)
