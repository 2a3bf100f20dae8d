"""The project file's full-text index: kept in step with every edit, never trusted blindly,
and giving the same hits as reading every article."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.analysis.search import search, search_project
from briefing.analysis.search_query import parse_query
from briefing.core.records import ImportedArticle
from briefing.store import ProjectFileError, claim_index, open_project, schema, search_index
from briefing.store.opening import create_location, open_location
from briefing.store.server_search import to_tsquery

TEXTS = [
    "Iran has supplied Russia with ballistic missiles, officials said.",
    "Drones over Kyiv: the Shahed-136 kamikaze drones struck again.",
    "Le café de Téhéran ; cafe\u0301 au lait. 弾道ミサイルを供与。 می\u200cگوید",
]


def make(path: Path | str, texts: list[str] = TEXTS):  # type: ignore[no-untyped-def]
    project_file = create_location(path)
    articles = [
        ImportedArticle(text=t, title=f"T{n}", source_file=f"{n}.txt") for n, t in enumerate(texts)
    ]
    project_file.project.add_articles(articles)
    return project_file


def ids(project_file, query: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {h.article_id for h in search_project(project_file.project, parse_query(query)).hits}


def candidates(backend, expression: str) -> list[int] | None:  # type: ignore[no-untyped-def]
    found = backend.search_candidates(expression)
    return None if found is None else list(found)


def test_the_index_follows_imports_removals_rereads_and_undo(location: str) -> None:
    project_file = make(location)
    project = project_file.project
    backend = project_file
    assert backend.unindexed() == 0
    assert candidates(backend, '"drones"') == [2]
    assert ids(project_file, "cafe") == {3} and ids(project_file, "弾道") == {3}
    edit = project.remove_article(2)
    assert candidates(backend, '"drones"') == []
    project.undo(edit)
    assert candidates(backend, '"drones"') == [2]
    project.reread_article(2, ImportedArticle(text="No more of those.", title="x", source_file="x"))
    assert candidates(backend, '"drones"') == [] and ids(project_file, "those") == {2}
    project.update_article(2, title="Renamed")  # metadata only: the index is not touched
    assert ids(project_file, "those") == {2}
    project_file.close()
    reopened = open_location(location)
    assert ids(reopened, "those") == {2} and reopened.unindexed() == 0
    reopened.close()


def test_a_project_from_before_the_index_is_searched_then_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=3)
    conn.execute("INSERT INTO articles (id, title, content_hash, text) VALUES (1, 'Old', 'h', ?)",
                 (TEXTS[1],))  # fmt: skip
    conn.execute("INSERT INTO settings (id, title) VALUES (1, 'Old')")
    conn.close()
    project_file = open_project(path)
    assert project_file.unindexed() == 1  # opening never builds it
    assert ids(project_file, "drones") == {1}  # searched without the index meanwhile
    assert project_file.index_more(10) == 0 and project_file.unindexed() == 0
    assert candidates(project_file, '"drones"') == [1]
    project_file.close()


def test_a_damaged_index_is_made_again_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE search_index_data SET block = zeroblob(40) WHERE id > 1")
    conn.commit()
    conn.close()
    project_file = open_project(path)
    assert project_file.unindexed() == 3  # emptied, to be built again
    assert ids(project_file, "drones") == {2}
    project_file.close()


def test_an_index_made_differently_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE search_index; CREATE VIRTUAL TABLE search_index USING fts5(words, "
        "content='', detail=none, tokenize='porter');"
    )
    conn.close()
    with pytest.raises(ProjectFileError, match="search_index .made differently."):
        open_project(path)


WORDS = ["iran", "Iran's", "drone", "drones", "café", "cafe\u0301", "ＤＲＯＮＥ", "弾道", "missile",
         "misSILES", "defence", "defense", "می\u200cگوید", "straße", "x_y"]  # fmt: skip
QUERIES = ["iran", "drone*", '"ballistic missile"', "cafe", "弾道", "defence OR defense", "misS*",
           "-iran drone", "strasse", "x_y", "ＤＲＯＮＥ"]  # fmt: skip


@pytest.fixture
def stored(location: str):  # type: ignore[no-untyped-def]
    project_file = create_location(location)
    yield project_file
    project_file.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=6),
    st.lists(st.sampled_from(QUERIES), min_size=1, max_size=3),
)  # fmt: skip
def test_the_index_gives_the_hits_a_full_scan_gives(stored, texts, queries) -> None:  # type: ignore[no-untyped-def]
    # One project for every example (a server database each would be slow): each example adds
    # its articles to those before, and the index must still agree with reading them all.
    project = stored.project
    first = len(project.articles())
    project.add_articles([
        ImportedArticle(text=" ".join(words) + f" ({first + n}).", title="T", source_file="t")
        for n, words in enumerate(texts)
    ])  # fmt: skip
    for text in queries:
        query = parse_query(text)
        indexed = search_project(project, query).hits
        scanned = search(project, query).hits
        assert indexed == scanned, text


@pytest.mark.parametrize(
    ("expression", "tsquery"),
    [
        ('"drones"', "'drones'"),
        ('("missil"* OR "uav")', "( 'missil':* | 'uav' )"),
        ('("ballistic" AND "missiles") NOT "iran"', "( 'ballistic' & 'missiles' ) & ! 'iran'"),
    ],
)
def test_a_search_expression_reads_as_a_tsquery_of_the_same_meaning(
    expression: str, tsquery: str
) -> None:
    assert to_tsquery(expression) == tsquery


def test_every_query_of_the_language_becomes_a_tsquery() -> None:
    for text in QUERIES:
        assert to_tsquery(parse_query(text).fts())


def test_a_read_only_project_uses_its_index_only_when_sound(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    looking = open_project(path, read_only=True)
    assert candidates(looking, '"drones"') == [2]
    looking.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE search_index_data SET block = zeroblob(40) WHERE id > 1")
    conn.commit()
    conn.close()
    looking = open_project(path, read_only=True)
    assert looking.search_candidates('"drones"') is None  # every article is read instead
    assert ids(looking, "drones") == {2}
    looking.close()


def test_a_read_only_project_does_not_trust_an_index_listing_an_article_that_is_gone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    conn = sqlite3.connect(path)  # removed behind the index's back: its entry stays
    conn.execute("DELETE FROM articles WHERE id = 2")
    conn.commit()
    conn.close()
    looking = open_project(path, read_only=True)
    assert looking.search_candidates('"drones"') is None  # every article is read instead
    assert ids(looking, "iran") == {1}
    looking.close()


def test_a_read_only_search_leaves_the_corroboration_index_unchecked_till_it_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    conn = sqlite3.connect(path)  # the corroboration index damaged: a sentence of it lost
    conn.execute("DELETE FROM claim_sentences WHERE id = (SELECT min(id) FROM claim_sentences)")
    conn.commit()
    conn.close()
    checked: list[bool] = []
    check = claim_index.healthy
    monkeypatch.setattr(
        claim_index, "healthy", lambda *a, **k: checked.append(check(*a, **k)) or checked[-1]
    )
    looking = open_project(path, read_only=True)
    assert ids(looking, "drones") == {2}
    assert checked == []  # the search did not wait for its check
    assert looking.claims() is None  # asked for: checked, found damaged and not used
    assert checked == [False]
    looking.close()


def test_the_spot_check_draws_indexed_articles_at_random(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    many(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM search_index_docsize WHERE id % 3 = 0")  # these not held
    held = {row[0] for row in conn.execute("SELECT id FROM search_index_docsize")}
    texts = dict(conn.execute("SELECT id, text FROM articles"))
    seen: set[int] = set()
    for _ in range(20):
        drawn = search_index._drawn(conn, 5)
        assert 1 <= len(drawn) <= 5
        assert all(article_id in held and texts[article_id] == text for article_id, text in drawn)
        seen.update(article_id for article_id, _ in drawn)
    assert len(seen) > 10  # not the same few every time
    conn.close()


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pages of 4 candidate ids, then 16: the sizes of each page read are noted."""
    monkeypatch.setattr(search_index, "_FIRST_PAGE", 4)
    monkeypatch.setattr(search_index, "_LARGEST_PAGE", 16)
    sizes: list[int] = []
    page = search_index._page

    def noted(conn, expression, after, size):  # type: ignore[no-untyped-def]
        found = page(conn, expression, after, size)
        sizes.append(len(found))
        return found

    monkeypatch.setattr(search_index, "_page", noted)
    return sizes


def many(path: Path) -> Any:
    """70 articles, every third without the word "drones"."""
    texts = [("Drones again" if n % 3 else "Nothing here") + f" ({n})." for n in range(70)]
    return make(path, texts)


def test_candidates_are_read_a_page_at_a_time_in_order(
    tmp_path: Path, small_pages: list[int]
) -> None:
    project_file = many(tmp_path / "p.briefing")
    expected = [a.id for a in project_file.project.articles() if "Drones" in a.text]
    assert candidates(project_file, '"drones"') == expected
    assert small_pages == [4, 16, 16, 10]  # 46 ids: 4, 16, 16 and the rest
    small_pages.clear()
    # A search that stops at its limit reads only the pages it needs.
    found = search_project(project_file.project, parse_query("drones"), limit=3, count_all=False)
    assert [h.article_id for h in found.hits] == expected[:3] and not found.complete
    assert small_pages == [4]
    project_file.close()


def test_an_index_failing_after_its_first_page_leaves_every_later_article_a_candidate(
    tmp_path: Path, small_pages: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    project_file = many(tmp_path / "p.briefing")
    project = project_file.project
    page = search_index._page

    def failing(conn, expression, after, size):  # type: ignore[no-untyped-def]
        if after:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return page(conn, expression, after, size)

    monkeypatch.setattr(search_index, "_page", failing)
    query = parse_query("drones")
    assert search_project(project, query).hits == search(project, query).hits
    project_file.close()


def fts_setting(path: Path, table: str, key: str) -> int | None:
    conn = sqlite3.connect(path)
    row = conn.execute(f"SELECT v FROM {table}_config WHERE k = ?", (key,)).fetchone()
    conn.close()
    return None if row is None else int(row[0])


def test_merging_in_idle_stops_commits_merging_and_leaves_every_word_found(tmp_path: Path) -> None:
    from briefing.store import index_merging

    path = tmp_path / "p.briefing"
    project_file = make(path)
    assert fts_setting(path, search_index.TABLE, "automerge") is None  # FTS5's own merging
    project_file.merge_indexes(16)
    for n in range(12):  # a segment per index each time
        project_file.project.add_articles(
            [ImportedArticle(text=f"ballistic word{n} drones", title=f"N{n}", source_file=f"n{n}")]
        )
    for table in index_merging.TABLES:
        assert fts_setting(path, table, "automerge") == 0
        assert fts_setting(path, table, "crisismerge") == index_merging.CRISIS_MERGE
    calls = 1
    while project_file.merge_indexes(4):  # segments left to merge: a few pages at a time
        calls += 1
        assert calls < 200
    assert calls > 1
    assert not project_file.merge_indexes(4)
    assert search_index.healthy(project_file._conn, samples=50)
    assert len(ids(project_file, "ballistic")) == 13
    assert ids(project_file, "word7") == {project_file.project.articles()[-5].id}
    project_file.close()


def test_a_read_only_project_is_not_merged(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make(path).close()
    project_file = open_project(path, read_only=True)
    assert not project_file.merge_indexes(16)
    project_file.close()
    assert fts_setting(path, search_index.TABLE, "automerge") is None
