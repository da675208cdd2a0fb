"""The app under hostile input: opening, saving and screenshotting bad names and files, headless ends."""

from __future__ import annotations

import asyncio
import os
import stat

import pytest
from textual.widgets._toast import Toast

from tests.hostile_cases import CASES, ESCAPES, MARKUP
from tinynet_core.checkpoint import save_checkpoint
from tinynet_core.trainer import Trainer
from tinynet_tui.__main__ import main as tui_main
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import StartOptions
from tinynet_tui.script import Action, ScriptError, load_script, parse_script

from .helpers import nudge, wait_for, wait_ready

SIZE = (120, 40)
# Through the real app's `o`: the cases that once crashed it, hung it, or reached the terminal raw.
OPENED = ["fifo", "/dev/urandom", "deep config", "hidden true", "markup tensor name", "escape tensor name",
          "markup config key", "escape config key", "markup file name", "bold file name", "escape file name"]


async def answer_prompt(pilot, key: str, text: str) -> None:
    """Press the key that opens a prompt (or `o`'s open dialog), put text in its box (escape characters and all), and enter it."""
    await pilot.press(key)
    box = "#open-path" if key == "o" else "#prompt-input"
    await wait_for(pilot, lambda: pilot.app.screen.query(box), "the prompt")
    pilot.app.screen.query_one(box).value = text
    await pilot.press("enter")


def toast_texts(app) -> list[str]:
    """What the notices on screen say, as painted."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def notice_saying(pilot, fragment: str) -> str:
    """Wait for a notice containing fragment; the notice's text as painted."""
    await wait_for(pilot, lambda: any(fragment in t for t in toast_texts(pilot.app)), f"a notice with {fragment!r}")
    return next(t for t in toast_texts(pilot.app) if fragment in t)


async def test_opening_hostile_files_is_a_plain_notice_and_the_app_goes_on(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)
        for index, name in enumerate(OPENED):
            case = next(c for c in CASES if c.name == name)
            folder = tmp_path / str(index)
            folder.mkdir()
            await answer_prompt(pilot, "o", case.make(folder))
            shown = await notice_saying(pilot, case.expect)
            assert "\x1b" not in shown and "\x07" not in shown
            app.clear_notifications()
        await nudge(pilot)  # the engine is alive, the old network still there
        assert app.frame.nudges == 1 and app.frame.preset == "discovery"


async def test_a_file_named_with_markup_opens_and_its_name_shows_as_written(tmp_path):
    path = tmp_path / "[bold red]m.safetensors"
    save_checkpoint(Trainer(seed=5), path)
    app = TinyNetApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)
        await answer_prompt(pilot, "o", str(path))
        await wait_for(pilot, lambda: app.frame.seed == 5, "the loaded network")
        assert "[bold red]m.safetensors" in await notice_saying(pilot, "Loaded")
        assert "[bold red]m.safetensors" in str(app.weights.border_subtitle)


async def test_saving_under_hostile_names_never_wedges_the_app(tmp_path):
    fifo = tmp_path / "shot.svg"
    os.mkfifo(fifo)
    app = TinyNetApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)
        await answer_prompt(pilot, "w", str(tmp_path / f"{MARKUP}bad.safetensors"))
        assert MARKUP in await notice_saying(pilot, "does not exist")
        await answer_prompt(pilot, "w", str(tmp_path / f"{ESCAPES}.safetensors"))
        assert "\\x1b]0;pwned" in await notice_saying(pilot, "Saved to")
        await answer_prompt(pilot, "S", str(fifo))
        await notice_saying(pilot, "FIFO")
        await nudge(pilot)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert (tmp_path / f"{ESCAPES}.safetensors").exists()


async def _run_headless(app: TinyNetApp) -> None:
    await asyncio.wait_for(app.run_async(headless=True, size=(100, 32)), timeout=60)


async def test_a_headless_run_of_an_empty_script_ends():
    app = TinyNetApp(script=[])  # a script ends the app when done
    await _run_headless(app)
    assert app.return_code == 0


async def test_a_headless_run_whose_engine_fails_ends_non_zero(tmp_path):
    app = TinyNetApp(StartOptions(load=str(tmp_path / "gone.safetensors")), script=[Action("key", ("n",), 1)])
    await _run_headless(app)
    assert app.return_code == 1


@pytest.mark.parametrize("name", ["fifo", "/dev/zero", "too large", "directory"])
def test_a_script_that_is_not_a_regular_small_file_is_refused(name, tmp_path, capsys):
    case = next(c for c in CASES if c.name == name)
    with pytest.raises(SystemExit) as exit_info:
        tui_main(["--script", case.make(tmp_path), "--headless"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1 and case.expect in err


def test_a_script_with_an_unknown_key_is_refused():
    with pytest.raises(ScriptError, match="script:2: unknown key 'notakey'"):
        parse_script("key n\nkey notakey\n")
    assert parse_script("key n plus minus question_mark ctrl+a enter")[0].args[1] == "plus"


def test_a_script_file_reads_like_before(tmp_path):
    path = tmp_path / "demo.txt"
    path.write_text("key n  # one nudge\npause 0\n")
    assert [a.kind for a in load_script(path)] == ["key", "pause"]


@pytest.mark.parametrize("argv, message", [
    (["--size", "100000x100000"], "too large"),
    (["--load", ""], "must not be empty"),
    (["--device", ""], "must not be empty"),
    (["--script", ""], "must not be empty"),
])
def test_sizes_and_empty_names_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        tui_main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1 and message in err


async def test_a_file_named_with_escapes_opens_and_nothing_raw_reaches_the_screen(tmp_path):
    path = tmp_path / f"{ESCAPES}.safetensors"
    save_checkpoint(Trainer(seed=6), path)
    app = TinyNetApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)
        await answer_prompt(pilot, "o", str(path))
        await wait_for(pilot, lambda: app.frame.seed == 6, "the loaded network")
        await notice_saying(pilot, "Loaded")
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen
        assert "\\x1b]0;pwned" in str(app.weights.border_subtitle)
