"""Process hygiene: exit statuses, the engine's lifetime and its stderr, signals."""

from __future__ import annotations


import pytest

from tinynet_tui.__main__ import main
from tinynet_tui.app import TinyNetApp


def test_version_answers_at_once(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("tinynet-tui 0.")


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
