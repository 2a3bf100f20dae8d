"""The one path from the open project to every view (novelWriter's SharedData, Anki's
operations): the window's views subscribe to this object only, in the main window's `_connect`.

- `opened`: another project (or none) is open; every view starts over from `hub.project`.
- `changed`: an edit took effect, with who started it: the analyst's gesture, an undo or a
  redo, a batch, or (through `Project.receive`) another analyst. Every view reads what it needs
  from the `Applied` and the project; none listens to the project behind the hub's back.
  The current passage has already let go of anything the edit removed, so no view depends on
  hearing the edit before or after another.
- `message`, `failed`, `storage_failed`, `conflicted`: what to tell the analyst about an
  operation (`conflicted`: someone else changed the item first; the views already show theirs).

Widgets change the project only through `run` (a core operation, made undoable) and the
history's undo and redo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from briefing.core.edit import Applied, Edit, Kind
from briefing.core.errors import EditConflict, ProjectError
from briefing.core.project import Project
from briefing.gui.current import Current
from briefing.gui.session import Session
from briefing.gui.undo import EditCommand, StepFailed
from briefing.store import ProjectFileError

log = logging.getLogger(__name__)

Operation = Callable[[], Edit]


class Run(Protocol):
    """`ProjectHub.run`, as the views are handed it."""

    def __call__(self, operation: Operation, announce: str | None = None) -> Edit | None: ...


@dataclass(frozen=True, slots=True)
class Opened:
    project: Project | None  # None: no project open
    name: str  # the project's name, "" without one
    # The kinds of record the analyst may change (their role on a shared project; none on a
    # project open read-only): views grey out the rest.
    allowed: frozenset[Kind] = frozenset()

    def may_change(self, kind: Kind) -> bool:
        return kind in self.allowed


class View(Protocol):
    """What follows the hub: the open project, then each edit."""

    def on_opened(self, opened: Opened) -> None: ...

    def on_change(self, applied: Applied) -> None: ...


class ProjectHub(QObject):
    opened = Signal(Opened)
    changed = Signal(Applied)
    message = Signal(str)  # a status-bar note about the last action
    failed = Signal(str)  # an operation was refused: why, for the status bar
    storage_failed = Signal(str)  # the project file could not be written: worth a dialog
    conflicted = Signal(str)  # another analyst changed the item first: worth a dialog

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.current = Current(self)
        # What `opened` last said: a view made later starts from it.
        self.last_opened = Opened(None, "")

    @property
    def project(self) -> Project | None:
        return self.session.project if self.session is not None else None

    def open(self, session: Session | None) -> None:
        """Show another project (None: none); the previous session is closed."""
        old = self.session
        if old is not None:
            old.project.unsubscribe(self._on_applied)
            old.history.failed.disconnect(self._on_step_failed)
            old.history.stepped.disconnect(self._on_stepped)
            old.close()
            old.deleteLater()
        self.session = session
        project = session.project if session is not None else None
        self.current.reset(project)
        if session is not None:
            session.project.subscribe(self._on_applied)
            session.history.failed.connect(self._on_step_failed)
            session.history.stepped.connect(self._on_stepped)
        if session is None:
            self.last_opened = Opened(None, "")
        else:
            allowed = frozenset(kind for kind in Kind if session.may_change(kind))
            self.last_opened = Opened(session.project, session.name, allowed)
        self.opened.emit(self.last_opened)

    def run(self, operation: Operation, announce: str | None = None) -> Edit | None:
        """Apply a core operation and make it undoable; None (and `failed`) if it was refused."""
        session = self.session
        if session is None:
            return None
        try:
            edit = operation()
        except ProjectError as error:
            self.report(error)
            return None
        if edit:
            session.history.push(EditCommand(session.project, edit))
            said = announce or f"{edit.description} - Ctrl+Z to undo"
            if session.saving_later:
                said += " (saved once the file's checks are over)"
            self.message.emit(said)
        return edit

    def undo(self) -> None:
        if self.session is not None:
            self.session.history.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.history.redo()

    def _on_applied(self, applied: Applied) -> None:
        with self.current.holding():
            self.current.follow(applied)
            self.changed.emit(applied)

    def _on_stepped(self, verb: str, description: str) -> None:
        # Else the status bar goes on saying what was done before ("... - Ctrl+Z to undo").
        if verb == "Undo":
            self.message.emit(f"Undone: {description} - Ctrl+Shift+Z to redo")
        else:
            self.message.emit(f"Redone: {description} - Ctrl+Z to undo")

    def _on_step_failed(self, failure: StepFailed) -> None:
        self.report(failure.error)
        self.message.emit(f"{failure.verb} of “{failure.description}” failed: nothing changed")

    def report(self, error: ProjectError) -> None:
        """Say why an operation was refused, where the analyst will see it."""
        log.info("Refused: %s", error)
        if isinstance(error, EditConflict):
            self.conflicted.emit(str(error))
        elif isinstance(error, ProjectFileError):
            self.storage_failed.emit(str(error))
        else:
            self.failed.emit(str(error))
