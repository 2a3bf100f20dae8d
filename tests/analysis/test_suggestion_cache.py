"""The suggestion cache follows edits exactly as working everything out again would."""

from __future__ import annotations

import random

from random_edits import random_edit, random_project

from briefing.analysis.suggestion_cache import SuggestionCache
from briefing.analysis.suggestions import suggest_for_article
from briefing.core.edit import Applied, Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle


def worked_out_again(project: Project, article_id: int) -> tuple:
    article = project.article(article_id)
    return tuple(
        suggest_for_article(
            article, project.themes(), project.passages_of(article_id), project.rejected(),
            hide_touched=True,
        )
    )  # fmt: skip


def test_the_cache_follows_random_edits_and_undos_exactly() -> None:
    rng = random.Random(11)
    for _ in range(4):
        project = random_project(rng)
        cache = SuggestionCache(project)
        first = project.articles()[0].id
        cache.of(first)  # worked out; the other article only when asked
        revised: list[int] = []

        def follow(
            applied: Applied, cache: SuggestionCache = cache, revised: list[int] = revised
        ) -> None:
            revised.extend(r.article_id for r in cache.follow(applied.edit))

        project.subscribe(follow)
        edits: list[Edit] = []
        for _ in range(60):
            random_edit(project, rng, edits)
            if rng.random() < 0.3:
                cache.settle([first])
            for article in project.articles():
                assert cache.of(article.id) == worked_out_again(project, article.id)
        assert revised  # most edits were followed sentence by sentence, not in full


def test_a_codebook_change_is_worked_out_when_settled() -> None:
    project = random_project(random.Random(2))
    cache = SuggestionCache(project)
    first = project.articles()[0].id
    before = cache.of(first)
    drones = project.theme_named("drones")
    project.subscribe(lambda applied: cache.follow(applied.edit))
    project.describe_theme(drones.id, keywords=["treaty"])
    assert cache.stale() and cache.known(first) is None
    changed = cache.settle([first])
    assert changed[first][0] == before and changed[first][1] == worked_out_again(project, first)
    assert not cache.stale()


def test_suggestions_worked_out_in_steps_are_those_worked_out_at_once() -> None:
    # A long article (so the steps are many), prepared in steps; an edit in the middle of
    # preparing is taken in before the preparing ends, and leaves nothing stale behind.
    rng = random.Random(5)
    project = random_project(rng)
    article = project.articles()[0]
    text = "\n\n".join([article.text] * 400)
    project.reread_article(
        article.id, ImportedArticle(text=text, title=article.title, source_file="long.txt")
    )
    cache = SuggestionCache(project)
    project.subscribe(lambda applied: cache.follow(applied.edit))
    steps = list(cache.prepare(article.id))
    assert len(steps) > 10 and cache.known(article.id) == worked_out_again(project, article.id)

    again = SuggestionCache(project)
    project.subscribe(lambda applied: again.follow(applied.edit))
    steps_left = again.prepare(article.id)
    next(steps_left)
    sentence = next(s for s in cache.of(article.id))
    project.tag(article.id, sentence.start, sentence.end, [sentence.theme_id])  # meanwhile
    list(steps_left)
    assert again.known(article.id) == worked_out_again(project, article.id)


def test_an_article_read_again_while_prepared_ends_with_the_new_texts_suggestions() -> None:
    rng = random.Random(7)
    project = random_project(rng)
    article = project.articles()[0]
    cache = SuggestionCache(project)
    project.subscribe(lambda applied: cache.follow(applied.edit))
    steps_left = cache.prepare(article.id)
    next(steps_left)
    text = "\n\n".join([article.text] * 3)  # meanwhile
    project.reread_article(
        article.id, ImportedArticle(text=text, title=article.title, source_file="again.txt")
    )
    list(steps_left)
    assert cache.known(article.id) == worked_out_again(project, article.id)
