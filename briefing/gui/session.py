"""An open project as the GUI holds it: the project file and its undo history.

Only the hub (`briefing.gui.hub`) uses a session directly; views go through the hub.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from briefing.core.project import Project
from briefing.gui.undo import History
from briefing.store import ProjectFile


class Session(QObject):
    def __init__(self, project_file: ProjectFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_file = project_file
        self.project: Project = project_file.project
        self.history = History(self)
        self.history.setUndoLimit(1000)

    @property
    def name(self) -> str:
        return self.project_file.name

    @property
    def path(self) -> Path:
        return self.project_file.path

    def close(self) -> None:
        self.history.clear()
        self.project_file.close()
