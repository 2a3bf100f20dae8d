"""Measure how long the UI thread is ever kept from its event loop: a timer ticks every few
milliseconds and notes the longest gap between two ticks (a late tick is a stalled window)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

TICK_MS = 5


class StallMeter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.longest = 0.0  # seconds between two ticks, minus the tick itself
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last - TICK_MS / 1000)
        self._last = now
