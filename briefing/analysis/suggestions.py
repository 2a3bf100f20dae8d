"""Theme suggestions: sentences that mention a theme's keywords and are not yet tagged with it.

Suggestions are proposals for the analyst to accept or reject, never applied on their own. A
suggestion's id is derived from what it points at (article, span, theme), not from a counter,
so the CLI can accept or reject "a3-s120-e245-t2" in a later run and the GUI can remember it.
"""

from __future__ import annotations

import bisect
import heapq
import operator
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefing.analysis.keywords import KeywordHit, compile_keywords
from briefing.core.project import Project
from briefing.core.records import Article, Passage, Theme
from briefing.core.sentences import (
    STEP_CHARS,
    Sentence,
    completed,
    prepare_sentences,
    split_sentences,
)

COVERED = 0.5  # a sentence is already tagged when passages of the theme cover this share of it

RejectedKey = tuple[int, int, int, int]  # (article_id, start, end, theme_id)
_ID = re.compile(r"a(\d+)-s(\d+)-e(\d+)-t(\d+)")


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str  # "a{article}-s{start}-e{end}-t{theme}": stable across runs
    article_id: int
    start: int
    end: int
    text: str
    theme_id: int
    matched: tuple[str, ...]  # the theme's keywords found in the sentence, as written

    @property
    def key(self) -> RejectedKey:
        return (self.article_id, self.start, self.end, self.theme_id)


def suggestion_id(article_id: int, start: int, end: int, theme_id: int) -> str:
    return f"a{article_id}-s{start}-e{end}-t{theme_id}"


def parse_suggestion_id(text: str) -> RejectedKey:
    """(article_id, start, end, theme_id) of an id; ValueError if it is not one."""
    match = _ID.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"“{text}” is not a suggestion id (like a3-s120-e245-t2)")
    article_id, start, end, theme_id = (int(group) for group in match.groups())
    return article_id, start, end, theme_id


def suggest(
    project: Project,
    theme_ids: Iterable[int] | None = None,
    rejected: Collection[RejectedKey] | None = None,
) -> list[Suggestion]:
    """Suggestions over every article, in article then reading order.

    `theme_ids` limits them to some themes; `rejected` holds (article_id, start, end, theme_id)
    of turned-down suggestions, by default the project's own.
    """
    themes = project.themes()
    if theme_ids is not None:
        wanted = set(theme_ids)
        themes = [t for t in themes if t.id in wanted]
    if rejected is None:
        rejected = project.rejected()
    found: list[Suggestion] = []
    for article in project.articles():
        found.extend(
            suggest_for_article(article, themes, project.passages_of(article.id), rejected)
        )
    return found


def suggest_for_article(
    article: Article,
    themes: Sequence[Theme],
    passages: Sequence[Passage] = (),
    rejected: Collection[RejectedKey] = frozenset(),
    *,
    hide_touched: bool = False,
    within: tuple[int, int] | None = None,
) -> list[Suggestion]:
    """One article's suggestions, in reading order (themes in the order given at one place).

    `hide_touched` also drops a sentence as soon as any passage of the theme lies in it (the
    GUI's rule: an analyst who trimmed a suggestion before tagging has answered it). `within`
    (start, end) limits the answer to sentences overlapping that span: after an edit, only
    the sentences it touches need asking again.

    Fast enough for the reader to call on every change: sentences and keyword hits are cached
    per text, and each coverage check is a binary search.
    """
    return completed(_assembly_steps(article, themes, passages, rejected, hide_touched, within))


def _assembly_steps(
    article: Article,
    themes: Sequence[Theme],
    passages: Sequence[Passage],
    rejected: Collection[RejectedKey],
    hide_touched: bool,
    within: tuple[int, int] | None,
) -> Iterator[list[Suggestion] | None]:
    """`suggest_for_article` in steps of CHECKED_PER_STEP or MADE_PER_STEP suggestions (None
    after each), the answer last."""
    candidates: list[tuple[int, Theme, Sequence[Suggestion]]] = []
    low, high = (within[0], within[1]) if within is not None else (0, len(article.text))
    for rank, theme in enumerate(themes):
        if not theme.keywords:
            continue
        found = _theme_suggestions(article.id, article.text, theme.id, theme.keywords)
        if within is not None:
            starts, ends = _bounds(article.id, article.text, theme.id, theme.keywords)
            found = found[
                bisect.bisect_right(ends, within[0]) : bisect.bisect_left(starts, within[1])
            ]
            if found:
                low, high = min(low, found[0].start), max(high, found[-1].end)
        candidates.append((rank, theme, found))
    yield None  # each theme's sentences made (a long article's: thousands)
    if within is not None:
        # Only passages that reach into the sentences asked about can cover them.
        passages = [p for p in passages if p.start < high and p.end > low]
    coverage = coverage_by_theme(passages)
    kept: list[list[tuple[int, int, Suggestion]]] = []
    checked = 0
    for rank, theme, listed in candidates:
        spans = coverage.get(theme.id)
        passing: list[tuple[int, int, Suggestion]] = []
        for suggestion in listed:
            checked += 1
            if checked % CHECKED_PER_STEP == 0:
                yield None
            if suggestion.key in rejected:
                continue
            if spans is not None and (
                spans.covers(suggestion.start, suggestion.end)
                or (hide_touched and spans.touches(suggestion.start, suggestion.end))
            ):
                continue
            passing.append((suggestion.start, rank, suggestion))
        kept.append(passing)
    # Each theme's are in reading order: merged by (start, theme rank), a step at a time.
    result: list[Suggestion] = []
    for item in heapq.merge(*kept, key=_ORDER):
        result.append(item[2])
        if len(result) % MADE_PER_STEP == 0:
            yield None
    yield result


_ORDER = operator.itemgetter(0, 1)  # (start, theme rank) of a (start, rank, suggestion)
MADE_PER_STEP = 5_000  # suggestions made between two steps (a few milliseconds)
CHECKED_PER_STEP = 1_000  # suggestions checked against passages between two steps (each ~7 µs)
HITS_PER_STEP = 1_000  # keyword hits placed in their sentences between two steps


def suggestion_steps(
    article: Article,
    themes: Sequence[Theme],
    passages: Sequence[Passage] = (),
    rejected: Collection[RejectedKey] = frozenset(),
    *,
    hide_touched: bool = False,
) -> Iterator[list[Suggestion] | None]:
    """`suggest_for_article` for a whole article in small steps (None after each), the
    answer last: its sentences, each theme's keyword hits a slice of text at a time, then
    the suggestions. What the steps worked out is cached as `suggest_for_article` caches it,
    so a window can spend a 1 MB article's first suggestions in idle slices."""
    text = article.text
    yield from prepare_sentences(text)
    for theme in themes:
        if theme.keywords:
            yield from _prepare_theme(article.id, text, theme.id, theme.keywords)
    yield from _assembly_steps(article, themes, passages, rejected, hide_touched, None)


def assembly_steps(
    article: Article,
    themes: Sequence[Theme],
    passages: Sequence[Passage] = (),
    rejected: Collection[RejectedKey] = frozenset(),
    *,
    hide_touched: bool = False,
) -> Iterator[list[Suggestion] | None]:
    """The last steps of `suggestion_steps` alone, the answer last: its sentences and keyword
    hits, worked out (and cached) already, checked against the passages and rejections now.
    """
    yield from _assembly_steps(article, themes, passages, rejected, hide_touched, None)


Hits = tuple[tuple[int, tuple[str, ...]], ...]  # (sentence index, keywords matched in it)
# Worked out in steps (suggestion_steps), for the caches below to take.
_PREPARED_HITS: dict[tuple[str, tuple[str, ...]], Hits] = {}
_PREPARED_THEMES: dict[tuple[int, str, int, tuple[str, ...]], tuple[Suggestion, ...]] = {}


def _prepare_theme(
    article_id: int, text: str, theme_id: int, keywords: tuple[str, ...]
) -> Iterator[None]:
    for step in _sentence_hit_steps(text, keywords):
        if step is None:
            yield None
        else:
            _PREPARED_HITS[(text, keywords)] = step
    hits = _sentence_hits(text, keywords)
    made: list[Suggestion] = []
    for suggestion in _suggestions_of(article_id, text, theme_id, hits):
        made.append(suggestion)
        if len(made) % MADE_PER_STEP == 0:
            yield None
    _PREPARED_THEMES[(article_id, text, theme_id, keywords)] = tuple(made)
    _theme_suggestions(article_id, text, theme_id, keywords)


class ThemeCoverage:
    """The spans of one theme's passages, for O(log n) questions about a sentence.

    Overlapping passages count once: the spans are merged, with the covered length before
    each merged run, so the share of any sentence they cover is two binary searches.
    """

    __slots__ = ("_starts", "_ends", "_before", "_raw_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = []  # covered length before each merged run
        total = 0
        for start, end in ordered:
            if end <= start:
                continue
            if self._ends and start <= self._ends[-1]:
                if end > self._ends[-1]:
                    total += end - self._ends[-1]
                    self._ends[-1] = end
            else:
                self._starts.append(start)
                self._ends.append(end)
                self._before.append(total)
                total += end - start
        # For "does any span reach into start..end": starts in order, and the furthest end
        # reached by any span up to each one.
        self._raw_starts = [start for start, _ in ordered]
        self._reach: list[int] = []
        furthest = None
        for _, end in ordered:
            furthest = end if furthest is None else max(furthest, end)
            self._reach.append(furthest)

    def _covered_before(self, position: int) -> int:
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return 0
        return self._before[index] + min(position, self._ends[index]) - self._starts[index]

    def covered(self, start: int, end: int) -> int:
        """How many characters of start..end the spans cover."""
        if end <= start:
            return 0
        return self._covered_before(end) - self._covered_before(start)

    def covers(self, start: int, end: int) -> bool:
        """Whether the spans cover COVERED of start..end (the engine's rule)."""
        return self.covered(start, end) >= COVERED * (end - start)

    def touches(self, start: int, end: int) -> bool:
        """Whether any span overlaps start..end."""
        index = bisect.bisect_left(self._raw_starts, end)
        return index > 0 and self._reach[index - 1] > start


def coverage_by_theme(passages: Iterable[Passage]) -> dict[int, ThemeCoverage]:
    """Each theme's passages as a `ThemeCoverage`."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for passage in passages:
        for theme_id in passage.theme_ids:
            spans.setdefault(theme_id, []).append((passage.start, passage.end))
    return {theme_id: ThemeCoverage(found) for theme_id, found in spans.items()}


@lru_cache(maxsize=256)
def _theme_suggestions(
    article_id: int, text: str, theme_id: int, keywords: tuple[str, ...]
) -> tuple[Suggestion, ...]:
    """Every sentence of the text that mentions the keywords, before passages and rejections."""
    prepared = _PREPARED_THEMES.pop((article_id, text, theme_id, keywords), None)
    if prepared is not None:
        return prepared
    hits = _sentence_hits(text, keywords)
    return tuple(_suggestions_of(article_id, text, theme_id, hits))


def _suggestions_of(article_id: int, text: str, theme_id: int, hits: Hits) -> Iterator[Suggestion]:
    sentences = split_sentences(text)
    for i, matched in hits:
        sentence = sentences[i]
        yield Suggestion(
            id=suggestion_id(article_id, sentence.start, sentence.end, theme_id),
            article_id=article_id,
            start=sentence.start,
            end=sentence.end,
            text=sentence.text,
            theme_id=theme_id,
            matched=matched,
        )


@lru_cache(maxsize=256)
def _bounds(
    article_id: int, text: str, theme_id: int, keywords: tuple[str, ...]
) -> tuple[list[int], list[int]]:
    """Starts and ends of `_theme_suggestions`, for binary search (sentences never overlap)."""
    found = _theme_suggestions(article_id, text, theme_id, keywords)
    return [s.start for s in found], [s.end for s in found]


@lru_cache(maxsize=128)
def _sentence_hits(text: str, keywords: tuple[str, ...]) -> Hits:
    """(sentence index, keywords matched in it) for each sentence with a hit."""
    prepared = _PREPARED_HITS.pop((text, keywords), None)
    if prepared is not None:
        return prepared
    return completed(_sentence_hit_steps(text, keywords))


def _sentence_hit_steps(text: str, keywords: tuple[str, ...]) -> Iterator[Hits | None]:
    """`_sentence_hits` in steps of STEP_CHARS of text scanned (None after each)."""
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    grouped: dict[int, list[str]] = {}
    count = 0
    # A window of text at a time: a long stretch without a hit is not one long step.
    for window in compile_keywords(keywords).hit_windows(text, STEP_CHARS):
        for hit in window:
            count += 1
            if count % HITS_PER_STEP == 0:
                yield None
            index = _sentence_of(hit, starts, sentences)
            if index is not None:
                grouped.setdefault(index, []).append(hit.keyword)
        yield None
    yield tuple((i, tuple(dict.fromkeys(words))) for i, words in sorted(grouped.items()))


def _sentence_of(hit: KeywordHit, starts: Sequence[int], sentences: list[Sentence]) -> int | None:
    index = bisect.bisect_right(starts, hit.start) - 1
    # A hit across a sentence boundary ("...the US. Dollar...") belongs to neither.
    if index < 0 or hit.end > sentences[index].end:
        return None
    return index
