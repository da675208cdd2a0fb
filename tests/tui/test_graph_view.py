"""The graph view: one nudge's scalar graph, walked one route at a time."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList, Static

from tinynet_core import Trainer, preset_config
from tinynet_tui.screens.graph_view import GraphScreen, NodeScreen, node_story

from .helpers import wait_for


def nudge_of(preset="discovery", seed=0, nudges=1):
    """What the app hands the view: the config, the weights before the nudge, its input and target."""
    config = preset_config(preset)
    record = Trainer(config, seed=seed).nudge_many(nudges)
    before = {name: change.before.tolist() for name, change in record.params.items()}
    return config.to_dict(), before, tuple(record.input.tolist()), tuple(record.target.tolist()), record


class GraphApp(App):
    """Nothing but the graph view, as the app will push it."""

    def __init__(self, screen: GraphScreen) -> None:
        super().__init__()
        self.graph_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.graph_screen)


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


def route_lines(app):
    steps = app.screen.query_one(OptionList)
    return [str(steps.get_option_at_index(i).prompt) for i in range(steps.option_count)]


async def test_walks_the_route_from_the_loss_down_to_a_weight(tmp_path):
    config, before, x, target, record = nudge_of(nudges=3)
    app = GraphApp(GraphScreen(config, before, x, target, param="layer1.weight[1,2]"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        assert "75 nodes" in text_of(app, "#graph-title") and f"{record.loss:.4f}"[:5] in text_of(app, "#graph-title")
        assert text_of(app, "#graph-route") == "Route 1 of 2: from the loss down to layer1.weight[1,2]"
        lines = route_lines(app)
        assert lines[0].startswith("loss (mean)") and lines[-1].startswith("layer1.weight[1,2]")
        assert any(line.startswith("layer1.a[1] (sigmoid)") and line.rstrip().endswith("Σ2") for line in lines)
        # The last product is this route's share; the two routes' shares add up to the gradient.
        shares = [float(lines[-1].split()[-1])]
        await pilot.press("right_square_bracket")
        assert text_of(app, "#graph-route").startswith("Route 2 of 2")
        shares.append(float(route_lines(app)[-1].split()[-1]))
        assert abs(sum(shares) - record.params["layer1.weight"].grad[1, 2].item()) < 1e-4
        app.save_screenshot(str(tmp_path / "route.svg"))


async def test_enter_opens_a_node_and_shows_its_gradient_summed_from_two_routes():
    config, before, x, target, _ = nudge_of()
    app = GraphApp(GraphScreen(config, before, x, target, param="layer1.weight[0,0]"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        row = next(i for i, line in enumerate(route_lines(app)) if line.startswith("layer1.a[0]"))
        for _ in range(row):
            await pilot.press("down")
        assert "summed over 2 routes" in text_of(app, "#graph-sum")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NodeScreen), "the node")
        story = str(app.screen.query_one("#node-story", Static).render())
        assert "σ(z)(1 − σ(z))" in story and "∂/∂ layer1.z[0] (+)" in story and story.count("  via ") == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "back to the graph")


async def test_routes_up_from_an_input_and_other_ends():
    config, before, x, target, _ = nudge_of()
    app = GraphApp(GraphScreen(config, before, x, target))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        assert text_of(app, "#graph-route").endswith("down to layer1.weight[0,0]")
        await pilot.press("full_stop")
        assert text_of(app, "#graph-route").endswith("down to layer1.weight[0,1]")
        await pilot.press("m")
        assert text_of(app, "#graph-route") == "Route 1 of 3: from input x[0] up to output out[0]"
        lines = route_lines(app)
        assert lines[0].startswith("x[0]") and lines[-1].startswith("out[0] (sigmoid)")


async def test_d_writes_the_graph_as_dot(tmp_path):
    config, before, x, target, _ = nudge_of()
    target_file = tmp_path / "nudge.dot"
    app = GraphApp(GraphScreen(config, before, x, target, dot_path=target_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        await pilot.press("D")
        await wait_for(pilot, target_file.exists, "the DOT file")
        assert target_file.read_text().count("[label=") == 75


async def test_a_nudge_that_does_not_fit_is_said_in_the_title():
    config, before, x, _, _ = nudge_of()
    app = GraphApp(GraphScreen(config, before, x, (1.0, 0.0, 0.0)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        assert "a target needs 2 values" in text_of(app, "#graph-title")


def test_a_loss_node_story_says_backpropagation_starts_there():
    config, before, x, target, _ = nudge_of()
    screen = GraphScreen(config, before, x, target)
    story = node_story(screen.graph, screen.graph.loss.id)
    assert story[0] == "loss (mean)" and any("where backpropagation starts" in line for line in story)


async def test_show_follows_a_new_nudge_on_the_same_route_and_row():
    from types import SimpleNamespace

    config, before, x, target, _ = nudge_of(nudges=1)
    app = GraphApp(GraphScreen(config, before, x, target, param="layer2.bias[1]", step=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, GraphScreen), "the graph view")
        for _ in range(2):
            await pilot.press("down")
        first = route_lines(app)
        _, before5, x5, target5, record5 = nudge_of(nudges=5)
        last = SimpleNamespace(step=5, before=before5, input=x5, target=target5)
        app.screen.show(SimpleNamespace(config=config, last=last))
        await pilot.pause()
        assert text_of(app, "#graph-route") == "Route 1 of 1: from the loss down to layer2.bias[1]"
        assert route_lines(app) != first and app.screen.query_one(OptionList).highlighted == 2
        assert abs(float(route_lines(app)[-1].split()[-1]) - record5.params["layer2.bias"].grad[1].item()) < 1e-5
        graph = app.screen.graph
        app.screen.show(SimpleNamespace(config=config, last=last))  # the same nudge again: nothing to redo
        assert app.screen.graph is graph


async def test_in_the_real_app_the_view_draws_the_nudge_on_screen_and_keeps_its_keys():
    from tinynet_tui.app import TinyNetApp

    from .helpers import nudge, wait_ready

    app = TinyNetApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        before = app.frame.values  # the weights the first nudge starts from
        await nudge(pilot)
        last, lr = app.frame.last, app.frame.lr
        screen = GraphScreen(app.frame.config, before, last.input, last.target, param="layer1.weight[2,3]", step=last.step)
        app.push_screen(screen)
        await wait_for(pilot, lambda: app.screen is screen, "the graph view")
        assert abs(screen.graph.loss.value - last.loss) < 1e-5
        for j in range(3):
            for i in range(4):
                assert abs(screen.graph.find(f"layer1.weight[{j},{i}]").grad - app.frame.grads["layer1.weight"][j][i]) < 1e-5
        await pilot.press("right_square_bracket")  # the view's next route, not the app's "double the lr"
        assert text_of(app, "#graph-route").startswith("Route 2 of 2")
        await pilot.pause(0.2)
        assert app.frame.lr == lr
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the main screen")


def test_the_view_imports_no_torch():
    """The app's process paints before torch loads; this view must not pull it in."""
    import subprocess
    import sys

    code = "import sys, tinynet_tui.screens.graph_view; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
