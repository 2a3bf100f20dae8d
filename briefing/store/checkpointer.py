"""Move the write-ahead log into the project file in a thread of its own.

SQLite copies its WAL back into the database every thousand pages written, inside whichever
commit crosses the mark: with `synchronous = NORMAL` that copy is where the disk is flushed, so
one edit in a few (the tenth step of an import, a tag after a burst) took four times as long as
the others, on the UI thread. Here the app's connection never checkpoints; a second connection
does, in PASSIVE mode (it never blocks the writer or readers), shortly after writes. Durability
is unchanged: a committed transaction is in the WAL, which survives a crash.

Not after every write, though: the first write after a checkpoint starts the WAL afresh and
syncs its header to disk, 3-5 ms on this machine, so checkpointing 0.2 s after each tag made
every tag after a pause pay for a disk flush (commits 0.2 ms -> 3.3 ms). A checkpoint waits
until the WAL holds as much as SQLite's own automatic checkpoint would (1,000 pages) or the
project has been quiet for a while. What the WAL holds is read from the `-shm` through one
descriptor kept open while the project is (closing a descriptor of the `-shm` would drop this
process's SQLite locks on it: see `descriptors`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import threading
from pathlib import Path

from briefing.store import descriptors

log = logging.getLogger(__name__)

AFTER_WRITE_SECONDS = 0.2  # gather a burst of writes into one checkpoint
WAL_MARK_FRAMES = 1000  # pages not yet copied back: SQLite's own automatic checkpoint
QUIET_SECONDS = 30.0  # fewer are copied back once nothing was written for this long


def due(pending_frames: int, quiet: bool) -> bool:
    """Whether to checkpoint now: the WAL is past the mark, or the project has gone quiet."""
    return pending_frames >= WAL_MARK_FRAMES or (quiet and pending_frames > 0)


def pending_frames(header: bytes) -> int:
    """Pages in the WAL not yet copied back, from the start of the wal-index header that
    SQLite keeps in the `-shm` file (its format is documented: sqlite.org/walformat.html,
    `mxFrame` at byte 16, `nBackfill` at byte 96, native byte order). Too short: the mark,
    so it is copied."""
    try:
        (last_frame,) = struct.unpack_from("=I", header, 16)
        (copied,) = struct.unpack_from("=I", header, 96)
    except struct.error:
        return WAL_MARK_FRAMES
    return max(0, int(last_frame) - int(copied))


class WalIndex:
    """The `-shm` of a project this process holds, read through one descriptor opened when
    first needed and parked, not closed, at the end (`descriptors`)."""

    HEADER_BYTES = 100

    def __init__(self, path: Path) -> None:
        self._shm = path.with_name(path.name + "-shm")
        self._project = descriptors.key_of(path)
        self._fd: int | None = None

    def pending_frames(self) -> int:
        """Pages not yet copied back; unreadable: the mark, so it is copied."""
        try:
            if self._fd is None:
                self._fd = os.open(self._shm, os.O_RDONLY)
            return pending_frames(os.pread(self._fd, self.HEADER_BYTES, 0))
        except OSError:
            return WAL_MARK_FRAMES

    def close(self) -> None:
        if self._fd is not None:
            descriptors.close(self._fd, self._project)
            self._fd = None


class Checkpointer:
    def __init__(self, path: Path, quiet_seconds: float = QUIET_SECONDS) -> None:
        self._path = path
        self._wal_index = WalIndex(path)
        self._quiet_seconds = quiet_seconds
        self.done = 0  # checkpoints made: for tests and the log
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """Something was written: checkpoint soon."""
        self._wake.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None)
        except sqlite3.Error as error:
            log.warning("No background checkpoints for %s: %s", self._path, error)
            return
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            waiting = False  # written to since the last checkpoint
            while not self._stop.is_set():
                nudged = self._wake.wait(self._quiet_seconds if waiting else None)
                if self._stop.wait(AFTER_WRITE_SECONDS):
                    break
                self._wake.clear()
                if due(self._wal_index.pending_frames(), quiet=not nudged):
                    waiting = not self._checkpoint(conn)
                else:
                    waiting = True
        finally:
            self._wal_index.close()
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> bool:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as error:  # busy or a full disk: tried again later
            log.info("Checkpoint of %s put off: %s", self._path, error)
            return False
        self.done += 1
        return True
