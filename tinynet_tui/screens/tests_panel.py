"""The tests panel: the fuzzy tests and the stress set as a live table."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from tinynet_core.world import FUZZY_PATTERNS, LABEL_AMBIGUOUS, STRESS_PATTERNS, Verdict

from .live_view import FrameView, LiveViewScreen
from ..verdict_rule import UNSURE_RULE, share_percent

SHORT = {"horizontal": "H", "vertical": "V", "unsure": "unsure"}
SETS = (("fuzzy", FUZZY_PATTERNS, "near-copies of the training patterns"), ("stress", STRESS_PATTERNS, "ambiguous inputs it never saw"))


class TestsTable(FrameView):
    """One row per test input: what it is, H%, V%, the net's answer, and the sensible one."""

    def render(self):
        """The table (a small one: layout cost is no concern at this size)."""
        if self.frame is None:
            return Text("Starting the engine…", style="italic")
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 1))
        # (header, justify, minimum width): numbers and answers never squeeze; names may wrap.
        for column, justify, width in (("input", "left", 12), ("pixels", "left", 15), ("H", "right", 4), ("V", "right", 4), ("of H+V", "right", 6), ("says", "left", 6), ("should", "left", 6), ("", "left", 1)):
            table.add_column(column, justify=justify, min_width=width, no_wrap=column != "input")
        for set_name, patterns, about in SETS:
            table.add_row(Text(set_name, style="bold italic"))
            for pattern, (h, v) in zip(patterns, self.frame.verdicts[set_name]):
                verdict = Verdict(h, v)
                sensible = verdict.is_sensible(pattern.label)
                want = SHORT["unsure" if pattern.label == LABEL_AMBIGUOUS else pattern.label]
                table.add_row(
                    f"  {pattern.name}",
                    " ".join(f"{p:.2g}" for p in pattern.pixels),
                    f"{h:.0%}",
                    f"{v:.0%}",
                    f"{share_percent(verdict)}%" if verdict.confidence == verdict.confidence else "NaN",
                    SHORT[verdict.winner],
                    want,
                    Text("✓" if sensible else "✗", style="bold green" if sensible else "bold red"),
                )
        legend = "\n".join(f"{name}: {about}." for name, _, about in SETS)
        return Group(table, Text(f"{legend}\n{UNSURE_RULE}.", style="dim"))


class TestsScreen(LiveViewScreen):
    """The tests panel, live. The main training keys (n, e, r, R...) still work here."""

    __test__ = False  # not a pytest test class, whatever its name says
    BINDINGS = [Binding("escape,t", "app.pop_screen", "Back")]
    heading = "Tests: fuzzy inputs and the stress set, judged live"

    def body(self) -> TestsTable:
        """The view's widget."""
        return TestsTable(id="view-body")
