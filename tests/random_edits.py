"""Random projects and random edits, for the tests that check incremental views against a
fresh recompute (the suggestion cache, the GUI's models)."""

from __future__ import annotations

import random

from briefing.analysis.suggestions import suggest_for_article
from briefing.core.codebook import default_themes
from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle

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
