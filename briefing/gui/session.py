"""An open project as the GUI sees it: the project file, its undo stack and a Qt signal per edit.

Widgets never change the project directly: they call `Session.run` with a core operation, which
applies it, puts it on the undo stack and reports a user-facing error instead of raising.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from briefing.core.edit import Applied, Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.gui.undo import EditCommand
from briefing.store import ProjectFile, ProjectFileError

log = logging.getLogger(__name__)


class Session(QObject):
    edited = Signal(object)  # Edit: emitted after every applied edit, undo and redo included
    failed = Signal(str)  # a message for the user about something they asked for
    storage_failed = Signal(str)  # the project file could not be written: worth a dialog
    message = Signal(str)  # a status-bar note about the last action

    def __init__(self, project_file: ProjectFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_file = project_file
        self.project: Project = project_file.project
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(1000)
        self.project.subscribe(self._on_edit)

    @property
    def name(self) -> str:
        return self.project_file.name

    @property
    def path(self) -> Path:
        return self.project_file.path

    def run(self, operation: Callable[[], Edit], announce: str | None = None) -> Edit | None:
        """Apply a core operation and make it undoable; None (and `failed`) if it was refused."""
        try:
            edit = operation()
        except ProjectError as error:
            log.info("Refused: %s", error)
            self._report(error)
            return None
        if edit:
            self.undo_stack.push(EditCommand(self.project, edit, self._report))
            self.message.emit(announce or f"{edit.description} - Ctrl+Z to undo")
        return edit

    def _report(self, error: ProjectError) -> None:
        if isinstance(error, ProjectFileError):
            self.storage_failed.emit(str(error))
        else:
            self.failed.emit(str(error))

    def close(self) -> None:
        self.project.unsubscribe(self._on_edit)
        self.undo_stack.clear()
        self.project_file.close()

    def _on_edit(self, applied: Applied) -> None:
        self.edited.emit(applied.edit)
