"""Move the write-ahead log into the project file in a thread of its own.

SQLite copies its WAL back into the database every thousand pages written, inside whichever
commit crosses the mark: with `synchronous = NORMAL` that copy is where the disk is flushed, so
one edit in a few (the tenth step of an import, a tag after a burst) took four times as long as
the others, on the UI thread. Here the app's connection never checkpoints; a second connection
does, in PASSIVE mode (it never blocks the writer or readers), shortly after writes. Durability
is unchanged: a committed transaction is in the WAL, which survives a crash.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

AFTER_WRITE_SECONDS = 0.2  # gather a burst of writes into one checkpoint


class Checkpointer:
    def __init__(self, path: Path) -> None:
        self._path = path
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
            while not self._stop.is_set():
                self._wake.wait()
                if self._stop.wait(AFTER_WRITE_SECONDS):
                    break
                self._wake.clear()
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    self.done += 1
                except sqlite3.Error as error:  # busy or a full disk: the next write tries again
                    log.info("Checkpoint of %s put off: %s", self._path, error)
        finally:
            conn.close()
