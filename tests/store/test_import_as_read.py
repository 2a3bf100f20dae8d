"""An import stored as it is read (`Project.add_articles_as_read`): a file writes each batch
while the next is read, all in one transaction, so nobody sees part of it, a failure part way
stores none of it, and what is stored is what adding the articles at once stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.errors import DuplicateArticle
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.store import create_project, open_project
from briefing.store.limits import MAX_NAME_CHARS, RecordRefused


def article(number: int, title: str = "") -> ImportedArticle:
    text = f"Report {number}. Tehran supplied {number} drones to Moscow, officials said."
    return ImportedArticle(
        text=text, title=title or f"Report {number}", source_file=f"r{number}.txt",
        original=text.encode(),
    )  # fmt: skip


def counts(path: Path) -> tuple[int, ...]:
    """What another connection sees: articles, originals, both indexes' entries, log rows."""
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM originals),"
            " (SELECT count(*) FROM search_index_docsize), (SELECT count(*) FROM claim_articles),"
            " (SELECT count(*) FROM claim_sentences), (SELECT count(*) FROM change_log)"
        ).fetchone())  # fmt: skip
    finally:
        conn.close()


def contents(path: Path) -> list[object]:
    conn = sqlite3.connect(path)
    try:
        return [
            conn.execute("SELECT id, title, text, sha256 FROM articles ORDER BY id").fetchall(),
            conn.execute("SELECT sha256, size, data FROM originals ORDER BY sha256").fetchall(),
            conn.execute("SELECT * FROM claim_sentences ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM claim_frequencies ORDER BY term").fetchall(),
            conn.execute("SELECT id FROM search_index_docsize ORDER BY id").fetchall(),
            conn.execute(
                "SELECT rowid FROM search_index WHERE search_index MATCH 'drones' ORDER BY rowid"
            ).fetchall(),
            conn.execute(
                "SELECT rowid FROM claim_terms WHERE claim_terms MATCH '\"=russia\"' ORDER BY rowid"
            ).fetchall(),
            conn.execute("SELECT description FROM change_log ORDER BY id").fetchall(),
        ]
    finally:
        conn.close()


def test_nobody_sees_an_import_before_all_of_it_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    project_file = create_project(path)
    project = project_file.project
    before = counts(path)
    seen = []

    def batches() -> Iterator[list[ImportedArticle]]:
        for start in range(0, 9, 3):
            yield [article(n) for n in range(start, start + 3)]
            seen.append(counts(path))  # while the next batch is read

    edit = project.add_articles_as_read(batches())
    assert seen == [before] * 3
    assert edit.description == "Import 9 articles" and len(project.articles()) == 9
    assert counts(path)[:4] == (9, 9, 9, 9)
    project.undo(edit)  # one edit: one undo
    assert project.articles() == []
    project_file.close()


def test_what_is_stored_is_what_adding_it_at_once_stores(tmp_path: Path) -> None:
    paths = []
    for way in ("as read", "at once"):
        path = tmp_path / f"{way}.briefing"
        project_file = create_project(path)
        articles = [article(n) for n in range(7)]
        if way == "as read":
            project_file.project.add_articles_as_read([articles[:2], articles[2:3], articles[3:]])
        else:
            project_file.project.add_articles(articles)
        project_file.close()
        paths.append(path)
    as_read, at_once = (contents(path) for path in paths)
    assert as_read == at_once
    assert len(as_read[2]) == 14 and as_read[7] == [("Import 7 articles",)]


class ReadingFailed(Exception):
    pass


@pytest.mark.parametrize("failure", ["reading", "a refused value", "a duplicate"])
def test_an_import_that_fails_part_way_stores_none_of_it(tmp_path: Path, failure: str) -> None:
    path = tmp_path / "p.briefing"
    project_file = create_project(path)
    project = project_file.project
    project.add_articles([article(100)])
    before, articles_before = counts(path), project.articles()

    def batches() -> Iterator[list[ImportedArticle]]:
        yield [article(1), article(2)]
        yield [article(3)]
        if failure == "reading":
            raise ReadingFailed
        if failure == "a refused value":
            yield [article(4, title="x" * (MAX_NAME_CHARS + 1))]
        else:
            yield [article(2)]

    expected = {"reading": ReadingFailed, "a refused value": RecordRefused,
                "a duplicate": DuplicateArticle}[failure]  # fmt: skip
    with pytest.raises(expected):
        project.add_articles_as_read(batches())
    assert counts(path) == before and project.articles() == articles_before
    project.add_articles_as_read([[article(1)]])  # and the next import goes in whole
    assert counts(path)[:4] == (2, 2, 2, 2)
    project_file.close()


def test_an_import_while_the_opening_checks_run_is_stored_after_the_edits_before_it(
    tmp_path: Path,
) -> None:
    """Edits made before the checks are over wait for them (`ProjectFile.write`): an import
    then is stored as adding the articles at once would store it, after those edits."""
    path = tmp_path / "p.briefing"
    project_file = create_project(path)
    project_file.project.add_articles([article(100)])
    project_file.close()
    project_file = open_project(path, deferred=True)
    project = project_file.project
    project.rename_theme(project.themes()[0].id, "renamed")
    project.add_articles_as_read([[article(1), article(2)], [article(3)]])
    while project_file.read_more(1.0):
        pass
    assert project_file.queued() == 0 and project_file.opening_problem() is None
    project_file.close()
    assert counts(path)[:4] == (4, 4, 4, 4)
    assert contents(path)[7][-2:] == [("Rename “missiles” to “renamed”",),
                                      ("Import 3 articles",)]  # fmt: skip


def test_a_project_without_a_file_is_given_the_articles_at_once() -> None:
    project = Project()
    edit = project.add_articles_as_read(iter([[article(1)], [article(2), article(3)]]))
    assert edit.description == "Import 3 articles"
    assert [a.title for a in project.articles()] == ["Report 1", "Report 2", "Report 3"]


def test_steps_that_make_no_edit_leave_no_transaction_open(tmp_path: Path) -> None:
    from briefing.core.edit import Edit
    from briefing.core.project import ArticlesRead

    project_file = create_project(tmp_path / "p.briefing")
    assert project_file.settled(10)  # the indexes' check in: the steps are stored as they come
    nothing = project_file.write_as_read(iter([ArticlesRead((), {})]), lambda: Edit("Import", ()))
    assert not nothing
    project_file.project.add_articles([article(1)])  # its own transaction: none was left open
    assert counts(tmp_path / "p.briefing")[0] == 1
    project_file.close()
