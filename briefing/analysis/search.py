"""Search the corpus: which articles match a query, and every hit as an exact span of text.

The full-text index (kept in the project file, see `briefing/store`) narrows the corpus to
candidate articles; this module checks each candidate on its folded text and maps every hit
back to the stored text, so `text[hit.start:hit.end]` is exactly what matched, in code points,
whatever accents, emoji, joiners or right-to-left text it holds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import regex

from briefing.analysis.search_query import Query
from briefing.core.errors import NotFound
from briefing.core.folding import WORD, WORD_CHARACTER, Folded, fold
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.core.sentences import split_sentences
from briefing.core.tagging import SpanToTag, Tagged, tag_many

CONTEXT_CHARS = 60  # of context either side of a hit, within its paragraph
HITS_WINDOW_CHARS = 100_000  # of folded text searched for hits in one step
_WORD_CHARACTER = regex.compile(WORD_CHARACTER, regex.VERSION1)


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: int
    start: int
    end: int
    text: str  # == article.text[start:end]
    before: str  # context: the text just before, within the paragraph
    after: str


@dataclass(frozen=True, slots=True)
class Filters:
    outlets: frozenset[str] = frozenset()  # empty: any outlet
    since: date | None = None
    until: date | None = None
    reliability: frozenset[str] = frozenset()  # Admiralty grades A-F; empty: any
    with_theme: int | None = None  # only articles with a passage of this theme
    without_theme: int | None = None  # only articles without one

    def allows(self, project: Project, article: Article) -> bool:
        if self.outlets and article.outlet.casefold() not in {o.casefold() for o in self.outlets}:
            return False
        if self.reliability and article.reliability not in self.reliability:
            return False
        if self.since or self.until:
            published = _date(article.published)
            if published is None:
                return False
            if (self.since and published < self.since) or (self.until and published > self.until):
                return False
        if self.with_theme is not None or self.without_theme is not None:
            themes = {t for p in project.passages_of(article.id) for t in p.theme_ids}
            if self.with_theme is not None and self.with_theme not in themes:
                return False
            if self.without_theme is not None and self.without_theme in themes:
                return False
        return True


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # hits in the whole corpus (more than len(hits) when limited)
    articles: int = 0  # articles with at least one hit
    complete: bool = True  # False: stopped at the limit, `total` counts only so far


# FTS expression -> article ids in id order (perhaps read as they are taken), or None: all.
Candidates = Callable[[str], Iterable[int] | None]


def search(
    project: Project,
    query: Query,
    filters: Filters | None = None,
    limit: int | None = None,
    candidates: Candidates | None = None,
    count_all: bool = True,
) -> SearchResult:
    """Hits in article order. With `limit`, at most that many hits are returned; `count_all`
    goes on counting past it (the total), else the search stops there (`complete` False)."""
    filters = filters or Filters()
    ids = candidates(query.fts()) if candidates is not None else None
    articles = _articles(project, ids)
    result = SearchResult()
    for article in articles:
        if not filters.allows(project, article):
            continue
        spans = article_hits(article.text, query)
        if not spans:
            continue
        result.articles += 1
        result.total += len(spans)
        room = None if limit is None else limit - len(result.hits)
        if room is None or room > 0:
            chosen = spans if room is None else spans[:room]
            result.hits.extend(make_hit(article, s, e) for s, e in chosen)
        elif not count_all:
            result.complete = False
            break
    return result


def search_project(
    project: Project,
    query: Query,
    filters: Filters | None = None,
    limit: int | None = None,
    count_all: bool = True,
) -> SearchResult:
    """`search` with the project's own full-text index narrowing the corpus."""
    return search(project, query, filters, limit, project.backend.search_candidates, count_all)


def tag_hits(
    project: Project,
    hits: Sequence[Hit],
    theme_ids: Sequence[int],
    whole_sentences: bool = False,
) -> Tagged:
    """Tag search hits (each over exactly the matched text, or its whole sentence) in one edit
    and one transaction; hits already inside a passage of those themes are skipped."""
    spans = []
    for hit in hits:
        start, end = hit.start, hit.end
        if whole_sentences:
            start, end = sentence_of(project.article(hit.article_id).text, start, end)
        spans.append(SpanToTag(hit.article_id, start, end, tuple(theme_ids)))
    names = ", ".join(project.theme(t).name for t in theme_ids)
    noun = "hit" if len(hits) == 1 else "hits"
    return tag_many(
        project, list(dict.fromkeys(spans)), f"Tag {len(hits)} search {noun} as {names}"
    )


def article_hits(text: str, query: Query) -> list[tuple[int, int]]:
    """Every hit of the query in one article, as (start, end) of the stored text; empty when
    the article does not match (a word missing, or a left-out word present)."""
    folded = folded_text(text)
    for clause in query.clauses:
        if not any(term.matcher.search(folded.folded) for term in clause.alternatives):
            return []
    if any(term.matcher.search(folded.folded) for term in query.excluded):
        return []
    spans = []
    for match in query.hit_pattern.finditer(folded.folded):
        spans.append(folded.span(match.start(), match.end()))
    return spans


def article_hit_steps(
    text: str, query: Query, size: int = HITS_WINDOW_CHARS
) -> Iterator[list[tuple[int, int]] | None]:
    """`article_hits` in steps (None after each), the hits last: the hits are looked for a
    window of about `size` characters of folded text at a time, so a 1 MB article is not one
    long regex call (~40 ms). Each window ends after a word no match can hold (none of the
    query's words), so no match crosses into the next window, and the windows' hits are
    exactly the one-go search's. (The clauses are checked first, in one go: each search
    stops at its first hit.)"""
    folded = folded_text(text)
    found = folded.folded
    for clause in query.clauses:
        if not any(term.matcher.search(found) for term in clause.alternatives):
            yield []
            return
    if any(term.matcher.search(found) for term in query.excluded):
        yield []
        return
    terms = [t for c in query.clauses for t in c.alternatives]
    words = {w for t in terms for w in t.words}
    spans = []
    start = 0
    while start < len(found):
        end = _window_end(found, start + size, words)
        for match in query.hit_pattern.finditer(found, start, end):
            spans.append(folded.span(match.start(), match.end()))
        start = end
        if start < len(found):
            yield None
    yield spans


def _window_end(found: str, position: int, words: set[str]) -> int:
    """The end of the first whole word at or after `position` that is none of the query's
    words (a match holds only those), or the text's end."""
    for word in WORD.finditer(found, position):
        if word.start() > 0 and _WORD_CHARACTER.match(found, word.start() - 1):
            continue  # the rest of a word `position` falls in
        if word.group() not in words:
            end: int = word.end()
            return end
    return len(found)


def make_hit(article: Article, start: int, end: int) -> Hit:
    text = article.text
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before = text[max(paragraph_start, start - CONTEXT_CHARS) : start]
    after = text[end : min(paragraph_end, end + CONTEXT_CHARS)]
    return Hit(article.id, start, end, text[start:end], before, after)


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) a hit stands in: "extend to sentence" when tagging hits."""
    sentences = [s for s in split_sentences(text) if s.start < end and s.end > start]
    if not sentences:
        return start, end
    return min(sentences[0].start, start), max(sentences[-1].end, end)


# ----- folding cache --------------------------------------------------------------------------

# Folded copies of recently searched articles: type-ahead searches the same ones again.
_CACHE: OrderedDict[str, Folded] = OrderedDict()
_CACHE_CHARS = 32 * 1024 * 1024
_cached_chars = 0


def folded_text(text: str) -> Folded:
    global _cached_chars
    found = _CACHE.get(text)
    if found is not None:
        _CACHE.move_to_end(text)
        return found
    folded = fold(text)
    _CACHE[text] = folded
    _cached_chars += len(text)
    while _cached_chars > _CACHE_CHARS and len(_CACHE) > 1:
        old, _ = _CACHE.popitem(last=False)
        _cached_chars -= len(old)
    return folded


def _articles(project: Project, ids: Iterable[int] | None) -> Iterator[Article]:
    """The candidates' articles, taken from `ids` only as far as the search goes."""
    if ids is None:
        yield from project.articles()
        return
    last: int | None = None
    for article_id in ids:
        if last is not None and article_id <= last:
            continue  # ids come in order: one already seen
        last = article_id
        try:
            yield project.article(article_id)
        except NotFound:  # an index entry for an article that is gone: the index is stale
            continue


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
