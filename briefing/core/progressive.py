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
import threading
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


def read_in_full(article: Article) -> None:
    """An article read later reads the rest of its fields now (any other: nothing to do)."""
    if isinstance(article, _ReadLater):
        _fill(article, _READ_SLOT.__get__(article, _ReadLater)(article.id))


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
    by_author: Counter[str] = field(default_factory=Counter)  # "" for those naming nobody
    supporters: dict[int, set[int]] = field(default_factory=dict)  # as `PassageIndex` has them


class PassageSource(Protocol):
    """The passages of a project file (`store.opening_reads`): as it was opened, but for what
    edits made since, which the index has in memory already."""

    highest_id: int  # the highest passage id in the file as it opened

    @property
    def counts(self) -> PassageCounts:
        """The counts in all but `by_author` and `supporters`, which come with `whose`."""

    @property
    def whose(self) -> PassageCounts:
        """The counts, with whose the passages are and which corroborate which (counted
        after the others: this may wait for them)."""

    def whose_known(self) -> bool:
        """Whether `whose` would answer at once."""

    def of_article(self, article_id: int) -> list[Passage]:
        """An article's passages (in any order)."""

    def by_id(self, passage_id: int) -> Passage | None: ...

    def next_batch(self) -> list[Passage] | None:
        """The next passages in id order; None once there are no more."""


class FillingPassages(PassageIndex):
    """A passage index that fills from a `PassageSource` while the window idles (`fill`),
    answering every question meanwhile as the full index would, edits made meanwhile
    included: the file's counts with what the edits added and took away; what an edit
    changed or removed is never taken in again from the file. It may be asked from another
    thread (the briefing preview's): a lock keeps reading and taking in to one at a time."""

    def __init__(self, source: PassageSource) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._source: PassageSource | None = source
        self._highest_id = source.highest_id
        self._read_articles: set[int] = set()
        self._gone: set[int] = set()  # removed by an edit while filling
        self._edited = _Counts()  # what edits while filling added to the file's counts

    def fill(self) -> bool:
        """Take in the next batch; False once every passage is in."""
        with self._lock:
            source = self._source
            if source is None:
                return False
            batch = source.next_batch()
            if batch is None:
                self._source = None
                self._read_articles.clear()
                self._gone.clear()
                return False
            self._take(batch)
            return True

    def complete(self) -> None:
        while self.fill():
            pass

    def _take(self, passages: Iterable[Passage]) -> None:
        by_id, gone = self.by_id, self._gone
        super().add_all(p for p in passages if p.id not in by_id and p.id not in gone)

    # ----- queries, answered before the last batch is in ---------------------------------

    def get(self, passage_id: int) -> Passage | None:
        found = self.by_id.get(passage_id)
        if found is not None or self._source is None:
            return found
        with self._lock:
            source = self._source
            fetch = passage_id <= self._highest_id and passage_id not in self._gone
            if source is not None and fetch and passage_id not in self.by_id:
                fetched = source.by_id(passage_id)
                if fetched is not None:
                    self._take((fetched,))
            return self.by_id.get(passage_id)

    def of(self, article_id: int) -> list[Passage]:
        with self._lock:
            source = self._source
            if source is not None and article_id not in self._read_articles:
                self._take(source.of_article(article_id))
                self._read_articles.add(article_id)
            return super().of(article_id)

    def at(self, article_id: int, start: int, end: int) -> Passage | None:
        with self._lock:
            self.of(article_id)  # its reading-order view complete
            return super().at(article_id, start, end)

    def count_of(self, article_id: int) -> int:
        source = self._source
        if source is None:
            return super().count_of(article_id)
        return source.counts.by_article.get(article_id, 0) + self._edited.by_article[article_id]

    def counts_by_theme(self) -> Counter[int]:
        source = self._source
        if source is None:
            return super().counts_by_theme()
        return +(source.counts.by_theme + self._edited.by_theme)

    def authors(self) -> list[str]:
        source = self._source
        if source is None:
            return super().authors()
        counted = source.whose.by_author.copy()
        counted.update(self._edited.by_author)
        return [name for name, count in counted.items() if count > 0]

    def authors_known(self) -> bool:
        source = self._source
        return source is None or source.whose_known()

    def total(self) -> int:
        source = self._source
        return super().total() if source is None else source.counts.total + self._edited.total

    def highest_id(self) -> int:
        return self._highest_id if self._source is not None else super().highest_id()

    def all(self) -> list[Passage]:
        with self._lock:
            self.complete()
            return super().all()

    def supporters(self, passage_id: int) -> list[int]:
        source = self._source
        if source is None:
            return super().supporters(passage_id)
        edited = self._edited.supporters.get(passage_id, Counter())
        found = set(source.whose.supporters.get(passage_id, ())) | set(edited)
        known = source.whose.supporters.get(passage_id, set())
        return sorted(s for s in found if (s in known) + edited[s] > 0)

    # ----- edits, whenever they come --------------------------------------------------------

    def add(self, passage: Passage) -> None:
        with self._lock:
            if self._source is not None:
                self._gone.discard(passage.id)
                self._edited.count(passage, 1)
            super().add(passage)

    def replace(self, passage: Passage) -> None:
        with self._lock:
            super().replace(passage)

    def forget_order(self) -> None:
        with self._lock:
            super().forget_order()

    def order_again(self) -> None:
        with self._lock:
            super().order_again()

    def remove(self, passage_id: int) -> None:
        with self._lock:
            passage = self.get(passage_id)  # an edit's `before`: read already
            if self._source is not None and passage is not None:
                self._gone.add(passage_id)
                self._edited.count(passage, -1)
            super().remove(passage_id)


class _Counts:
    """What edits made while an index filled added to (or, negative, took from) the counts."""

    def __init__(self) -> None:
        self.total = 0
        self.by_article: Counter[int] = Counter()
        self.by_theme: Counter[int] = Counter()
        self.by_author: Counter[str] = Counter()
        self.supporters: dict[int, Counter[int]] = {}

    def count(self, passage: Passage, sign: int) -> None:
        self.total += sign
        self.by_article[passage.article_id] += sign
        for theme in passage.theme_ids:
            self.by_theme[theme] += sign
        self.by_author[passage.created_by] += sign
        if passage.corroborates is not None:
            self.supporters.setdefault(passage.corroborates, Counter())[passage.id] += sign
