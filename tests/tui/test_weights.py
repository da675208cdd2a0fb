"""The weights table: one number format that fits its column, and marks that belong to the number shown."""

import dataclasses
import re

from tinynet_tui.app import TinyNetApp
from tinynet_tui.widgets.weights import CELL_WIDTH, LABEL_WIDTH, WeightsPane

from .helpers import nudge, rendered_text, wait_ready

HUGE = 1435103414737718242539732992.0


def scaled(matrices: dict, factor: float) -> dict:
    """Every parameter times `factor`."""
    return {name: [[v * factor for v in row] for row in m] if isinstance(m[0], list) else [v * factor for v in m] for name, m in matrices.items()}


def cells(text: str) -> list[str]:
    """Each weight row's cells: the columns after the row label."""
    rows = [line for line in text.splitlines() if re.match(r"(h\d|[HV]) ", line)]
    return [row[LABEL_WIDTH + i * CELL_WIDTH : LABEL_WIDTH + (i + 1) * CELL_WIDTH] for row in rows for i in range((len(row) - LABEL_WIDTH + 1) // CELL_WIDTH)]


async def test_a_diverged_network_keeps_every_number_in_its_column():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        frame = app.frame
        pane.frame = dataclasses.replace(frame, values=scaled(frame.values, HUGE), changes=scaled(frame.changes, HUGE), hidden=tuple(HUGE for _ in frame.hidden))
        for view in ("values", "changes", "gradients"):
            pane.view = view
            text = rendered_text(pane.render(), 200)
            assert max(len(line.rstrip()) for line in text.splitlines()) <= LABEL_WIDTH + 5 * CELL_WIDTH, text
            for cell in cells(text):
                number = cell[:-2].strip()
                assert len(cell) == CELL_WIDTH and float(number) == float(number) and "e-0" not in number and "e+" not in number


async def test_tiny_changes_read_as_non_zero_in_one_format():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        pane = app.query_one(WeightsPane)
        pane.frame = dataclasses.replace(app.frame, changes=scaled(app.frame.changes, 1e-3))
        pane.view = "changes"
        text = rendered_text(pane.render(), 200)
        shown = [cell[:-2].strip() for cell in cells(text)]
        moved = [v for m in pane.frame.changes.values() for v in (m[0] if isinstance(m[0], list) else m)]
        assert all(float(s) != 0 for s in shown if s != "+0.000") and any("e-" in s for s in shown)
        assert "e-0" not in text and any(v != 0 for v in moved)


async def test_in_the_gradients_view_the_marks_describe_the_gradient():
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 2)  # on the second pattern some pixels are dark: zero gradient there
        pane = app.query_one(WeightsPane)
        pane.view = "gradients"
        grads = app.frame.grads["layer1.weight"]
        changes = app.frame.changes["layer1.weight"]
        text = rendered_text(pane.render(), 200)
        row_cells = cells(text)
        checked = 0
        for row in range(3):
            for col in range(4):
                mark = row_cells[row * 5 + col][-2]
                if grads[row][col] == 0:
                    assert mark == "·", (row, col, changes[row][col])
                    checked += 1
                else:
                    assert mark in ("▲△" if grads[row][col] > 0 else "▼▽")
        assert checked > 0
        assert "gradient" in text.splitlines()[-1]
