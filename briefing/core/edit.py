"""Edits: every change to a project is a list of record swaps, so every change can be undone.

A change names a record by (kind, id) and gives the record before and after (None when it does
not exist). Applying an edit writes the `after` records; undoing it writes the `before` records
in reverse order. The GUI's undo stack and the CLI both use the same edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ARTICLE = "article"
    THEME = "theme"
    PASSAGE = "passage"
    SETTINGS = "settings"
    REJECTION = "rejection"


@dataclass(frozen=True, slots=True)
class Change:
    kind: Kind
    id: int
    before: Any  # the record before the edit, or None if it did not exist
    after: Any  # the record after the edit, or None if the edit removes it


@dataclass(frozen=True, slots=True)
class Edit:
    """A described, invertible set of changes. `description` reads well after "Undo "."""

    description: str
    changes: tuple[Change, ...]

    def inverse(self) -> Edit:
        swapped = tuple(Change(c.kind, c.id, c.after, c.before) for c in reversed(self.changes))
        return Edit(self.description, swapped)

    @staticmethod
    def combine(description: str, edits: list[Edit]) -> Edit:
        return Edit(description, tuple(c for e in edits for c in e.changes))

    def __bool__(self) -> bool:
        return bool(self.changes)
