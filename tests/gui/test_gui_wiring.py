"""The main window's links to export, preview, codebook exchange, grades and the entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from briefing.gui import dialogs
from briefing.gui.about import about_html
from briefing.gui.article_dialog import ArticleDialog
from briefing.gui.export_dialog import ExportDialog
from briefing.gui.main_window import MainWindow


def test_export_from_the_window_writes_and_verifies(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    view = window.reader.view
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    target = tmp_path / "brief.docx"
    exported: list[ExportDialog] = []

    def run_dialog(dialog: ExportDialog) -> int:
        exported.append(dialog)
        with qtbot.waitSignal(dialog.exported, timeout=10000):
            dialog.export_to(target)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", run_dialog)
    window.main_actions.export_action.trigger()
    quotes = [p.text for p in docx.Document(str(target)).paragraphs if p.style.name == "Quote"]
    assert quotes == ["hundreds of kamikaze drones"]
    assert "1 of 1 quote verified against their sources" in message_boxes[-1][1]


def test_briefing_preview_tab_grows_with_tagging(window: MainWindow, qtbot: QtBot) -> None:
    titles = [window.side_tabs.tabText(i) for i in range(window.side_tabs.count())]
    window.side_tabs.setCurrentIndex(titles.index("Briefing"))
    view = window.reader.view
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    qtbot.waitUntil(
        lambda: "hundreds of kamikaze drones" in window.preview.browser.toPlainText(),
        timeout=3000,
    )


def test_codebook_import_and_export(
    window: MainWindow, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    target = tmp_path / "book"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.main_actions.export_codebook_action.trigger()
    written = target.with_name("book.qdc")
    assert written.is_file()
    text = written.read_text(encoding="utf-8")
    written.write_text(text.replace('name="drones"', 'name="sanctions"'), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written), ""))
    window.main_actions.import_codebook_action.trigger()
    project = window.session.project
    assert "sanctions" in [t.name for t in project.themes()]
    assert "1 theme added (sanctions)" in message_boxes[-1][1]
    window.main_actions.undo_action.trigger()
    assert "sanctions" not in [t.name for t in project.themes()]


def test_bad_codebook_shows_a_message(
    window: MainWindow, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    junk = tmp_path / "junk.qdc"
    junk.write_text("<not a codebook/>")
    before = window.session.project.themes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    window.main_actions.import_codebook_action.trigger()
    assert window.session.project.themes() == before
    assert "junk.qdc" in window.statusBar().currentMessage() or any(
        "junk.qdc" in text for _, text in message_boxes
    )


def test_article_dialog_grades_reliability(window: MainWindow, monkeypatch) -> None:
    article_id = window.articles_pane.selected_article()

    def fill(parent, article, source=None):  # type: ignore[no-untyped-def]
        dialog = ArticleDialog(article, source, parent)
        dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
        return dialog.result_edit()

    monkeypatch.setattr(dialogs, "edit_article", fill)
    window.main_actions.properties_action.trigger()
    project = window.session.project
    assert project.article(article_id).reliability == "B"
    window.main_actions.undo_action.trigger()
    assert project.article(article_id).reliability == "F"


def test_about_names_version_licences_and_folders() -> None:
    html = about_html()
    for expected in (
        "PySide6",
        "python-docx",
        "Python-Markdown",
        "appdirs",
        "MIT",
        "BSD-3-Clause",
        "LGPL",
        "Projects",
        "briefing-builder",
    ):
        assert expected in html, expected  # fmt: skip


def test_about_dialog_opens(window: MainWindow, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.main_actions.about_action.trigger()
    assert shown and "Briefing Builder" in shown[0]


def test_opening_with_an_article_file_imports_it(tmp_path: Path, qtbot: QtBot) -> None:
    from briefing.gui import app

    article = tmp_path / "new.txt"
    article.write_text("Fresh report\n\nDrones over the Black Sea.", encoding="utf-8")
    project, files = app.split_files(app.parse_args([str(article)]).files)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_initial(project)
    window.import_paths(files)
    qtbot.waitUntil(lambda: len(window.session.project.articles()) == 3, timeout=5000)
    assert window.session.project.articles()[-1].title == "Fresh report"
    window.close()


@pytest.mark.parametrize("flag", ["--self-test"])
def test_self_test_prints_one_line(flag: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", flag], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "self-test: sample project with 2 articles, 4 themes" in lines[0]


START_CHILD = """
import gc, sys
from PySide6.QtCore import QTimer
from briefing.gui import app
qapp, window = app.start([app.Path(sys.argv[1])])
print(window.isVisible(), window.session.name, gc.isenabled(), gc.get_freeze_count() > 0,
      sys.getswitchinterval())
QTimer.singleShot(app.STARTED_LOG_DELAY_MS + 400, qapp.quit)
qapp.exec()
window.close()
"""


def test_the_start_shows_the_window_with_its_project_then_logs_that_it_started(
    tmp_path: Path,
) -> None:
    from briefing.store import create_project
    from briefing.store.locations import log_dir

    create_project(tmp_path / "desk.briefing").close()
    result = subprocess.run(
        [sys.executable, "-c", START_CHILD, str(tmp_path / "desk.briefing")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Shown with its project; collections back on, what the start made left out of them;
    # a worker thread's Python lets the window's thread in every millisecond, not five.
    assert result.stdout.split() == ["True", "desk", "True", "True", "0.001"]
    assert "Starting Briefing Builder" in (log_dir() / "briefing-builder.log").read_text()
