"""A disk that refuses writes: the analyst is told, and nothing half-happens."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import press, select_text, stored
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.store import ProjectFileError, open_project, project_file
from tests.robustness.hostile_projects import make_valid, tamper


def refuse_writes(window: MainWindow, refuse: bool = True) -> None:
    # Every write now fails as it would on a full disk or a folder gone read-only.
    window.session.stored._conn.execute(f"PRAGMA query_only = {'ON' if refuse else 'OFF'}")


def on_disk(window: MainWindow) -> list:
    return stored(window.session.path).passages()


def history_state(window: MainWindow) -> tuple:
    history = window.session.history
    actions = window.main_actions
    return (
        history.index(), history.canUndo(), history.undoText(), history.canRedo(),
        history.redoText(), actions.undo_action.isEnabled(), actions.redo_action.isEnabled(),
    )  # fmt: skip


def test_failed_save_shows_a_dialog_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, message_boxes: list
) -> None:
    view, project = window.reader.view, window.session.project
    refuse_writes(window)
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    assert project.passages() == []
    assert not window.main_actions.undo_action.isEnabled()
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
    window.main_actions.undo_action.trigger()
    assert project.passages() == stored  # the undo could not be saved, so it did not happen
    assert message_boxes[-1][0] == "warning"
    assert on_disk(window) == stored


def test_a_failed_undo_or_redo_leaves_the_command_where_it_was(
    window: MainWindow, qtbot: QtBot, message_boxes: list
) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    tagged = project.passages()
    done = history_state(window)
    assert done == (1, True, "Tag passage as drones", False, "", True, False)

    refuse_writes(window)
    window.main_actions.undo_action.trigger()
    assert history_state(window) == done  # Undo still offers it; nothing to redo
    assert window.main_actions.undo_action.text() == "&Undo Tag passage as drones"
    assert project.passages() == tagged and on_disk(window) == tagged
    assert view.marks is not None and len(view.marks.all_spans) == 1  # still painted
    assert message_boxes[-1][0] == "warning" and "not made" in message_boxes[-1][1]
    status = window.statusBar().currentMessage()
    assert status == "Undo of “Tag passage as drones” failed: nothing changed"

    refuse_writes(window, False)
    window.main_actions.undo_action.trigger()  # the disk is back: the undo goes through
    undone = history_state(window)
    assert undone == (0, False, "", True, "Tag passage as drones", False, True)
    assert project.passages() == [] and on_disk(window) == []

    refuse_writes(window)
    window.main_actions.redo_action.trigger()
    assert history_state(window) == undone  # Redo still offers it
    assert project.passages() == [] and on_disk(window) == []
    assert window.statusBar().currentMessage().startswith("Redo of “Tag passage as drones”")

    refuse_writes(window, False)
    window.main_actions.redo_action.trigger()
    assert history_state(window) == done
    assert [p.quote for p in on_disk(window)] == ["hundreds of kamikaze drones"]


def test_a_crafted_project_gets_the_stores_one_line_and_no_crash(
    window: MainWindow, tmp_path: Path, message_boxes: list
) -> None:
    # An invalid colour once crashed the reader's painting (a segfault); now it never loads.
    path = make_valid(tmp_path / "crafted.briefing")
    tamper(path, "UPDATE themes SET colour = 'zzzzzzz' WHERE id = 1")
    with pytest.raises(ProjectFileError) as refused:
        open_project(path)
    before = window.session.path
    assert not window.lifecycle.open_project(path)
    assert message_boxes[-1] == ("warning", f"Could not open the project: {refused.value}")
    assert window.session.path == before  # the project that was open stays open


def test_a_project_on_read_only_media_opens_read_only_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, message_boxes: list,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = make_valid(tmp_path / "cdrom.briefing")
    # Read-only media for real is in tests/store/test_conditions.py (it needs a mount).
    monkeypatch.setattr(project_file, "_why_not_writable", lambda _path: "the disk is read-only")
    assert window.lifecycle.open_project(path)
    kind, text = message_boxes[-1]
    assert kind == "warning" and "the disk is read-only" in text and "Save As" in text
    assert "(read-only)" in window.windowTitle()
    view = window.reader.view
    select_text(view, "Russia")
    press(qtbot, view, Qt.Key.Key_2)
    assert "open read-only" in message_boxes[-1][1]
    assert len(window.session.project.passages()) == 2
