"""The project's sorted views and counts stay equal to a fresh sort through any edits."""

from __future__ import annotations

import random
from collections import Counter

from briefing.core.project import Project
from briefing.core.records import ImportedArticle

TEXTS = [
    "Iran has supplied Russia with hundreds of kamikaze drones and ballistic missiles. " * 6,
    "The treaty deepens cooperation between Moscow and Tehran on energy and trade. " * 6,
]


def fresh(project: Project) -> tuple:
    passages = list(project._passages.by_id.values())
    by_article = {
        a.id: sorted((p for p in passages if p.article_id == a.id), key=lambda p: (p.start, p.end))
        for a in project.articles()
    }
    counts = Counter(t for p in passages for t in p.theme_ids)
    return sorted(passages, key=lambda p: p.id), by_article, counts


def views(project: Project) -> tuple:
    by_article = {a.id: project.passages_of(a.id) for a in project.articles()}
    return project.passages(), by_article, project.passage_counts_by_theme()


def test_sorted_views_and_counts_follow_random_edits_and_undos(new_project) -> None:
    rng = random.Random(4)
    project = new_project()
    project.add_articles(
        [
            ImportedArticle(text=t, title=f"A{n}", source_file=f"{n}.txt")
            for n, t in enumerate(TEXTS)
        ]
    )
    themes = [t.id for t in project.themes()]
    edits = []
    views(project)  # made before the edits: from now on kept in order, not rebuilt
    for _ in range(150):
        passages = project.passages()
        roll = rng.random()
        if roll < 0.5 or not passages:
            article = rng.choice(project.articles())
            start = rng.randrange(0, 40) * 5  # repeats, so equal spans sort by arrival
            edits.append(project.tag(article.id, start, start + 20, [rng.choice(themes)]))
        elif roll < 0.7:
            passage = rng.choice(passages)
            edits.append(project.add_passage_theme(passage.id, rng.choice(themes)))
        elif roll < 0.85:
            edits.append(project.delete_passage(rng.choice(passages).id))
        elif edits:
            project.undo(edits.pop())
        assert views(project) == fresh(project)
        article = rng.choice(project.articles())
        for start in range(0, 200, 5):  # the exact span's passage: the first in reading order
            listed = project.passages_of(article.id)
            first = next((p for p in listed if (p.start, p.end) == (start, start + 20)), None)
            assert project.passage_at(article.id, start, start + 20) == first
    assert all(count > 0 for count in project.passage_counts_by_theme().values())
