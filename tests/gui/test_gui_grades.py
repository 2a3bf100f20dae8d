"""Information credibility (1-6) of passages, edited in the Passages pane with undo."""

from __future__ import annotations

from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.gui.passages_model import GRADE


def tagged(window: MainWindow, qtbot: QtBot) -> int:
    select_text(window.reader.view, "hundreds of kamikaze drones")
    press(qtbot, window.reader.view, Qt.Key.Key_2)
    [passage] = window.session.project.passages()
    return passage.id


def test_grade_column_shows_the_default_and_its_label(window: MainWindow, qtbot: QtBot) -> None:
    passage_id = tagged(window, qtbot)
    [row] = window.passages_model.indexes_of(passage_id)
    cell = row.siblingAtColumn(GRADE)
    assert cell.data() == "6"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Credibility 6: truth cannot be judged"


def test_edit_the_grade_in_place_with_undo(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    passage_id = tagged(window, qtbot)
    tree = window.passages_pane.tree
    [row] = window.passages_model.indexes_of(passage_id)
    cell = row.siblingAtColumn(GRADE)
    tree.setCurrentIndex(cell)
    tree.edit(cell)  # what a click on the selected row's grade or a double-click does
    editor = tree.findChild(QComboBox)
    assert editor is not None and editor.count() == 6
    assert editor.currentText() == "6 – truth cannot be judged"
    editor.setCurrentIndex(2)
    editor.activated.emit(2)  # choosing an item commits at once
    assert project.passage(passage_id).credibility == 3
    assert cell.data() == "3"
    window.main_actions.undo_action.trigger()
    assert project.passage(passage_id).credibility == 6
    window.main_actions.redo_action.trigger()
    assert project.passage(passage_id).credibility == 3


def test_credibility_menu_checks_and_sets_the_grade(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    passage_id = tagged(window, qtbot)
    pane = window.passages_pane
    pane.credibility_menu.aboutToShow.emit()
    assert pane.credibility_actions[6].isChecked()
    pane.credibility_actions[1].trigger()
    assert project.passage(passage_id).credibility == 1
    assert "Grade passage 1" in window.statusBar().currentMessage()
    pane.credibility_menu.aboutToShow.emit()
    assert pane.credibility_actions[1].isChecked()
    window.main_actions.undo_action.trigger()
    assert project.passage(passage_id).credibility == 6
