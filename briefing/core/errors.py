"""Errors the domain raises for things a user can get wrong; messages are meant to be shown."""

from __future__ import annotations


class ProjectError(Exception):
    """Base class: a user-facing message, never a programming error."""


class DuplicateArticle(ProjectError):
    def __init__(self, source_file: str, existing_title: str) -> None:
        super().__init__(f"{source_file}: already in the project as “{existing_title}”")
        self.source_file = source_file
        self.existing_title = existing_title


class ThemeInUse(ProjectError):
    """Deleting a theme that tags passages: the caller must say what happens to them."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__(f"Theme “{name}” tags {count} passage(s): untag them or move them first")
        self.count = count


class NotFound(ProjectError):
    pass


class NotAllowed(ProjectError):
    """The analyst's role on a shared project does not allow the change."""


class EditConflict(ProjectError):
    """Someone else changed the item since this window last saw it: the later edit (this
    one) is refused, never silently written over theirs."""
