"""The current corpus search: its one owner. It runs a query a few milliseconds at a time in
idle moments (the window stays smooth while the analyst types, on ten thousand articles), and
says what it found as it goes: the first hits at once, the total when every article is read.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from PySide6.QtCore import QObject, QTimer, Signal

from briefing.analysis.search import (
    Filters,
    Hit,
    article_hit_steps,
    candidate_articles,
    make_hit,
)
from briefing.analysis.search_query import Query, QueryError, parse_query
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.gui.idle import IdleWork

_ID = attrgetter("id")  # an article's, to find it among the articles in id order
SLICE_SECONDS = 0.008  # of searching between two turns of the event loop
TYPING_PAUSE_MS = 150  # a search starts when typing pauses this long
MAX_LISTED_HITS = 5_000  # hits kept for the list; all are counted
# While hits are still being listed, every slice says so (a few at a time keep the list's
# growth smooth); after that only the counts change, said this often (seconds):
REPORT_EVERY = 0.1


@dataclass(frozen=True, slots=True)
class SearchState:
    """What the current search has found so far."""

    text: str = ""
    error: str = ""  # why the query cannot run, for the analyst
    hits: tuple[Hit, ...] = ()  # in article order, at most MAX_LISTED_HITS
    total: int = 0  # every hit found so far
    articles: int = 0  # articles with a hit, so far
    done: int = 0  # articles read
    of: int = 0  # articles to read
    finished: bool = True

    @property
    def complete(self) -> bool:
        return self.finished and not self.error


@dataclass
class _Run:
    text: str  # as typed (the field may hold the next search's already)
    query: Query
    filters: Filters
    articles: list[Article]  # every article, in id order
    # Those that may match, as the index says, taken one at a time as the search goes:
    # listing the 10,000 ids of common words before the first step held the window ~25 ms.
    candidates: Iterator[Article]
    current: Article | None = None  # the one being read
    position: int = 0  # the articles before this one are read or ruled out
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    matched: int = 0
    # The article being read, a window of its text at a time (a 1 MB one is ten steps).
    reading: Iterator[list[tuple[int, int]] | None] | None = None


class CorpusSearch(QObject):
    changed = Signal(SearchState)  # new hits, a new total, an error or a new query

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.state = SearchState()
        self._text = ""
        self._filters = Filters()
        self._run: _Run | None = None
        self._reported = 0.0  # when the running search last said what it found
        self._work = IdleWork(self._step, SLICE_SECONDS, self, after_slice=self._report)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.run_now)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.search(self._text, self._filters, at_once=True)

    def search(self, text: str, filters: Filters | None = None, at_once: bool = False) -> None:
        """Search for `text` once typing pauses (or now)."""
        self._text, self._filters = text, filters or self._filters
        if at_once:
            self.run_now()
        else:
            self._typing.start()

    def refresh(self) -> None:
        """The corpus changed: the same search again, soon."""
        if self._text.strip():
            self._typing.start()

    def run_now(self) -> None:
        self._typing.stop()
        self._work.stop()
        self._run = None
        text, project = self._text, self.project
        if not text.strip() or project is None:
            self._publish(SearchState(text))
            return
        try:
            query = parse_query(text)
        except QueryError as error:
            self._publish(SearchState(text, error=str(error)))
            return
        candidates = project.backend.search_candidates(query.fts())
        articles = project.articles()
        ids = candidate_articles(project, candidates)
        self._run = _Run(text, query, self._filters, articles, ids)
        self._reported = time.perf_counter()
        self._publish(SearchState(text, of=len(articles), finished=False))
        self._work.start()

    def _step(self) -> bool:
        run, project = self._run, self.project
        if run is None or project is None:
            return False
        article = run.current
        if article is None:
            article = run.current = next(run.candidates, None)
            if article is None:
                run.position = len(run.articles)  # every one left is ruled out
                return False
            run.position = bisect_left(run.articles, article.id, run.position, key=_ID)
            if not run.filters.allows(project, article):
                run.current = None
                run.position += 1
                return True
            run.reading = article_hit_steps(article.text, run.query)
        assert run.reading is not None
        spans = next(run.reading)
        if spans is None:
            return True  # more of this article to read
        run.reading, run.current = None, None
        run.position += 1
        if spans:
            run.matched += 1
            run.total += len(spans)
            room = MAX_LISTED_HITS - len(run.hits)
            run.hits.extend(make_hit(article, s, e) for s, e in spans[: max(0, room)])
        return True  # the next candidate, if any, in the next step

    def _report(self) -> None:
        run = self._run
        if run is None:
            return
        finished = run.position >= len(run.articles)
        now = time.perf_counter()
        listing = len(run.hits) > len(self.state.hits)
        if not (finished or listing or now - self._reported >= REPORT_EVERY):
            return  # every slice's report would cost more than the slice's search
        self._reported = now
        self._publish(SearchState(
            run.text, hits=tuple(run.hits), total=run.total, articles=run.matched,
            done=run.position, of=len(run.articles), finished=finished,
        ))  # fmt: skip

    def _publish(self, state: SearchState) -> None:
        self.state = state
        self.changed.emit(state)
