"""Long work off the UI thread, with a progress dialog and Cancel (after Anki's CollectionOp).

`work(progress)` runs in a worker thread and must not touch Qt widgets, nor the project unless
the caller holds it still meanwhile (the export dialog: modal, with `Session.hold_news`); it
gets what it needs beforehand (file names, options). It calls `progress(done,
total)` now and then, which returns False once the analyst has cancelled. Exactly one of the
callbacks then runs on the UI thread: `on_done(result)`, `on_failed(message)`, or `on_cancelled`
when the work raised `Cancelled` (work that stops early and returns a partial result is done).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing.core.errors import ProjectError

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], bool]  # (done, total) -> False once cancelled
SHOW_AFTER_MS = 400  # quick work never flashes a dialog
# Progress reaches the dialog at most this often. Each step is a queued call into Python on
# the window's thread, which waits for the worker to hand over the interpreter: an export
# reporting every 250 passages sent hundreds a second, and the window's thread spent 40-80 ms
# at a time taking them in.
STEP_SECONDS = 0.05


class Cancelled(Exception):
    """Raised by work that stopped because progress() said so."""


@dataclass(frozen=True, slots=True)
class Finished:
    result: object


@dataclass(frozen=True, slots=True)
class Step:
    done: int
    total: int


class _Job(QObject):
    """Runs the work; lives in the worker thread."""

    stepped = Signal(Step)
    finished = Signal(Finished)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[Progress], object], what: str) -> None:
        super().__init__()
        self.work, self.what = work, what
        self.stop = threading.Event()
        self.home = self.thread()  # where it is made, and goes back to when done
        self._next_step = 0.0  # when the next step may be shown (time.monotonic)

    def _progress(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now >= self._next_step or done >= total > 0:  # the last step always shows
            self._next_step = now + STEP_SECONDS
            self.stepped.emit(Step(done, total))
        return not self.stop.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:
            self._back_home()
            self.cancelled.emit()
        except ProjectError as error:
            self._back_home()
            self.failed.emit(str(error))
        except Exception as error:  # a bug must not leave the dialog waiting forever
            log.exception("%s failed", self.what)
            self._back_home()
            self.failed.emit(f"{self.what} stopped unexpectedly ({error}); see Help > Show log.")
        else:
            self._back_home()
            self.finished.emit(Finished(result))

    def _back_home(self) -> None:
        # Done with the worker thread: the UI thread may drop (and so delete) it safely.
        self.moveToThread(self.home)


class BackgroundTask(QObject, Generic[T]):
    """One piece of work. The caller keeps it (there is no Qt parent) and drops it at the
    next run or when it goes: never from inside a callback, which runs in one of its slots."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], object],
        on_failed: Callable[[str], object],
        on_cancelled: Callable[[], object] | None = None,
        describe: Callable[[int, int], str] | None = None,
    ) -> None:
        super().__init__()
        self._on_done, self._on_failed, self._on_cancelled = on_done, on_failed, on_cancelled
        self._describe = describe  # the dialog's line for (done, total)
        self._job = _Job(work, title)  # no parent: it moves to the worker thread
        self._worker = QThread()
        self._job.moveToThread(self._worker)
        self.progress = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(SHOW_AFTER_MS)
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        # Here, not through the job: the job's thread is busy working, so a queued call to
        # it would arrive only once the work was over.
        self.progress.canceled.connect(self.cancel)
        self._worker.started.connect(self._job.run)
        self._job.stepped.connect(self._on_step)
        self._job.finished.connect(self._finished)
        self._job.failed.connect(self._failed)
        self._job.cancelled.connect(self._cancelled)
        self._open = False

    def start(self) -> None:
        self._open = True
        self._worker.start()

    def running(self) -> bool:
        return self._open

    def cancel(self) -> None:
        self._job.stop.set()

    def wait(self) -> None:
        """Cancel and wait for the worker (the window is closing)."""
        self.cancel()
        self._worker.quit()
        self._worker.wait()

    def _on_step(self, step: Step) -> None:
        self.progress.setMaximum(max(step.total, 1))
        self.progress.setValue(min(step.done, max(step.total, 1)))
        if self._describe is not None and step.done < step.total:
            self.progress.setLabelText(self._describe(step.done, step.total))

    def _close(self) -> None:
        self._open = False
        self._worker.quit()
        self._worker.wait()
        self.progress.reset()
        self.progress.close()
        self.progress.deleteLater()

    def _finished(self, finished: Finished) -> None:
        self._close()
        self._on_done(cast(T, finished.result))

    def _failed(self, message: str) -> None:
        self._close()
        self._on_failed(message)

    def _cancelled(self) -> None:
        self._close()
        if self._on_cancelled is not None:
            self._on_cancelled()
