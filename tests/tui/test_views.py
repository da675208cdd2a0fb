"""The full-screen views: verdict map and tests panel follow training live."""

import re

from rich.text import Text

from tinynet_core.world import ALL_BW_PATTERNS, STRESS_PATTERNS, TRAINING_PATTERNS, Verdict
from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.tests_panel import TestsScreen
from tinynet_tui.screens.verdicts import VerdictMapScreen

from .helpers import nudge, press_and_wait, rendered_text, wait_for, wait_ready

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


async def test_verdict_marks_sit_in_their_own_cells_in_every_column():
    from rich.console import Console

    from tinynet_tui.screens.verdicts import CELL_WIDTH, COLUMNS, pattern_mark

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "V", lambda: isinstance(app.screen, VerdictMapScreen), "the verdict map")
        body = app.screen.query_one("#view-body")
        rendered = body.render()
        answer_rows = [line for line in rendered_text(rendered, width=100).splitlines() if len(re.findall(r"[HV?] \d+%", line)) == COLUMNS]
        for r, line in enumerate(answer_rows):
            for c in range(COLUMNS):
                cell = line[c * CELL_WIDTH : (c + 1) * CELL_WIDTH]
                assert cell[1] == pattern_mark(ALL_BW_PATTERNS[r * COLUMNS + c]) and re.match(r" . [HV?] \d+%", cell)
        # Each mark starts its own run: drawn where its cell is, even where runs of spaces are not
        # one column a space (SVG viewers).
        console = Console(width=100, color_system="truecolor", file=open("/dev/null", "w"))
        segments = [seg.text for seg in console.render(rendered) if "◆" in seg.text or "○" in seg.text]
        assert segments and all(seg.lstrip() == seg for seg in segments)


def test_the_percent_shown_is_on_the_same_side_of_the_unsure_rule_as_the_verdict():
    import random

    from tinynet_tui.screens.verdicts import answer_text
    from tinynet_tui.verdict_rule import SURE_PERCENT

    assert answer_text(Verdict(0.6496, 0.3504)) == "? 64%"  # was '? 65%' under '? unsure (<65%)'
    assert answer_text(Verdict(0.65, 0.35)) == "H 65%"
    rng = random.Random(0)
    for _ in range(2000):
        verdict = Verdict(rng.random(), rng.random())
        letter, percent = answer_text(verdict).split()
        assert (letter == "?") == (int(percent.rstrip("%")) < SURE_PERCENT)


async def test_the_prediction_pane_says_what_unsure_judges():
    from tinynet_tui.widgets.prediction import PredictionBars

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        bars = app.query_one(PredictionBars)
        bars.show(0.68, 0.43)  # two separate sigmoids: 68% and 43%, yet H has only 61% of H+V
        text = rendered_text(bars.render())
        assert "68%" in text and "43%" in text and "unsure: H 61% of H+V" in text
        bars.show(0.9, 0.2)
        assert "horizontal: H 81% of H+V" in rendered_text(bars.render())
        await press_and_wait(pilot, "t", lambda: isinstance(app.screen, TestsScreen), "the tests panel")
        text = rendered_text(app.screen.query_one("#view-body").render(), width=100)
        assert "of H+V" in text and "neither output has 65% of H+V" in text


async def test_diagram_legend_covers_every_mark_labels_stay_clear_and_an_edge_can_be_picked():
    from tinynet_tui.numbers import precise
    from tinynet_tui.screens.diagram import DiagramScreen
    from tinynet_tui.screens.inspector import InspectorScreen

    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        await press_and_wait(pilot, "d", lambda: isinstance(app.screen, DiagramScreen), "the diagram")
        await pilot.press("down", "right", "right")  # h1 <- BL
        drawn = app.screen.query_one("#view-body").plt.build()
        plain = Text.from_ansi(drawn).plain
        legend = str(app.screen.query_one("#diagram-legend").render())
        marks = {c for c in plain if not c.isalnum() and not c.isspace() and c not in ".%"}
        assert marks and all(c in legend for c in marks), marks - set(legend)
        for label in re.findall(r"h\d [0-9.]+", plain):
            line = next(line for line in plain.splitlines() if label in line)
            at = line.index(label)
            assert line[at - 1] == " " and line[at + len(label)] == " ", line
        selected = str(app.screen.query_one("#diagram-selected").render())
        weight = app.frame.values["layer1.weight"][1][2]
        assert "layer1.weight[h1, BL]" in selected and precise(weight) in selected
        await press_and_wait(pilot, "enter", lambda: isinstance(app.screen, InspectorScreen), "the inspector on that edge")
        assert app.weights.cursor == (1, 2)


def test_sweep_histogram_counts_whole_seeds_from_a_zero_loss():
    from tinynet_tui.screens.sweep import count_ticks, histogram

    centres, counts, width = histogram([0.0, 0.001, 0.1, 0.2, 0.2], 4)
    assert counts == [2, 0, 1, 2] and centres[0] == width / 2 and width == 0.05
    assert count_ticks(111, 5) == [0, 50, 111]  # 100 would crowd the top label
    assert count_ticks(140, 5) == [0, 50, 100, 140]
    assert count_ticks(111, 2) == [0, 111]
    assert count_ticks(3, 5) == [0, 1, 2, 3]


async def test_sweep_view_keeps_the_main_keys_away_and_draws_whole_counts_from_zero():
    from textual.widgets import OptionList
    from textual_plotext import PlotextPlot

    from tinynet_tui.driver import StartOptions
    from tinynet_tui.screens.sweep import SWEEP_SEEDS, SweepScreen

    app = TinyNetApp(StartOptions(preset="relu-v1"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "W", lambda: isinstance(app.screen, SweepScreen), "the sweep view")
        seeds = app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: seeds.option_count == SWEEP_SEEDS, "the sweep's results")
        footer_keys = {binding.key for binding in (b.binding for b in app.screen.active_bindings.values()) if binding.show}
        assert "n" not in footer_keys and "r" not in footer_keys
        await pilot.press("n", "r")
        await pilot.pause(0.3)
        assert app.frame.nudges == 0 and not app.frame.running  # the hidden main network did not train
        await pilot.pause()
        plain = Text.from_ansi(app.screen.query_one(PlotextPlot).plt.build()).plain
        x_labels = plain.rstrip().splitlines()[-1].split()
        assert float(x_labels[0]) == 0
        y_labels = [m.group(1) for line in plain.splitlines() if (m := re.match(r"\s*(\S+)┤", line))]
        assert y_labels and all(label.isdigit() for label in y_labels)
        assert "best first" in str(app.screen.query_one("#sweep-seeds-heading").render())
