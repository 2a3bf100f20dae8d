"""Keyword matching: case, word boundaries, phrases, inflections, acronyms."""

from __future__ import annotations

import pytest

from briefing.analysis.keywords import compile_keywords


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
