"""A project file opened for the window before all of it is read (`deferred`): every answer
is the one the file opened at once gives, at every step of the reading; nothing is written
before all of it is read and found sound; a damaged file is refused, at once or once read,
with the same one line, and left as it was."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from random_edits import random_edit, random_project

from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.records import Passage
from briefing.store import (
    ProjectFileError,
    later_checks,
    open_project,
    opening_reads,
    record_rows,
    schema,
)
from briefing.store.project_file import ProjectFile, write_new_project
from tests.robustness.hostile_projects import CASES, make_valid, tamper
from tests.store.deferred_reading import HeldChecks, opened_and_read
from tests.waiting import wait_for


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few records, so a small project is read in many steps."""
    monkeypatch.setattr(opening_reads, "_TEXT_BATCH_CHARS", 300)
    monkeypatch.setattr(opening_reads, "_THEME_BATCH", 2)
    monkeypatch.setattr(opening_reads, "_PASSAGE_BATCH", 2)


def made(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    project = random_project(rng)
    edits: list[Edit] = []
    for _ in range(40):
        random_edit(project, rng, edits)
    first = project.passages()[0]
    project.set_note(first.id, "seen")
    other = next(a for a in project.articles() if a.id != first.article_id)
    project.corroborate(first.id, other.id, 0, 5)  # random_project has two articles
    return write_new_project(path, project)


def answers(project: Project, highest: int = 60) -> tuple[object, ...]:
    """What the views ask (nothing that needs every passage at once), about passages up to
    id `highest`."""
    articles = [a.id for a in project.articles()]
    ids = range(0, highest + 2)
    return (
        [project.article(a).title for a in articles],
        [project.passage_count(a) for a in articles],
        [unstamped(project.passages_of(a)) for a in articles],
        [unstamped(project.corroborators(i)) for i in ids],
        project.passage_counts_by_theme(),
        sorted(project.passage_authors()),
        project.passage_total(),
        project.themes(),
        project.settings,
        project.rejections(),
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_all(project_file: ProjectFile) -> int:
    steps = 0
    while project_file.read_more(0.0):
        steps += 1
    return steps


def test_every_answer_is_the_full_files_at_every_step(tmp_path: Path) -> None:
    for seed in range(3):
        path = made(tmp_path / f"p{seed}.briefing", seed)
        at_once = open_project(path)
        expected = (answers(at_once.project), at_once.project.passages(),
                    at_once.project.articles())  # fmt: skip
        at_once.close()
        deferred = open_project(path, deferred=True)
        steps = 0
        while deferred.reading():
            assert answers(deferred.project) == expected[0]
            deferred.read_more(0.0)
            steps += 1
        assert steps > 5 and deferred.opening_problem() is None
        project = deferred.project
        assert (answers(project), project.passages(), project.articles()) == expected
        deferred.close()


def test_edits_while_reading_are_stored_and_the_rest_read_after_them(tmp_path: Path) -> None:
    path = made(tmp_path / "p.briefing", 7)
    copy = shutil.copyfile(path, tmp_path / "q.briefing")
    results = []
    for where, deferred in ((path, True), (copy, False)):
        project_file = open_project(where, deferred=deferred)
        project = project_file.project
        first, last = project.articles()[0], project.articles()[-1]
        project.tag(last.id, 0, 4, [1])
        project.delete_passage(project.passages_of(first.id)[0].id)
        if deferred:
            assert project_file.reading()  # edits need only the checks, not all of it read
            assert answers(project) == answers_of(copy, edit=True)
            read_all(project_file)
        results.append((unstamped(project.passages()), answers(project)))
        project_file.close()
        reopened = open_project(where)
        results.append((unstamped(reopened.project.passages()), answers(reopened.project)))
        reopened.close()
    assert results[0] == results[1] == results[2] == results[3]


def unstamped(passages: list[Passage]) -> list[Passage]:
    """Without time stamps: a new passage's are the clock's."""
    return [dataclasses.replace(p, created="", updated="") for p in passages]


def two_edits(project: Project) -> None:
    first, last = project.articles()[0], project.articles()[-1]
    project.tag(last.id, 0, 4, [1])
    project.delete_passage(project.passages_of(first.id)[0].id)


def answers_of(
    path: Path, edit: bool, edits: Callable[[Project], None] = two_edits
) -> tuple[object, ...]:
    """The answers of a copy of the file opened at once (with the same edits)."""
    copy = shutil.copyfile(path, path.with_name("answers.briefing"))
    project_file = open_project(copy)
    project = project_file.project
    if edit:
        edits(project)
    found = answers(project)
    project_file.close()
    return found


def logged(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT description FROM change_log ORDER BY id")]
    finally:
        conn.close()


def three_edits(project: Project) -> None:
    first, last = project.articles()[0], project.articles()[-1]
    project.tag(last.id, 0, 4, [1])
    project.set_note(project.passages_of(last.id)[-1].id, "while checking")
    project.delete_passage(project.passages_of(first.id)[0].id)


def test_edits_made_while_the_checks_run_are_stored_in_order_once_they_pass(
    tmp_path: Path, held: HeldChecks
) -> None:
    path = made(tmp_path / "p.briefing", 7)
    copy = shutil.copyfile(path, tmp_path / "q.briefing")
    log_before = logged(path)
    project_file = open_project(path, deferred=True)
    project = project_file.project
    three_edits(project)  # with the checks held: none of them waits for them
    assert project_file.queued() == 3 and logged(path) == log_before  # nothing written yet
    assert answers(project) == answers_of(copy, edit=True, edits=three_edits)
    held.release()
    read_all(project_file)
    assert project_file.queued() == 0 and project_file.opening_problem() is None
    found = (unstamped(project.passages()), answers(project))
    project_file.close()
    reopened = open_project(path)
    assert (unstamped(reopened.project.passages()), answers(reopened.project)) == found
    reopened.close()
    expected = open_project(copy)
    three_edits(expected.project)
    expected.close()
    assert logged(path) == logged(copy) and len(logged(path)) == len(log_before) + 3


def test_a_file_found_damaged_after_edits_is_left_as_it_was_and_says_so(
    tmp_path: Path, held: HeldChecks
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET note = CAST(x'ff41' AS TEXT) WHERE id = 2")
    before = digest(path)
    project_file = open_project(path, deferred=True)  # what is shown first is sound
    project_file.project.tag(1, 10, 14, [1])
    project_file.project.tag(1, 15, 18, [2])
    held.release()
    read_all(project_file)
    problem = project_file.opening_problem() or ""
    assert "holds text that is not valid UTF-8" in problem
    assert "the 2 changes made since it was opened could not be saved" in problem
    with pytest.raises(ProjectFileError) as refused:
        project_file.project.update_settings(title="changed")
    assert str(refused.value) == str(ProjectFileError(path, problem))
    project_file.close()
    assert digest(path) == before


def test_a_write_after_the_checks_found_damage_is_refused_and_not_written(tmp_path: Path) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET note = CAST(x'ff41' AS TEXT) WHERE id = 2")
    before = digest(path)
    project_file = open_project(path, deferred=True)
    read_all(project_file)
    with pytest.raises(ProjectFileError) as refused:
        project_file.project.tag(1, 10, 14, [1])
    assert "holds text that is not valid UTF-8" in str(refused.value)
    assert "could not be saved" not in str(refused.value)  # nothing was waiting
    project_file.close()
    assert digest(path) == before


@pytest.mark.parametrize("how", ["close", "save as", "another transaction", "settled"])
def test_what_waits_for_the_checks_is_stored_before_the_file_is_let_go_or_copied(
    tmp_path: Path, held: HeldChecks, how: str
) -> None:
    from briefing.core.records import ImportedArticle, Original

    path = make_valid(tmp_path / "p.briefing")
    project_file = open_project(path, deferred=True)
    project = project_file.project
    project.tag(1, 10, 14, [2], note="kept")
    project.add_articles([ImportedArticle(text="Imported while checking.", title="N",
                                          source_file="n.txt")])  # fmt: skip
    assert project_file.queued() == 2
    assert not project_file.settled()  # the corroboration index does not hold it yet
    held.release()
    saved = path
    if how == "save as":
        saved = project_file.save_as(tmp_path / "copy.briefing")
    elif how == "another transaction":  # an import's originals are stored after them
        project_file.keep_originals({"0" * 64: Original(b"bytes")})
    elif how == "settled":  # once the checks are over, the index is brought up to date
        assert project_file.settled(30)
        assert project_file.claims() is not None and project_file.claims().missing() == 0
    if how != "close":
        assert project_file.queued() == 0
    project_file.close()
    reopened = open_project(saved)
    assert "kept" in [p.note for p in reopened.project.passages()]
    assert reopened.project.articles()[-1].text == "Imported while checking."
    reopened.close()


def test_a_failed_write_of_what_waited_refuses_the_rest_and_says_what_was_lost(
    tmp_path: Path, held: HeldChecks, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    project_file = open_project(path, deferred=True)
    project = project_file.project
    project.tag(1, 10, 14, [2])
    project.tag(1, 15, 18, [2])
    run = project_file._run_transaction
    calls = []

    def second_fails(work: object) -> None:
        calls.append(work)
        if len(calls) == 2:
            raise ProjectFileError(path, "the change was not saved") from sqlite3.OperationalError(
                "database or disk is full"
            )
        run(work)  # type: ignore[arg-type]

    monkeypatch.setattr(project_file, "_run_transaction", second_fails)
    held.release()
    read_all(project_file)
    problem = project_file.opening_problem() or ""
    assert "could not be written" in problem and "the change made since" in problem
    with pytest.raises(ProjectFileError):
        project.update_settings(title="changed")
    monkeypatch.undo()
    project_file.close()
    reopened = open_project(path)
    assert len(reopened.project.passages()) == 3  # the two of the file, and the first written
    reopened.close()


def test_an_article_is_read_when_asked_before_its_batch(tmp_path: Path) -> None:
    path = made(tmp_path / "p.briefing", 2)
    at_once = open_project(path)
    texts = [a.text for a in at_once.project.articles()]
    at_once.close()
    deferred = open_project(path, deferred=True)
    assert [a.text for a in reversed(deferred.project.articles())] == texts[::-1]
    read_all(deferred)
    assert [a.text for a in deferred.project.articles()] == texts
    deferred.close()


@pytest.mark.parametrize(("sql", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_crafted_project_is_refused_at_once_or_once_read(
    tmp_path: Path, sql: str, words: str
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, sql)
    before = digest(path)
    opened = opened_and_read(path)
    if isinstance(opened, str):
        message = opened
    else:
        project_file, project = opened, opened.project
        problem = project_file.opening_problem()
        assert problem is not None
        with pytest.raises(ProjectFileError) as refused:
            project.update_settings(title="changed")
        message = str(refused.value)
        assert message == str(ProjectFileError(path, problem))
        project_file.close()
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert words in message, message
    assert digest(path) == before


def test_a_damaged_passage_asked_for_first_is_never_given_out(tmp_path: Path) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET quote = 'Iraq' WHERE id = 1")
    project_file = open_project(path, deferred=True)
    project = project_file.project
    assert [p.id for p in project.passages_of(1)] == []
    with pytest.raises(ProjectError):
        project.passage(1)
    assert project_file.opening_problem() == "is damaged: passage 1 no longer matches its article"
    read_all(project_file)
    assert "passage 1 no longer matches its article" in (project_file.opening_problem() or "")
    project_file.close()


def checks_over(project_file: ProjectFile) -> bool:
    opening = project_file._opening
    return opening is None or opening.checks.done(0.05)


def test_passages_asked_for_once_the_checks_passed_are_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = made(tmp_path / "p.briefing", 5)
    at_once = open_project(path)
    expected = {a.id: at_once.project.passages_of(a.id) for a in at_once.project.articles()}
    at_once.close()
    checked: list[int] = []
    one_by_one = opening_reads.OpeningReads._reference_problem

    def counting(reads: opening_reads.OpeningReads, passage: Passage) -> str | None:
        checked.append(passage.id)
        return one_by_one(reads, passage)

    monkeypatch.setattr(opening_reads.OpeningReads, "_reference_problem", counting)
    deferred = open_project(path, deferred=True)
    assert wait_for(lambda: checks_over(deferred))
    assert deferred.reading()  # the articles' passages are still to come in batches
    assert {a: deferred.project.passages_of(a) for a in expected} == expected
    assert checked == []  # found sound by the checks already, as the batches take them
    deferred.close()


def test_a_damaged_passage_asked_for_after_the_checks_found_it_is_never_given_out(
    tmp_path: Path,
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET quote = 'Iraq' WHERE id = 1")
    project_file = open_project(path, deferred=True)
    assert wait_for(lambda: checks_over(project_file))
    project = project_file.project
    assert [p.id for p in project.passages_of(1)] == []
    with pytest.raises(ProjectError):
        project.passage(1)
    read_all(project_file)
    assert "passage 1 no longer matches its article" in (project_file.opening_problem() or "")
    project_file.close()


def test_an_older_file_is_brought_up_to_date_at_once(tmp_path: Path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=schema.SCHEMA_VERSION - 1)
    conn.execute("INSERT INTO articles (id, title, content_hash, text) VALUES (1, 'A', 'h', 'x')")
    conn.close()
    project_file = open_project(path, deferred=True)
    assert not project_file.reading() and project_file.project.article(1).text == "x"
    project_file.close()


def test_passages_made_in_bulk_are_those_made_one_by_one(tmp_path: Path) -> None:
    path = made(tmp_path / "p.briefing", 4)
    conn = sqlite3.connect(path)
    found = conn.execute(record_rows.select("passages", record_rows.PASSAGE_COLUMNS)).fetchall()
    conn.close()
    themes = [(1, 2)] * len(found)
    one_by_one = [record_rows.passage_from(row, (1, 2)) for row in found]
    assert record_rows.passages_from(found, themes) == one_by_one and one_by_one


def test_a_deferred_open_says_when_its_checks_are_over(tmp_path: Path) -> None:
    path = make_valid(tmp_path / "p.briefing")
    project_file = open_project(path, deferred=True)
    assert wait_for(lambda: project_file.settled(0.05))
    assert project_file.claims() is not None  # answered without waiting now
    read_all(project_file)
    assert project_file.settled()
    project_file.close()


def test_an_article_imported_before_the_rest_is_read_stays_as_imported(tmp_path: Path) -> None:
    from briefing.core.records import ImportedArticle

    path = made(tmp_path / "p.briefing", 11)
    project_file = open_project(path, deferred=True)
    project = project_file.project
    project.add_article(ImportedArticle(text="Imported while reading.", title="New",
                                        source_file="new.txt"))  # fmt: skip
    added = project.articles()[-1]
    project.tag(added.id, 0, 8, [1])
    read_all(project_file)  # its row is in the file now: the reading leaves it as it is
    assert project.article(added.id).text == "Imported while reading."
    found = answers(project)
    project_file.close()
    reopened = open_project(path)
    assert answers(reopened.project) == found
    reopened.close()


@pytest.mark.parametrize("authors", [[], [""], ["ana"], ["ana", "ben", "ana", ""]])
def test_passage_counts_by_analyst_are_the_grouped_counts(authors: list[str]) -> None:
    """One analyst's passages are counted without grouping; several analysts' are grouped:
    either way, exactly what grouping every row gives."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE passages (id INTEGER PRIMARY KEY, article_id INTEGER, "
        "created_by TEXT NOT NULL, corroborates INTEGER)"
    )
    conn.execute("CREATE TABLE passage_themes (passage_id INTEGER, theme_id INTEGER)")
    conn.executemany(
        "INSERT INTO passages (article_id, created_by, corroborates) VALUES (1, ?, ?)",
        [(author, 1 if i else None) for i, author in enumerate(authors)],
    )
    counts = later_checks.passage_counts(conn)
    later_checks.count_whose(conn, counts)
    grouped = conn.execute("SELECT created_by, count(*) FROM passages GROUP BY 1").fetchall()
    assert counts.by_author == Counter(dict(grouped))
    assert counts.total == len(authors)
    assert sum(len(s) for s in counts.supporters.values()) == max(0, len(authors) - 1)


def analysts_project(path: Path) -> Path:
    """A project file with passages by two analysts and one naming nobody."""
    from briefing.core.records import ImportedArticle
    from briefing.store import create_project

    project_file = create_project(path)
    project = project_file.project

    project.add_articles(
        [ImportedArticle(text="Iran sent drones and missiles.", title="A", source_file="a.txt")]
    )
    [article] = project.articles()
    theme = project.themes()[0].id
    for (start, end), analyst in (((0, 4), ""), ((10, 16), "Ana"), ((21, 29), "Ben")):
        if analyst:
            project.update_settings(analyst=analyst)
        project.tag(article.id, start, end, [theme])
    project_file.close()
    return path


def test_the_counts_come_before_whose_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window shows the counts of a file just opened while whose the passages are is still
    being counted (a scan of the table); asked for, the authors are waited for, exact."""
    path = analysts_project(tmp_path / "analysts.briefing")
    whose = HeldChecks(monkeypatch, "count_whose")
    project_file = open_project(path, deferred=True)
    project = project_file.project
    [article] = project.articles()
    assert project.passage_total() == 3 and project.passage_count(article.id) == 3
    assert sum(project.passage_counts_by_theme().values()) == 3
    assert not project.passage_authors_known()
    whose.release()
    assert sorted(project.passage_authors()) == ["", "Ana", "Ben"]
    assert project.passage_authors_known()
    project_file.close()


def test_merging_the_indexes_never_waits_for_the_opening_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = made(tmp_path / "p.briefing", 6)
    held = HeldChecks(monkeypatch)  # SQLite's integrity check, after the indexes' verdict
    project_file = open_project(path, deferred=True)
    try:
        assert wait_for(lambda: project_file.settled(0.05))  # the indexes' verdict is in
        assert project_file.merge_indexes(4) is False  # nothing merged: no write may come yet
        assert project_file._checks_running()  # it did not wait for them
        assert project_file.queued() == 0
    finally:
        held.release()
    read_all(project_file)
    assert project_file.merge_indexes(4) in (True, False)  # once they are over, it may merge
    project_file.close()
