"""Apply a large edit in steps, one per turn of the event loop, as one undo step.

Adding a thousand imported articles writes megabytes to the project file and tells every view;
done at once it would freeze the window for a quarter of a second. Done in steps of a hundred,
each in its own transaction, the window keeps painting; a modal progress line keeps other
edits out until the last step, and the steps go on the undo stack as one edit. If a step is
refused, the steps already made are undone, so the whole is applied or nothing is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.gui.hub import ProjectHub

log = logging.getLogger(__name__)

Step = Callable[[], Edit]


class StepwiseEdit(QObject):
    def __init__(
        self,
        hub: ProjectHub,
        parent: QWidget,
        label: str,
        steps: Sequence[Step],
        description: str,
        announce: str,
        on_done: Callable[[Edit | None], object],
    ) -> None:
        super().__init__(parent)
        self.hub, self.steps, self.on_done = hub, list(steps), on_done
        self.description, self.announce = description, announce
        self.project: Project | None = hub.project
        self.applied: list[Edit] = []
        self.progress = QProgressDialog(label, "", 0, len(self.steps), parent)
        self.progress.setWindowTitle(label.rstrip("…"))
        self.progress.setCancelButton(None)  # a half-made import is not a choice
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._finished = False

    def start(self) -> None:
        self.progress.setValue(0)
        self._timer.start()

    def running(self) -> bool:
        return not self._finished

    def _step(self) -> None:
        if self.project is not self.hub.project:  # the project was closed meanwhile
            self._finish(None)
            return
        index = len(self.applied)
        try:
            self.applied.append(self.steps[index]())
        except ProjectError as error:
            self._roll_back()
            self.hub.failed.emit(str(error))
            self._finish(None)
            return
        self.progress.setValue(index + 1)
        if len(self.applied) < len(self.steps):
            self._timer.start()
            return
        whole = Edit.combine(self.description, self.applied)
        # Already applied, step by step: the history takes it as one undoable edit.
        self._finish(self.hub.run(lambda: whole, self.announce))

    def _roll_back(self) -> None:
        if self.applied and self.project is not None:
            try:
                self.project.undo(Edit.combine(self.description, self.applied))
            except ProjectError:
                log.exception("Could not undo the steps of %r", self.description)

    def _finish(self, edit: Edit | None) -> None:
        self._finished = True
        self.progress.reset()
        self.progress.hide()
        self.on_done(edit)
