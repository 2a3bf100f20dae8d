"""One path for every edit: the hub's `changed` reaches every view, whoever made the edit, and
no view depends on the order in which the views were connected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui_helpers import make_window, press, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.core.edit import Edit, PassageChange
from briefing.core.records import Passage
from briefing.core.tagging import SpanToTag, new_passage
from briefing.gui.articles_model import DETAILS_ROLE
from briefing.gui.main_window import MainWindow
from briefing.importers.sample import create_sample_project

DRONES = "hundreds of kamikaze drones"
MISSILES = "ballistic missiles"


def views(window: MainWindow) -> list:
    """The hub's followers (asking for a side pane makes it, and it follows the hub)."""
    return [
        window.articles_model, window.passages_model, window.codebook_model, window.reader,
        window.settings_pane, window.suggestions, window.corroboration, window.preview,
        window.search_pane, window,
    ]  # fmt: skip


def rewire_in_reverse(window: MainWindow) -> None:
    """The main window's connections to the hub and to the current passage, made backwards."""
    hub, current = window.hub, window.hub.current
    followers = views(window)  # made before the connections go: a pane made connects itself
    for signal in (hub.opened, hub.changed, current.article_changed, current.passage_changed):
        signal.disconnect()
    for view in reversed(followers):
        hub.changed.connect(view.on_change)
        hub.opened.connect(view.on_opened)
    followers = [window.articles_pane, window.reader, window.passages_pane,
                 window.suggestions]  # fmt: skip
    for follower in reversed(followers):
        current.article_changed.connect(follower.on_article)
    for chooser in reversed([window.reader, window.passages_pane, window.corroboration]):
        current.passage_changed.connect(chooser.on_passage)
    current.passage_changed.connect(window._update_actions)
    current.article_changed.connect(window._update_actions)


def what_is_shown(window: MainWindow, qtbot: QtBot) -> tuple:
    model = window.suggestions_pane.model
    # The first article's suggestions come a moment after it is painted; codebook changes
    # are worked out a moment later.
    qtbot.waitUntil(lambda: not model.preparing_in_scope(), timeout=5000)
    model.flush()
    # The status bar's counts follow an edit once it is painted.
    qtbot.waitUntil(lambda: not window._recount.isActive(), timeout=3000)
    model, view, project = window.passages_model, window.reader.view, window.session.project
    rows = {
        project.theme(model.theme_id(model.index(r, 0))).name: [
            model.passage_id(model.index(i, 0, model.index(r, 0)))
            for i in range(model.rowCount(model.index(r, 0)))
        ]
        for r in range(model.rowCount())
    }
    marks = sorted(s.passage_id for s in view.marks.all_spans) if view.marks else []
    counts = [
        window.codebook_model.index(r).data() for r in range(window.codebook_model.rowCount())
    ]
    return (
        rows, marks, counts, window.hub.current.passage_id, view.current_passage_id,
        window.passages_pane.current_passage(), window.corroboration.passage_id,
        window.counts_label.text(), window.main_actions.delete_passage_action.isEnabled(),
        window.suggestions_pane.model.total(),
    )  # fmt: skip


def a_session_of_edits(window: MainWindow, qtbot: QtBot) -> list[tuple]:
    view, project = window.reader.view, window.session.project
    seen = []
    for quote, key in ((DRONES, Qt.Key.Key_2), (MISSILES, Qt.Key.Key_1)):
        select_text(view, quote)
        press(qtbot, view, key)
        seen.append(what_is_shown(window, qtbot))
    window.main_actions.delete_passage_action.trigger()  # the current one: missiles
    seen.append(what_is_shown(window, qtbot))
    window.main_actions.undo_action.trigger()
    seen.append(what_is_shown(window, qtbot))
    window.hub.run(lambda: project.rename_theme(project.theme_named("drones").id, "UAVs"))
    seen.append(what_is_shown(window, qtbot))
    window.main_actions.undo_action.trigger()
    window.main_actions.undo_action.trigger()  # the missiles passage goes again, by undo
    seen.append(what_is_shown(window, qtbot))
    return seen


def sample_copy(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "Sample.briefing"
    create_sample_project(path).close()
    return path


def test_the_views_show_the_same_whatever_order_they_were_connected_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    forwards = make_window(qtbot, sample_copy(tmp_path / "forwards"))
    expected = a_session_of_edits(forwards, qtbot)
    forwards.close()
    backwards = make_window(qtbot, sample_copy(tmp_path / "backwards"))
    rewire_in_reverse(backwards)
    assert a_session_of_edits(backwards, qtbot) == expected
    backwards.close()


def test_an_undo_that_removes_the_current_passage_clears_it_everywhere(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = window.reader.view
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    [passage] = window.session.project.passages()
    assert window.hub.current.passage_id == passage.id == view.current_passage_id
    window.main_actions.undo_action.trigger()
    assert window.hub.current.passage_id is None
    assert view.current_passage_id is None and window.passages_pane.current_passage() is None
    assert window.corroboration.current() is None
    assert not window.main_actions.delete_passage_action.isEnabled()


def test_another_analysts_edit_reaches_every_view_by_the_same_path(
    window: MainWindow, qtbot: QtBot
) -> None:
    """As a shared project's change log will deliver it: stored elsewhere, received here."""
    project = window.session.project
    window.side_tabs.setCurrentWidget(window.preview)
    article = project.article(window.reader.article_id)
    start = article.text.index(DRONES)
    drones = project.theme_named("drones").id
    passage: Passage = new_passage(
        project, 99, SpanToTag(article.id, start, start + len(DRONES), (drones,)), "from Ana"
    )
    heard = []
    window.hub.changed.connect(heard.append)
    project.receive(Edit("Tag passage as drones", (PassageChange(99, None, passage),)))

    assert [a.origin.value for a in heard] == ["remote"]
    assert [s.passage_id for s in window.reader.view.marks.all_spans] == [99]
    assert window.passages_model.indexes_of(99)
    row = window.articles_model.row_of(article.id)
    assert "1 passage" in window.articles_model.index(row).data(DETAILS_ROLE)
    qtbot.waitUntil(lambda: "1 passage" in window.counts_label.text(), timeout=3000)
    drones_row = window.codebook_model.row_of(drones)
    assert "(1)" in window.codebook_model.index(drones_row).data()
    qtbot.waitUntil(lambda: DRONES in window.preview.browser.toPlainText(), timeout=3000)
    assert not window.session.history.canUndo()  # not ours to undo


LEFT_OPEN = """
import sys
from PySide6.QtWidgets import QApplication
from briefing.gui.main_window import MainWindow

app = QApplication([])
window = MainWindow()
window.show()
window.open_initial(None)  # the samples
project = window.session.project
theme = project.themes()[0]
window.hub.run(lambda: project.rename_theme(theme.id, "renamed"))
app.processEvents()
print(window.main_actions.undo_action.text())
"""  # a script that never closes its window: Python tears it down at exit


def test_a_window_left_open_at_exit_goes_quietly(tmp_path: Path) -> None:
    # The session's history goes before the window's actions, emptying itself as it goes;
    # the Undo action heard of it and asked the half-destroyed history for its text.
    script = tmp_path / "left_open.py"
    script.write_text(LEFT_OPEN)
    env = {**os.environ, "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "&Undo Rename “missiles” to “renamed”"
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
