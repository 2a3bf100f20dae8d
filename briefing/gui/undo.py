"""Undo for the GUI: commands that wrap the core's edits, on a stack that never lies.

The core applies an operation as soon as it is called, so the first `redo()` (the one
`QUndoStack.push` makes) has nothing left to do; later ones apply the edit again. When undoing
or redoing cannot be stored (a full disk, a folder gone read-only), the core leaves memory as it
was, and `History` puts its index back: the command stays where it was, Undo still offers it,
and `failed` says what could not be done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.gui.busy import busy_over

log = logging.getLogger(__name__)


class EditCommand(QUndoCommand):
    def __init__(self, project: Project, edit: Edit) -> None:
        super().__init__(edit.description)
        self.project = project
        self.edit = edit
        self.applied = True  # what the project holds, whatever the stack's index says
        self.error: ProjectError | None = None  # why the last undo or redo did not happen

    def redo(self) -> None:
        if not self.applied:
            self._step(self.project.redo, applied=True)

    def undo(self) -> None:
        if self.applied:
            self._step(self.project.undo, applied=False)

    def _step(self, step: Callable[[Edit], Edit], applied: bool) -> None:
        self.error = None
        try:
            with busy_over(len(self.edit.changes)):
                step(self.edit)
        except ProjectError as error:
            log.warning("Undo/redo of %r failed: %s", self.edit.description, error)
            self.error = error
        else:
            self.applied = applied


@dataclass(frozen=True, slots=True)
class StepFailed:
    """An undo or redo that could not be stored: nothing changed."""

    verb: str  # "Undo" or "Redo"
    description: str  # the edit's, e.g. "Tag passage as drones"
    error: ProjectError


class History(QUndoStack):
    """A QUndoStack whose undo() and redo() leave the index alone when the step fails.

    Call these (not QUndoGroup's or createUndoAction's, which go to C++ directly)."""

    failed = Signal(StepFailed)
    # An undo or redo that was made: "Undo" or "Redo", and the edit's description.
    stepped = Signal(str, str)

    def undo(self) -> None:
        self._step(self.index() - 1, "Undo", super().undo)

    def redo(self) -> None:
        self._step(self.index(), "Redo", super().redo)

    def next_command(self, verb: str) -> EditCommand | None:
        """The command `undo` ("Undo") or `redo` ("Redo") would take, if any."""
        position = self.index() - 1 if verb == "Undo" else self.index()
        command = self.command(position) if 0 <= position < self.count() else None
        return command if isinstance(command, EditCommand) else None

    def step_over(self, verb: str) -> None:
        """Move past the next command, which the caller has undone (or redone) itself, in
        steps (`gui.big_edits`): the project holds what the move would have made."""
        command = self.next_command(verb)
        if command is None:
            return
        command.applied = verb == "Redo"  # so setIndex's own undo() or redo() does nothing
        self.setIndex(self.index() + (1 if verb == "Redo" else -1))
        self.stepped.emit(verb, command.text())

    def _step(self, position: int, verb: str, step: Callable[[], None]) -> None:
        if not 0 <= position < self.count():
            return
        before = self.index()
        command = self.command(position)
        step()
        if isinstance(command, EditCommand) and command.error is not None:
            # Back to where it was; the command knows the project did not change, so
            # setIndex's own redo() or undo() of it does nothing.
            self.setIndex(before)
            self.failed.emit(StepFailed(verb, command.edit.description, command.error))
        elif self.index() != before:
            self.stepped.emit(verb, command.text())
