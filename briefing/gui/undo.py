"""Undo for the GUI: one QUndoCommand that wraps an edit the core has already applied."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project

log = logging.getLogger(__name__)


class EditCommand(QUndoCommand):
    """Undo/redo of a core `Edit`.

    The core applies an operation as soon as it is called, so the first `redo()` (the one
    `QUndoStack.push` makes) has nothing left to do; later ones re-apply the edit.
    """

    def __init__(
        self, project: Project, edit: Edit, on_error: Callable[[ProjectError], None] | None = None
    ) -> None:
        super().__init__(edit.description)
        self.project = project
        self.edit = edit
        self._applied = True
        self._on_error = on_error

    def redo(self) -> None:
        if self._applied:
            return
        self._run(self.project.apply)
        self._applied = True

    def undo(self) -> None:
        self._run(self.project.undo)
        self._applied = False

    def _run(self, step: Callable[[Edit], Edit]) -> None:
        try:
            step(self.edit)
        except ProjectError as error:
            # A failed write leaves memory as it was; say so rather than crash the stack.
            log.warning("Undo/redo of %r failed: %s", self.edit.description, error)
            if self._on_error is not None:
                self._on_error(error)
