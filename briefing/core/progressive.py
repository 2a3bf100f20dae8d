"""A project that opens before all of it has been read: what the window shows first is read at
once, the rest a batch at a time in idle moments (`store.opening_reads`).

Two kinds of record are read later. An article's text (50 MB across 10,000 articles) and the
fields stored after it are read when something first asks for one of them, or by the next
batch: `articles_read_later` makes `Article`s whose fields come from the file then and stay.
The passages (100,000 records) fill a `FillingPassages` index: until the last batch is in, an
article's passages and a passage by id are read when asked, and the counts the views show
(per article, per theme, per analyst) come from the file's own count, taken as it opened;
anything that needs every passage (the whole list) reads the rest first. So every answer is
the one the fully-read project would give, at any moment.

Nothing is written while the project is still being read (the store finishes reading it
before the first write), so the file's records and the ones read later are always the same.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefing.core.passage_index import PassageIndex
from briefing.core.records import Article, Passage

_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_SLOTS = {name: Article.__dict__[name] for name in _ARTICLE_FIELDS}  # the slots' descriptors

# What gives the fields of an article not read at once (by its id): their values by name.
ReadRest = Callable[[int], Mapping[str, Any]]


def _values(article: Article) -> tuple[Any, ...]:
    return tuple(getattr(article, name) for name in _ARTICLE_FIELDS)


class _ReadLater(Article):
    """An article some of whose fields (its text among them) are read from the project file
    when one of them is first asked for. It equals, hashes, copies and pickles as the plain
    `Article` with those values; `dataclasses.replace` makes a plain one."""

    __slots__ = ("_read",)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return Article(*args, **kwargs)  # a changed copy (dataclasses.replace) is a plain one

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self) -> int:
        return hash(_values(self))

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        return Article, _values(self)

    def __reduce_ex__(self, _protocol: Any) -> tuple[type[Article], tuple[Any, ...]]:
        return self.__reduce__()


_READ_SLOT = _ReadLater.__dict__["_read"]


def _fill(article: _ReadLater, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        slot = _SLOTS[name]
        try:
            slot.__get__(article, Article)
        except AttributeError:
            slot.__set__(article, value)


def _field_read_later(slot: Any) -> property:
    def value(self: _ReadLater) -> Any:
        try:
            return slot.__get__(self, Article)
        except AttributeError:
            read: ReadRest = _READ_SLOT.__get__(self, _ReadLater)
            _fill(self, read(self.id))
            return slot.__get__(self, Article)

    return property(value)


for _name in _ARTICLE_FIELDS[1:]:  # each field but the id: whichever was not read at once
    setattr(_ReadLater, _name, _field_read_later(_SLOTS[_name]))


def articles_read_later(
    names: Sequence[str], rows: Iterable[Sequence[Any]], read: ReadRest
) -> list[Article]:
    """Articles from rows of the values of `names` (the id first; anything after them is
    ignored); the other fields are what `read(article_id)` gives when one of them is first
    asked for (once: they are kept)."""
    if not names or names[0] != "id" or not set(names) <= set(_ARTICLE_FIELDS):
        raise ValueError(f"the id, then fields of an article, not {names}")
    place = [_SLOTS[name].__set__ for name in names]
    set_read, new = _READ_SLOT.__set__, object.__new__
    made: list[Article] = []
    for row in rows:
        article = new(_ReadLater)
        for put, value in zip(place, row, strict=False):
            put(article, value)
        set_read(article, read)
        made.append(article)
    return made


def fill_later(article: Article, values: Mapping[str, Any]) -> None:
    """Give an article read later the fields it has not read yet (a batch read them), as if
    they had been asked for; those it has keep their values."""
    if isinstance(article, _ReadLater):
        _fill(article, values)


@dataclass(frozen=True, slots=True)
class PassageCounts:
    """The file's own count of its passages, taken as it opened."""

    total: int = 0
    by_article: dict[int, int] = field(default_factory=dict)
    by_theme: Counter[int] = field(default_factory=Counter)
    authors: tuple[str, ...] = ()  # who made passages ("" for those that name nobody)
    supporters: dict[int, set[int]] = field(default_factory=dict)  # as `PassageIndex` has them


class PassageSource(Protocol):
    """The passages of a project file as it was opened (`store.opening_reads`)."""

    highest_id: int  # the highest passage id in the file

    @property
    def counts(self) -> PassageCounts: ...

    def of_article(self, article_id: int) -> list[Passage]:
        """An article's passages (in any order)."""

    def by_id(self, passage_id: int) -> Passage | None: ...

    def next_batch(self) -> list[Passage] | None:
        """The next passages in id order; None once there are no more."""


class FillingPassages(PassageIndex):
    """A passage index that fills from a `PassageSource` while the window idles (`fill`),
    answering every question meanwhile as the full index would."""

    def __init__(self, source: PassageSource) -> None:
        super().__init__()
        self._source: PassageSource | None = source
        self._highest_id = source.highest_id
        self._read_articles: set[int] = set()

    def fill(self) -> bool:
        """Take in the next batch; False once every passage is in."""
        source = self._source
        if source is None:
            return False
        batch = source.next_batch()
        if batch is None:
            self._source = None
            self._read_articles.clear()
            return False
        self._take(batch)
        return True

    def complete(self) -> None:
        while self.fill():
            pass

    def _take(self, passages: Iterable[Passage]) -> None:
        by_id = self.by_id
        super().add_all(p for p in passages if p.id not in by_id)

    # ----- queries, answered before the last batch is in ---------------------------------

    def get(self, passage_id: int) -> Passage | None:
        found = self.by_id.get(passage_id)
        source = self._source
        if found is None and source is not None and passage_id <= self._highest_id:
            found = source.by_id(passage_id)
            if found is not None:
                self._take((found,))
        return found

    def of(self, article_id: int) -> list[Passage]:
        source = self._source
        if source is not None and article_id not in self._read_articles:
            self._take(source.of_article(article_id))
            self._read_articles.add(article_id)
        return super().of(article_id)

    def count_of(self, article_id: int) -> int:
        if self._source is not None:
            return self._source.counts.by_article.get(article_id, 0)
        return super().count_of(article_id)

    def counts_by_theme(self) -> Counter[int]:
        if self._source is not None:
            return +self._source.counts.by_theme
        return super().counts_by_theme()

    def authors(self) -> list[str]:
        if self._source is not None:
            return list(self._source.counts.authors)
        return super().authors()

    def total(self) -> int:
        return self._source.counts.total if self._source is not None else super().total()

    def highest_id(self) -> int:
        return self._highest_id if self._source is not None else super().highest_id()

    def all(self) -> list[Passage]:
        self.complete()
        return super().all()

    def supporters(self, passage_id: int) -> list[int]:
        if self._source is not None:
            return sorted(self._source.counts.supporters.get(passage_id, ()))
        return super().supporters(passage_id)

    # ----- changes: only once every passage is in ---------------------------------------

    def add(self, passage: Passage) -> None:
        self.complete()
        super().add(passage)

    def remove(self, passage_id: int) -> None:
        self.complete()
        super().remove(passage_id)
