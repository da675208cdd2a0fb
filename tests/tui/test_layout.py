"""Room on the screen: the loss chart gets rows to read at 80x24, and a large terminal shows more."""

from tinynet_tui.app import TinyNetApp
from tinynet_tui.widgets.weights import WeightsPane

from .helpers import rendered_text, wait_ready

# Rows of a plotext chart that are not plot: the x axis line and its labels.
AXIS_ROWS = 2


async def test_at_80x24_the_loss_chart_has_five_plot_rows_and_every_weight_still_shows():
    app = TinyNetApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.pause()
        assert app.loss_chart.content_size.height - AXIS_ROWS >= 5
        weights = app.query_one(WeightsPane)
        text = rendered_text(weights.render(), weights.content_size.width)
        lines = text.rstrip("\n").splitlines()
        assert len(lines) <= weights.content_size.height  # nothing cut off at the bottom
        for label in ("layer1", "layer2", "h0", "h2", "H ", "V ", "bias", "values"):
            assert label in text
        assert app.query_one("#prediction").content_size.height == 3


async def test_at_200x60_the_weights_show_every_view_and_the_chart_gets_the_height():
    app = TinyNetApp()
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_ready(pilot)
        await pilot.press("n")
        await pilot.pause(0.5)
        weights = app.query_one(WeightsPane)
        text = rendered_text(weights.render(), weights.content_size.width)
        widest = max(len(line.rstrip()) for line in text.splitlines())
        assert widest > 140 and all(view in text for view in ("values", "changes", "gradients"))
        assert text.count("layer1") == 3
        assert app.loss_chart.content_size.height >= 30


async def test_at_200x60_a_tour_narration_keeps_a_readable_width_and_the_chart_the_rest():
    app = TinyNetApp(tour="discovery")
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_ready(pilot)
        await pilot.pause(0.5)
        assert app.tour_pane.region.width <= 76 and app.loss_chart.region.width >= 120
