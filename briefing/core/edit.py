"""Edits: every change to a project is a list of record swaps, so every change can be undone.

A change names a record by its kind and id and gives the record before and after (None when
it does not exist). There is one change class per kind of record, so code that reads a change
knows what it holds: `isinstance(change, PassageChange)` makes `change.after` a `Passage`.
Applying an edit writes the `after` records; undoing it writes the `before` records in reverse
order. The GUI's undo stack, the CLI and (later) a shared project's change log all carry the
same edits, and every listener hears of one as an `Applied` (the edit and who started it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Generic, Self, TypeVar

from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme


class Kind(StrEnum):
    ARTICLE = "article"
    THEME = "theme"
    PASSAGE = "passage"
    SETTINGS = "settings"
    REJECTION = "rejection"


R = TypeVar("R", Article, Theme, Passage, BriefingSettings, Rejection)


@dataclass(frozen=True, slots=True)
class _Swap(Generic[R]):
    id: int
    before: R | None  # the record before the edit, or None if it did not exist
    after: R | None  # the record after the edit, or None if the edit removes it

    def inverse(self) -> Self:
        """The change that puts the `before` record back."""
        return type(self)(self.id, self.after, self.before)


class ArticleChange(_Swap[Article]):
    __slots__ = ()
    kind: ClassVar[Kind] = Kind.ARTICLE


class ThemeChange(_Swap[Theme]):
    __slots__ = ()
    kind: ClassVar[Kind] = Kind.THEME


class PassageChange(_Swap[Passage]):
    __slots__ = ()
    kind: ClassVar[Kind] = Kind.PASSAGE


class SettingsChange(_Swap[BriefingSettings]):
    __slots__ = ()
    kind: ClassVar[Kind] = Kind.SETTINGS


class RejectionChange(_Swap[Rejection]):
    __slots__ = ()
    kind: ClassVar[Kind] = Kind.REJECTION


Change = ArticleChange | ThemeChange | PassageChange | SettingsChange | RejectionChange
C = TypeVar("C", ArticleChange, ThemeChange, PassageChange, SettingsChange, RejectionChange)


@dataclass(frozen=True, slots=True)
class Edit:
    """A described, invertible set of changes. `description` reads well after "Undo "."""

    description: str
    changes: tuple[Change, ...]

    def inverse(self) -> Edit:
        return Edit(self.description, tuple(c.inverse() for c in reversed(self.changes)))

    @staticmethod
    def combine(description: str, edits: Sequence[Edit]) -> Edit:
        """One edit made of several, in order (steps of a large import, as one undo step)."""
        return Edit(description, tuple(c for e in edits for c in e.changes))

    def of(self, kind: type[C]) -> Iterator[C]:
        """The changes to records of one kind, in order."""
        return (c for c in self.changes if isinstance(c, kind))

    def touches(self, kind: type[Change]) -> bool:
        return any(isinstance(c, kind) for c in self.changes)

    def passages_of_articles(self) -> set[int]:
        """Ids of the articles whose passages this edit adds, changes or removes."""
        return {
            record.article_id
            for change in self.of(PassageChange)
            for record in (change.before, change.after)
            if record is not None
        }

    def __bool__(self) -> bool:
        return bool(self.changes)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PlannedEdit(Generic[T]):
    """An edit of a change or more for each of many items, made a part at a time when asked
    (`edit`): deleting a theme that tags 96,000 passages, all of its changes made at once took
    a second at 10,000 articles. Each part's changes start from the records as they are then."""

    description: str
    items: Sequence[T]
    changes_of: Callable[[Sequence[T]], Iterable[Change]]

    def edit(self, part: Sequence[T] | None = None) -> Edit:
        """The edit of a part of the items, or of all."""
        return Edit(self.description, tuple(self.changes_of(self.items if part is None else part)))


class Origin(StrEnum):
    """Who started an applied edit."""

    USER = "user"  # an operation called here: a key press, a dialog, a CLI command, a batch
    UNDO = "undo"
    REDO = "redo"
    REMOTE = "remote"  # stored by someone else (another analyst's window): memory only


@dataclass(frozen=True, slots=True)
class Applied:
    """What every listener hears after an edit took effect: the edit, and who started it."""

    edit: Edit
    origin: Origin
    author: str = ""  # for a REMOTE edit, the analyst who made it


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who stored a change and when (UTC ISO 8601), as a project's change log keeps it."""

    author: str
    at: str

    def phrase(self) -> str:
        """ "by alice at 2026-11-03 14:02 UTC" (or "at ..." when nobody was named)."""
        when = self.at[:16].replace("T", " ") + " UTC" if self.at else "earlier"
        who = f"by {self.author} " if self.author else ""
        return f"{who}at {when}" if self.at else f"{who}earlier".strip()


def item_name(change: Change) -> str:
    """How a message names the item a change is about: "theme “drones”", "passage 7" (by
    the name it had before the change: the one the analyst knew)."""
    if isinstance(change, ArticleChange):
        article = change.before or change.after
        return f"article “{article.title}”" if article else f"article {change.id}"
    if isinstance(change, ThemeChange):
        theme = change.before or change.after
        return f"theme “{theme.name}”" if theme else f"theme {change.id}"
    if isinstance(change, SettingsChange):
        return "the briefing settings"
    return f"{change.kind} {change.id}"
