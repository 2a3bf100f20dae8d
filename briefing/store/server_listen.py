"""Hear of other analysts' edits as they are stored: LISTEN on a connection of its own.

Each stored edit is announced (NOTIFY) with its change-log id. This thread only wakes the
project up (`on_news`); the project then reads the change log from the last entry it took in,
so nothing depends on a notification arriving: after a lost connection or a laptop that
slept, the thread connects again and wakes the project once, and it catches up from the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

from briefing.store.address import ServerAddress
from briefing.store.server_connection import ServerError, connect
from briefing.store.server_schema import CHANNEL

log = logging.getLogger(__name__)

POLL_S = 0.25  # how often the thread looks up from waiting, to notice `close`
RETRY_S = (0.5, 1, 2, 5, 10)  # waits between attempts to connect again


class ChangeListener:
    def __init__(self, address: ServerAddress, password: str, on_news: Callable[[], None]):
        self._address = address
        self._password = password
        self._on_news = on_news
        self._stop = threading.Event()
        self.connected = threading.Event()  # set while listening (for tests and the log)
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
            except psycopg.Error as error:
                log.info("Lost the change feed of %s: %s", self._address.display(), error)
                self._stop.wait(RETRY_S[0])
            finally:
                self.connected.clear()
                conn.close()

    def _listen(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self.connected.set()
        self._on_news()  # whatever was stored while nobody listened
        while not self._stop.is_set():
            news = False
            for _ in conn.notifies(timeout=POLL_S):
                news = True
                break  # one wake-up reads every entry since the last one taken in
            if news:
                self._on_news()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
