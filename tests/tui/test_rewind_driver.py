"""The engine driver's rewind, edit, examples and runs commands, in-process: refusals are one-line notices."""

from __future__ import annotations

import pytest

from .helpers import last_frame, notices, recording_driver


@pytest.fixture
def driver():
    return recording_driver()


def test_bad_moves_and_branches_are_notices_and_lose_nothing(driver):
    for _ in range(3):
        driver._execute(("step",))
    driver._execute(("move_in_time", "to", 99))
    driver._execute(("move_in_time", "sideways", 1))
    driver._execute(("branch",))  # at now: nothing to branch from
    driver._execute(("switch_run", "run 9"))
    said = notices(driver)
    assert "step 99 is not on this run's timeline (0 to 3)" in said[0] and "unknown move 'sideways'" in said[1]
    assert "newest step" in said[2] and "no run named 'run 9'" in said[3]
    assert last_frame(driver).timeline.steps == 3 and not last_frame(driver).timeline.past


def test_four_runs_at_most_and_a_reset_starts_afresh(driver):
    for _ in range(4):
        driver._execute(("step",))
    for n in range(3):
        driver._execute(("move_in_time", "step", -1))
        driver._execute(("branch",))
    assert [r.name for r in last_frame(driver).timeline.runs] == ["run 1", "run 2", "run 3", "run 4"]
    driver._execute(("move_in_time", "start"))
    driver._execute(("branch",))
    assert "4 runs at most" in notices(driver)[-1]
    driver._execute(("reset", None, None))
    timeline = last_frame(driver).timeline
    assert [r.name for r in timeline.runs] == ["run 1"] and timeline.steps == 0


def test_edits_and_examples_refuse_in_the_past_and_a_reset_forgets_the_sliced_weight(driver):
    driver._execute(("step",))
    driver._execute(("slice_weight", "layer2.bias", (1,)))
    assert last_frame(driver).loss_slice is not None
    driver._execute(("move_in_time", "start"))
    for command in (("edit_weight", "layer1.weight", (0, 0), 2.0), ("add_example", "vertical"), ("remove_example", "yours 1")):
        driver._execute(command)
        assert "looking at the past" in notices(driver)[-1]
    driver._execute(("move_in_time", "now"))
    driver._execute(("edit_weight", "layer1.weight", (0, 0), 1e9))
    assert "from -100 to 100" in notices(driver)[-1]
    driver._execute(("reset", None, None, {"hidden": [5]}))
    frame = last_frame(driver)
    assert frame.loss_slice is None and len(frame.hidden) == 5


def test_what_the_app_receives_unpickles_without_torch(driver, tmp_path):
    """The relay thread unpickles every event: one that imports torch there can fail half-imported and kill it."""
    import pickle
    import subprocess
    import sys

    for command in (("step",), ("step",), ("slice_weight", "layer1.weight", (0, 0)), ("edit_weight", "layer1.bias", (1,), 0.5),
                    ("add_example", "vertical"), ("move_in_time", "step", -1), ("branch",), ("watch_runs", True)):
        driver._execute(command)
    assert last_frame(driver).loss_slice is not None and any(e[0] == "runs" for e in driver.events)
    path = tmp_path / "events.pickle"
    path.write_bytes(pickle.dumps([e for e in driver.events if e[0] in ("frame", "runs", "notice")]))
    check = f"import pickle, sys; pickle.loads(open({str(path)!r}, 'rb').read()); sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], timeout=60).returncode == 0


@pytest.mark.parametrize("preset", ["discovery", "playground-xor"])
def test_a_sweeps_results_unpickle_without_torch(preset, tmp_path):
    """A sweep's results (TinyNet's verdicts, a lab world's scores) reach the app without importing torch there."""
    import pickle
    import subprocess
    import sys

    sweeping = recording_driver(preset)
    sweeping._execute(("sweep", 3))
    (sweep,) = [e for e in sweeping.events if e[0] == "sweep"]
    assert len(sweep[3]) == 3
    path = tmp_path / "sweep.pickle"
    path.write_bytes(pickle.dumps(sweep))
    check = f"import pickle, sys; pickle.loads(open({str(path)!r}, 'rb').read()); sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], timeout=60).returncode == 0


def test_the_end_of_an_epoch_the_chart_picks_on_a_lab_world():
    """A click on the chart (move 'epoch_end', counting from 1) lands on that epoch's last batch; past the run, now."""
    lab = recording_driver("digits-mlp")
    lab._execute(("train", 3))
    lab._execute(("step",))  # into epoch 4
    per_epoch = lab.trainer.nudges_per_epoch
    for epoch, (done, past, step) in {1: (1, True, per_epoch), 3: (3, True, 3 * per_epoch), 4: (3, False, 3 * per_epoch + 1), 0: (0, True, 0)}.items():
        lab._execute(("move_in_time", "epoch_end", epoch))
        frame = last_frame(lab)
        assert (frame.epochs_done, frame.timeline.past, frame.timeline.step) == (done, past, step)
