"""One writer per project: an advisory lock held while a project file is open for writing.

Two app windows (or the app and the CLI) writing the same file would each keep their own idea
of the next passage id and overwrite each other's work; the second one is told instead. The
lock is `flock` on the database file itself, which the kernel releases when the process ends
(even on SIGKILL), so a crash never leaves a stale lock behind. SQLite's own locks are POSIX
record locks, which are independent of `flock` but dropped when any descriptor of the file is
closed: the descriptor is closed through `descriptors`, which keeps them.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefing.store import descriptors

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking is all we have there
    fcntl = None  # type: ignore[assignment]


class ProjectLocked(Exception):
    pass


class ProjectLock:
    def __init__(self, path: Path) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            descriptors.close(fd)
            raise ProjectLocked(path) from None
        self._fd = fd

    def __del__(self) -> None:
        self.release()

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)  # the descriptor may be parked, not closed
            descriptors.close(self._fd)
            self._fd = None
