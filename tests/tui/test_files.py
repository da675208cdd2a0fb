"""Save, export and open: the suffix is added, nothing is overwritten without asking, o lists what can be opened."""

from tinynet_tui.app import TinyNetApp
from tinynet_tui.file_names import checkpoint_path, export_paths
from tinynet_tui.screens.confirm import ConfirmScreen
from tinynet_tui.screens.open_dialog import OpenScreen

from .helpers import nudge, press_and_wait, wait_for, wait_ready

SIZE = (100, 32)


def test_a_plain_name_gets_the_safetensors_suffix():
    assert checkpoint_path("net").name == "net.safetensors"
    assert checkpoint_path("run.v2").name == "run.v2.safetensors"
    assert checkpoint_path("net.safetensors").name == "net.safetensors"


async def type_into_prompt(pilot, key: str, text: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen.query("#prompt-input"), "the prompt")
    await pilot.press("ctrl+a", "ctrl+k", *text, "enter")


async def test_save_adds_the_suffix_and_asks_before_overwriting(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        saved = tmp_path / "plain.safetensors"
        await type_into_prompt(pilot, "w", str(tmp_path / "plain"))
        await wait_for(pilot, saved.exists, "the checkpoint")
        assert not (tmp_path / "plain").exists()
        first = saved.read_bytes()
        await nudge(pilot, 2)
        await type_into_prompt(pilot, "w", str(tmp_path / "plain"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the overwrite question")
        await pilot.press("n")
        await pilot.pause(0.5)
        assert saved.read_bytes() == first  # no: nothing written
        await type_into_prompt(pilot, "w", str(saved))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the overwrite question")
        await pilot.press("y")
        await wait_for(pilot, lambda: saved.read_bytes() != first, "the overwritten checkpoint")


async def test_export_asks_before_overwriting_either_file(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        base = str(tmp_path / "run")
        csv_path, json_path = export_paths(base)
        await type_into_prompt(pilot, "x", base)
        await wait_for(pilot, lambda: csv_path.exists() and json_path.exists(), "the export, named as export_paths says")
        json_path.write_text("mine")
        await press_and_wait(pilot, "e", lambda: app.frame.epochs_done == 1, "an epoch")
        await type_into_prompt(pilot, "x", base)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the overwrite question")
        await pilot.press("escape")
        await pilot.pause(0.5)
        assert json_path.read_text() == "mine"


async def test_open_lists_the_published_models_and_the_checkpoints_nearby(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = TinyNetApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await nudge(pilot, 3)
        await type_into_prompt(pilot, "w", "mine")
        await wait_for(pilot, (tmp_path / "mine.safetensors").exists, "the checkpoint")
        await nudge(pilot)
        await press_and_wait(pilot, "o", lambda: isinstance(app.screen, OpenScreen), "the open dialog")
        values = [value for value, _ in app.screen.choices]
        assert values[:3] == ["sigmoid-baseline", "relu-v1", "relu-v2-regularized"]
        assert str(tmp_path / "mine.safetensors") in values
        await pilot.press("down")  # from the path box into the list
        for _ in range(values.index(str(tmp_path / "mine.safetensors"))):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.frame.nudges == 3, "the saved network, opened from the list")
