"""A disk that refuses writes: the analyst is told, and nothing half-happens."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.store import ProjectFileError, open_project, project_file
from tests.robustness.hostile_projects import make_valid, tamper


def refuse_writes(window: MainWindow) -> None:
    # Every write now fails as it would on a full disk or a folder gone read-only.
    window.session.project_file._conn.execute("PRAGMA query_only = ON")


def test_failed_save_shows_a_dialog_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, message_boxes: list
) -> None:
    view, project = window.reader.view, window.session.project
    refuse_writes(window)
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    assert project.passages() == []
    assert not window.undo_action.isEnabled()
    kind, text = message_boxes[-1]
    assert kind == "warning" and "was not saved" in text and "not made" in text
    assert window.passages_model.rowCount() == len(project.themes())  # theme groups only


def test_failed_undo_keeps_memory_and_file_in_step(
    window: MainWindow, qtbot: QtBot, message_boxes: list
) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    stored = project.passages()
    refuse_writes(window)
    window.undo_action.trigger()
    assert project.passages() == stored  # the undo could not be saved, so it did not happen
    assert message_boxes[-1][0] == "warning"
    path = window.session.path
    assert open_project(path, read_only=True).project.passages() == stored


def test_a_crafted_project_gets_the_stores_one_line_and_no_crash(
    window: MainWindow, tmp_path: Path, message_boxes: list
) -> None:
    # An invalid colour once crashed the reader's painting (a segfault); now it never loads.
    path = make_valid(tmp_path / "crafted.briefing")
    tamper(path, "UPDATE themes SET colour = 'zzzzzzz' WHERE id = 1")
    with pytest.raises(ProjectFileError) as refused:
        open_project(path)
    before = window.session.path
    assert not window.open_project(path)
    assert message_boxes[-1] == ("warning", f"Could not open the project: {refused.value}")
    assert window.session.path == before  # the project that was open stays open


def test_a_project_on_read_only_media_opens_read_only_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, message_boxes: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = make_valid(tmp_path / "cdrom.briefing")
    # Read-only media for real is in tests/store/test_conditions.py (it needs a mount).
    monkeypatch.setattr(project_file, "_why_not_writable", lambda _path: "the disk is read-only")
    assert window.open_project(path)
    kind, text = message_boxes[-1]
    assert kind == "warning" and "the disk is read-only" in text and "Save As" in text
    assert "(read-only)" in window.windowTitle()
    view = window.reader.view
    select_text(view, "Russia")
    press(qtbot, view, Qt.Key.Key_2)
    assert "open read-only" in message_boxes[-1][1]
    assert len(window.session.project.passages()) == 2
