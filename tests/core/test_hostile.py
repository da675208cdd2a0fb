"""Hostile input: every generated bad file or path gets one clear line, no traceback, no hang,
bounded memory, and nothing raw reaching the terminal, through `tinynet eval`, `tinynet-tui
--load` (tests/tui/test_hostile_engine.py: the engine's load behind the app's `o`)."""

from __future__ import annotations

import contextlib
import resource
import signal
import subprocess
import sys

import pytest

from tests.hostile_cases import CASES, ESCAPES, Case
from tinynet_core.checkpoint import CheckpointError, load_checkpoint
from tinynet_core.cli import main as tinynet_main
from tinynet_tui.__main__ import main as tui_main

DEADLINE_S = 20  # a case that takes longer has hung (a FIFO, an endless device)
MEMORY_GROWTH_LIMIT_KB = 200 * 1024  # a case may not grow the process's peak memory by more
REFUSED = [case for case in CASES if case.expect is not None]
IDS = [case.name for case in CASES]


@contextlib.contextmanager
def deadline(seconds: int = DEADLINE_S):
    """Fail, instead of hanging, if the block takes longer than `seconds`."""

    def expired(signum, frame):
        raise TimeoutError(f"hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def bounded_memory():
    """Fail if the block raises the process's peak memory by more than the limit."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < MEMORY_GROWTH_LIMIT_KB, f"peak memory grew by {grown} KiB"


def assert_one_clean_line(text: str, case: Case, prefix: str) -> None:
    """One line, starting with prefix, naming what is wrong, with nothing raw for the terminal."""
    assert text.count("\n") == 1 and text.startswith(prefix), text
    assert "Traceback" not in text
    assert "\x1b" not in text and "\x07" not in text
    assert case.expect in text, text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_load_checkpoint(case, tmp_path):
    path = case.make(tmp_path)
    with deadline(), bounded_memory():
        if case.expect is None:
            load_checkpoint(path)
            return
        with pytest.raises(CheckpointError) as error:
            load_checkpoint(path)
    assert_one_clean_line(str(error.value) + "\n", case, "")


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_tinynet_eval(case, tmp_path, capsys):
    path = case.make(tmp_path)
    with deadline(), bounded_memory():
        code = tinynet_main(["eval", path])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert_one_clean_line(err, case, "tinynet: error:")


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_tinynet_tui_load(case, tmp_path, capsys):
    path = case.make(tmp_path)
    with deadline(), bounded_memory(), pytest.raises(SystemExit) as exit_info:
        tui_main(["--load", path])
    assert exit_info.value.code == 2
    assert_one_clean_line(capsys.readouterr().err, case, "tinynet-tui: error:")


@pytest.mark.parametrize("name", ["fifo", "/dev/zero", "escape file name", "markup tensor name", "deep header"])
def test_the_console_script(name, tmp_path):
    case = next(c for c in CASES if c.name == name)
    path = case.make(tmp_path)
    command = [sys.executable, "-m", "tinynet_core.cli", "eval", path]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert_one_clean_line(result.stderr, case, "tinynet: error:")


def test_escapes_are_shown_visibly_not_dropped():
    from tinynet_core.text import visible

    assert visible(ESCAPES) == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert visible("plain [/] text · ünïcode") == "plain [/] text · ünïcode"
    assert visible("two\nlines\u202e") == "two\\nlines\\u202e"
