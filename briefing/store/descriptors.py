"""Descriptors of a project's files opened outside SQLite, closed without losing its locks.

SQLite's locks on a project (on the file itself and on its `-shm`) are POSIX record locks,
and POSIX drops *all* of a process's record locks on a file as soon as the process closes
*any* descriptor of it (sqlite.org/howtocorrupt.html, 2.2). Reading a project's header, or
the checkpointer reading the `-shm` header, with a plain `open()` ... `close()` while a
connection of this process is open on it therefore left that connection unlocked, with
nothing to show for it: another process then took the file for unused, reset the `-shm`
under the window (which died of SIGBUS reading it) or could delete the WAL with the edits in
it on closing its own connection.

SQLite's own answer, followed here: while this process holds a project (`hold`), a
descriptor of one of its files is not closed but parked (`close`), and the parked ones are
closed once the last holder lets go.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

FileKey = tuple[int, int]  # (device, inode): the file, whatever path reached it

_guard = threading.Lock()
_holders: dict[FileKey, int] = {}
_parked: dict[FileKey, list[int]] = {}


def key_of(path: Path) -> FileKey | None:
    """The file at `path`, or None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def hold(path: Path) -> FileKey | None:
    """This process has (or is about to have) SQLite connections on the project at `path`."""
    key = key_of(path)
    if key is not None:
        with _guard:
            _holders[key] = _holders.get(key, 0) + 1
    return key


def let_go(key: FileKey | None) -> None:
    """The connections of one `hold` are closed: the last one closes what was parked."""
    if key is None:
        return
    with _guard:
        left = _holders.get(key, 0) - 1
        if left > 0:
            _holders[key] = left
            return
        _holders.pop(key, None)
        parked = _parked.pop(key, [])
    for fd in parked:
        os.close(fd)


def held_here(path: Path, beyond: int = 0) -> bool:
    """Whether this process holds the project at `path` more than `beyond` times (an open
    under way holds it once)."""
    key = key_of(path)
    with _guard:
        return key is not None and _holders.get(key, 0) > beyond


def close(fd: int, key: FileKey | None = None) -> None:
    """Close a descriptor of a project's file (of the file whose `key` is given, else of the
    file it reads), or park it while this process holds that project."""
    if key is None:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino)
    with _guard:
        if key in _holders:
            _parked.setdefault(key, []).append(fd)
            return
    os.close(fd)


def read_start(path: Path, size: int) -> bytes:
    """The first `size` bytes of a file, read without dropping SQLite's locks on it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size)
    finally:
        close(fd)
