"""Work done a slice at a time in idle moments of the UI thread, so the window never freezes.

For work that touches Qt objects or would hold Python's GIL in a thread (highlighting a long
article, building the corroboration index, listing the suggestions of every article): `step`
does one small piece and says whether more is left; a turn of the event loop runs steps for
`slice_seconds` (at least one), then lets the loop handle input and paint before the next.

All idle work shares one timer and one budget per turn, `TURN_SECONDS`: the works due take
slices in turn (round robin), each at most its own `slice_seconds` and what is left of the
budget, at least one step. With a timer each, every due work ran its slice in the same turn
(timers due together fire one after the other), and the slices of a 1 MB article's
highlighting, its suggestions and the project's reading added up to 45-70 ms at a time. An
`urgent` work (an answer the analyst waits for) has every turn alone while it has steps left,
its own slice whatever the budget. After other work held the loop (`BUSY_SECONDS`), idle work
lets one pass of the event loop go by first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

import shiboken6
from PySide6.QtCore import QObject, QTimer

TURN_SECONDS = 0.010  # of idle work per turn of the event loop, all works together
# After the loop was held this long by other work since the last turn (an action and its
# paint), idle work waits one more pass: what waited meanwhile (input, timers) goes first,
# instead of a turn of idle work adding to the same stall.
BUSY_SECONDS = 0.010


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
    _turns: ClassVar[_Turns | None] = None

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

    def start(self) -> None:
        _the_turns().add(self)

    def stop(self) -> None:
        if IdleWork._turns is not None:
            IdleWork._turns.remove(self)

    @staticmethod
    def hold() -> None:
        """No idle work runs until as many `release`s: a stepwise edit holds the event loop's
        spare time (what the works would compute is about to change again), and a turn of
        theirs beside one of its steps made a stall of both (65-70 ms at 10,000 articles)."""
        _the_turns().held += 1

    @staticmethod
    def release() -> None:
        turns = IdleWork._turns
        if turns is not None and turns.held:
            turns.held -= 1
            turns.resume()

    def due(self) -> bool:
        """Whether it has steps left to run in idle time."""
        return IdleWork._turns is not None and IdleWork._turns.holds(self)

    def run_slice(self, seconds: float) -> bool:
        """Steps for `seconds` (at least one); whether more are left."""
        deadline = time.perf_counter() + seconds
        more = self.step()
        while more and time.perf_counter() < deadline:
            more = self.step()
        if self.after_slice is not None:
            self.after_slice()
        return more


def _the_turns() -> _Turns:
    """The one `_Turns`, made when first needed (a QObject: once the app is there)."""
    if IdleWork._turns is None:
        IdleWork._turns = _Turns()
    return IdleWork._turns


class _Turns(QObject):
    """The one timer every idle work's slices run from, and whose turn is next."""

    def __init__(self) -> None:
        super().__init__()
        self._due: list[IdleWork] = []  # the next to run first
        self._running: IdleWork | None = None
        self._restarted = False  # the running work was started again by its own step
        self._ended = 0.0  # when the last turn ended
        self._waited = False  # this turn was put off by a pass, after the loop was busy
        self.held = 0  # holds asked for (`IdleWork.hold`)
        self._timer = soon(self, self._turn)

    def resume(self) -> None:
        if not self.held and self._due:
            self._timer.start()

    def add(self, work: IdleWork) -> None:
        if work is self._running:
            self._restarted = True
        if work not in self._due:
            self._due.append(work)
        self._timer.start()

    def remove(self, work: IdleWork) -> None:
        if work is self._running:
            self._restarted = False
        if work in self._due:
            self._due.remove(work)

    def holds(self, work: IdleWork) -> bool:
        return work in self._due

    def _turn(self) -> None:
        if self.held:
            return  # (the last release starts the timer again)
        # A work whose Qt side is gone (its parent deleted) has no more turns.
        self._due = [w for w in self._due if shiboken6.isValid(w)]
        if self._due and not self._waited and time.perf_counter() - self._ended > BUSY_SECONDS:
            self._waited = True
            self._timer.start()
            return
        self._waited = False
        try:
            urgent = [w for w in self._due if w.urgent]
            if urgent:
                self._run(urgent[0], urgent[0].slice_seconds)
                return
            deadline = time.perf_counter() + TURN_SECONDS
            for work in list(self._due):  # each once a turn, in the order of their turns
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                if work in self._due:  # not stopped by another's step
                    self._run(work, min(work.slice_seconds, left))
        finally:
            self._ended = time.perf_counter()
            if self._due:
                self._timer.start()

    def _run(self, work: IdleWork, seconds: float) -> None:
        self._due.remove(work)
        self._due.append(work)  # the others' turns come before its next one
        self._running, self._restarted = work, False
        more = False
        try:
            more = work.run_slice(seconds)
        finally:
            self._running = None
            if not more and not self._restarted and work in self._due:
                self._due.remove(work)  # done (unless a step started it again)
