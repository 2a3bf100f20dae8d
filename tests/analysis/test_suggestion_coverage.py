"""Coverage checks by binary search agree with plain scans; a span's answer equals the whole's."""

from __future__ import annotations

import random

from briefing.analysis.suggestions import (
    COVERED,
    Suggestion,
    ThemeCoverage,
    coverage_by_theme,
    suggest_for_article,
)
from briefing.core.records import Article, Passage, Theme

MISSILES = Theme(id=1, name="missiles", colour="#D55E00", keywords=("missile", "ballistic"))
DRONES = Theme(id=2, name="drones", colour="#0072B2", keywords=("drone",))
PACT = Theme(id=3, name="pact", colour="#009E73", keywords=("treaty", "agreement"))
WORDS = "Iran Russia missile drone ballistic treaty agreement the of and said talks".split()


def reference_covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """The engine's original rule, a scan over every span."""
    covered, reach = 0, start
    for span_start, span_end in sorted(spans):
        span_start, span_end = max(span_start, reach), min(span_end, end)
        if span_end > span_start:
            covered += span_end - span_start
            reach = span_end
    return covered >= COVERED * (end - start)


def random_spans(rng: random.Random, count: int, size: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, size)
        spans.append((start, start + rng.choice((0, 1, 2, 5, 20, 60))))
    return spans


def test_coverage_agrees_with_a_scan_on_random_spans() -> None:
    rng = random.Random(1)
    for _ in range(300):
        spans = random_spans(rng, rng.randrange(0, 12), 120)
        coverage = ThemeCoverage(spans)
        for _ in range(20):
            start = rng.randrange(0, 130)
            end = start + rng.randrange(1, 50)
            chars = {i for s, e in spans for i in range(s, e) if start <= i < end}
            assert coverage.covered(start, end) == len(chars)
            assert coverage.covers(start, end) == reference_covered(start, end, spans)
            assert coverage.touches(start, end) == any(s < end and e > start for s, e in spans)


def random_article(rng: random.Random) -> Article:
    paragraphs = []
    for _ in range(rng.randrange(3, 8)):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 10))).capitalize() + "."
            for _ in range(rng.randrange(1, 5))
        ]
        paragraphs.append(" ".join(sentences))
    return Article(id=3, title="t", text="\n\n".join(paragraphs))


def random_passages(rng: random.Random, article: Article, count: int) -> list[Passage]:
    found = []
    for pid in range(1, count + 1):
        start = rng.randrange(0, len(article.text) - 1)
        end = min(len(article.text), start + rng.randrange(1, 80))
        themes = tuple(rng.sample((1, 2, 3), rng.choice((1, 1, 2))))
        found.append(Passage(pid, article.id, start, end, article.text[start:end], themes))
    return found


def brute_force(
    article: Article, passages: list[Passage], rejected: set, hide_touched: bool
) -> list[Suggestion]:
    """Every suggestion with no passages, then filtered by scanning every passage."""
    found = []
    for s in suggest_for_article(article, [MISSILES, DRONES, PACT]):
        spans = [(p.start, p.end) for p in passages if s.theme_id in p.theme_ids]
        if s.key in rejected or (spans and reference_covered(s.start, s.end, spans)):
            continue
        if hide_touched and any(a < s.end and b > s.start for a, b in spans):
            continue
        found.append(s)
    return found


def test_suggestions_equal_a_brute_force_reference() -> None:
    rng = random.Random(2)
    themes = [MISSILES, DRONES, PACT]
    for _ in range(60):
        article = random_article(rng)
        passages = random_passages(rng, article, rng.randrange(0, 15))
        every = suggest_for_article(article, themes)
        rejected = {s.key for s in every if rng.random() < 0.1}
        for hide in (False, True):
            got = suggest_for_article(article, themes, passages, rejected, hide_touched=hide)
            assert got == brute_force(article, passages, rejected, hide)


def test_a_span_answers_like_the_whole_article() -> None:
    rng = random.Random(3)
    themes = [MISSILES, DRONES, PACT]
    for _ in range(60):
        article = random_article(rng)
        passages = random_passages(rng, article, rng.randrange(0, 15))
        whole = suggest_for_article(article, themes, passages, hide_touched=True)
        for _ in range(5):
            start = rng.randrange(0, len(article.text))
            end = start + rng.randrange(1, 60)
            part = suggest_for_article(
                article, themes, passages, hide_touched=True, within=(start, end)
            )
            assert part == [s for s in whole if s.start < end and s.end > start]


def test_coverage_by_theme_groups_passages() -> None:
    passages = [Passage(1, 1, 0, 10, "", (1, 2)), Passage(2, 1, 5, 20, "", (2,))]
    coverage = coverage_by_theme(passages)
    assert coverage[1].covered(0, 20) == 10
    assert coverage[2].covered(0, 20) == 20
