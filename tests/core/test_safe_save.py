"""Saving never destroys what it replaces: devices, FIFOs, symlinks, read-only files, killed saves."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from tinynet_core.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from tinynet_core.cli import main
from tinynet_core.export import ExportError, export_run
from tinynet_core.safe_io import FileRefused, remove_stale_temporaries, write_atomic
from tinynet_core.trainer import Trainer


@pytest.fixture
def trainer():
    return Trainer(seed=1)


def char_device(folder):
    """A character device like /dev/null, made in a temporary folder (needs root)."""
    if os.geteuid() != 0:
        pytest.skip("making a character device needs root")
    path = folder / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def test_a_fifo_is_refused_and_stays_a_fifo(trainer, tmp_path):
    fifo = tmp_path / "net.safetensors"
    os.mkfifo(fifo)
    with pytest.raises(CheckpointError, match="FIFO.*refusing to replace it"):
        save_checkpoint(trainer, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["net.safetensors"]


def test_a_character_device_is_refused_and_stays_one(trainer, tmp_path):
    device = char_device(tmp_path)
    with pytest.raises(CheckpointError, match="character device"):
        save_checkpoint(trainer, device)
    assert stat.S_ISCHR(os.lstat(device).st_mode) and os.listdir(tmp_path) == ["null"]


def test_a_directory_is_refused(trainer, tmp_path):
    with pytest.raises(CheckpointError, match="is a directory"):
        save_checkpoint(trainer, tmp_path)


def test_a_symlink_is_written_through_to_its_target(trainer, tmp_path):
    target = tmp_path / "real.safetensors"
    target.write_bytes(b"old")
    link = tmp_path / "link.safetensors"
    link.symlink_to(target)
    save_checkpoint(trainer, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_checkpoint(target).seed == 1
    assert sorted(os.listdir(tmp_path)) == ["link.safetensors", "real.safetensors"]


def test_a_dangling_symlink_creates_its_target(trainer, tmp_path):
    link = tmp_path / "link.safetensors"
    link.symlink_to(tmp_path / "new.safetensors")
    save_checkpoint(trainer, link)
    assert link.is_symlink() and load_checkpoint(tmp_path / "new.safetensors").seed == 1


def test_a_symlink_to_a_device_is_refused(trainer, tmp_path):
    device = char_device(tmp_path)
    link = tmp_path / "link.safetensors"
    link.symlink_to(device)
    with pytest.raises(CheckpointError, match="character device"):
        save_checkpoint(trainer, link)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_read_only_file_is_refused_unless_overwriting_is_allowed(trainer, tmp_path):
    path = tmp_path / "net.safetensors"
    path.write_bytes(b"keep me")
    path.chmod(0o444)
    with pytest.raises(CheckpointError, match="read-only"):
        save_checkpoint(trainer, path)
    assert path.read_bytes() == b"keep me"
    save_checkpoint(trainer, path, overwrite_read_only=True)
    assert load_checkpoint(path).seed == 1 and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_an_existing_files_permissions_are_kept(trainer, tmp_path):
    path = tmp_path / "net.safetensors"
    path.write_bytes(b"private")
    path.chmod(0o600)
    save_checkpoint(trainer, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_empty_name_is_refused(tmp_path):
    with pytest.raises(FileRefused, match="empty"):
        write_atomic("", b"x")
    with pytest.raises(FileRefused, match="empty"):
        export_run(Trainer(), "")


def test_leftovers_of_dead_saves_are_cleaned_and_live_ones_kept(tmp_path):
    target = tmp_path / "net.safetensors"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".net.safetensors.tinynet-{dead_pid}-abc.tmp"
    live = tmp_path / f".net.safetensors.tinynet-{os.getpid()}-def.tmp"
    stale.write_bytes(b"half")
    live.write_bytes(b"in progress")
    write_atomic(target, b"whole")
    assert not stale.exists() and live.exists() and target.read_bytes() == b"whole"


SAVE_LOOP = """
import sys
from tinynet_core.safe_io import write_atomic
data = bytes(4 * 1024 * 1024)  # big enough that a kill often lands mid-write
print("ready", flush=True)
while True:
    write_atomic(sys.argv[1], data)
"""


def test_kill_9_during_a_save_loop_leaves_a_whole_file_and_no_litter(tmp_path):
    target = tmp_path / "big.bin"
    litter = []  # temporary files found beside the target after each kill
    for round_ in range(5):
        loop = subprocess.Popen([sys.executable, "-c", SAVE_LOOP, str(target)], stdout=subprocess.PIPE, text=True)
        assert loop.stdout.readline() == "ready\n"
        time.sleep(0.2 + 0.05 * round_)
        loop.send_signal(signal.SIGKILL)
        loop.wait()
        loop.stdout.close()
        if target.exists():
            assert target.stat().st_size == 4 * 1024 * 1024  # never half a file
        litter.append(len(os.listdir(tmp_path)) - 1)
    # Each save cleans up what the killed ones before it left, so litter never piles up.
    assert max(litter) <= 1, litter
    remove_stale_temporaries(target)
    assert os.listdir(tmp_path) == ["big.bin"]


def test_the_cli_refuses_bad_targets_before_training(tmp_path, capsys):
    fifo = tmp_path / "out.safetensors"
    os.mkfifo(fifo)
    read_only = tmp_path / "w.json"
    read_only.write_text("{}")
    read_only.chmod(0o444)
    for option, path, message in (("--out", fifo, "FIFO"), ("--history", tmp_path, "directory"), ("--weights", read_only, "read-only")):
        code = main(["train", "--epochs", "1", option, str(path)])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and message in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and read_only.read_text() == "{}"
    assert main(["train", "--epochs", "1", "--weights", str(read_only), "--overwrite-read-only"]) == 0
    assert "parameters" in read_only.read_text()


def test_the_cli_refuses_a_character_device(tmp_path, capsys):
    device = char_device(tmp_path)
    assert main(["train", "--epochs", "1", "--history", str(device)]) == 2
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_diverged_network_is_never_saved(tmp_path):
    trainer = Trainer(seed=1)
    trainer.diverged = True  # as after a NaN loss, even if the weights look finite
    with pytest.raises(CheckpointError, match="diverged"):
        save_checkpoint(trainer, tmp_path / "net.safetensors")


def test_a_diverged_network_is_never_exported(tmp_path):
    trainer = Trainer(seed=1)
    trainer.diverged = True
    with pytest.raises(ExportError, match="diverged"):
        export_run(trainer, tmp_path / "run")
    assert list(tmp_path.iterdir()) == []
