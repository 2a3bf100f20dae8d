"""Errors an export raises for things outside the program's control; messages are shown as is."""

from __future__ import annotations

from pathlib import Path

from briefing.core.errors import ProjectError


class ExportError(ProjectError):
    """The briefing could not be written; the message names the file and says why."""

    def __init__(self, path: Path, reason: str, subject: str = "the briefing") -> None:
        super().__init__(f"Could not export {subject} to {path}: {reason}")
        self.path = path
        self.reason = reason


class ExportCancelled(ExportError):
    """The user cancelled; nothing was written."""

    def __init__(self, path: Path, subject: str = "the briefing") -> None:
        super().__init__(path, "the export was cancelled", subject)
