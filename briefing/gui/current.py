"""What the analyst has open: the article in the reader and the current passage. One owner.

The Articles list, the reader, the Passages tree and the Corroboration panel all show these;
none keeps its own copy. A gesture (a click in the list, in the reader, in the tree) asks this
object to change; it emits once it has, and every view follows.

While an edit is being shown (`holding`), choices only take effect: the signal goes out once
every view has taken the edit in, so no view hears of a passage it has not seen yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from briefing.core.edit import Applied, ArticleChange, PassageChange
from briefing.core.errors import ProjectError
from briefing.core.project import Project


@dataclass(frozen=True, slots=True)
class ArticleShown:
    article_id: int | None  # the article open in the reader, or None


@dataclass(frozen=True, slots=True)
class PassageChosen:
    passage_id: int | None  # the current passage, or None
    reveal: bool = False  # whether the reader should scroll it into view


class Current(QObject):
    article_changed = Signal(ArticleShown)
    passage_changed = Signal(PassageChosen)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self._article: int | None = None
        self._passage: int | None = None
        self._reveal = False
        self._held = 0
        self._told: tuple[int | None, int | None] = (None, None)  # what the views last heard

    @property
    def article_id(self) -> int | None:
        return self._article

    @property
    def passage_id(self) -> int | None:
        return self._passage

    def reset(self, project: Project | None) -> None:
        """Another project: nothing open. Quiet: the views start over on the hub's `opened`."""
        self.project = project
        self._article = self._passage = None
        self._told = (None, None)

    def show_article(self, article_id: int | None) -> None:
        """Open an article in the reader (None: none); a passage of another one is let go."""
        if article_id == self._article:
            return
        self._article = article_id
        if self._passage is not None and self._article_of(self._passage) != article_id:
            self._passage = None
        self._announce()

    def choose_passage(self, passage_id: int | None, reveal: bool = False) -> None:
        """Make a passage the current one, opening its article if another is open."""
        article_id = self._article_of(passage_id) if passage_id is not None else None
        if passage_id is not None and article_id is None:
            passage_id = None  # gone meanwhile
        if article_id is not None:
            self._article = article_id
        self._passage = passage_id
        self._reveal = self._reveal or reveal
        self._announce(again=reveal)

    def follow(self, applied: Applied) -> None:
        """Let go of what an edit removed."""
        for change in applied.edit.of(ArticleChange):
            if change.after is None and change.id == self._article:
                self._article = self._passage = None
        for passage in applied.edit.of(PassageChange):
            if passage.after is None and passage.id == self._passage:
                self._passage = None

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Keep choices made meanwhile to one announcement, at the end."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            self._announce()

    def _announce(self, again: bool = False) -> None:
        if self._held:
            return
        article, passage = self._article, self._passage
        told_article, told_passage = self._told
        self._told = (article, passage)
        if article != told_article:
            self.article_changed.emit(ArticleShown(article))
        if passage != told_passage or article != told_article or again:
            reveal, self._reveal = self._reveal, False
            self.passage_changed.emit(PassageChosen(passage, reveal))

    def _article_of(self, passage_id: int) -> int | None:
        if self.project is None:
            return None
        try:
            return self.project.passage(passage_id).article_id
        except ProjectError:
            return None
