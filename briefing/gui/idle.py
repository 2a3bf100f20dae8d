"""Work done a slice at a time in idle moments of the UI thread, so the window never freezes.

For work that touches Qt objects or would hold Python's GIL in a thread (highlighting a long
article, building the corroboration index, listing the suggestions of every article): `step`
does one small piece and says whether more is left; each turn of the event loop runs steps for
`slice_seconds` (at least one), then lets the loop handle input before the next turn.

Every idle work that is due runs in the same turn of the event loop, so their slices add up.
An `urgent` one (an answer the analyst waits for) goes first: while it has steps left, the
others wait for it, and the turn holds its slice alone.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, QTimer

# Other idle work due in the turn an urgent one ran in waits for a later one: timers due
# together fire one after the other (with other timers' work between them).
_SAME_TURN_SECONDS = 0.01


def soon(parent: QObject, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that calls `slot` once the event queue is empty: after what is
    pending (input, the paint of a change) has been handled. `start()` asks for it; asking
    again before it ran still calls it once."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


class IdleWork(QObject):
    _URGENT: ClassVar[weakref.WeakSet[IdleWork]] = weakref.WeakSet()
    _urgent_ended = 0.0  # when an urgent work's slice last ended (perf_counter)

    def __init__(
        self,
        step: Callable[[], bool],
        slice_seconds: float,
        parent: QObject | None = None,
        after_slice: Callable[[], object] | None = None,
        urgent: bool = False,
    ) -> None:
        super().__init__(parent)
        self.step = step  # does one piece; True while there is more to do
        self.urgent = urgent
        self.slice_seconds = slice_seconds
        self.after_slice = after_slice  # e.g. tell the views what the slice changed
        self._timer = soon(self, self._run)

    def start(self) -> None:
        if self.urgent:
            IdleWork._URGENT.add(self)
        self._timer.start()

    def stop(self) -> None:
        IdleWork._URGENT.discard(self)
        self._timer.stop()

    def _run(self) -> None:
        if not self.urgent and (
            _urgent_waiting() or time.perf_counter() - IdleWork._urgent_ended < _SAME_TURN_SECONDS
        ):
            self._timer.start()  # again after the urgent work's turns
            return
        deadline = time.perf_counter() + self.slice_seconds
        more = self.step()
        while more and time.perf_counter() < deadline:
            more = self.step()
        if more:
            self._timer.start()
        else:
            IdleWork._URGENT.discard(self)
        if self.urgent:
            IdleWork._urgent_ended = time.perf_counter()
        if self.after_slice is not None:
            self.after_slice()


def _urgent_waiting() -> bool:
    """Whether an urgent work has steps left (one whose Qt side is gone has none)."""
    for work in list(IdleWork._URGENT):
        try:
            if work._timer.isActive():
                return True
        except RuntimeError:  # its timer was deleted with its parent
            pass
        IdleWork._URGENT.discard(work)
    return False
