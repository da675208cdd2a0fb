"""Process hygiene: exit statuses, the engine's lifetime and its stderr, signals."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tinynet_tui.__main__ import main
from tinynet_tui.app import TinyNetApp
from tinynet_tui.driver import StartOptions
from tinynet_tui.script import parse_script

from .helpers import nudge, wait_for, wait_ready

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None or shutil.which("tinynet-tui") is None, reason="needs tmux and the installed app"
)


def test_version_answers_at_once(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("tinynet-tui 0.")


def test_the_apps_process_never_imports_torch():
    """Torch loads in the engine's process only: imported by the app, it costs a second or more before the
    first frame, and each of Python's full garbage collections scans its objects (160 ms pauses while running)."""
    code = "import sys, tinynet_tui.__main__, tinynet_tui.app; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


def test_a_crash_inside_the_app_exits_non_zero(tmp_path, monkeypatch):
    def broken_step(self):
        raise RuntimeError("a deliberate bug")

    monkeypatch.setattr(TinyNetApp, "action_step", broken_step)
    script = tmp_path / "crash.txt"
    script.write_text("key n\nscreenshot never\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["--script", str(script), "--headless", "--screenshot-dir", str(tmp_path)])
    assert exit_info.value.code not in (0, None)
    assert not (tmp_path / "never.svg").exists()


def children(pid: int) -> list[int]:
    """Direct child processes of pid."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(word) for word in out.split()]


def alive(pid: int) -> bool:
    """True while pid runs (a zombie, already dead but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


class TmuxApp:
    """tinynet-tui run by a shell in a detached tmux session; the shell reports the exit status."""

    def __init__(self, arguments: str = "--fps 5", cwd: str | None = None, width: int = 100, height: int = 30) -> None:
        self.socket = f"tinynet-test-{uuid.uuid4().hex[:8]}"
        shell = f'tinynet-tui {arguments}; echo "app exited with $?"; sleep 600'
        where = ["-c", cwd] if cwd else []
        self.tmux("new-session", "-d", "-s", "t", *where, "-x", str(width), "-y", str(height), "sh", "-c", shell)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def pane_flag(self, name: str) -> str:
        return self.tmux("display-message", "-p", "-t", "t", f"#{{{name}}}").strip()

    def wait_for_text(self, text: str, seconds: float = 90) -> None:
        wait_until(lambda: text in self.screen(), seconds, f"{text!r} on screen")

    def processes(self) -> tuple[int, list[int]]:
        """The app's pid and its descendants' pids (the engine among them)."""
        (app,) = children(int(self.pane_flag("pane_pid")))
        descendants, todo = [], [app]
        while todo:
            kids = children(todo.pop())
            descendants += kids
            todo += kids
        return app, descendants

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def tmux_app():
    session = TmuxApp()
    try:
        yield session
    finally:
        session.close()


@needs_tmux
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_restore_the_terminal_and_end_the_engine(tmux_app, signum):
    tmux_app.wait_for_text("No nudge yet")
    tmux_app.tmux("send-keys", "-t", "t", "r")  # the engine trains flat out from here
    tmux_app.wait_for_text("running")
    app, engine_side = tmux_app.processes()
    assert engine_side, "the engine process should be running"
    assert tmux_app.pane_flag("alternate_on") == "1" and tmux_app.pane_flag("mouse_any_flag") == "1"
    os.kill(app, signum)
    tmux_app.wait_for_text(f"app exited with {128 + signum}", 20)
    assert tmux_app.pane_flag("alternate_on") == "0", "still on the alternate screen"
    for flag in ("mouse_any_flag", "mouse_button_flag", "mouse_standard_flag", "mouse_sgr_flag"):
        assert tmux_app.pane_flag(flag) == "0", f"{flag} is still on"
    wait_until(lambda: not any(alive(pid) for pid in engine_side), 10, "the engine to end")


@needs_tmux
def test_the_engine_ends_even_when_the_app_is_killed_outright(tmux_app):
    tmux_app.wait_for_text("No nudge yet")
    tmux_app.tmux("send-keys", "-t", "t", "r")
    tmux_app.wait_for_text("running")
    app, engine_side = tmux_app.processes()
    assert engine_side
    os.kill(app, signal.SIGKILL)
    tmux_app.wait_for_text("app exited with 137", 20)
    wait_until(lambda: not any(alive(pid) for pid in engine_side), 10, "the engine to end")


async def test_the_engines_stderr_goes_to_a_log_the_notice_names(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        log = app.engine.log_path
        assert log.parent == tmp_path / "tinynet-tui"
        app.engine._command("no_such_command")  # the engine dies of an AttributeError
        await wait_for(pilot, lambda: app.engine_down is not None, "the engine's death to be noticed")
        assert "Traceback" in log.read_text() and "_do_no_such_command" in log.read_text()
        notices = [n.message for n in app._notifications]
        assert any(str(log) in n and "_do_no_such_command" in n for n in notices), notices
        await pilot.press("R")  # a restarted engine must not wipe the log that explains the crash
        await wait_ready(pilot)
        assert app.engine.log_path == log and "_do_no_such_command" in log.read_text()
    assert "Traceback" not in capfd.readouterr().err, "the engine's traceback reached the app's stderr"


async def test_a_dead_engine_is_named_and_r_restarts_it_with_the_same_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = TinyNetApp(StartOptions(preset="relu-v1", seed=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: app.frame.lr == 0.2, "the doubled learning rate")
        await nudge(pilot, 2)
        os.kill(app.engine._process.pid, signal.SIGKILL)
        await wait_for(pilot, lambda: app.engine_down is not None, "the engine's death to be noticed")
        status = str(app.status_line.render())
        assert "could not start" not in status
        assert "SIGKILL" in status and "Press R to restart" in status
        await pilot.press("n")  # refused with the reason, not sent into the void
        assert any("R to restart" in n.message for n in app._notifications)
        await pilot.press("R")
        await wait_ready(pilot)
        assert app.engine_down is None and app.engine._process.is_alive()
        assert (app.frame.preset, app.frame.seed, app.frame.lr, app.frame.config["momentum"]) == ("relu-v1", 3, 0.2, 0.9)
        assert app.frame.nudges == 0  # a fresh network: the old one died with its process
        await nudge(pilot)


@needs_tmux
def test_a_script_in_a_real_terminal_ends_the_app_and_saves_where_asked(tmp_path):
    """The README's recipe: `asciinema rec -c "tinynet-tui --script ..."` must end by itself."""
    script, shots, here = tmp_path / "demo.txt", tmp_path / "shots", tmp_path / "here"
    shots.mkdir()
    here.mkdir()
    script.write_text("key n n\nscreenshot two\n")
    session = TmuxApp(f"--script {script} --screenshot-dir {shots}", cwd=str(here))
    try:
        session.wait_for_text("app exited with 0")
        assert session.pane_flag("alternate_on") == "0"
    finally:
        session.close()
    assert "nudge 2" in (shots / "two.svg").read_text().replace("&#160;", " ")
    assert not list(here.iterdir()), "nothing may be written to the current folder"


async def test_a_script_that_says_stay_leaves_the_app_open(tmp_path):
    script = parse_script("stay\nkey n\nscreenshot one")
    app = TinyNetApp(script=script, screenshot_dir=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: (tmp_path / "one.svg").exists(), "the screenshot")
        await pilot.pause(0.5)
        assert app.is_running
        await nudge(pilot)  # still a live app the user can drive
        assert app.frame.nudges == 2


def test_headless_refuses_a_script_that_stays(tmp_path, capsys):
    script = tmp_path / "s.txt"
    script.write_text("key n\nstay\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["--script", str(script), "--headless"])
    assert exit_info.value.code == 2 and "stay" in capsys.readouterr().err


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_web_mode_on_a_taken_port_is_one_line_and_status_2():
    import socket

    with socket.create_server(("localhost", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "tinynet_tui", "--web", "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"tinynet-tui: error: cannot serve on port {port}") and result.stderr.count("\n") == 1


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


async def test_a_browsers_app_and_engine_end_when_the_server_dies():
    import aiohttp

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tinynet_tui", "--web", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = []
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):  # until the server listens
                try:
                    socket_ = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.3)
            for _ in range(300):  # until the browser's app has started its engine
                started = descendants(server.pid)
                if any("spawn_main" in command_line(pid) for pid in started):
                    break
                await asyncio.sleep(0.1)
            assert any("spawn_main" in command_line(pid) for pid in started), "the app never started its engine"
            await asyncio.sleep(1)  # and has drawn its first screen
            server.kill()  # the server dies without a word to its apps
            server.wait(10)
            for _ in range(100):
                if not any(alive(pid) for pid in started):
                    break
                await asyncio.sleep(0.1)
            left = [command_line(pid) for pid in started if alive(pid)]
            assert not left, f"outlived the server: {left}"
            await socket_.close()
    finally:
        for pid in [server.pid, *started]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


async def test_web_mode_sends_saves_exports_and_screenshots_to_the_browser(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(TinyNetApp, "is_web", property(lambda self: True))
    sent = []

    def deliver_binary(self, path, *, save_filename=None, **kwargs):
        sent.append((save_filename, Path(path).read_bytes()[:8]))

    def deliver_screenshot(self, filename=None, **kwargs):
        sent.append((filename, self.export_screenshot()[:4].encode()))

    monkeypatch.setattr(TinyNetApp, "deliver_binary", deliver_binary)
    monkeypatch.setattr(TinyNetApp, "deliver_screenshot", deliver_screenshot)
    app = TinyNetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_ready(pilot)
        for key, name in (("w", "net.safetensors"), ("x", "run"), ("S", "shot.svg")):
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.query("#prompt-input"), "the prompt")
            await pilot.press("ctrl+a", "ctrl+k", *name, "enter")
        await wait_for(pilot, lambda: len(sent) == 4, "four files sent")
        assert any("to your browser" in n.message for n in app._notifications)
    names = sorted(name for name, _ in sent)
    assert names == ["net.safetensors", "run-loss.csv", "run-weights.json", "shot.svg"]
    assert dict(sent)["shot.svg"] == b"<svg"
    assert not list(tmp_path.iterdir()), "web mode must not write into the server's folder"
