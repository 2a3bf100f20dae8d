"""Cross-source corroboration: sentences in other articles that state the same claim.

Every sentence of every article is filed under its folded content words in an index the
project keeps (`briefing/core/claim_index.py`). A lookup gathers candidates through the
postings of the query's rarer words, scores them by IDF-weighted overlap, and then checks
facts: a candidate whose numbers, named entities or actor disagree with the query is dropped
however similar its words.
Clusters join sentences that match across articles, and count their independent origins: two
articles both writing "Reuters reported that ..." are two reports of one origin.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from briefing.analysis.claims import (
    ClaimFacts,
    ClaimFeatures,
    claim_clauses,
    claim_facts,
    claim_features,
    entities_agree,
    numbers_agree,
)
from briefing.analysis.support import article_origin, distinct_origins
from briefing.core.claim_index import ClaimSource, MemoryClaims, Span
from briefing.core.claim_words import NAME_MARK
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.core.sentences import completed

THRESHOLD = 0.5  # score from which two sentences state the same claim
MIN_SHARED = 4.0  # IDF weight two sentences must share, so short lines do not match on a word
_POSTINGS_BUDGET = 20_000  # postings read per lookup to gather candidates
_MIN_WORDS_READ = 2  # the rarest words are read whatever their postings (within the budget)
_MOST_SHARED = 4  # common words a claim's candidates are first asked to share all of
_SHORTLIST = 200  # candidates rescored in full per lookup
_ANSWERS_KEPT = 1024  # spans whose matches are remembered (until the index changes)
_STEP_CANDIDATES = 25  # candidates read or scored per step of `prepare`


@dataclass(frozen=True, slots=True)
class Match:
    article_id: int
    start: int
    end: int
    text: str
    score: float  # 0..1
    origin: str  # whom the sentence attributes the claim to, else its article's outlet or title


@dataclass(frozen=True, slots=True)
class Member:
    article_id: int
    start: int
    end: int
    text: str
    origin: str


@dataclass(frozen=True, slots=True)
class Cluster:
    members: tuple[Member, ...]
    origins: tuple[str, ...]  # distinct origins, in member order

    @property
    def reports(self) -> int:
        """How many articles report the claim."""
        return len({m.article_id for m in self.members})


def independent_origins(cluster: Cluster) -> int:
    return len(cluster.origins)


@dataclass(frozen=True, slots=True)
class _Entry:
    article_id: int
    start: int
    end: int
    text: str
    features: ClaimFeatures
    origin: str

    @property
    def facts(self) -> ClaimFacts:
        return claim_facts(self.text, self.features.origin_entities)

    @property
    def clauses(self) -> tuple[frozenset[str], ...]:
        return claim_clauses(self.text, self.features.origin_entities)


class CorroborationIndex:
    """Sentences of many articles, searchable for the same claim.

    Over a `ClaimSource` (the index a project file keeps, or one in memory: `build`), which
    gathers candidates by the terms they are filed under; each candidate is then scored on its
    text, read from its article. Answers are worked out when asked and remembered until the
    source changes."""

    def __init__(self, source: ClaimSource, article: Callable[[int], Article]) -> None:
        self.source = source
        self._article = article
        self._generation = source.generation()
        self._frequency: dict[str, int] = {}
        self._idfs: dict[str, float] = {}  # of the words whose frequency is known
        self._size = source.size()
        self._top_idf = math.log(1 + max(1, self._size))
        self._answers: dict[Span, list[tuple[float, _Entry]]] = {}

    @classmethod
    def build(cls, articles: Iterable[Article]) -> CorroborationIndex:
        """An index in memory over these articles."""
        by_id = {a.id: a for a in articles}
        return cls(MemoryClaims.build(by_id.values()), by_id.__getitem__)

    def __len__(self) -> int:
        return self._size

    def lookup(self, article_id: int, start: int, end: int, limit: int = 10) -> list[Match]:
        """Sentences in other articles stating the claim of article_id's text[start:end]."""
        found = self._matches(self._query(article_id, start, end))
        return [
            Match(e.article_id, e.start, e.end, e.text, round(score, 3), e.origin)
            for score, e in found[:limit]
        ]

    def support(self, article_id: int, start: int, end: int) -> Cluster:
        """A passage with every report that corroborates it: what an export cites."""
        query = self._query(article_id, start, end)
        own = Member(article_id, start, end, query.text, query.origin)
        others = [_member(e) for _, e in self._matches(query)]
        return _cluster([own, *others])

    def sentences(self) -> list[Span]:
        """(article_id, start, end) of every indexed sentence."""
        return [span for _, span in self.source.sentences()]

    def clusters(self) -> list[Cluster]:
        """Groups of sentences from two or more articles that state one claim, in reading order.

        Matching is not transitive, so a cluster is a connected group: A matches B, B matches C.
        """
        spans = self.sentences()
        number_of = {span: n for n, span in enumerate(spans)}
        parent = list(range(len(spans)))

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        entries = [self._query(*span) for span in spans]
        for number, entry in enumerate(entries):
            for _, other in self._matches(entry):
                other_number = number_of.get((other.article_id, other.start, other.end))
                if other_number is not None:
                    parent[root(other_number)] = root(number)
        groups: dict[int, list[_Entry]] = defaultdict(list)
        for number, entry in enumerate(entries):
            groups[root(number)].append(entry)
        found = [
            _cluster([_member(e) for e in group])
            for group in groups.values()
            if len({e.article_id for e in group}) > 1
        ]
        found.sort(key=lambda c: (c.members[0].article_id, c.members[0].start))
        return found

    # ----- scoring -------------------------------------------------------------------------

    def _query(self, article_id: int, start: int, end: int) -> _Entry:
        article = self._article(article_id)
        text = article.text[start:end]
        features = claim_features(text)
        return _Entry(
            article_id, start, end, text, features, features.origin or article_origin(article)
        )

    def _fresh(self) -> None:
        """Forget what was worked out from an index that has changed since."""
        generation = self.source.generation()
        if generation != self._generation:
            self._generation = generation
            self._frequency.clear()
            self._idfs.clear()
            self._answers.clear()
            self._size = self.source.size()
            self._top_idf = math.log(1 + max(1, self._size))

    def _matches(self, query: _Entry) -> list[tuple[float, _Entry]]:
        self._fresh()
        span = (query.article_id, query.start, query.end)
        found = self._answers.get(span)
        if found is None:
            found = self._remember(span, completed(self._scoring(query)))
        return found

    def _remember(
        self, span: Span, found: list[tuple[float, _Entry]]
    ) -> list[tuple[float, _Entry]]:
        if len(self._answers) >= _ANSWERS_KEPT:
            self._answers.clear()
        self._answers[span] = found
        return found

    def knows(self, article_id: int, start: int, end: int) -> bool:
        """Whether `lookup` and `support` answer for this span at once (see `prepare`)."""
        self._fresh()
        return (article_id, start, end) in self._answers

    def prepare(self, article_id: int, start: int, end: int) -> Iterator[None]:
        """Work out the matches of article_id's text[start:end] in steps (None after each, a
        millisecond or two of work), remembered for `lookup` and `support` to answer at once:
        for a window's idle moments. An index that changes meanwhile is asked again."""
        while True:
            self._fresh()
            generation = self._generation
            query = self._query(article_id, start, end)
            span = (article_id, start, end)
            if span in self._answers:
                return
            found: list[tuple[float, _Entry]] | None = None
            for step in self._scoring(query):
                if step is not None:
                    found = step
                    break
                yield None
                if self.source.generation() != generation:
                    break  # what was read may be out of date: from the start
            if found is not None and self.source.generation() == generation:
                self._remember(span, found)
                return

    def _scoring(self, query: _Entry) -> Iterator[list[tuple[float, _Entry]] | None]:
        """The scored candidates of a query, last, after steps (None) of a little work each."""
        words = query.features.words
        self._learn(words)
        query_weight = self._weight_of(words)
        if query_weight <= 0:
            yield []
            return
        # Candidates share the query's rarer words. Words are taken rarest first until the
        # postings read reach a budget, so a query of common words ("Iran", "missiles" in an
        # Iran corpus) still finds candidates without reading half the index.
        frequency = self._frequency
        rarest = sorted((w for w in words if frequency.get(w)), key=self._idf, reverse=True)
        if rarest and frequency[rarest[0]] > _POSTINGS_BUDGET:
            shortlist = self._sharing_most(rarest)
        else:
            shared: dict[int, float] = defaultdict(float)
            read = 0
            for rank, word in enumerate(rarest):
                count = frequency[word]
                if rank >= _MIN_WORDS_READ and read + count > _POSTINGS_BUDGET:
                    break
                read += count
                weight = self._idf(word)
                for number in self.source.postings(word):
                    shared[number] += weight
                yield None
            shortlist = heapq.nlargest(_SHORTLIST, shared, key=shared.__getitem__)
        candidates: list[_Entry] = []
        for entry in self._entries(self.source.spans(shortlist), query.article_id):
            candidates.append(entry)
            if len(candidates) % _STEP_CANDIDATES == 0:
                yield None
        self._learn({w for entry in candidates for w in entry.features.words})
        scored: list[tuple[float, _Entry]] = []
        for number, entry in enumerate(candidates, 1):
            if number % _STEP_CANDIDATES == 0:
                yield None
            overlap = self._overlap(words, entry.features.words)
            if overlap < MIN_SHARED:
                continue
            score = _score(overlap, query_weight, self._weight_of(entry.features.words))
            if score < THRESHOLD:
                score = max(
                    score,
                    self._clause_score(query.clauses, entry.features),
                    self._clause_score(entry.clauses, query.features),
                )
            if score >= THRESHOLD and self._facts_agree(query, entry):
                scored.append((score, entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].article_id, pair[1].start))
        yield scored

    def _sharing_most(self, rarest: list[str]) -> list[int]:
        """Candidates for a claim made only of common words (even the rarest fills more than
        the budget): the sentences filed under all of its four rarest, then three, then two
        (the index intersects them), as many as the shortlist takes. A sentence that shares
        only one such word cannot share enough to match (MIN_SHARED)."""
        found: dict[int, None] = {}
        for count in range(min(_MOST_SHARED, len(rarest)), 1, -1):
            for number in self.source.postings_all(rarest[:count], _SHORTLIST):
                found.setdefault(number)
            if len(found) >= _SHORTLIST:
                break
        return list(found)[:_SHORTLIST]

    def _entries(self, spans: dict[int, Span], article_id: int) -> Iterator[_Entry]:
        """The candidates as sentences of their articles (none of the query's own article)."""
        for other, start, end in spans.values():
            if other == article_id:
                continue
            try:
                text = self._article(other).text
            except ProjectError:
                continue  # gone since (an index being brought up to date)
            if 0 <= start < end <= len(text):
                yield self._query(other, start, end)

    def _learn(self, terms: Iterable[str]) -> None:
        """Fetch the frequencies of terms not known yet (names too: see `_entities`)."""
        frequency = self._frequency
        wanted = [t for t in terms if t not in frequency]
        if wanted:
            found = self.source.frequencies(wanted)
            for term in wanted:
                frequency[term] = found.get(term, 0)

    def _idf(self, word: str) -> float:
        idf = self._idfs.get(word)
        if idf is None:
            count = self._frequency.get(word)
            if count is None:
                return self._top_idf  # not asked yet (kept once its frequency is known)
            # A word the index has never seen is as rare as a word seen once.
            idf = self._idfs[word] = math.log(1 + self._size / count) if count else self._top_idf
        return idf

    def _clause_score(self, clauses: tuple[frozenset[str], ...], b: ClaimFeatures) -> float:
        """How well one of a sentence's clauses states all of `b`, or `b` all of it."""
        best = 0.0
        whole = self._weight_of(b.words)
        for clause in clauses:
            overlap = self._overlap(clause, b.words)
            if overlap >= MIN_SHARED:
                self._learn(clause)
                best = max(best, _score(overlap, self._weight_of(clause), whole))
        return best

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        return self._weight_of(a & b)

    def _weight_of(self, words: Iterable[str]) -> float:
        idfs = self._idfs
        try:  # the IDFs kept, in the same order: the same sum, without a call per word
            return sum([idfs[w] for w in words])
        except KeyError:
            idf = self._idf
            return sum(idf(w) for w in words)

    def _facts_agree(self, query: _Entry, entry: _Entry) -> bool:
        a, b = query.facts, entry.facts
        if not numbers_agree(a.numbers, b.numbers):
            return False
        # Who tells a claim is not part of it: "the G7 stated" names no actor of the claim.
        tellers = query.features.origin_entities | entry.features.origin_entities
        ours = self._entities(query.features) - tellers
        theirs = self._entities(entry.features) - tellers
        if not entities_agree(ours, theirs):
            return False
        return a.actor is None or b.actor is None or a.actor == b.actor

    def _entities(self, features: ClaimFeatures) -> frozenset[str]:
        # A word seen capitalised mid-sentence anywhere is a name, also when it opens one.
        name = NAME_MARK + features.first_word
        self._learn((name,))
        if self._frequency[name]:
            return features.entities | {features.first_word}
        return features.entities


def _score(overlap: float, a: float, b: float) -> float:
    """Half Dice (both say the same), half containment (one says all the other does)."""
    dice = 2 * overlap / (a + b)
    containment = overlap / min(a, b)
    return (dice + containment) / 2


def project_index(project: Project) -> CorroborationIndex:
    """A project's corroboration index: the one its file keeps, when that holds every article;
    else (a project without a file, or read-only with an index still to complete) one built in
    memory over the articles now."""
    source = project.backend.claims()
    if source is None or source.missing():
        return CorroborationIndex.build(project.articles())
    return CorroborationIndex(source, project.article)


def clusters(index: CorroborationIndex) -> list[Cluster]:
    """Groups of sentences from two or more articles that state one claim, in reading order."""
    return index.clusters()


def _member(entry: _Entry) -> Member:
    return Member(entry.article_id, entry.start, entry.end, entry.text, entry.origin)


def _cluster(members: Sequence[Member]) -> Cluster:
    ordered = sorted(members, key=lambda m: (m.article_id, m.start))
    return Cluster(tuple(ordered), distinct_origins(m.origin for m in ordered))
