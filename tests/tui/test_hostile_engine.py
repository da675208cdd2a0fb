"""The engine behind the app's keys under hostile input: `o` on bad files, `w` and `x` to bad
targets, and a long run's frames, each answered by a notice with the network kept."""

from __future__ import annotations

import os
import queue

import pytest

from tests.core.test_bounded_history import LIMIT, small_limit  # noqa: F401 (a fixture)
from tests.core.test_hostile import REFUSED, bounded_memory, deadline
from tinynet_tui.driver import Driver, StartOptions


def engine_events(*commands: tuple, options: StartOptions | None = None) -> list[tuple]:
    """Run the engine (the app's loading and saving path) on commands, then stop; every event it sent."""
    inbox, events = queue.Queue(), []
    for command in (*commands, ("stop",)):
        inbox.put(command)
    Driver(options or StartOptions(), events.append).run(inbox)
    return events


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_engine_open_is_a_notice_and_keeps_the_network(case, tmp_path):
    path = case.make(tmp_path)
    with deadline(), bounded_memory():
        events = engine_events(("load", path), ("step",))
    notices = [e for e in events if e[0] == "notice"]
    assert len(notices) == 1 and notices[0][2] == "error"
    assert case.expect in notices[0][1] and "\n" not in notices[0][1]
    frames = [e[1] for e in events if e[0] == "frame"]
    assert frames[-1].preset == "discovery" and frames[-1].nudges == 1  # the old network goes on


def test_the_apps_save_and_export_refuse_with_a_notice(tmp_path):
    fifo = tmp_path / "net.safetensors"
    os.mkfifo(fifo)
    os.mkfifo(tmp_path / "run-loss.csv")
    events = engine_events(("save", str(fifo)), ("export", str(tmp_path / "run")))
    notices = [e for e in events if e[0] == "notice"]
    assert [n[2] for n in notices] == ["error", "error"]
    assert all("FIFO" in n[1] for n in notices)
    assert sorted(os.listdir(tmp_path)) == ["net.safetensors", "run-loss.csv"]


def test_the_engines_frames_stay_bounded(small_limit):
    events = engine_events(("train", 40))
    frame = [e[1] for e in events if e[0] == "frame"][-1]
    assert frame.epochs_done == 40 and len(frame.loss_history) <= LIMIT and len(frame.movement_history) <= LIMIT
