"""The corroboration index: every sentence of every article filed under its claim terms.

A project file keeps one (`briefing/store/claim_index.py`), changed in the transaction of each
article change, so opening a project never builds it; `MemoryClaims` is the same index in
memory, for a project without a file (tests, a throw-away project) or a read-only one whose
index is not complete. The analysis (`briefing/analysis/corroboration.py`) asks either through
`ClaimSource`, and scores the candidates it gathers on their text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Protocol

from briefing.core.claim_words import article_terms
from briefing.core.records import Article

Span = tuple[int, int, int]  # (article_id, start, end) of a sentence, in code points


class ClaimSource(Protocol):
    def generation(self) -> int:
        """A number that changes whenever the index does (for caches of its answers)."""

    def size(self) -> int:
        """How many sentences are indexed."""

    def frequencies(self, terms: Collection[str]) -> dict[str, int]:
        """How many sentences each term is filed under; terms under none are left out."""

    def postings(self, term: str) -> Sequence[int]:
        """The ids of the sentences filed under a term."""

    def postings_all(self, terms: Sequence[str], limit: int) -> Sequence[int]:
        """The ids of (at most `limit`) sentences filed under every one of the terms."""

    def spans(self, ids: Collection[int]) -> dict[int, Span]:
        """Where each of these sentences is (ids no longer indexed are left out)."""

    def sentences(self) -> Iterator[tuple[int, Span]]:
        """Every indexed sentence with its id, in article then reading order."""

    def missing(self) -> int:
        """How many of the project's articles are not indexed yet (0: all are)."""

    def complete(self) -> bool:
        """Start bringing in the articles `missing` counts, in the background (True); False
        if it cannot (the backend's `index_claims` then does it, a few at a time)."""

    def completing(self) -> bool:
        """Whether what `complete` started is still at work."""


class MemoryClaims:
    """A `ClaimSource` in memory, over a given set of articles."""

    def __init__(self) -> None:
        self._spans: list[Span] = []
        self._postings: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def build(cls, articles: Iterable[Article]) -> MemoryClaims:
        *_, index = cls.build_steps(articles)
        assert index is not None
        return index

    @classmethod
    def build_steps(
        cls, articles: Iterable[Article], every: int = 4
    ) -> Iterator[MemoryClaims | None]:
        """The build in small steps: None after every `every` articles, the index last (for
        idle moments of a window's thread)."""
        index = cls()
        for count, article in enumerate(articles, 1):
            index.add(article)
            if count % every == 0:
                yield None
        yield index

    def add(self, article: Article) -> None:
        for start, end, terms in article_terms(article.text):
            number = len(self._spans)
            self._spans.append((article.id, start, end))
            for term in terms:
                self._postings[term].append(number)

    def generation(self) -> int:
        return 0  # never changes once built

    def size(self) -> int:
        return len(self._spans)

    def frequencies(self, terms: Collection[str]) -> dict[str, int]:
        postings = self._postings
        return {t: len(postings[t]) for t in terms if t in postings}

    def postings(self, term: str) -> Sequence[int]:
        return self._postings.get(term, ())

    def postings_all(self, terms: Sequence[str], limit: int) -> Sequence[int]:
        lists = sorted((self._postings.get(t, []) for t in terms), key=len)
        if not lists or not lists[0]:
            return []
        common = set(lists[0]).intersection(*lists[1:])
        return sorted(common)[:limit]

    def spans(self, ids: Collection[int]) -> dict[int, Span]:
        spans = self._spans
        return {i: spans[i] for i in ids if 0 <= i < len(spans)}

    def sentences(self) -> Iterator[tuple[int, Span]]:
        yield from sorted(enumerate(self._spans), key=lambda item: item[1])

    def missing(self) -> int:
        return 0

    def complete(self) -> bool:
        return False  # never incomplete

    def completing(self) -> bool:
        return False
