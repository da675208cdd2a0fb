"""Demos and any terminal: replay scripts, the screenshot key, themes, and the real program in tmux."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tinynet_tui.app import TinyNetApp
from tinynet_tui.script import ScriptError, parse_script

from .helpers import nudge, wait_for, wait_ready

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text, message",
    [
        ("key", "script:1: expected 'key NAME"),
        ("# fine\nclick 64 0", ":2: expected 'click ROW COL"),
        ("pause soon", "expected 'pause SECONDS"),
        ("screenshot ../evil", "expected 'screenshot NAME"),
        ("dance", "unknown action 'dance'"),
        ("stay here", "expected 'stay \\(no arguments"),
    ],
)
def test_bad_scripts_name_the_line(text, message):
    with pytest.raises(ScriptError, match=message):
        parse_script(text)


def test_a_script_parses_into_actions():
    actions = parse_script("key n n  # two nudges\n\ntype 0.5\nclick 1 0\npause 0.2\nscreenshot a-1\nstay")
    assert [(a.kind, a.args) for a in actions] == [
        ("key", ("n", "n")), ("type", ("0.5",)), ("click", (1, 0)), ("pause", (0.2,)), ("screenshot", ("a-1",)), ("stay", ())
    ]


async def test_a_script_drives_the_app_and_takes_screenshots(tmp_path):
    script = parse_script("key n n\nclick 1 0\nkey L ctrl+a ctrl+k\ntype 0.5\nkey enter\nkey n\nscreenshot after")
    app = TinyNetApp(script=script, screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "after.svg").exists(), "the script's screenshot")
        assert app.frame.nudges == 3 and app.frame.lr == 0.5
        assert app.frame.grid_input == (1.0, 1.0, 0.25, 0.0)
        assert "nudge 3" in (tmp_path / "after.svg").read_text().replace("&#160;", " ")


def test_headless_replay_writes_the_screenshots_and_exits(tmp_path):
    script = tmp_path / "demo.txt"
    script.write_text("key n n n\nscreenshot three\nkey e\nscreenshot epoch\n")
    result = subprocess.run(
        [sys.executable, "-m", "tinynet_tui", "--script", str(script), "--headless", "--size", "80x24", "--screenshot-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "nudge 3" in (tmp_path / "three.svg").read_text().replace("&#160;", " ")
    assert "nudge 4" in (tmp_path / "epoch.svg").read_text().replace("&#160;", " ")


@pytest.mark.parametrize("demo", sorted(p.name for p in (ROOT / "scripts" / "demos").glob("*.txt")))
def test_the_shipped_demo_scripts_parse(demo):
    assert parse_script((ROOT / "scripts" / "demos" / demo).read_text())


async def test_screenshot_key_saves_an_svg_and_says_where(tmp_path):
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the prompt")
        target = tmp_path / "shot.svg"
        await pilot.press("ctrl+a", "ctrl+k", *str(target), "enter")
        await wait_for(pilot, target.exists, "the screenshot")
        assert "<svg" in target.read_text()
        await wait_for(pilot, lambda: any(str(target) in n.message for n in app._notifications), "the notice")


async def test_theme_key_opens_textuals_theme_picker():
    from textual.command import CommandPalette

    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the theme picker")
        await pilot.press(*"textual-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "textual-light", "the light theme")


def tmux(*args: str, socket: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30).stdout


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("tinynet-tui") is None, reason="needs tmux and the installed app")
def test_the_real_program_in_tmux_at_80x24_without_colour_or_mouse():
    socket = f"tinynet-test-{uuid.uuid4().hex[:8]}"
    command = "env NO_COLOR=1 TERM=xterm tinynet-tui --fps 5"
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", "t", "-x", "80", "-y", "24", command], check=True, timeout=30)
    try:
        screen = ""
        deadline = time.monotonic() + 60
        while "No nudge yet" not in screen:
            assert time.monotonic() < deadline, f"the app never came up:\n{screen}"
            time.sleep(0.3)
            screen = tmux("capture-pane", "-p", "-t", "t", socket=socket)
        assert "Terminal too small" not in screen
        for pane in ("Input", "Weights", "Loss per epoch", "Step n"):
            assert pane in screen
        tmux("send-keys", "-t", "t", "n", socket=socket)
        while "nudge 1 " not in screen:
            assert time.monotonic() < deadline, f"the nudge never showed:\n{screen}"
            time.sleep(0.2)
            screen = tmux("capture-pane", "-p", "-t", "t", socket=socket)
        # Without colour the changes still read: arrows for moved weights, dots for still ones.
        assert any(mark in screen for mark in "▲△▼▽") and "·" in screen
        tmux("send-keys", "-t", "t", "q", socket=socket)
        while "t:" in tmux("ls", socket=socket):
            assert time.monotonic() < deadline, "q did not quit"
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=30)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_web_mode_serves_the_app_on_localhost():
    import urllib.error
    import urllib.request

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tinynet_tui", "--web", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the web server never answered"
                time.sleep(0.3)
        assert response.status == 200
        assert "tinynet-tui" in page and "textual" in page.lower()
        # The page's own script and style must load, or it never leaves its splash screen
        # (textual-serve 1.1.0 served a page whose textual.js was a 404). Fonts come from outside.
        assets = [url for url in re.findall(r'(?:src|href)="([^"]+)"', page) if "localhost" in url or url.startswith("/")]
        assert any(url.endswith(".js") for url in assets), assets
        for url in assets:
            local = re.sub(r"^https?://[^/]+", f"http://127.0.0.1:{port}", url) if url.startswith("http") else f"http://127.0.0.1:{port}{url}"
            with urllib.request.urlopen(local, timeout=10) as asset:
                assert asset.status == 200 and asset.read(), url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_web_mode_refuses_a_script():
    result = subprocess.run([sys.executable, "-m", "tinynet_tui", "--web", "--script", "x.txt"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "does not take --script" in result.stderr


async def test_no_color_screen_is_grey_yet_the_changes_still_read(monkeypatch):
    import re

    monkeypatch.setenv("NO_COLOR", "1")
    app = TinyNetApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await nudge(pilot)
        svg = app.export_screenshot()
    assert app.no_color
    colours = set(re.findall(r"fill: ?#([0-9a-f]{6})", svg))
    assert colours, "the screenshot should have coloured text or cells"
    for colour in colours:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        assert max(r, g, b) - min(r, g, b) <= 8, f"#{colour} is not grey"
    text = svg.replace("&#160;", " ")
    assert any(mark in text for mark in "▲△▼▽") and "·" in text


async def test_frame_rate_limit_holds_while_running():
    painted = []
    app = TinyNetApp(frame_rate=4)
    original = app._paint

    def counting_paint(frame):
        painted.append(time.monotonic())
        original(frame)

    app._paint = counting_paint
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("plus", "plus", "plus")
        await pilot.press("r")
        await wait_for(pilot, lambda: app.frame.running, "run mode")
        start = time.monotonic()
        await pilot.pause(2.0)
        frames = [t for t in painted if t >= start]
        assert app.frame.nudges > 0
        assert 2 <= len(frames) <= 4 * 2.0 + 2  # about 4 a second, never the engine's pace
