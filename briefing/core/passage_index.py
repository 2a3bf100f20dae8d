"""The passages of a project, indexed the ways every view asks for them after each edit.

By id, by article (in reading order), by theme (counts) and by the passage they corroborate.
Sorted views are made on first ask and kept in order by each change after that: a project of
10,000 passages answers "this article's passages" without sorting them again on every edit.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from briefing.core.records import Passage


def reading_order(passage: Passage) -> tuple[int, int]:
    return passage.start, passage.end


def _by_id(passage: Passage) -> int:
    return passage.id


class PassageIndex:
    def __init__(self, passages: Iterable[Passage] = ()) -> None:
        self.by_id: dict[int, Passage] = {}
        self._by_article: dict[int, dict[int, Passage]] = {}
        self._sorted_of: dict[int, list[Passage]] = {}
        self._sorted: list[Passage] | None = None
        self._theme_counts: Counter[int] = Counter()
        self._author_counts: Counter[str] = Counter()
        self._supporters: dict[int, set[int]] = {}  # passage id -> ids corroborating it
        self._reorder = False  # whether `order_again` sorts every passage again
        self.add_all(passages)

    # ----- queries -------------------------------------------------------------------------

    def get(self, passage_id: int) -> Passage | None:
        return self.by_id.get(passage_id)

    def total(self) -> int:
        return len(self.by_id)

    def highest_id(self) -> int:
        return max(self.by_id, default=0)

    def all(self) -> list[Passage]:
        """Every passage, by id."""
        if self._sorted is None:
            self._sorted = sorted(self.by_id.values(), key=_by_id)
        return list(self._sorted)

    def of(self, article_id: int) -> list[Passage]:
        """An article's passages in reading order."""
        found = self._sorted_of.get(article_id)
        if found is None:
            found = sorted(self._by_article.get(article_id, {}).values(), key=reading_order)
            self._sorted_of[article_id] = found
        return list(found)

    def at(self, article_id: int, start: int, end: int) -> Passage | None:
        """The first passage (in reading order) spanning exactly text[start:end], if any: a
        binary search, asked before every tag."""
        ordered = self._sorted_of.get(article_id)
        if ordered is None:
            self.of(article_id)
            ordered = self._sorted_of[article_id]
        i = bisect.bisect_left(ordered, (start, end), key=reading_order)
        if i < len(ordered) and reading_order(ordered[i]) == (start, end):
            return ordered[i]
        return None

    def count_of(self, article_id: int) -> int:
        return len(self._by_article.get(article_id, ()))

    def counts_by_theme(self) -> Counter[int]:
        return +self._theme_counts  # a copy, without zero counts

    def authors(self) -> list[str]:
        """Who made the passages ("" for those that name nobody), each once."""
        return [name for name, count in self._author_counts.items() if count > 0]

    def authors_known(self) -> bool:
        """Whether `authors` answers at once (a project file still being read counts them
        a moment after it opened)."""
        return True

    def supporters(self, passage_id: int) -> list[int]:
        """Ids of the passages added as corroborating reports of this one, in order."""
        return sorted(self._supporters.get(passage_id, ()))

    # ----- changes -------------------------------------------------------------------------

    def add(self, passage: Passage) -> None:
        self.by_id[passage.id] = passage
        self._by_article.setdefault(passage.article_id, {})[passage.id] = passage
        self._theme_counts.update(passage.theme_ids)
        self._author_counts[passage.created_by] += 1
        if passage.corroborates is not None:
            self._supporters.setdefault(passage.corroborates, set()).add(passage.id)
        ordered = self._sorted_of.get(passage.article_id)
        if ordered is not None:
            # After any equal ones: where a stable sort of the dict (new ones last) puts it.
            bisect.insort_right(ordered, passage, key=reading_order)
        if self._sorted is not None:
            bisect.insort_right(self._sorted, passage, key=_by_id)

    def add_all(self, passages: Iterable[Passage]) -> None:
        """`add` of every passage, in bulk (opening a project of 100,000 of them: a third of
        the time). The sorted views of the articles they join are made again when asked."""
        by_id, by_article, supporters = self.by_id, self._by_article, self._supporters
        added = []
        for passage in passages:
            by_id[passage.id] = passage
            of = by_article.get(passage.article_id)
            if of is None:
                of = by_article[passage.article_id] = {}
            of[passage.id] = passage
            if passage.corroborates is not None:
                supporters.setdefault(passage.corroborates, set()).add(passage.id)
            added.append(passage)
        if not added:
            return
        self._theme_counts.update(chain.from_iterable(p.theme_ids for p in added))
        self._author_counts.update(p.created_by for p in added)
        if self._sorted_of:
            for passage in added:
                self._sorted_of.pop(passage.article_id, None)
        self._sorted = None

    def remove(self, passage_id: int) -> None:
        passage = self.by_id.pop(passage_id, None)
        if passage is None:
            return
        self._by_article.get(passage.article_id, {}).pop(passage_id, None)
        self._theme_counts.subtract(passage.theme_ids)
        self._author_counts[passage.created_by] -= 1
        if passage.corroborates is not None:
            self._supporters.get(passage.corroborates, set()).discard(passage.id)
        ordered = self._sorted_of.get(passage.article_id)
        if ordered is not None:
            index = bisect.bisect_left(ordered, reading_order(passage), key=reading_order)
            while index < len(ordered) and ordered[index].id != passage.id:
                index += 1
            if index < len(ordered):
                del ordered[index]
        everything = self._sorted
        if everything is not None:
            index = bisect.bisect_left(everything, passage.id, key=_by_id)
            if index < len(everything) and everything[index].id == passage.id:
                del everything[index]

    def replace(self, passage: Passage) -> None:
        """`remove` of the passage with its id (if any), then `add` of this one, which takes
        its place in the view of every passage by id: a delete and an insort there each move
        the whole list (a theme merged over 96,000 passages, in steps too small for
        `forget_order`: 1.6 s of insort)."""
        everything, self._sorted = self._sorted, None
        self.remove(passage.id)
        self.add(passage)
        if everything is not None:
            index = bisect.bisect_left(everything, passage.id, key=_by_id)
            if index < len(everything) and everything[index].id == passage.id:
                everything[index] = passage
            else:
                everything.insert(index, passage)
        self._sorted = everything

    def forget_order(self) -> None:
        """Drop the sorted views before an edit of thousands of passages (a theme merged),
        which would otherwise move each of them through a sorted list of all 100,000 (insort
        and delete move the whole list: 1.5 s for 96,000). `order_again` after the edit."""
        self._sorted_of.clear()
        self._reorder = self._sorted is not None
        self._sorted = None

    def order_again(self) -> None:
        """Sort the view of every passage again if there was one before `forget_order`, now
        rather than in whichever small action asks for it next; the articles' own views are
        made again as each is asked for (a few thousand passages at most)."""
        if self._reorder:
            self._sorted = sorted(self.by_id.values(), key=_by_id)
            self._reorder = False

    def forget_article(self, article_id: int) -> None:
        """An article left or came back: its reading-order view is made again when asked."""
        self._sorted_of.pop(article_id, None)
