"""Files from outside, read and written without hanging, reading without end, or destroying anything.

Reads refuse anything but a regular file before opening it (a FIFO would block forever, a
device would never end) and stop at a hard byte limit whatever the file claims to hold.
Writes go through a temporary file and a rename, so a target is never half written; they
refuse to replace anything but a regular file, write through a symlink to its target, refuse
a read-only file unless told to overwrite it, and keep an existing file's permissions.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError
from .text import visible

# Temporary files are named .NAME.tinynet-PID-RANDOM.tmp beside their target; a save cleans
# up those whose process is gone (killed mid-save), never a live one's.
_TEMP_MARK = ".tinynet-"
_TEMP_SUFFIX = ".tmp"


class FileRefused(InputError):
    """A file that cannot be read or written safely; the message says why in one line."""


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or FileRefused."""
    path = _named(path, what)
    _check_regular(_stat_or_refuse(path, what, reading=True), path, what)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise FileRefused(f"cannot read {visible(path)}: {err.strerror}") from None
    with os.fdopen(fd, "rb", buffering=0) as file:
        # Checked again on the open file: the path may have been swapped since the first look.
        info = os.fstat(fd)
        _check_regular(info, path, what)
        if info.st_size > limit:
            raise FileRefused(f"{visible(path)} is {info.st_size:,} bytes: more than the {limit:,} a {what} may have")
        chunks, size = [], 0
        while size <= limit:
            chunk = file.read(limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise FileRefused(f"{visible(path)} holds more than the {limit:,} bytes a {what} may have")
    return b"".join(chunks)


def write_atomic(path: str | os.PathLike[str], data: bytes, overwrite_read_only: bool = False) -> Path:
    """Replace (or create) a regular file with `data` in one rename; returns the path written."""
    path = _named(path, "file")
    target, mode = _target_and_mode(path, overwrite_read_only)
    directory = target.parent
    remove_stale_temporaries(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{_TEMP_MARK}{os.getpid()}-", suffix=_TEMP_SUFFIX, dir=directory)
    except OSError as err:
        raise FileRefused(f"cannot save to {visible(path)}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            os.fchmod(tmp.fileno(), mode)
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except OSError as err:
        Path(tmp_name).unlink(missing_ok=True)
        raise FileRefused(f"cannot save to {visible(path)}: {err.strerror}") from None
    return path


def check_writable(path: str | os.PathLike[str], overwrite_read_only: bool = False) -> None:
    """FileRefused now if write_atomic(path) would refuse: check outputs before a long run, not after."""
    _target_and_mode(_named(path, "file"), overwrite_read_only)


def _target_and_mode(path: Path, overwrite_read_only: bool) -> tuple[Path, int]:
    """Where a write to path lands and the permissions it gets, or FileRefused."""
    # A symlink is written through: its target gets the new contents, the link stays.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    info = _stat_or_refuse(target, "file", reading=False)
    if info is not None:
        _check_replaceable(info, target, path, overwrite_read_only)
        mode = stat.S_IMODE(info.st_mode)
    else:
        mode = 0o666 & ~_umask()
    if not target.parent.is_dir():
        raise FileRefused(f"cannot save to {visible(path)}: folder {visible(target.parent)} does not exist")
    return target, mode


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete the temporary files that killed saves to `target` left behind; returns them."""
    prefix = f".{target.name}{_TEMP_MARK}"
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)):
            continue
        pid = name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            leftover = target.parent / name
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _named(path: str | os.PathLike[str], what: str) -> Path:
    text = os.fspath(path)
    # Path("") is ".", the current folder: an empty name must not quietly mean that.
    if not str(text).strip():
        raise FileRefused(f"no {what} name given (an empty string)")
    if "\0" in str(text):
        raise FileRefused(f"{what} name {visible(text)} holds a NUL character")
    return Path(text).expanduser()


def _stat_or_refuse(path: Path, what: str, reading: bool) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        if reading:
            raise FileRefused(f"no such file: {visible(path)}") from None
        return None
    except OSError as err:
        raise FileRefused(f"cannot {'read' if reading else 'save to'} {visible(path)}: {err.strerror}") from None


def _check_regular(info: os.stat_result, path: Path, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"{visible(path)} is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"{visible(path)} is {_kind(info)}, not a regular file; refusing to read it")


def _check_replaceable(info: os.stat_result, target: Path, path: Path, overwrite_read_only: bool) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"{visible(path)} is a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"{visible(path)} is {_kind(info)}, not a regular file; refusing to replace it")
    # Mode bits, not os.access alone: root may write anything, but a 0444 file says "keep me".
    read_only = not (info.st_mode & 0o222) or not os.access(target, os.W_OK)
    if read_only and not overwrite_read_only:
        raise FileRefused(f"{visible(path)} is read-only; refusing to overwrite it (choose another name, or allow overwriting)")


def _kind(info: os.stat_result) -> str:
    mode = info.st_mode
    kinds = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
