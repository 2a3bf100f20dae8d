"""Theme suggestions: keyword sentences not yet tagged, stable ids, rejections, JSON shape."""

from __future__ import annotations

import pytest

from briefing.analysis.serialise import suggestions_to_json
from briefing.analysis.suggestions import (
    Suggestion,
    parse_suggestion_id,
    suggest,
    suggest_for_article,
    suggestion_id,
)
from briefing.core.project import Project
from briefing.core.records import Article, Passage, Theme

MISSILES = Theme(id=1, name="missiles", colour="#D55E00", keywords=("missile", "ballistic"))
DRONES = Theme(id=2, name="drones", colour="#0072B2", keywords=("drone",))
TEXT = (
    "Iran denies sending missiles. The weather was fine.\n\n"
    "Drones and ballistic missiles were both mentioned. Nothing else."
)
ARTICLE = Article(id=7, title="t", text=TEXT)


def passage(start: int, end: int, *themes: int) -> Passage:
    return Passage(1, ARTICLE.id, start, end, TEXT[start:end], themes)


def test_sentences_with_keywords_are_suggested_per_theme_in_reading_order() -> None:
    found = suggest_for_article(ARTICLE, [MISSILES, DRONES])
    assert [(s.text, s.theme_id) for s in found] == [
        ("Iran denies sending missiles.", 1),
        ("Drones and ballistic missiles were both mentioned.", 1),
        ("Drones and ballistic missiles were both mentioned.", 2),
    ]
    assert found[1].matched == ("ballistic", "missile")
    for s in found:
        assert TEXT[s.start : s.end] == s.text
        assert s.id == suggestion_id(s.article_id, s.start, s.end, s.theme_id)


def test_ids_are_stable_and_parse_back() -> None:
    first = suggest_for_article(ARTICLE, [MISSILES])[0]
    assert first.id == f"a7-s0-e{len('Iran denies sending missiles.')}-t1"
    assert parse_suggestion_id(first.id) == first.key
    with pytest.raises(ValueError):
        parse_suggestion_id("7-0-10-1")


def test_a_sentence_mostly_tagged_with_the_theme_is_not_suggested() -> None:
    end = len("Iran denies sending missiles.")
    covered = [passage(0, end - 5, 1)]  # most of the sentence
    assert not any(s.start == 0 for s in suggest_for_article(ARTICLE, [MISSILES], covered))
    slight = [passage(0, 6, 1)]  # "Iran d": too little
    assert any(s.start == 0 for s in suggest_for_article(ARTICLE, [MISSILES], slight))
    other_theme = [passage(0, end, 2)]
    assert any(s.start == 0 for s in suggest_for_article(ARTICLE, [MISSILES], other_theme))


def test_rejected_suggestions_are_never_proposed_again() -> None:
    first = suggest_for_article(ARTICLE, [MISSILES, DRONES])[0]
    again = suggest_for_article(ARTICLE, [MISSILES, DRONES], rejected={first.key})
    assert first not in again and len(again) == 2


def test_project_suggestions_follow_tags_and_the_projects_rejections(
    fresh_seed_project: Project,
) -> None:
    project = fresh_seed_project
    missiles = project.theme_named("missiles")
    everything = suggest(project)
    only_missiles = suggest(project, theme_ids=[missiles.id])
    assert only_missiles and all(s.theme_id == missiles.id for s in only_missiles)
    assert len(everything) > len(only_missiles)

    target = only_missiles[0]
    project.tag(target.article_id, target.start, target.end, [missiles.id])
    assert target not in suggest(project)

    other = only_missiles[1]
    project.reject_suggestion(*other.key)
    assert other not in suggest(project)
    assert other in suggest(project, rejected=set())


def test_suggestions_json_shape(seed_project: Project) -> None:
    found = suggest(seed_project, rejected=set())[:2]
    data = suggestions_to_json(seed_project, found)
    assert list(data) == ["suggestions"]
    row = data["suggestions"][0]
    assert list(row) == ["id", "article_id", "start", "end", "text", "theme", "matched"]
    assert row["theme"] == "missiles" and isinstance(row["matched"], list)


def test_repeat_suggestions_for_a_large_article_reuse_the_scan() -> None:
    from briefing.analysis import suggestions

    text = " ".join([TEXT.replace("\n\n", " ")] * 3000)  # ~350 KB
    article = Article(id=9, title="big", text=text)
    first = suggest_for_article(article, [MISSILES, DRONES])
    scans = suggestions._sentence_hits.cache_info().misses
    found: list[Suggestion] = suggest_for_article(article, [MISSILES, DRONES])
    assert suggestions._sentence_hits.cache_info().misses == scans  # no keyword scan again
    assert found == first and len(found) == 9000
