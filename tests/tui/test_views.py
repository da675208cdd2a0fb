"""The full-screen views: verdict map and tests panel follow training live."""

import re

from tinynet_core.world import ALL_BW_PATTERNS, STRESS_PATTERNS, TRAINING_PATTERNS, Verdict
from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.tests_panel import TestsScreen
from tinynet_tui.screens.verdicts import VerdictMapScreen

from .helpers import press_and_wait, rendered_text, wait_for, wait_ready

SIZE = (100, 32)


async def test_verdict_map_shows_all_sixteen_and_follows_training():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "V", lambda: isinstance(app.screen, VerdictMapScreen), "the verdict map")
        body = app.screen.query_one("#view-body")
        text = rendered_text(body.render(), width=100)
        answers = re.findall(r"[HV?] \d+%\s*[✓✗]", text)
        assert len(answers) == 16
        by_pixels = {p.pixels: Verdict(*hv) for p, hv in zip(ALL_BW_PATTERNS, app.frame.verdicts["all16"])}
        right = sum(by_pixels[p.pixels].is_sensible(p.label) for p in TRAINING_PATTERNS)
        assert f"training patterns right: {right}/4" in text
        before = app.frame.verdicts
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "an epoch from inside the view")
        assert body.frame is app.frame and app.frame.verdicts != before
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, VerdictMapScreen), "back to the main screen")


async def test_tests_panel_shows_the_fuzzy_and_stress_sets_live():
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "t", lambda: isinstance(app.screen, TestsScreen), "the tests panel")
        body = app.screen.query_one("#view-body")
        text = rendered_text(body.render(), width=100)
        for pattern in STRESS_PATTERNS:
            assert pattern.name in text
        h, v = app.frame.verdicts["stress"][2]
        assert f"{h:.0%}" in text and f"{v:.0%}" in text
        await press_and_wait(pilot, "V", lambda: isinstance(app.screen, VerdictMapScreen), "switching views")
        await press_and_wait(pilot, "escape", lambda: not isinstance(app.screen, (TestsScreen, VerdictMapScreen)), "main")


async def test_diagram_follows_training_and_marks_the_edges_that_moved_most():
    from tinynet_tui.screens.diagram import DiagramScreen

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "d", lambda: isinstance(app.screen, DiagramScreen), "the diagram")
        diagram = app.screen.query_one("#view-body")
        assert diagram._most_changed([]) == []  # nothing has moved before the first nudge
        await press_and_wait(pilot, "n", lambda: app.frame.nudges == 1, "a nudge from inside the diagram")
        assert diagram.frame is app.frame
        drawn = diagram.plt.build()
        for label in ("TL 1.00", "h0", "H ", "V "):
            assert label in drawn
        assert drawn.count("▲") + drawn.count("▼") == 3


def test_edge_marks_say_sign_and_size_without_colour():
    from tinynet_tui.screens.diagram import edge_mark

    assert edge_mark(1.0, 1.0) == "●" and edge_mark(-1.0, 1.0) == "✖"
    assert edge_mark(0.3, 1.0) == "•" and edge_mark(-0.3, 1.0) == "×"
    assert edge_mark(0.1, 1.0) == "·" and edge_mark(-0.1, 1.0) == "˙"


async def test_sweep_view_shows_the_lottery_and_opens_a_chosen_seed():
    from textual.widgets import OptionList

    from tinynet_tui.driver import StartOptions
    from tinynet_tui.screens.sweep import SWEEP_SEEDS, SweepScreen

    app = TinyNetApp(StartOptions(preset="relu-v1"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("a")  # the sweep must train these settings, and say so
        await wait_for(pilot, lambda: app.screen.query("#choice-list"), "the activation list")
        await pilot.press("down", "enter")  # relu -> leaky_relu
        await wait_for(pilot, lambda: app.frame.config["activation"] == "leaky_relu", "leaky relu")
        await press_and_wait(pilot, "W", lambda: isinstance(app.screen, SweepScreen), "the sweep view")
        seeds = app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: seeds.option_count == SWEEP_SEEDS, "the sweep's results")
        summary = str(app.screen.query_one("#sweep-summary").render())
        assert summary.startswith("relu-v1 with activation leaky_relu, seeds 0-199")
        solved = sum("solved" in str(seeds.get_option_at_index(i).prompt) for i in range(seeds.option_count))
        assert f"{solved}/{SWEEP_SEEDS} solved" in summary and 0 < solved < SWEEP_SEEDS
        await pilot.press("down")
        chosen = int(str(seeds.get_option_at_index(seeds.highlighted).prompt).split()[1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SweepScreen) and app.frame.seed == chosen, "the chosen seed")
        assert app.frame.nudges == 0 and app.frame.preset == "relu-v1"
