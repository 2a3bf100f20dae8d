"""Corroboration in the Passages pane: other reports of a passage, linked with one click."""

from __future__ import annotations

import sqlite3

import pytest
from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from briefing.core.records import ImportedArticle
from briefing.gui import corroboration_panel
from briefing.gui.main_window import MainWindow
from briefing.gui.passages_model import LINK_MARK, QUOTE

NATO_DRONES = "Iran has supplied Russia with hundreds of kamikaze drones"
G7_DRONES = "Iran has already provided Russia with hundreds of kamikaze drones"
NATO_REUTERS = "In February, Reuters reported that Iran had provided Russia"


def tag_in_nato(window: MainWindow, qtbot: QtBot, needle: str, key: Qt.Key) -> int:
    """Open the NATO article, tag the whole sentence holding `needle`; the new passage's id."""
    project = window.session.project
    nato = project.find_article("NATO")
    window.articles_pane.select_article(nato.id)
    view = window.reader.view
    start = nato.text.index(needle)
    end = nato.text.index(".", start + len(needle)) + 1
    select_text(view, nato.text[start:end])
    press(qtbot, view, key)
    [passage] = [p for p in project.passages_of(nato.id) if p.start == start]
    assert window.passages_pane.current_passage() == passage.id
    panel = window.passages_pane.corroboration
    assert panel.passage_id == passage.id
    # The index is asked a moment later, not while the tag is being shown.
    qtbot.waitUntil(lambda: not panel.looking(), timeout=5000)
    return passage.id


def test_add_a_candidate_as_corroboration_with_undo(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    passage_id = tag_in_nato(window, qtbot, NATO_DRONES, Qt.Key.Key_2)
    panel = window.passages_pane.corroboration
    assert panel.passage_id == passage_id
    texts = [b.parent().findChildren(type(panel.heading)) for b in panel.add_buttons]
    labels = [" ".join(label.text() for label in found) for found in texts]
    [g7_row] = [text for text in labels if G7_DRONES in text]
    assert "origin: Trend" in g7_row and "G7 cautions Iran" in g7_row
    assert "2 reports" in panel.summary.text()

    qtbot.mouseClick(panel.add_buttons[labels.index(g7_row)], Qt.MouseButton.LeftButton)
    g7 = project.find_article("G7")
    [linked] = project.corroborators(passage_id)
    assert linked.article_id == g7.id and linked.quote.startswith(G7_DRONES)
    assert linked.theme_ids == project.passage(passage_id).theme_ids
    assert "Add corroboration" in window.statusBar().currentMessage()
    # Now a linked report, no longer a candidate; the tree marks the link.
    assert panel.passage_id == passage_id
    assert not any(G7_DRONES in b.parent().findChildren(type(panel.heading))[0].text()
                   for b in panel.add_buttons)  # fmt: skip
    assert "Linked reports" in [w.text() for w in panel.rows.findChildren(type(panel.heading))]
    window.passages_pane.set_show_all(True)
    model = window.passages_model
    [row] = model.indexes_of(linked.id)
    assert str(model.data(row.siblingAtColumn(QUOTE))).startswith(LINK_MARK)
    assert "Corroborates" in model.data(row, Qt.ItemDataRole.ToolTipRole)

    window.main_actions.undo_action.trigger()
    assert project.corroborators(passage_id) == []
    assert len(project.passages()) == 1
    window.main_actions.redo_action.trigger()
    assert [p.quote for p in project.corroborators(passage_id)] == [linked.quote]


def test_the_reuters_claim_has_one_independent_origin(window: MainWindow, qtbot: QtBot) -> None:
    tag_in_nato(window, qtbot, NATO_REUTERS, Qt.Key.Key_1)
    panel = window.passages_pane.corroboration
    summary = panel.summary.text()
    assert "2 reports" in summary and "1 independent origin (Reuters)" in summary
    assert panel.hint.isHidden()  # one origin: nothing to suggest


def test_independent_origins_suggest_a_grade_never_set_it(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    passage_id = tag_in_nato(window, qtbot, NATO_DRONES, Qt.Key.Key_2)
    panel = window.passages_pane.corroboration
    assert "2 independent origins" in panel.summary.text()
    assert not panel.hint.isHidden()
    assert project.passage(passage_id).credibility == 6  # a hint, not a verdict
    qtbot.mouseClick(panel.grade_hint_button, Qt.MouseButton.LeftButton)
    assert project.passage(passage_id).credibility == 2
    assert panel.hint.isHidden()
    window.main_actions.undo_action.trigger()
    assert project.passage(passage_id).credibility == 6


def test_show_a_linked_report_opens_it(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    passage_id = tag_in_nato(window, qtbot, NATO_DRONES, Qt.Key.Key_2)
    panel = window.passages_pane.corroboration
    panel.add_buttons[0].click()
    [linked] = project.corroborators(passage_id)
    [show] = [
        b for b in panel.rows.findChildren(type(panel.grade_hint_button)) if b.text() == "Show"
    ]
    show.click()
    assert window.reader.article_id == linked.article_id
    assert window.hub.current.passage_id == linked.id
    # The corroborating passage names what it corroborates.
    assert panel.passage_id == linked.id
    qtbot.waitUntil(lambda: not panel.looking(), timeout=5000)
    assert "Corroborates" in [w.text() for w in panel.rows.findChildren(type(panel.heading))]


def reopen_with_a_damaged_index(window: MainWindow) -> None:
    # A damaged index is emptied when the project opens, and completed while the window waits.
    path = window.session.path
    window.lifecycle.set_project_file(None)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM claim_sentences WHERE id = 1")
    conn.commit()
    conn.close()
    assert window.lifecycle.open_project(path)


def test_an_incomplete_index_is_completed_in_the_background(
    window: MainWindow, qtbot: QtBot
) -> None:
    reopen_with_a_damaged_index(window)
    claims = window.session.stored.claims()
    assert claims.missing() == len(window.session.project.articles())
    panel = window.passages_pane.corroboration
    progress: list[tuple[int, int]] = []
    panel.cache.progress.connect(lambda done, total: progress.append((done, total)))
    passage_id = tag_in_nato(window, qtbot, NATO_REUTERS, Qt.Key.Key_1)
    assert panel.passage_id == passage_id
    qtbot.waitUntil(lambda: "Reuters" in panel.summary.text(), timeout=30000)
    assert claims.missing() == 0 and panel.add_buttons and not panel.cache.building()
    total = len(window.session.project.articles())
    assert progress and progress[-1] == (total, total)


def test_where_it_cannot_be_completed_in_the_background_it_is_in_idle_moments(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    reopen_with_a_damaged_index(window)
    claims = window.session.stored.claims()
    asked: list[bool] = []
    monkeypatch.setattr(claims, "complete", lambda: asked.append(True) or False)
    passage_id = tag_in_nato(window, qtbot, NATO_REUTERS, Qt.Key.Key_1)
    panel = window.passages_pane.corroboration
    assert panel.passage_id == passage_id
    qtbot.waitUntil(lambda: "Reuters" in panel.summary.text(), timeout=10000)
    assert asked and claims.missing() == 0 and panel.add_buttons


def test_a_project_without_a_file_is_indexed_in_memory_in_idle_moments(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corroboration_panel, "SYNC_BUILD_CHARS", 0)
    monkeypatch.setattr(window.session.project.backend, "claims", lambda: None)
    tag_in_nato(window, qtbot, NATO_REUTERS, Qt.Key.Key_1)
    panel = window.passages_pane.corroboration
    qtbot.waitUntil(lambda: "Reuters" in panel.summary.text(), timeout=5000)
    assert panel.add_buttons


def test_an_import_that_reports_the_claim_again_is_shown_at_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    tag_in_nato(window, qtbot, NATO_REUTERS, Qt.Key.Key_1)
    panel = window.passages_pane.corroboration
    assert "2 reports" in panel.summary.text()
    project = window.session.project
    window.hub.run(lambda: project.add_article(ImportedArticle(
        text="Kyiv, March 3. In February, Reuters reported that Iran had supplied Russia with "
        "a large number of powerful surface-to-surface ballistic missiles.",
        title="Missiles for Russia", outlet="Kyiv Post", source_file="kyiv.txt",
    )))  # fmt: skip
    qtbot.waitUntil(lambda: "3 reports" in panel.summary.text(), timeout=10000)
    assert not panel.looking()


def test_while_the_opening_is_checked_the_panel_answers_later_without_waiting(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large project opens before all of it is checked; the index is told by those checks
    # whether it is sound. Asking it then made the window wait for them (seconds, at 10,000
    # articles): the panel asks again once they are over.
    backend = window.session.project.backend
    checked = [False]
    monkeypatch.setattr(backend, "settled", lambda wait=0.0: checked[0])
    real_claims = backend.claims
    asked_early: list[bool] = []
    monkeypatch.setattr(
        backend, "claims", lambda: asked_early.append(not checked[0]) or real_claims()
    )
    panel = window.passages_pane.corroboration
    project = window.session.project
    nato = project.find_article("NATO")
    window.articles_pane.select_article(nato.id)
    start = nato.text.index(NATO_REUTERS)
    select_text(window.reader.view, nato.text[start : nato.text.index(".", start) + 1])
    press(qtbot, window.reader.view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: not panel.looking(), timeout=5000)
    assert panel.cache.building() and "Reuters" not in panel.summary.text()
    checked[0] = True
    qtbot.waitUntil(lambda: "Reuters" in panel.summary.text(), timeout=10000)
    assert not panel.cache.building() and not any(asked_early)


def test_a_candidate_is_shown_verbatim(window: MainWindow, qtbot: QtBot) -> None:
    # A quote is shown as plain text: "leaders' warning" once read "leaders&#x27; warning".
    project = window.session.project
    g7 = project.find_article("G7")
    window.articles_pane.select_article(g7.id)
    start = g7.text.index("Leaders of the Group of Seven")
    select_text(window.reader.view, g7.text[start : g7.text.index(".", start) + 1])
    press(qtbot, window.reader.view, Qt.Key.Key_1)
    panel = window.passages_pane.corroboration
    qtbot.waitUntil(lambda: bool(panel.add_buttons), timeout=10000)
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert any("leaders' warning" in text for text in texts), texts
    assert not any("&#x27;" in text for text in texts)
