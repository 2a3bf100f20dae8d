"""The tagging rules the GUI and the CLI share: one passage per span; many spans, one edit."""

from __future__ import annotations

import pytest

from briefing.core.errors import ProjectError
from briefing.core.project import MemoryBackend, Project
from briefing.core.records import ImportedArticle
from briefing.core.tagging import SpanToTag, tag_many, tag_or_add

TEXT = "Iran has supplied Russia with hundreds of kamikaze drones and ballistic missiles."
MISSILES, DRONES = 1, 2


@pytest.fixture
def project(new_project) -> Project:
    project = new_project()
    project.add_article(ImportedArticle(text=TEXT, title="Drones", source_file="a.txt"))
    return project


def at(quote: str, *themes: int) -> SpanToTag:
    start = TEXT.index(quote)
    return SpanToTag(1, start, start + len(quote), themes)


def test_the_same_span_again_adds_the_theme_to_its_passage(project: Project) -> None:
    first = tag_or_add(project, at("kamikaze drones", DRONES))
    second = tag_or_add(project, at("kamikaze drones", MISSILES), note="per NATO")
    [passage] = project.passages()
    assert passage.theme_ids == (DRONES, MISSILES) and passage.note == "per NATO"
    assert second.description == "Tag passage as missiles"
    project.undo(second)
    assert project.passages() == [project.passage(first.changes[0].id)]
    assert project.passages()[0].theme_ids == (DRONES,)


def test_the_same_span_and_theme_again_is_refused_and_changes_nothing(project: Project) -> None:
    tag_or_add(project, at("kamikaze drones", DRONES))
    before = project.passages()
    with pytest.raises(ProjectError, match="already tagged as drones"):
        tag_or_add(project, at("kamikaze drones", DRONES))
    assert project.passages() == before


def test_an_overlapping_span_is_a_passage_of_its_own(project: Project) -> None:
    tag_or_add(project, at("kamikaze drones", DRONES))
    tag_or_add(project, at("hundreds of kamikaze drones", DRONES))
    assert len(project.passages()) == 2


def test_many_spans_are_one_edit_in_one_transaction(project: Project) -> None:
    writes: list[object] = []

    class Recording(MemoryBackend):
        def write(self, changes: object) -> None:
            writes.append(changes)

    project.backend = Recording()
    tag_or_add(project, at("kamikaze drones", MISSILES))  # exists: gets drones added
    writes.clear()
    tagged = tag_many(
        project,
        [
            at("hundreds of kamikaze drones", DRONES),  # new
            at("kamikaze drones", DRONES),  # the existing passage gets drones
            at("ballistic missiles", DRONES),  # new
            at("ballistic missiles", DRONES),  # the same hit twice: skipped
            at("hundreds", DRONES),  # inside a new passage of the theme: skipped
        ],
        "Tag 5 hits as drones",
    )
    assert (tagged.created, tagged.extended, tagged.skipped) == (2, 1, 2)
    assert len(writes) == 1 and len(tagged.edit.changes) == 3
    assert tagged.summary("drones") == "Tagged 3 passages as drones (2 already tagged)"
    assert sorted(p.quote for p in project.passages()) == [
        "ballistic missiles", "hundreds of kamikaze drones", "kamikaze drones",
    ]  # fmt: skip
    project.undo(tagged.edit)  # one step takes the whole batch back
    [passage] = project.passages()
    assert passage.theme_ids == (MISSILES,)


def test_one_bad_span_refuses_the_whole_batch(project: Project) -> None:
    with pytest.raises(ProjectError, match="outside the article"):
        tag_many(
            project,
            [at("kamikaze drones", DRONES), SpanToTag(1, 0, 10_000, (DRONES,))],
            "Tag hits",
        )
    assert project.passages() == []


def test_new_passages_of_a_batch_get_consecutive_new_ids(project: Project) -> None:
    first = tag_or_add(project, at("Iran", DRONES))
    project.undo(first)  # ids are never reused, even after an undo
    tagged = tag_many(project, [at("Russia", DRONES), at("drones", DRONES)], "Tag hits")
    assert [c.id for c in tagged.edit.changes] == [2, 3]
