"""Work done a slice at a time in idle moments of the UI thread, so the window never freezes.

For work that touches Qt objects or would hold Python's GIL in a thread (highlighting a long
article, building the corroboration index, listing the suggestions of every article): `step`
does one small piece and says whether more is left; each turn of the event loop runs steps for
`slice_seconds` (at least one), then lets the loop handle input before the next turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class IdleWork(QObject):
    def __init__(
        self,
        step: Callable[[], bool],
        slice_seconds: float,
        parent: QObject | None = None,
        after_slice: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.step = step  # does one piece; True while there is more to do
        self.slice_seconds = slice_seconds
        self.after_slice = after_slice  # e.g. tell the views what the slice changed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # runs when the event queue is empty
        self._timer.timeout.connect(self._run)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _run(self) -> None:
        deadline = time.perf_counter() + self.slice_seconds
        more = self.step()
        while more and time.perf_counter() < deadline:
            more = self.step()
        if more:
            self._timer.start()
        if self.after_slice is not None:
            self.after_slice()
