"""Theme suggestions: sentences that mention a theme's keywords and are not yet tagged with it.

Suggestions are proposals for the analyst to accept or reject, never applied on their own. A
suggestion's id is derived from what it points at (article, span, theme), not from a counter,
so the CLI can accept or reject "a3-s120-e245-t2" in a later run and the GUI can remember it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefing.analysis.keywords import KeywordHit, compile_keywords
from briefing.analysis.sentences import Sentence, split_sentences
from briefing.core.project import Project
from briefing.core.records import Article, Passage, Theme

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
) -> list[Suggestion]:
    """One article's suggestions, in reading order (themes in the order given at one place).

    Fast enough for the reader to call on every change: sentences and keyword hits are cached
    per text, so a repeat call only re-checks passages and rejections.
    """
    found: list[tuple[int, int, Suggestion]] = []
    for rank, theme in enumerate(themes):
        if not theme.keywords:
            continue
        covering = [(p.start, p.end) for p in passages if theme.id in p.theme_ids]
        for suggestion in _theme_suggestions(article.id, article.text, theme.id, theme.keywords):
            if suggestion.key in rejected:
                continue
            if covering and _covered(suggestion.start, suggestion.end, covering):
                continue
            found.append((suggestion.start, rank, suggestion))
    found.sort(key=lambda item: (item[0], item[1]))
    return [suggestion for _, _, suggestion in found]


@lru_cache(maxsize=256)
def _theme_suggestions(
    article_id: int, text: str, theme_id: int, keywords: tuple[str, ...]
) -> tuple[Suggestion, ...]:
    """Every sentence of the text that mentions the keywords, before passages and rejections."""
    sentences = split_sentences(text)
    return tuple(
        Suggestion(
            id=suggestion_id(article_id, sentences[i].start, sentences[i].end, theme_id),
            article_id=article_id,
            start=sentences[i].start,
            end=sentences[i].end,
            text=sentences[i].text,
            theme_id=theme_id,
            matched=matched,
        )
        for i, matched in _sentence_hits(text, keywords)
    )


@lru_cache(maxsize=128)
def _sentence_hits(text: str, keywords: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(sentence index, keywords matched in it) for each sentence with a hit."""
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    grouped: dict[int, list[str]] = {}
    for hit in compile_keywords(keywords).find(text):
        index = _sentence_of(hit, starts, sentences)
        if index is not None:
            grouped.setdefault(index, []).append(hit.keyword)
    return tuple((i, tuple(dict.fromkeys(words))) for i, words in sorted(grouped.items()))


def _sentence_of(hit: KeywordHit, starts: Sequence[int], sentences: list[Sentence]) -> int | None:
    index = bisect.bisect_right(starts, hit.start) - 1
    # A hit across a sentence boundary ("...the US. Dollar...") belongs to neither.
    if index < 0 or hit.end > sentences[index].end:
        return None
    return index


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the spans (which may overlap each other) cover COVERED of start..end."""
    covered = 0
    reach = start
    for span_start, span_end in sorted(spans):
        span_start, span_end = max(span_start, reach), min(span_end, end)
        if span_end > span_start:
            covered += span_end - span_start
            reach = span_end
    return covered >= COVERED * (end - start)
