"""Apply a large edit in steps, one per turn of the event loop, as one undo step.

Adding a thousand imported articles writes megabytes to the project file and tells every view;
done at once it would freeze the window for seconds in a big project. Done in steps, each in
its own transaction, the window keeps painting; a modal progress line keeps other edits out
until the last step, and the steps go on the undo stack as one edit. If a step is refused, the
steps already made are undone, so the whole is applied or nothing is.

How many items a step takes follows how long the last ones took, aiming at STEP_SECONDS: a
fixed fifty articles took 30 ms in a small project and 120-450 ms in one of 10,000 articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing.core.collection import keep_out_of_collections
from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.gui.hub import ProjectHub
from briefing.gui.idle import IdleWork, soon

log = logging.getLogger(__name__)

T = TypeVar("T")
# What one turn of the event loop spends applying (the store and the views); the progress
# dialog's layout comes on top, ~15 ms at 10,000 articles.
STEP_SECONDS = 0.012
FIRST_STEP = 5  # items the first step takes, before anything is known
MAX_STEP = 500
PROGRESS_SECONDS = 0.1  # between two moves of the progress line


class StepwiseEdit(QObject, Generic[T]):
    def __init__(
        self,
        hub: ProjectHub,
        parent: QWidget,
        label: str,
        items: Sequence[T],
        apply: Callable[[Sequence[T]], Edit],
        description: str,
        announce: str,
        on_done: Callable[[Edit | None], object],
        record: Callable[[Edit], Edit | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub, self.items, self.apply, self.on_done = hub, items, apply, on_done
        self.description, self.announce = description, announce
        # What takes the whole edit once every step is in: by default the history, as one
        # undoable edit (an undo or redo made in steps moves the history past it instead).
        self.record = record or (lambda whole: self.hub.run(lambda: whole, self.announce))
        self.project: Project | None = hub.project
        self.applied: list[Edit] = []
        self.done = 0  # items applied so far
        self.step_size = FIRST_STEP
        self.progress = QProgressDialog(label, "", 0, len(items), parent)
        self.progress.setWindowTitle(label.rstrip("…"))
        self.progress.setCancelButton(None)  # a half-made import is not a choice
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self._timer = soon(self, self._step)
        self._finished = False
        self._holding = False
        self._shown = 0.0  # when the progress line last moved

    def start(self) -> None:
        IdleWork.hold()  # till the last step: the idle works' turns would add to the steps'
        self._holding = True
        self.progress.setValue(0)
        self._timer.start()

    def running(self) -> bool:
        return not self._finished

    def complete(self) -> None:
        """Apply every step left now (the window is closing): the edit is made whole, as it
        was asked for, not left half made in the file."""
        while not self._finished:
            self._timer.stop()  # (a step's progress line lets the event loop run)
            self.step_size = MAX_STEP
            self._step()

    def _step(self) -> None:
        if self.project is not self.hub.project:  # the project was closed meanwhile
            self._finish(None)
            return
        chunk = self.items[self.done : self.done + self.step_size]
        started = time.perf_counter()
        try:
            self.applied.append(self.apply(chunk))
        except ProjectError as error:
            self._roll_back()
            self.hub.report(error)  # a conflict or a full disk in a dialog, as at once
            self._finish(None)
            return
        took = time.perf_counter() - started
        # What the step made is the project's now (and what it replaced, the edit's): left
        # out of collections, as a project's records are once read. Else, every few steps a
        # full collection walked all that the steps had made so far (90-100 ms, in a merge
        # of 96,000 passages at 10,000 articles).
        keep_out_of_collections()
        self.done += len(chunk)
        self.step_size = next_step_size(len(chunk), took)
        if self.done < len(self.items):
            self._show_progress()
            self._timer.start()
            return
        self._finish(self.record(Edit.combine(self.description, self.applied)))

    def _show_progress(self) -> None:
        # A modal progress dialog's setValue runs the event loop itself, painting the window
        # again: 3.6 ms a step, 4 s in a merge of 96,000 passages at 10,000 articles (1,100
        # steps). A few times a second is enough to see it move.
        now = time.perf_counter()
        if now - self._shown >= PROGRESS_SECONDS:
            self._shown = now
            self.progress.setValue(self.done)

    def _roll_back(self) -> None:
        if self.applied and self.project is not None:
            try:
                self.project.undo(Edit.combine(self.description, self.applied))
            except ProjectError:
                log.exception("Could not undo the steps of %r", self.description)

    def _finish(self, edit: Edit | None) -> None:
        if self._holding:
            self._holding = False
            IdleWork.release()
        self._finished = True
        self.progress.reset()
        self.progress.hide()
        self.on_done(edit)


def next_step_size(count: int, seconds: float) -> int:
    """Items for the next step, so that it takes about STEP_SECONDS: at most twice as many
    as the last step's, at least one."""
    if seconds <= 0:
        return min(MAX_STEP, count * 2)
    fitting = int(count * STEP_SECONDS / seconds)
    return max(1, min(MAX_STEP, count * 2, fitting))
