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
        assert app.prediction.content_size.height == 3
