"""A disk that refuses writes: the analyst is told, and nothing half-happens."""

from __future__ import annotations

from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.store import open_project


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
    assert kind == "warning" and "could not be saved" in text and "not made" in text
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
