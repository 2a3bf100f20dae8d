"""Persistence: one project is one SQLite file (`.briefing`). No Qt."""

from briefing.store.errors import ProjectFileError, ProjectNotWritable
from briefing.store.project_file import (
    PROJECT_SUFFIX,
    ProjectFile,
    create_project,
    open_project,
)

__all__ = [
    "PROJECT_SUFFIX",
    "ProjectFile",
    "ProjectFileError",
    "ProjectNotWritable",
    "create_project",
    "open_project",
]
