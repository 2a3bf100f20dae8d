"""Hear of other analysts' edits as they are stored: LISTEN on a connection of its own.

Each stored edit is announced (NOTIFY) with its change-log id. On each announcement this
thread calls `on_news` with its connection, to read the change log from the last entry the
project took in (off the window's thread), so nothing depends on a notification arriving:
after a lost connection or a laptop that slept, the thread connects again and reads once, and
the project catches up from the log. Announcements that arrive while it reads are read with
the next batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import psycopg

from briefing.store.address import ServerAddress
from briefing.store.server_connection import ServerError, connect
from briefing.store.server_schema import CHANNEL

log = logging.getLogger(__name__)

POLL_S = 0.25  # how often the thread looks up from waiting, to notice `close`
RETRY_S = (0.5, 1, 2, 5, 10)  # waits between attempts to connect again


Connection = psycopg.Connection[tuple[Any, ...]]


class ChangeListener:
    def __init__(
        self, address: ServerAddress, password: str, on_news: Callable[[Connection], None]
    ) -> None:
        self._address = address
        self._password = password
        self._on_news = on_news
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="server-listen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                conn = connect(self._address, self._password)
            except ServerError as error:
                log.info("Listening for changes to %s: %s", self._address.display(), error)
                self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
                continue
            try:
                self._listen(conn)
                attempt = 0
            except (psycopg.Error, ServerError) as error:
                log.info("Lost the change feed of %s: %s", self._address.display(), error)
                self._stop.wait(RETRY_S[0])
            finally:
                conn.close()

    def _listen(self, conn: Connection) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self._on_news(conn)  # whatever was stored while nobody listened
        while not self._stop.is_set():
            news = False
            for _ in conn.notifies(timeout=POLL_S, stop_after=1):
                news = True  # one read takes in every entry since the last one taken in
            if news and not self._stop.is_set():
                self._on_news(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
