"""Cross-source corroboration: sentences in other articles that state the same claim.

Every sentence of every article goes into an inverted index from folded content words (see
`claims.py`) to sentences. A lookup gathers candidates through the postings of the query's
rarer words, scores them by IDF-weighted overlap, and then checks facts: a candidate whose
numbers, named entities or actor disagree with the query is dropped however similar its words.
Clusters join sentences that match across articles, and count their independent origins: two
articles both writing "Reuters reported that ..." are two reports of one origin.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from briefing.analysis.claims import (
    ClaimFacts,
    ClaimFeatures,
    claim_facts,
    claim_features,
    entities_agree,
    numbers_agree,
)
from briefing.analysis.sentences import split_sentences
from briefing.analysis.support import article_origin, distinct_origins
from briefing.core.records import Article

THRESHOLD = 0.5  # score from which two sentences state the same claim
MIN_SHARED = 4.0  # IDF weight two sentences must share, so short lines do not match on a word
_POSTINGS_BUDGET = 20_000  # postings read per lookup to gather candidates
_MIN_WORDS_READ = 2  # the rarest words are read whatever their postings
_SHORTLIST = 200  # candidates rescored in full per lookup


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


class CorroborationIndex:
    """Sentences of many articles, searchable for the same claim. Build with `build`."""

    def __init__(self, entries: list[_Entry], articles: dict[int, Article]) -> None:
        self._entries = entries
        self._articles = articles
        self._postings: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            for word in entry.features.words:
                self._postings[word].append(number)
        total = max(1, len(entries))
        self._idf = {w: math.log(1 + total / len(p)) for w, p in self._postings.items()}
        self._top_idf = math.log(1 + total)
        self._weight = [self._words_weight(e.features) for e in entries]
        self._by_span = {(e.article_id, e.start, e.end): n for n, e in enumerate(entries)}
        # A word seen capitalised mid-sentence anywhere is a name, also when it opens a sentence.
        self._known_entities = frozenset(
            name for entry in entries for name in entry.features.entities
        )

    @classmethod
    def build(cls, articles: Iterable[Article]) -> CorroborationIndex:
        *_, index = cls.build_steps(articles)
        assert index is not None
        return index

    @classmethod
    def build_steps(
        cls, articles: Iterable[Article], every: int = 50
    ) -> Iterator[CorroborationIndex | None]:
        """The build in small steps: None after every `every` sentences, the index last.

        A GUI runs these in idle moments on its own thread: a worker thread would hold the GIL
        half the time and slow every keystroke while it builds.
        """
        entries: list[_Entry] = []
        by_id: dict[int, Article] = {}
        seen: dict[str, ClaimFeatures] = {}
        for article in articles:
            by_id[article.id] = article
            fallback = article_origin(article)
            for count, sentence in enumerate(split_sentences(article.text), 1):
                # Wire copy repeats sentences word for word across outlets: compute once.
                features = seen.get(sentence.text)
                if features is None:
                    features = seen[sentence.text] = claim_features(sentence.text)
                entries.append(
                    _Entry(
                        article.id,
                        sentence.start,
                        sentence.end,
                        sentence.text,
                        features,
                        features.origin or fallback,
                    )  # fmt: skip
                )
                if count % every == 0:
                    yield None
            yield None
        yield cls(entries, by_id)

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, article_id: int, start: int, end: int, limit: int = 10) -> list[Match]:
        """Sentences in other articles stating the claim of article_id's text[start:end]."""
        query = self._query(article_id, start, end)
        found = self._matches(query, article_id)
        return [
            Match(e.article_id, e.start, e.end, e.text, round(score, 3), e.origin)
            for score, e in found[:limit]
        ]

    def support(self, article_id: int, start: int, end: int) -> Cluster:
        """A passage with every report that corroborates it: what an export cites."""
        query = self._query(article_id, start, end)
        own = Member(article_id, start, end, query.text, query.origin)
        others = [_member(e) for _, e in self._matches(query, article_id)]
        return _cluster([own, *others])

    def sentences(self) -> list[tuple[int, int, int]]:
        """(article_id, start, end) of every indexed sentence."""
        return [(e.article_id, e.start, e.end) for e in self._entries]

    def clusters(self) -> list[Cluster]:
        """Groups of sentences from two or more articles that state one claim, in reading order.

        Matching is not transitive, so a cluster is a connected group: A matches B, B matches C.
        """
        parent = list(range(len(self._entries)))

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for number, entry in enumerate(self._entries):
            for _, other in self._matches(entry, entry.article_id):
                other_number = self._by_span[(other.article_id, other.start, other.end)]
                parent[root(other_number)] = root(number)
        groups: dict[int, list[_Entry]] = defaultdict(list)
        for number, entry in enumerate(self._entries):
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
        number = self._by_span.get((article_id, start, end))
        if number is not None:
            return self._entries[number]
        article = self._articles[article_id]
        text = article.text[start:end]
        features = claim_features(text)
        return _Entry(
            article_id, start, end, text, features, features.origin or article_origin(article)
        )

    def _matches(self, query: _Entry, article_id: int) -> list[tuple[float, _Entry]]:
        words = query.features.words
        query_weight = self._words_weight(query.features)
        if query_weight <= 0:
            return []
        # Candidates share the query's rarer words. Words are taken rarest first until the
        # postings read reach a budget, so a query of common words ("Iran", "missiles" in an
        # Iran corpus) still finds candidates without reading half the index.
        shared: dict[int, float] = defaultdict(float)
        known = sorted((w for w in words if w in self._postings), key=self._idf.__getitem__)
        read = 0
        for rank, word in enumerate(reversed(known)):
            postings = self._postings[word]
            if rank >= _MIN_WORDS_READ and read + len(postings) > _POSTINGS_BUDGET:
                break
            read += len(postings)
            weight = self._idf[word]
            for number in postings:
                shared[number] += weight
        shortlist = heapq.nlargest(_SHORTLIST, shared, key=shared.__getitem__)
        scored: list[tuple[float, _Entry]] = []
        for number in shortlist:
            entry = self._entries[number]
            if entry.article_id == article_id:
                continue
            overlap = self._overlap(words, entry.features.words)
            if overlap < MIN_SHARED:
                continue
            score = _score(overlap, query_weight, self._weight[number])
            if score < THRESHOLD:
                score = max(
                    score,
                    self._clause_score(query.facts, entry.features),
                    self._clause_score(entry.facts, query.features),
                )
            if score >= THRESHOLD and self._facts_agree(query, entry):
                scored.append((score, entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].article_id, pair[1].start))
        return scored

    def _clause_score(self, a: ClaimFacts, b: ClaimFeatures) -> float:
        """How well one clause of `a` states all of `b`, or `b` all of it."""
        best = 0.0
        whole = self._weight_of(b.words)
        for clause in a.clauses:
            overlap = self._overlap(clause, b.words)
            if overlap >= MIN_SHARED:
                best = max(best, _score(overlap, self._weight_of(clause), whole))
        return best

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        return self._weight_of(a & b)

    def _words_weight(self, features: ClaimFeatures) -> float:
        return self._weight_of(features.words)

    def _weight_of(self, words: Iterable[str]) -> float:
        # A word the index has never seen is as rare as a word seen once.
        top = self._top_idf
        return sum(self._idf.get(w, top) for w in words)

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
        if features.first_word in self._known_entities:
            return features.entities | {features.first_word}
        return features.entities


def _score(overlap: float, a: float, b: float) -> float:
    """Half Dice (both say the same), half containment (one says all the other does)."""
    dice = 2 * overlap / (a + b)
    containment = overlap / min(a, b)
    return (dice + containment) / 2


def clusters(index: CorroborationIndex) -> list[Cluster]:
    """Groups of sentences from two or more articles that state one claim, in reading order."""
    return index.clusters()


def _member(entry: _Entry) -> Member:
    return Member(entry.article_id, entry.start, entry.end, entry.text, entry.origin)


def _cluster(members: Sequence[Member]) -> Cluster:
    ordered = sorted(members, key=lambda m: (m.article_id, m.start))
    return Cluster(tuple(ordered), distinct_origins(m.origin for m in ordered))
