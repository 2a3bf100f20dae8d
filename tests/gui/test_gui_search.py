"""The Search pane: find across every article without blocking, open a hit in the reader,
tag hits (selected or all) as one undoable edit."""

from __future__ import annotations

import sqlite3

import pytest
from gui_helpers import make_window, project_with
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui import search_pane
from briefing.gui.main_window import MainWindow
from briefing.gui.search_pane import ARTICLE_ROLE, HIT_ROLE
from briefing.store import schema

TEXTS = [
    ("Drones report", "Iran supplied Russia with kamikaze drones. The drones struck Kyiv.\n\n"
     "Officials in Kyiv said more drones would come."),
    ("Missiles report", "Iran supplied Russia with ballistic missiles, officials said."),
    ("Café report", "Le café de Téhéran; cafe\u0301 noir 😀 — drones overhead."),
]  # fmt: skip


def open_window(qtbot: QtBot, tmp_path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, project_with(tmp_path / "s.briefing", *TEXTS))


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.main_actions.find_everywhere_action.trigger()
    pane = window.search_pane
    assert window.side_tabs.currentWidget() is pane
    pane.field.setText(text)
    qtbot.waitUntil(lambda: pane.search.state.text == text and pane.search.state.finished)


def test_hits_grouped_by_article_with_the_total(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "drone*")
    pane = window.search_pane
    assert pane.summary.text() == "4 hits in 2 articles"
    rows = [pane.model.index(r, 0) for r in range(pane.model.rowCount())]
    assert [pane.model.rowCount(r) for r in rows] == [3, 1]
    assert rows[0].data().startswith("Drones report") and "(3 hits)" in rows[0].data()
    first = pane.model.index(0, 0, rows[0]).data(HIT_ROLE)
    article = window.session.project.article(first.article_id)
    assert article.text[first.start : first.end] == first.text == "drones"
    search(qtbot, window, "cafe")
    hits = pane.search.state.hits  # precomposed and combining accents alike
    assert [h.text for h in hits] == ["café", "cafe\u0301"]
    assert pane.model.index(0, 0).data(ARTICLE_ROLE) == hits[0].article_id


def test_enter_opens_the_hit_and_the_reader_marks_the_others(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "kyiv")
    pane = window.search_pane
    tree = pane.tree
    tree.setCurrentIndex(pane.model.index(1, 0, pane.model.index(0, 0)))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    hit = pane.search.state.hits[1]
    view = window.reader.view
    assert window.reader.article_id == hit.article_id
    assert view.selection_range() == (hit.start, hit.end)
    assert view.search_hits == [(h.start, h.end) for h in pane.search.state.hits]


def test_tag_selected_hits_with_a_key_and_all_hits_as_one_undo_step(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    project = window.session.project
    search(qtbot, window, "drones")
    pane = window.search_pane
    tree = pane.tree
    tree.setCurrentIndex(pane.model.index(0, 0, pane.model.index(0, 0)))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_2)  # theme 2: drones
    [passage] = project.passages()
    assert passage.quote == "drones" and project.theme(passage.theme_ids[0]).name == "drones"
    pane.sentence.setChecked(True)
    pane.tag_all(project.theme_named("missiles").id)
    quotes = sorted(p.quote for p in project.passages())
    assert "The drones struck Kyiv." in quotes and len(project.passages()) == 5  # 1 + 4 sentences
    window.main_actions.undo_action.trigger()  # the whole "tag all" at once
    assert [p.quote for p in project.passages()] == ["drones"]
    window.close()


def test_a_malformed_query_says_how_to_fix_it(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, '"unclosed')
    pane = window.search_pane
    assert "closing quotation mark" in pane.summary.text() and pane.model.rowCount() == 0
    assert not pane.tag_all_button.isEnabled()


def test_filters_and_a_new_article_run_the_search_again(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "iran")
    pane = window.search_pane
    assert pane.search.state.articles == 2
    pane.theme_filter.setCurrentIndex(pane.theme_filter.findText("With passages of drones"))
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.articles == 0)
    pane.theme_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.articles == 2)
    from briefing.core.records import ImportedArticle

    window.hub.run(lambda: window.session.project.add_articles(
        [ImportedArticle(text="Iran again.", title="New", source_file="n.txt")]
    ))  # fmt: skip
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.articles == 3)


def test_a_project_from_before_the_index_is_indexed_in_idle_moments(qtbot: QtBot, tmp_path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=3)  # the last version without a search index
    for n, (title, text) in enumerate(TEXTS, start=1):
        conn.execute("INSERT INTO articles (id, title, content_hash, text) VALUES (?, ?, ?, ?)",
                     (n, title, f"h{n}", text))  # fmt: skip
    conn.execute("INSERT INTO settings (id, title) VALUES (1, 'Old')")
    conn.close()
    window = MainWindow()
    qtbot.addWidget(window)
    reports: list[tuple[int, int]] = []
    window.index_builder.progressed.connect(lambda done, total: reports.append((done, total)))
    window.show()
    qtbot.waitExposed(window)
    window.open_initial(path)
    project_file = window.session.stored
    assert reports[0] == (0, 3)  # said at once, in the status bar
    assert window.index_progress.text() == "Indexing for search: 0%"
    assert window.index_progress.toolTip().startswith("0 of 3 articles indexed.")
    qtbot.waitUntil(lambda: project_file.unindexed() == 0)
    qtbot.waitUntil(lambda: window.index_progress.isHidden())
    assert reports[-1] == (3, 3)
    assert sorted(project_file.search_candidates('"drones"') or []) == [1, 3]
    search(qtbot, window, "drones")
    assert window.search_pane.summary.text() == "4 hits in 2 articles"


def test_a_tag_runs_a_search_filtered_by_theme_again(qtbot: QtBot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "iran")
    pane = window.search_pane
    pane.theme_filter.setCurrentIndex(pane.theme_filter.findText("With passages of drones"))
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.articles == 0)
    project = window.session.project
    article = project.articles()[0]
    start = article.text.index("Iran")
    window.hub.run(
        lambda: project.tag(article.id, start, start + 4, [project.theme_named("drones").id])
    )
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.articles == 1)
    window.close()


def test_an_article_with_many_hits_is_listed_closed(
    qtbot: QtBot, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thousands of hits in one article, laid out at once, froze the window for a second.
    monkeypatch.setattr(search_pane, "EXPANDED_HITS", 2)
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "drone*")
    pane = window.search_pane
    rows = [pane.model.index(r, 0) for r in range(pane.model.rowCount())]
    assert [pane.model.rowCount(r) for r in rows] == [3, 1]
    assert [pane.tree.isExpanded(r) for r in rows] == [False, True]


def test_the_outlet_filter_follows_imports_edits_removals_and_undo(qtbot: QtBot, tmp_path) -> None:
    from briefing.core.records import ImportedArticle

    window = open_window(qtbot, tmp_path)
    project = window.session.project
    pane = window.search_pane

    def offered() -> list[str]:
        return [pane.outlet.itemText(i) for i in range(1, pane.outlet.count())]

    def outlets() -> list[str]:
        return sorted({a.outlet for a in project.articles() if a.outlet})

    assert offered() == outlets() == []
    window.hub.run(lambda: project.add_articles([
        ImportedArticle(text="Iran again.", title="A", source_file="a.txt", outlet="Reuters"),
        ImportedArticle(text="Iran more.", title="B", source_file="b.txt", outlet="AP"),
        ImportedArticle(text="Iran still.", title="C", source_file="c.txt", outlet="AP"),
    ]))  # fmt: skip
    assert offered() == outlets() == ["AP", "Reuters"]
    pane.outlet.setCurrentIndex(pane.outlet.findText("Reuters"))
    first, second, third = (a.id for a in project.articles()[-3:])
    window.hub.run(lambda: project.update_article(first, outlet="TASS"))
    assert offered() == outlets() == ["AP", "TASS"]
    assert pane.outlet.currentIndex() == 0  # Reuters is gone: any outlet
    window.hub.run(lambda: project.remove_article(second))
    assert offered() == outlets() == ["AP", "TASS"]  # the third is from AP too
    window.hub.run(lambda: project.remove_article(third))
    assert offered() == outlets() == ["TASS"]
    for _ in range(3):
        window.main_actions.undo_action.trigger()
    assert offered() == outlets() == ["AP", "Reuters"]


def test_the_pane_finds_what_reading_every_article_finds(qtbot: QtBot, tmp_path) -> None:
    """The pane reads only the articles the index names, as it goes: its hits, counts and
    progress are those of reading every article, with a theme filter too."""
    import random

    from briefing.analysis.search import Filters
    from briefing.analysis.search import search as read_every_article
    from briefing.analysis.search_query import parse_query

    rng = random.Random(3)
    words = ["Iran", "drones", "missiles", "Kyiv", "café", "sanctions", "Tehran", "oil"]
    texts = [(f"Report {n}", f"{n}: " + " ".join(rng.choices(words, k=rng.randrange(1, 12))))
             for n in range(40)]  # fmt: skip
    window = make_window(qtbot, project_with(tmp_path / "many.briefing", *texts))
    project = window.session.project
    drones = project.theme_named("drones").id
    for article in project.articles()[::3]:
        window.hub.run(lambda a=article: project.tag(a.id, 0, 1, [drones]))
    pane = window.search_pane
    for text in ["drones", "iran missiles", '"Kyiv café"', "oil OR sanctions", "absent"]:
        for filtered in (False, True):
            pane.theme_filter.setCurrentIndex(
                pane.theme_filter.findText("With passages of drones") if filtered else 0
            )
            search(qtbot, window, text)
            qtbot.waitUntil(lambda: pane.search.state.finished)
            state = pane.search.state
            filters = Filters(with_theme=drones) if filtered else Filters()
            expected = read_every_article(project, parse_query(text), filters)
            assert (state.hits, state.total, state.articles) == (
                tuple(expected.hits),
                expected.total,
                expected.articles,
            ), (text, filtered)
            assert state.done == state.of == len(project.articles())
    window.close()


def test_what_the_pane_says_it_found_is_for_the_words_it_names(qtbot: QtBot, tmp_path) -> None:
    """A filter changed runs the search at once; words typed meanwhile wait for the pause.
    Every report names the words of the search that found its hits, not the next one's."""
    window = open_window(qtbot, tmp_path)
    search(qtbot, window, "drones")
    pane = window.search_pane
    reports: list[tuple[str, set[str]]] = []
    pane.search.changed.connect(
        lambda state: reports.append((state.text, {h.text.casefold() for h in state.hits}))
    )
    pane.theme_filter.setCurrentIndex(pane.theme_filter.findText("Without passages of drones"))
    qtbot.keyClicks(pane.field, "x")  # "dronesx": waits for the pause
    pane.field.setText("iran")
    qtbot.waitUntil(lambda: pane.search.state.text == "iran" and pane.search.state.finished)
    assert {text for text, _ in reports} >= {"drones", "iran"}
    for text, found in reports:
        assert found <= {text}, (text, found)
    window.close()
