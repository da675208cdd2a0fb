"""Your own examples in the app: add what is on screen with a label, list and remove them, save the data as CSV."""

from __future__ import annotations

import csv

from textual.widgets import Input

from tinynet_tui.app import TinyNetApp
from tinynet_tui.screens.choice import ChoiceScreen
from tinynet_tui.screens.confirm import ConfirmScreen
from tinynet_tui.screens.prompt import PromptScreen

from .helpers import nudge, press_and_wait, wait_for, wait_ready


async def test_add_what_is_on_screen_list_remove_and_save_it(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        assert app.frame.probe == (1.0, 1.0, 0.0, 0.0) and app.frame.samples_per_epoch == 4  # the top row on screen
        await nudge(pilot)  # into the epoch
        await press_and_wait(pilot, "A", lambda: isinstance(app.screen, ChoiceScreen), "the labels")
        await pilot.press("down", "enter")  # horizontal, vertical, ambiguous: a top row called vertical
        await wait_for(pilot, lambda: app.frame.user_examples == (("yours 1", "vertical"),), "the example")
        await nudge(pilot)
        assert app.frame.samples_per_epoch == 4  # learnt from the next epoch on
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "the epoch")
        await nudge(pilot)
        assert app.frame.samples_per_epoch == 5

        # Saved as CSV, with yours; asked before overwriting.
        path = tmp_path / "mine.csv"
        await press_and_wait(pilot, "D", lambda: isinstance(app.screen, PromptScreen), "the prompt")
        app.screen.query_one(Input).value = str(path)
        await press_and_wait(pilot, "enter", lambda: path.exists(), "the file")
        rows = list(csv.reader(path.open()))
        assert rows[0] == ["TL", "TR", "BL", "BR", "label", "split"] and sum(row[-1] == "train" for row in rows) == 5
        assert [float(v) for v in rows[-1][:4]] == [1.0, 1.0, 0.0, 0.0] and rows[-1][4:] == ["1", "train"]  # yours: vertical
        await press_and_wait(pilot, "D", lambda: isinstance(app.screen, PromptScreen), "the prompt again")
        app.screen.query_one(Input).value = str(path)
        await press_and_wait(pilot, "enter", lambda: isinstance(app.screen, ConfirmScreen), "the overwrite question")
        await pilot.press("escape")

        # Listed, and removed.
        await press_and_wait(pilot, "Y", lambda: isinstance(app.screen, ChoiceScreen), "your examples")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.frame.user_examples == (), "the removal")
        await press_and_wait(pilot, "Y", lambda: any("No examples of yours" in n.message for n in app._notifications), "none left")


async def test_a_world_without_pictures_or_points_says_so():
    from tinynet_tui.__main__ import parse_options

    options, _ = parse_options(["--world", "curve"])
    app = TinyNetApp(options)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await press_and_wait(pilot, "A", lambda: any("pixel and plane worlds" in n.message for n in app._notifications), "the refusal")
        assert app.screen is app.main_screen
