"""The models behind the side panes follow random edits exactly as a rebuild would."""

from __future__ import annotations

import random

from pytestqt.qtbot import QtBot
from random_edits import random_edit, random_project

from briefing.analysis.suggestions import suggest_for_article
from briefing.core.edit import Edit
from briefing.gui.passages_model import PassagesModel
from briefing.gui.suggestions_model import SuggestionsModel


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
