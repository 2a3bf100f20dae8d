"""The project's indexes checked when it opens, in a thread of their own.

Neither index is trusted blindly (`search_index.healthy`, `claim_index.healthy`), but checking
them takes a few hundred milliseconds in a large project, nearly all inside SQLite, which lets
other threads run: so they are checked on a connection of their own (in a file in WAL mode,
while its records load; else once it is open), and the project file waits for the verdict
before anything reads or writes them.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

from briefing.store import claim_index, search_index

log = logging.getLogger(__name__)


class IndexChecks:
    """The check, in a thread of its own, or (`own_thread=False`) in the thread that calls
    `run` (a deferred open's checks, so that one thread at a time competes with the window)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], own_thread: bool = True) -> None:
        self._connect = connect
        self._verdict = (False, False)  # (search index sound, corroboration index sound)
        self._done = threading.Event()
        if own_thread:
            threading.Thread(target=self.run, name="index checks", daemon=True).start()

    def verdict(self) -> tuple[bool, bool]:
        """Whether the search index and the corroboration index are sound (waits for it)."""
        self._done.wait()
        return self._verdict

    def done(self, wait: float = 0.0) -> bool:
        """Whether the verdict is in (waiting up to `wait` seconds for it)."""
        return self._done.wait(wait)

    def run(self) -> None:
        try:
            self._check()
        finally:
            self._done.set()

    def skip(self) -> None:
        """Not checked after all (the project closed first): unsound, as if it failed."""
        self._done.set()

    def _check(self) -> None:
        try:
            conn = self._connect()
            try:
                self._verdict = (search_index.healthy(conn), claim_index.healthy(conn))
            finally:
                conn.close()
        except sqlite3.Error as error:  # unsound until proven otherwise: both made again
            log.warning("The indexes could not be checked: %s", error)
        except Exception:  # a file still to be found damaged (a deferred open): as unsound
            log.exception("The indexes could not be checked")
