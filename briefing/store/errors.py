"""Why a project file could not be opened or written, and what went wrong in words people use.

SQLite and the OS report conditions by code; an analyst needs "the disk is full" or "the
folder is read-only", never "damaged" for a disk that is merely full.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from briefing.core.errors import ProjectError
from briefing.core.text import shorten

_MIN_FREE_BYTES = 1024 * 1024  # less than this and SQLite cannot be sure of its -shm and -wal


class ProjectFileError(ProjectError):
    """A project (a file, or a server project named by its address) that cannot be opened or
    written; the message names it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        reason = " ".join(reason.splitlines())  # SQLite's own reports span lines
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ProjectNotWritable(ProjectFileError):
    """A sound project that cannot be changed where it is (read-only disk or folder); it can
    still be opened read-only."""


def disk_full(path: Path) -> bool:
    try:
        space = os.statvfs(path.parent if str(path.parent) else ".")
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return space.f_bavail * space.f_frsize < _MIN_FREE_BYTES


def sqlite_reason(error: sqlite3.Error, path: Path | None = None) -> str:
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    said = shorten(" ".join(str(error).split()), 160)  # SQLite may quote a whole schema
    # SQLite reports a failed write of its -shm or -wal as a plain I/O error.
    if code == sqlite3.SQLITE_FULL or (
        code == sqlite3.SQLITE_IOERR and path is not None and disk_full(path)
    ):
        return "the disk is full"
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return "the disk or folder is read-only"
    if code == sqlite3.SQLITE_CANTOPEN:
        return "the file or its folder cannot be opened (it may be read-only or missing)"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"is damaged and cannot be read ({said}); open a backup copy instead"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return "is busy in another program; try again in a moment"
    if code == sqlite3.SQLITE_IOERR:
        return f"the disk reported an error ({said})"
    return said


def os_reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the folder may be read-only)"
    return error.strerror or str(error)
