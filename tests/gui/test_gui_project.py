"""Starting the app, importing, reopening, settings, remembered window state."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window, press, select_text, stored
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.store.locations import recent_projects, sample_project_path


def test_first_run_opens_the_samples(window: MainWindow) -> None:
    assert window.session is not None
    assert window.session.path == sample_project_path()
    assert window.articles_model.rowCount() == 2
    assert window.windowTitle().startswith("Sample project")
    assert window.reader.article_id == window.session.project.articles()[0].id
    assert "ballistic missiles" in window.reader.view.toPlainText()
    assert window.reader.title.text().startswith("G7 cautions Iran")
    assert [a.text() for a in window.main_actions.theme_actions] == [
        "missiles", "drones", "strategic pact", "de-dollarisation",
    ]  # fmt: skip
    assert recent_projects() == [sample_project_path()]
    assert "2 articles" in window.counts_label.text()


def test_import_through_the_file_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "sanctions.txt"
    article.write_text("EU widens sanctions\n\nThe EU widened sanctions on Tuesday.\n")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(article)], "Articles")
    )
    window.main_actions.import_action.trigger()
    project = window.session.project
    qtbot.waitUntil(lambda: len(project.articles()) == 3, timeout=5000)
    assert window.articles_model.rowCount() == 3
    assert window.reader.article_id == project.articles()[-1].id
    assert "Imported 1 article" in window.statusBar().currentMessage()
    window.main_actions.undo_action.trigger()
    assert len(project.articles()) == 2 and window.articles_model.rowCount() == 2


def test_import_reports_skipped_files(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, message_boxes: list
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    window.import_paths([binary])
    qtbot.waitUntil(lambda: not window.importer.running(), timeout=5000)
    assert len(window.session.project.articles()) == 2
    assert message_boxes and "photo.txt" in message_boxes[-1][1]


def test_reopen_in_a_new_window_finds_everything(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.reader.view
    select_text(view, "kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    select_text(view, "kamikaze drones")
    press(qtbot, view, Qt.Key.Key_1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Shahed", True))
    window.codebook_pane.add_action.trigger()
    window.settings_pane.analyst.setText("A. Analyst")
    window.settings_pane.commit()
    window.side_tabs.setCurrentIndex(1)
    # A size the user chose: between the window's minimum and the screen, whatever the fonts.
    available = window.screen().availableGeometry().size()
    minimum = window.minimumSizeHint()
    assert minimum.width() < available.width() and minimum.height() < available.height()
    chosen = (minimum + available) / 2
    window.resize(chosen)
    third = window.splitter.width() // 3
    window.splitter.setSizes([third - 20, third + 10, third + 10])
    sizes = window.splitter.sizes()
    size = window.size()
    window.close()

    again = make_window(qtbot)
    project = again.session.project
    [passage] = project.passages()
    assert passage.quote == "kamikaze drones" and len(passage.theme_ids) == 2
    assert project.themes()[-1].name == "Shahed"
    assert project.settings.analyst == "A. Analyst"
    assert again.settings_pane.analyst.text() == "A. Analyst"
    assert len(again.reader.view.marks.segments) == 1
    assert again.size() == size
    assert again.side_tabs.currentIndex() == 1
    assert all(abs(a - b) <= 16 for a, b in zip(again.splitter.sizes(), sizes, strict=True)), (
        again.splitter.sizes(),
        sizes,
    )
    again.close()


def test_settings_edits_are_undoable(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.settings_pane
    pane.title.setText("Iran and Russia")
    pane.summary.setPlainText("Line one.\nLine two.")
    pane.commit()
    project = window.session.project
    assert project.settings.title == "Iran and Russia"
    assert project.settings.summary == "Line one.\nLine two."
    window.main_actions.undo_action.trigger()
    assert pane.title.text() == project.settings.title != "Iran and Russia"


def test_article_properties(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.gui import dialogs
    from briefing.gui.article_dialog import ArticleEdit

    monkeypatch.setattr(
        dialogs,
        "edit_article",
        lambda parent, article, source=None: ArticleEdit(
            {
                "title": "G7 warning",
                "outlet": "Trend",
                "author": "",
                "published": "2024-06-14",
            }
        ),
    )
    article_id = window.articles_pane.selected_article()
    window.main_actions.properties_action.trigger()
    assert window.session.project.article(article_id).title == "G7 warning"
    assert window.reader.title.text() == "G7 warning"
    assert window.articles_model.index(0).data() == "G7 warning"
    window.main_actions.undo_action.trigger()
    assert window.reader.title.text().startswith("G7 cautions")


def test_filter_box(window: MainWindow) -> None:
    window.articles_pane.filter.setText("NATO")
    assert window.articles_pane.proxy.rowCount() == 1
    window.articles_pane.filter.clear()
    assert window.articles_pane.proxy.rowCount() == 2


def test_new_project_and_open(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.main_actions.new_action.trigger()
    assert window.session.path == tmp_path / "fresh.briefing"
    assert window.articles_model.rowCount() == 0
    assert window.articles_pane.stack.currentIndex() == 1  # the "drop files here" hint
    assert window.reader.article_id is None

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(sample_project_path()), "")
    )
    window.main_actions.open_action.trigger()
    assert window.session.path == sample_project_path()
    assert window.articles_model.rowCount() == 2


def test_opening_a_bad_file_says_why(
    window: MainWindow, tmp_path: Path, message_boxes: list
) -> None:
    bad = tmp_path / "notes.briefing"
    bad.write_text("not a database")
    assert not window.lifecycle.open_project(bad)
    assert "notes.briefing" in message_boxes[-1][1]
    assert window.session.path == sample_project_path()


def test_dropping_files_imports_them(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    article = tmp_path / "dropped.txt"
    article.write_text("Dropped article\n\nDrones were seen over the port.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    enter = QDragEnterEvent(
        QPointF(20, 20).toPoint(), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: len(window.session.project.articles()) == 3, timeout=5000)
    assert window.session.project.articles()[-1].title == "Dropped article"


def test_keyboard_reaches_every_pane(window: MainWindow) -> None:
    shortcuts = {a.shortcut().toString() for a in window.main_actions.focus_actions}
    assert shortcuts == {"Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6"}
    window.main_actions.focus_actions[3].trigger()
    assert window.side_tabs.currentWidget() is window.codebook_pane
    actions = window.main_actions
    keys = {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in [actions.import_action, actions.export_action, actions.find_action,
                  actions.delete_passage_action, actions.undo_action, actions.redo_action,
                  actions.save_as_action, actions.quit_action, window.codebook_pane.rename_action]
    }  # fmt: skip
    assert keys["Import articles…"] == "Ctrl+I"
    assert keys["Export briefing…"] == "Ctrl+E"
    assert keys["Find in article…"] == "Ctrl+F"
    assert keys["Delete passage"] == "Del"
    assert keys["Rename theme…"] == "F2"
    assert window.main_actions.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert [a.shortcut().toString() for a in window.main_actions.theme_actions] == [
        "1",
        "2",
        "3",
        "4",
    ]
    assert (
        window.main_actions.export_action.isEnabled()
        and "Ctrl+E" in window.main_actions.export_action.toolTip()
    )


def test_entry_point_pieces(tmp_path: Path) -> None:
    import logging

    from briefing.gui import app

    project, text = tmp_path / "x.briefing", tmp_path / "a.txt"
    assert app.split_files(app.parse_args([str(text), str(project)]).files) == (project, [text])
    assert app.split_files(app.parse_args([]).files) == (None, [])
    log_file = app.setup_logging()
    logging.getLogger("briefing.test").warning("hello log")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "hello log" in log_file.read_text()
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", None) == str(log_file):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_remove_article_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    view = window.reader.view
    select_text(view, "kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    project = window.session.project
    first = project.articles()[0].id
    window.main_actions.remove_article_action.trigger()  # the confirmation answers Yes
    assert [a.id for a in project.articles()] != [] and first not in {
        a.id for a in project.articles()
    }
    assert project.passages() == []
    assert window.articles_model.rowCount() == 1
    window.main_actions.undo_action.trigger()
    assert window.articles_model.rowCount() == 2
    assert len(project.passages()) == 1


def test_python_dash_m_briefing_runs_the_gui_entry_point() -> None:
    import subprocess
    import sys

    import briefing

    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == briefing.__version__


def test_an_untagged_project_says_how_to_start(window: MainWindow) -> None:
    assert "press 1-9" in window.statusBar().currentMessage()


def reports(folder: Path, count: int) -> list[Path]:
    """Short text files to import, each a report of its own."""
    paths = []
    for n in range(count):
        path = folder / f"report-{n}.txt"
        path.write_text(f"Report {n}\n\nIran sent drones to Russia, report {n} says.\n")
        paths.append(path)
    return paths


def test_a_big_import_is_added_in_steps_and_undone_as_one(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.gui import stepwise

    paths = reports(tmp_path, 40)
    project = window.session.project
    steps: list[int] = []
    original = project.add_articles
    monkeypatch.setattr(
        project, "add_articles", lambda chunk: (steps.append(len(chunk)), original(chunk))[1]
    )
    window.importer.import_paths(paths)
    qtbot.waitUntil(lambda: len(project.articles()) == 42, timeout=10000)
    assert len(steps) > 1 and sum(steps) == 40  # in steps, sized as they went
    assert steps[0] == stepwise.FIRST_STEP
    window.main_actions.undo_action.trigger()  # one undo step takes all of them away
    assert len(project.articles()) == 2


def test_a_window_closed_while_an_import_is_added_adds_all_of_it_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    paths = reports(tmp_path, 30)
    project, path = window.session.project, window.session.path
    counts: list[int] = []

    def close_after_the_first_step(_applied: object) -> None:
        if not counts:  # the window closed as soon as the step is over, before the next
            QTimer.singleShot(0, window.close)
        counts.append(len(project.articles()))

    project.subscribe(close_after_the_first_step)
    window.importer.import_paths(paths)
    qtbot.waitUntil(lambda: window.isHidden(), timeout=10000)
    assert counts[0] < 32 and len(counts) > 1  # the rest came as the window closed
    assert len(stored(path).articles()) == 32


def test_the_undo_and_redo_of_a_big_import_go_in_steps(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.gui import big_edits

    paths = reports(tmp_path, 30)
    project = window.session.project
    window.importer.import_paths(paths)
    qtbot.waitUntil(lambda: len(project.articles()) == 32, timeout=10000)
    qtbot.waitUntil(lambda: not window.importer.running())
    imported = project.articles()
    monkeypatch.setattr(big_edits, "STEPWISE_WEIGHT", 100)  # 30 articles weigh more
    steps: list[int] = []
    project.subscribe(lambda applied: steps.append(len(applied.edit.changes)))
    window.main_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running(), timeout=10000)
    assert len(steps) > 1 and sum(steps) == 30
    assert len(project.articles()) == 2
    assert window.articles_model.rowCount() == 2
    assert len(stored(window.session.path).articles()) == 2
    steps.clear()
    window.main_actions.redo_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running(), timeout=10000)
    assert len(steps) > 1 and sum(steps) == 30
    assert project.articles() == imported and window.articles_model.rowCount() == 32
    assert window.session.history.undoText() == "Import 30 articles"
    assert len(stored(window.session.path).articles()) == 32


def test_the_next_steps_size_aims_at_the_step_time() -> None:
    from briefing.gui.stepwise import MAX_STEP, STEP_SECONDS, next_step_size

    assert next_step_size(10, STEP_SECONDS) == 10
    assert next_step_size(10, STEP_SECONDS * 4) == 2  # too slow: fewer
    assert next_step_size(10, STEP_SECONDS / 10) == 20  # quick: at most twice as many
    assert next_step_size(1, 5.0) == 1  # never none
    assert next_step_size(400, 0.0) == MAX_STEP


def test_the_indexes_are_merged_in_idle_moments_not_in_an_imports_commits(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.store import index_merging

    backend = window.session.project.backend
    calls: list[bool] = []
    original = backend.merge_indexes
    monkeypatch.setattr(
        backend, "merge_indexes", lambda pages: (calls.append(original(pages)), calls[-1])[1]
    )
    paths = []
    for n in range(30):
        path = tmp_path / f"note-{n}.txt"
        path.write_text(f"Note {n}\n\nShahed drones over Kyiv, note{n} says.\n")
        paths.append(path)
    window.import_paths(paths)
    project = window.session.project
    qtbot.waitUntil(lambda: len(project.articles()) == 32 and not window.importer.running(),
                    timeout=10000)  # fmt: skip
    qtbot.waitUntil(lambda: bool(calls) and not window.index_merger._work.due(), timeout=10000)
    conn = backend._conn
    for table in index_merging.TABLES:
        assert index_merging.automerge(conn, table) == 0
    assert not original(16)  # nothing left to merge
    from briefing.analysis.search import search_project
    from briefing.analysis.search_query import parse_query

    assert len(search_project(project, parse_query("shahed")).hits) == 30
