"""File > Export project as REFI-QDA… and File > Open REFI-QDA project…, driven as a user would:
through the menus and file dialogs, with the work off the UI thread."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.store.locations import sample_project_path
from tests.store.qdpx_samples import code, codebook, project_xml, selection, text_source, write_qdpx

INTERVIEW = "The officer said the drones came by sea, in crates marked as farm equipment."


def choose_files(monkeypatch: pytest.MonkeyPatch, opened: Path | None, saved: Path) -> None:
    if opened is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(opened), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))


def other_tools_project(tmp_path: Path) -> Path:
    start = INTERVIEW.index("drones")
    body = codebook(
        code(1, "Hardware", code(2, "Drones"), codable=False), code(3, "Routes", color="#CC79A7")
    ) + "<Sources>" + text_source(
        10, "Officer interview", "interview.txt", selection(11, start, start + 6, 2, 3)
    ) + (
        '<PictureSource guid="6f1c1a44-2b59-4d3e-9d1e-000000000099" name="Crate photo"/>'
        "</Sources>"
    )  # fmt: skip
    return write_qdpx(tmp_path / "colleague.qdpx", project_xml(body, "NVivo 14"),
                      {"sources/interview.txt": INTERVIEW})  # fmt: skip


def test_the_window_names_the_format_as_the_store_does() -> None:
    from briefing.gui import project_exchange
    from briefing.store import qdpx_format

    assert project_exchange.SUFFIX == qdpx_format.SUFFIX


def test_export_the_project_from_the_file_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.reader.view
    select_text(view, "kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    window.settings_pane.analyst.setText("A. Analyst")  # typed, not yet stored: export stores it
    target = tmp_path / "desk.qdpx"
    choose_files(monkeypatch, None, target)
    assert window.main_actions.export_qdpx_action.shortcut().toString() == "Ctrl+Shift+E"
    window.main_actions.export_qdpx_action.trigger()
    qtbot.waitUntil(lambda: not window.projects.running(), timeout=10000)
    assert "Exported the project to desk.qdpx" in window.statusBar().currentMessage()
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("project.qde").decode("utf-8")
        texts = [n for n in archive.namelist() if n.endswith(".txt")]
    assert 'name="kamikaze drones"' in xml and 'name="A. Analyst"' in xml
    assert len(texts) >= len(window.session.project.articles())


def test_open_another_tools_project_from_the_file_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "colleague.briefing"
    choose_files(monkeypatch, other_tools_project(tmp_path), target)
    window.main_actions.open_qdpx_action.trigger()
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == target,
                    timeout=10000)  # fmt: skip
    project = window.session.project
    assert [a.text() for a in window.main_actions.theme_actions] == [
        "Hardware / Drones", "Routes",
    ]  # fmt: skip
    assert window.main_actions.theme_actions[0].shortcut().toString() == "1"
    assert window.reader.article_id == project.articles()[0].id
    (passage,) = project.passages()
    assert passage.quote == "drones"
    assert window.passages_model.rowCount() > 0
    assert "Opened colleague.briefing: Imported 1 article" in window.statusBar().currentMessage()
    box = window.projects.summary_box
    assert box is not None and box.isVisible()
    assert "Imported 1 article" in box.text()
    assert "1 picture source: “Crate photo”" in box.informativeText()
    assert "1 picture source: “Crate photo”" in box.detailedText()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.projects.summary_box is None)
    # The sample project it replaced was closed, not changed.
    assert sample_project_path().exists()


def test_a_hostile_archive_is_refused_and_the_open_project_stays(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    message_boxes: list,
) -> None:  # fmt: skip
    hostile = write_qdpx(tmp_path / "hostile.qdpx", project_xml(""), {"../../evil.txt": "x"})
    target = tmp_path / "hostile.briefing"
    before = window.session
    choose_files(monkeypatch, hostile, target)
    window.main_actions.open_qdpx_action.trigger()
    qtbot.waitUntil(lambda: not window.projects.running(), timeout=10000)
    assert message_boxes and "points outside the archive" in message_boxes[-1][1]
    assert window.session is before and not target.exists()


def test_an_existing_project_is_never_replaced(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list
) -> None:
    target = tmp_path / "taken.briefing"
    target.write_bytes(b"someone's work")
    choose_files(monkeypatch, other_tools_project(tmp_path), target)
    window.main_actions.open_qdpx_action.trigger()
    assert "already exists" in message_boxes[-1][1]
    assert target.read_bytes() == b"someone's work" and window.projects.runner is None


def test_cancelling_an_import_creates_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.store import qdpx_import

    def slow_import(source: Path, target: Path, progress) -> None:  # type: ignore[no-untyped-def]
        while progress(0, 10) is not False:  # until Cancel is pressed
            time.sleep(0.01)  # in the worker: the pace of a real import, not a wait in the test
        raise qdpx_import.QdpxCancelled(source)

    monkeypatch.setattr(qdpx_import, "import_qdpx", slow_import)
    target = tmp_path / "never.briefing"
    window.projects.open_qdpx(other_tools_project(tmp_path), target)
    assert window.projects.running()
    window.projects.runner.progress.canceled.emit()  # what the dialog's Cancel button sends
    qtbot.waitUntil(lambda: not window.projects.running(), timeout=10000)
    assert "Cancelled: Nothing was created" in window.statusBar().currentMessage()
    assert not target.exists() and window.session.path == sample_project_path()
