"""The project file's corroboration index: kept in step with every edit in its transaction,
never rebuilt when a project opens, emptied and completed again when damaged or outdated, and
answering exactly as the same index built in memory."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.analysis.corroboration import CorroborationIndex, project_index
from briefing.core.claim_words import TERMS_VERSION
from briefing.core.records import ImportedArticle
from briefing.core.sentences import split_sentences
from briefing.store import claim_index, create_project, open_project, schema
from briefing.store.claim_index import healthy
from briefing.store.project_file import _connect

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXTS = [
    "In February, Reuters reported that Iran had supplied Russia with 400 ballistic missiles. "
    "Officials in Tehran declined to comment.",
    "Iran has provided Russia with 400 ballistic missiles, Reuters reported in February. "
    "The Kremlin said nothing.",
    "Drones over Kyiv: the Shahed-136 kamikaze drones struck again. Nobody was hurt.",
]


def make(path: Path, texts: list[str] = TEXTS):  # type: ignore[no-untyped-def]
    project_file = create_project(path)
    project_file.project.add_articles(
        [
            ImportedArticle(text=t, title=f"T{n}", source_file=f"{n}.txt")
            for n, t in enumerate(texts)
        ]
    )
    return project_file


def answers(index: CorroborationIndex, project) -> dict:  # type: ignore[no-untyped-def]
    """Every sentence's matches, as (article, start, end) -> [(article, start, end, score)]."""
    found = {}
    for article in project.articles():
        for sentence in split_sentences(article.text):
            span = (article.id, sentence.start, sentence.end)
            found[span] = [(m.article_id, m.start, m.end, m.score) for m in index.lookup(*span)]
    return found


def in_memory(project):  # type: ignore[no-untyped-def]
    return CorroborationIndex.build(project.articles())


def tables(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("claim_articles", "claim_sentences", "claim_frequencies")
    }
    conn.close()
    return counts


def test_imports_removals_rereads_and_undo_keep_the_index_in_step(tmp_path: Path) -> None:
    project_file = make(tmp_path / "p.briefing")
    project = project_file.project
    stored = project_index(project)
    assert stored.source is project_file.claims() and not stored.source.missing()
    [match] = stored.lookup(1, *next((s.start, s.end) for s in split_sentences(TEXTS[0])))
    assert match.article_id == 2 and "Reuters" in match.text
    assert answers(stored, project) == answers(in_memory(project), project)

    edit = project.remove_article(2)
    assert stored.lookup(1, 0, 85) == [] and answers(stored, project) == answers(
        in_memory(project), project
    )
    project.undo(edit)
    assert answers(stored, project) == answers(in_memory(project), project)
    project.reread_article(
        3, ImportedArticle(text=TEXTS[1] + " Again.", title="x", source_file="x")
    )
    assert answers(stored, project) == answers(in_memory(project), project)
    project.update_article(3, title="Renamed")  # metadata only: the index is not touched
    assert answers(stored, project) == answers(in_memory(project), project)
    project_file.close()


def test_removing_every_article_leaves_an_empty_sound_index(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    project_file = make(path)
    for article in project_file.project.articles():
        project_file.project.remove_article(article.id)
    project_file.close()
    assert tables(path) == {"claim_articles": 0, "claim_sentences": 0, "claim_frequencies": 0}
    conn = sqlite3.connect(path)
    assert healthy(conn)
    conn.close()


def test_opening_a_project_never_rebuilds_its_index(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT id, article_id, start_offset FROM claim_sentences").fetchall()
    conn.close()
    reopened = open_project(path)
    assert reopened.claims().missing() == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id, article_id, start_offset FROM claim_sentences").fetchall() == (
        before
    )
    conn.close()
    reopened.close()


def test_a_damaged_or_outdated_index_is_emptied_then_completed(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    for damage in (
        "DELETE FROM claim_sentences WHERE id = 2",  # a sentence lost
        "UPDATE claim_sentences SET start_offset = start_offset + 1",  # moved
        "INSERT INTO claim_articles (article_id, sentences) VALUES (99, 0)",  # a stray article
        f"UPDATE claim_index SET terms_version = {TERMS_VERSION + 1}",  # words folded otherwise
        "UPDATE claim_terms_data SET block = zeroblob(40) WHERE id > 1",
    ):
        conn = sqlite3.connect(path)
        conn.execute(damage)
        conn.commit()
        conn.close()
        project_file = open_project(path)
        claims = project_file.claims()
        assert claims.missing() == 3, damage
        while project_file.index_claims(1):
            pass
        assert claims.missing() == 0
        project = project_file.project
        assert answers(project_index(project), project) == answers(in_memory(project), project)
        project_file.close()


def test_a_project_from_before_the_index_is_indexed_after_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=schema.SCHEMA_VERSION - 1)  # the version before it
    for n, text in enumerate(TEXTS, 1):
        conn.execute("INSERT INTO articles (id, title, content_hash, text) VALUES (?, ?, ?, ?)",
                     (n, f"Old {n}", f"h{n}", text))  # fmt: skip
    conn.execute("INSERT INTO settings (id, title) VALUES (1, 'Old')")
    conn.close()
    read_only = open_project(path, read_only=True)  # looked at: indexed in memory, not stored
    assert read_only.claims() is None
    index = project_index(read_only.project)
    assert len(index) == sum(len(split_sentences(t)) for t in TEXTS)
    read_only.close()
    project_file = open_project(path)
    assert project_file.claims().missing() == 3  # opening never builds it
    assert project_file.index_claims(2) == 1 and project_file.index_claims(2) == 0
    project = project_file.project
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    project_file.close()


CLAIMS = [
    "Iran supplied Russia with {n} ballistic missiles",
    "Russia received {n} drones from Iran",
    "the G7 warned Tehran against sending missiles",
    "Reuters reported that Iran had provided Russia with {n} missiles",
    "trade between Iran and Russia reached ${n} billion",
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(CLAIMS), st.sampled_from([4, 40, 400])), min_size=1,
                 max_size=4),
        min_size=2, max_size=5,
    ),
    st.lists(st.integers(min_value=0, max_value=4), max_size=3),
)  # fmt: skip
def test_the_stored_index_answers_as_one_built_in_memory(tmp_path_factory, corpus, removed) -> None:  # type: ignore[no-untyped-def]
    texts = [
        " ".join(f"{claim.format(n=n)} ({a}.{s})." for s, (claim, n) in enumerate(sentences))
        for a, sentences in enumerate(corpus)
    ]
    project_file = make(tmp_path_factory.mktemp("p") / "p.briefing", texts)
    project = project_file.project
    for number in removed:
        if number + 1 in {a.id for a in project.articles()}:
            project.remove_article(number + 1)
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    project_file.close()


def stored_entries(path: Path) -> tuple[list[tuple[int, int, int]], dict[str, int], dict]:  # type: ignore[type-arg]
    """Everything the index holds: sentence spans, term frequencies, each term's sentences."""
    conn = sqlite3.connect(path)
    ids = {n: (a, s, e) for n, a, s, e in conn.execute(
        "SELECT id, article_id, start_offset, end_offset FROM claim_sentences")}  # fmt: skip
    frequencies = dict(conn.execute("SELECT term, sentences FROM claim_frequencies"))
    postings = {
        term: sorted(ids[n] for (n,) in conn.execute(
            "SELECT rowid FROM claim_terms WHERE claim_terms MATCH ?", (f'"{term}"',)))
        for term in frequencies
    }  # fmt: skip
    conn.close()
    return sorted(ids.values()), frequencies, postings


def test_an_import_of_many_articles_is_filed_as_one_at_a_time(tmp_path: Path) -> None:
    texts = [*TEXTS, *(p.read_text() for p in sorted(SEEDS.glob("*.txt")))]
    make(tmp_path / "together.briefing", texts).close()
    one_by_one = create_project(tmp_path / "apart.briefing")
    for n, text in enumerate(texts):
        one_by_one.project.add_article(
            ImportedArticle(text=text, title=f"T{n}", source_file=f"{n}.txt")
        )
    one_by_one.close()
    together = stored_entries(tmp_path / "together.briefing")
    assert together == stored_entries(tmp_path / "apart.briefing")
    assert together[0] and together[1]["=russia"] >= 2


def sound(path: Path) -> bool:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return healthy(conn, samples=100)
    finally:
        conn.close()


def damaged(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM claim_sentences WHERE id = 2")
    conn.commit()
    conn.close()


def wait_for(claims, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while claims.missing() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert claims.missing() == 0


def seed_texts() -> list[str]:
    return [*TEXTS, *(p.read_text() for p in sorted(SEEDS.glob("*.txt")))]


def test_a_completion_in_the_background_files_what_an_import_does(tmp_path: Path) -> None:
    make(tmp_path / "imported.briefing", seed_texts()).close()
    path = tmp_path / "completed.briefing"
    make(path, seed_texts()).close()
    damaged(path)
    project_file = open_project(path)
    claims = project_file.claims()
    assert claims.missing() == len(seed_texts())
    assert claims.complete()
    wait_for(claims)
    assert not claims.completing() or claims.missing() == 0
    project_file.close()
    assert stored_entries(path) == stored_entries(tmp_path / "imported.briefing")
    assert sound(path)


def test_closing_the_project_stops_its_completion(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path, seed_texts()).close()
    damaged(path)
    project_file = open_project(path)
    claims = project_file.claims()
    assert claims.complete() and claims.completing()
    project_file.close()
    assert not claims.completing()
    assert sound(path)  # whatever it had written is whole: the rest is completed later
    reopened = open_project(path)
    assert reopened.index_claims(100) == 0
    project = reopened.project
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    reopened.close()


def test_edits_made_while_a_completion_works_are_never_undone_by_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The completion reads a batch, works out its terms, then writes: the window may have
    # removed an article, read one again or imported one meanwhile (here, while the terms of
    # the first batch are worked out). It runs in this process here, to edit at that moment.
    path = tmp_path / "p.briefing"
    make(path, seed_texts()).close()
    damaged(path)
    project_file = open_project(path)
    project = project_file.project
    claims = project_file.claims()
    edited: list[bool] = []
    working_out = claim_index.article_terms

    def edit_meanwhile(text: str):  # type: ignore[no-untyped-def]
        if not edited:
            edited.append(True)
            project.remove_article(1)
            project.reread_article(2, ImportedArticle(text=TEXTS[2] + " It said more.",
                                                      title="T1", source_file="1.txt"))  # fmt: skip
            project.add_article(ImportedArticle(text=TEXTS[0] + " Later.", title="New",
                                                source_file="new.txt"))  # fmt: skip
        return working_out(text)

    monkeypatch.setattr(claim_index, "article_terms", edit_meanwhile)
    stop = threading.Event()
    claim_index.complete_index(partial(_connect, path), 200_000, stop, os.getppid(), (0, 1))
    assert edited and claims.missing() == 0
    project_file.close()
    assert sound(path)
    reopened = open_project(path)
    project = reopened.project
    assert reopened.claims().missing() == 0
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    reopened.close()


def test_without_a_process_to_complete_it_the_index_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    damaged(path)
    project_file = open_project(path)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(claim_index, "Completion", refused)
    claims = project_file.claims()
    assert not claims.complete() and not claims.completing()
    while project_file.index_claims(2):  # what the window then does in idle moments
        pass
    assert claims.missing() == 0
    project_file.close()


def test_the_index_size_is_the_number_of_sentences_filed(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    project_file = make(path)
    project = project_file.project
    source = project_file.claims()
    assert source is not None

    def filed() -> int:
        return tables(path)["claim_sentences"]

    assert source.size() == filed() == sum(len(split_sentences(t)) for t in TEXTS)
    edit = project.remove_article(2)
    assert source.size() == filed() < sum(len(split_sentences(t)) for t in TEXTS)
    project.undo(edit)
    assert source.size() == filed()
    for article in project.articles():
        project.remove_article(article.id)
    assert source.size() == filed() == 0
    project_file.close()


def test_a_damaged_index_is_only_marked_by_the_window_and_emptied_by_its_completion(
    tmp_path: Path,
) -> None:
    # Emptying 470,000 sentences' rows held the window a quarter of a second: the window
    # marks the index, which answers as an empty one until a completion empties it.
    path = tmp_path / "p.briefing"
    make(path, seed_texts()).close()
    damaged(path)
    filed = tables(path)
    project_file = open_project(path)
    claims = project_file.claims()
    assert claims.missing() == len(seed_texts()) and claims.size() == 0
    assert tables(path) == filed  # not emptied by the window
    assert not claims.postings("iran") and not claims.frequencies(["iran"])
    assert not claims.spans([1, 2, 3]) and not list(claims.sentences())
    project = project_file.project
    stored = CorroborationIndex(claims, project.article)
    assert all(not matches for matches in answers(stored, project).values())
    project_file.close()

    reopened = open_project(path)  # closed before it was emptied: still to be made again
    claims = reopened.claims()
    assert claims.missing() == len(seed_texts())
    claim_index.complete_index(partial(_connect, path), 200_000, threading.Event(), os.getppid())
    claims.changed()  # as a completion at work has it do (here, run in this process)
    assert claims.missing() == 0
    make(tmp_path / "fresh.briefing", seed_texts()).close()
    assert tables(path) == tables(tmp_path / "fresh.briefing")
    project = reopened.project
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    reopened.close()
    assert sound(path)


def test_an_import_into_a_marked_index_empties_it_first(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path, seed_texts()).close()
    damaged(path)
    project_file = open_project(path)
    claims = project_file.claims()
    project = project_file.project
    project.add_article(ImportedArticle(text=TEXTS[0] + " Later.", title="New",
                                        source_file="new.txt"))  # fmt: skip
    assert claims.missing() == len(seed_texts())  # the new one is filed, in a new index
    assert tables(path)["claim_articles"] == 1
    while project_file.index_claims(3):
        pass
    assert answers(project_index(project), project) == answers(in_memory(project), project)
    project_file.close()
    assert sound(path)
