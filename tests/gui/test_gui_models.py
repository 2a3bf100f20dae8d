"""The models behind the side panes follow random edits exactly as a rebuild would."""

from __future__ import annotations

import random

from pytestqt.qtbot import QtBot

from briefing.analysis.suggestions import suggest_for_article
from briefing.core.codebook import default_themes
from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.gui.passages_model import PassagesModel
from briefing.gui.suggestions_model import SuggestionsModel

SENTENCES = [
    "Iran sent ballistic missiles to Russia.",
    "Officials said the drones were Shahed models.",
    "The treaty was signed in Moscow.",
    "Nothing happened on Tuesday.",
    "A cooperation agreement covers missiles and drones.",
    "Trade in local currencies grew.",
]


def random_project(rng: random.Random) -> Project:
    project = Project(themes=default_themes())
    texts = []
    for n in range(2):
        paragraphs = [
            " ".join(rng.choice(SENTENCES) for _ in range(rng.randrange(2, 5))) for _ in range(6)
        ]
        texts.append(
            ImportedArticle(text="\n\n".join(paragraphs), title=f"A{n}", source_file=f"{n}")
        )
    project.add_articles(texts)
    return project


def random_edit(project: Project, rng: random.Random, edits: list[Edit]) -> None:
    article = rng.choice(project.articles())
    themes = [t.id for t in project.themes()]
    passages = project.passages_of(article.id)
    roll = rng.random()
    if roll < 0.45 or not passages:
        start = rng.randrange(0, len(article.text) - 30)
        end = start + rng.randrange(5, 120)
        if article.text[start:end].strip():
            edits.append(
                project.tag(article.id, start, min(end, len(article.text)), [rng.choice(themes)])
            )
    elif roll < 0.6:
        edits.append(project.add_passage_theme(rng.choice(passages).id, rng.choice(themes)))
    elif roll < 0.75:
        edits.append(project.delete_passage(rng.choice(passages).id))
    elif roll < 0.85:
        found = suggest_for_article(article, project.themes(), passages, project.rejected())
        if found:
            edits.append(project.reject_suggestion(*rng.choice(found).key))
    elif edits:
        project.undo(edits.pop())


def test_suggestions_follow_edits_like_a_full_recompute(qtbot: QtBot) -> None:
    rng = random.Random(5)
    for _ in range(4):
        project = random_project(rng)
        model = SuggestionsModel()
        model.set_project(project)
        first = project.articles()[0].id
        model.set_article(first)
        project.subscribe(lambda applied, m=model: m.on_edit(applied.edit))
        edits: list[Edit] = []
        for _ in range(60):
            random_edit(project, rng, edits)
            for article in project.articles():
                whole = tuple(
                    suggest_for_article(
                        article, project.themes(), project.passages_of(article.id),
                        project.rejected(), hide_touched=True,
                    )
                )  # fmt: skip
                assert model.suggestions_of(article.id) == whole
            listed = [s for s in model.suggestions_of(first)]
            for theme in project.themes():
                assert model.in_theme(theme.id) == [s for s in listed if s.theme_id == theme.id]


def test_passage_rows_stay_sorted_and_mapped(qtbot: QtBot) -> None:
    rng = random.Random(6)
    project = random_project(rng)
    model = PassagesModel()
    model.set_project(project)
    article = project.articles()[0].id
    model.set_article(article)
    project.subscribe(lambda applied, m=model: m.on_edit(applied.edit))
    edits: list[Edit] = []
    for _ in range(120):
        random_edit(project, rng, edits)
        passages = project.passages_of(article)
        for row, theme in enumerate(project.themes()):
            group = model.index(row, 0)
            assert model.theme_id(group) == theme.id
            shown = [
                model.passage_id(model.index(r, 0, group)) for r in range(model.rowCount(group))
            ]
            expected = sorted(
                (p for p in passages if theme.id in p.theme_ids),
                key=lambda p: (p.start, p.end, p.id),
            )
            assert shown == [p.id for p in expected]
        for passage in passages:
            found = model.indexes_of(passage.id)
            assert [model.theme_id(i) for i in found] == [
                t.id for t in project.themes() if t.id in passage.theme_ids
            ]
            assert all(model.passage_id(i) == passage.id for i in found)
