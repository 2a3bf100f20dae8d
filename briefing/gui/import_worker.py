"""Read article files off the UI thread, with progress and cancel; commit on the UI thread.

Reading (decoding, sniffing titles and dates) is the slow part and touches no project state,
so it runs in a QThread; adding the articles is one quick undoable edit back on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class ImportJob(QObject):
    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # ImportPlan
    failed = Signal(str)

    def __init__(self, paths: Sequence[Path], known_hashes: set[str]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.known_hashes = set(known_hashes)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @Slot()
    def run(self) -> None:
        from briefing.importers.batch import read_files  # the importers load lazily

        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self._cancelled.is_set()

        try:
            plan = read_files(self.paths, self.known_hashes, progress)
        except Exception as error:  # a bug in a reader must not leave the dialog hanging
            log.exception("Import failed")
            self.failed.emit(f"The import stopped unexpectedly ({error}); see Help > Show log.")
            return
        self.finished.emit(plan)


class ImportRunner(QObject):
    """Runs one ImportJob in its own thread with a cancellable progress dialog."""

    done = Signal(object)  # ImportPlan, delivered on the UI thread
    failed = Signal(str)

    def __init__(
        self, paths: Sequence[Path], known_hashes: set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.job = ImportJob(paths, known_hashes)  # no parent: it lives in the worker thread
        self.worker_thread = QThread(self)
        self.job.moveToThread(self.worker_thread)
        self.progress = QProgressDialog("Reading article files…", "Cancel", 0, len(paths), parent)
        self.progress.setWindowTitle("Import articles")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)  # quick imports never flash a dialog
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(self.job.cancel)
        self.worker_thread.started.connect(self.job.run)
        self.worker_thread.finished.connect(self.job.deleteLater)  # the documented QThread pattern
        self.job.progressed.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)

    def start(self) -> None:
        self.worker_thread.start()

    def wait(self) -> None:
        self.job.cancel()
        self.worker_thread.quit()
        self.worker_thread.wait()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if done < total:
            self.progress.setLabelText(
                f"Reading {self.job.paths[done].name} ({done + 1} of {total})…"
            )

    def _finish(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.progress.close()
        self.progress.deleteLater()
        self.deleteLater()  # and with it the thread, its child

    def _on_finished(self, plan: object) -> None:
        self._finish()
        self.done.emit(plan)

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)


def start_import(
    paths: Sequence[Path],
    known_hashes: set[str],
    parent: QWidget | None,
    on_done: Callable[[object], None],
    on_failed: Callable[[str], None],
) -> ImportRunner:
    runner = ImportRunner(paths, known_hashes, parent)
    runner.done.connect(on_done)
    runner.failed.connect(on_failed)
    runner.start()
    return runner
