"""Keyword matching: case, word boundaries, phrases, inflections, acronyms."""

from __future__ import annotations

import random
import re

import pytest

from briefing.analysis.keywords import _keyword_pattern, compile_keywords


def found(keywords: tuple[str, ...], text: str) -> list[str]:
    return [text[h.start : h.end] for h in compile_keywords(keywords).find(text)]


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        ("missile", "MISSILES and a missile's range", ["MISSILES", "missile's"]),
        ("missile", "antimissile emissile", []),
        ("supply", "supplied, supplying, supplies", ["supplied", "supplying", "supplies"]),
        ("transfer", "transferred and transferring", ["transferred", "transferring"]),
        ("agreement", "the agreements and the agreement’s halt", ["agreements", "agreement’s"]),
        ("grow closer", "have grown closer; grew closer", ["grown closer", "grew closer"]),
        ("US dollar", "the US dollar, the U.S. dollar", ["US dollar", "U.S. dollar"]),
        ("US dollar", "let us dollar", []),
        ("UAV", "UAVs and uav", ["UAVs", "uav"]),
        ("bilateral relations", "bilateral\n relations", ["bilateral\n relations"]),
        (
            "surface-to-surface",
            "surface to surface, surface-to-surface",
            ["surface to surface", "surface-to-surface"],
        ),
        ("de-dollarisation", "dedollarisation", ["dedollarisation"]),
        ("missiles", "one missile", ["missile"]),
    ],
)
def test_keyword_finds_inflected_forms_within_word_boundaries(
    keyword: str, text: str, expected: list[str]
) -> None:
    assert found((keyword,), text) == expected


def test_longest_keyword_wins_and_reports_itself() -> None:
    matcher = compile_keywords(("missile", "missile technology"))
    hits = matcher.find("Iran shared missile technology.")
    assert [h.keyword for h in hits] == ["missile technology"]
    found = matcher.find("missiles and missile technology")
    assert [h.keyword for h in found] == ["missile", "missile technology"]


def test_matchers_are_cached_by_keywords() -> None:
    assert compile_keywords(("a", "b")) is compile_keywords(("a", "b"))


def test_no_keywords_match_nothing() -> None:
    matcher = compile_keywords(("", "  "))
    assert not matcher
    assert matcher.find("anything") == []


# Pieces of text that keywords match, almost match, or cut: words, inflections, separators,
# apostrophes, dots, the punctuation windows are cut at, and punctuation keywords use.
PIECES = [
    "missile", "missiles", "Missiles'", "drone", "drones", "dronework", "UAV", "U.S.", "US",
    "us", "F-16", "F-16s", "AT&T", "C++", "surface", "to", "de", "dollarisation", "Iran's",
    "Iran’s", "supplied", "supplying", " ", "  ", "\n", "\n\n", "-", "‐", ",", ";", ".",
    "(", ")", "“", "”", "&", "+", "/", "x", "_", "é", "🚀",
]  # fmt: skip
KEYWORD_SETS = [
    ("missile", "drone"),
    ("surface to surface", "missile technology", "missile"),
    ("UAV", "US dollar", "de-dollarisation"),
    ("F-16", "AT&T", "C++", "supply"),
    ("Iran", "drones", "U.S."),
]


def test_windows_find_exactly_what_one_search_finds() -> None:
    rng = random.Random(11)
    for _ in range(400):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 120)))
        matcher = compile_keywords(rng.choice(KEYWORD_SETS))
        size = rng.randrange(1, 40)
        windows = list(matcher.hit_windows(text, size))
        assert [hit for window in windows for hit in window] == matcher.find(text)
        if "," in text[size:]:
            assert len(windows) > 1  # cut somewhere: the windows were not one search


def test_a_hit_is_named_by_the_first_keyword_whose_own_pattern_matches_it_whole() -> None:
    # The rule the matcher names hits by, checked against each keyword's own pattern.
    rng = random.Random(12)
    for _ in range(400):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 120)))
        keywords = rng.choice(KEYWORD_SETS)
        longest_first = sorted(keywords, key=len, reverse=True)
        own = [re.compile(_keyword_pattern(k), re.IGNORECASE) for k in longest_first]
        for hit in compile_keywords(keywords).find(text):
            found = text[hit.start : hit.end]
            first = next(k for k, p in zip(longest_first, own, strict=True) if p.fullmatch(found))
            assert hit.keyword == first
