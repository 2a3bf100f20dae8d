"""Measure how long the UI thread is ever kept from its event loop: a timer ticks every few
milliseconds and notes the longest gap between two ticks (a late tick is a stalled window).

It also notes the UI thread's own CPU time in its longest gap (`longest_cpu`): on a machine
shared with other work the gaps stretch while the thread waits for a core, and the CPU time
tells the code's part apart from the wait.

To see what a stall is made of, set `BRIEFING_STALL_STACKS=MS`: a watchdog thread then samples
the UI thread's Python stack whenever no tick came for MS milliseconds, and `stop()` prints
to stderr the stacks met most, each with the milliseconds it was seen for, then the gaps that
cost the UI thread most CPU, each with its stacks in the order they were seen (the
milliseconds into the gap): what one stall is made of, step by step. A stack that ends in the
event loop's own call is Qt's C++ work (layout, painting) or a wait for the GIL; a gap with
little CPU and few samples is the process waiting for a core.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
import traceback

from PySide6.QtCore import QObject, QTimer

TICK_MS = 5
SAMPLE_SECONDS = 0.005  # how often the watchdog looks


class StallMeter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.longest = 0.0  # seconds between two ticks, minus the tick itself
        self.longest_cpu = 0.0  # the UI thread's CPU seconds in its busiest gap
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        watch_ms = os.environ.get("BRIEFING_STALL_STACKS")
        self._watch = _Watchdog(self, float(watch_ms) / 1000) if watch_ms else None

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self.longest_cpu, self._last_cpu = 0.0, time.thread_time()
        self._timer.start()
        if self._watch is not None:
            self._watch.on = True

    def stop(self) -> float:
        self._timer.stop()
        if self._watch is not None:
            self._watch.on = False
            self._watch.report(self)
        return self.longest

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.longest = max(self.longest, now - self._last - TICK_MS / 1000)
        self.longest_cpu = max(self.longest_cpu, cpu - self._last_cpu)
        if self._watch is not None:
            self._watch.gap_ended(now - self._last, cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu


GAPS_SHOWN = 3  # the late gaps of a phase shown in order, those of most UI-thread CPU


class _Watchdog:
    """Samples the UI thread's stack while its ticks are late."""

    def __init__(self, meter: StallMeter, late: float) -> None:
        self.meter, self.late, self.on = meter, late, False
        self.ui_thread = threading.get_ident()  # made on the UI thread
        self.stacks: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._gap: list[tuple[float, str]] = []  # (seconds into the gap, stack) of this gap
        self.gaps: list[tuple[float, float, list[tuple[float, str]]]] = []  # (cpu, wall, ...)
        threading.Thread(target=self._run, daemon=True, name="stall watchdog").start()

    def _run(self) -> None:
        while True:
            time.sleep(SAMPLE_SECONDS)
            into = time.perf_counter() - self.meter._last
            if not self.on or into <= self.late:
                continue
            frame = sys._current_frames().get(self.ui_thread)
            if frame is not None:
                frames = traceback.extract_stack(frame)[-9:]
                where = " < ".join(
                    f"{f.name}:{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(frames)
                )
                self.stacks[where] += 1
                with self._lock:
                    self._gap.append((into, where))

    def gap_ended(self, wall: float, cpu: float) -> None:
        """On the UI thread, at each tick: keep a late gap's samples among the busiest."""
        with self._lock:
            samples, self._gap = self._gap, []
        if self.on and wall > self.late:
            self.gaps.append((cpu, wall, samples))
            self.gaps.sort(key=lambda gap: gap[0], reverse=True)
            del self.gaps[GAPS_SHOWN:]

    def report(self, meter: StallMeter, count: int = 12) -> None:
        print(
            f"stall {meter.longest * 1000:.0f} ms, busiest gap {meter.longest_cpu * 1000:.0f} ms"
            " of UI-thread CPU; stacks seen while late:",
            file=sys.stderr,
        )
        for where, seen in self.stacks.most_common(count):
            print(f"  {seen * SAMPLE_SECONDS * 1000:5.0f} ms  {where}", file=sys.stderr)
        for cpu, wall, samples in self.gaps:
            print(f"  a gap of {wall * 1000:.0f} ms, {cpu * 1000:.0f} ms CPU:", file=sys.stderr)
            previous = None
            for into, where in samples:
                if where != previous:
                    print(f"    {into * 1000:4.0f}  {where}", file=sys.stderr)
                previous = where
        self.stacks.clear()
        self.gaps.clear()
