"""Tagging like an analyst: select text in the reader, press a number key, undo, redo."""

from __future__ import annotations

from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import MainWindow
from briefing.gui.passages_model import AUTHOR, NOTE
from briefing.store import open_project

DRONES = "hundreds of kamikaze drones"
MISSILES = "supplying Russia with ballistic missiles"


def stored_passages(window: MainWindow) -> list:
    """What is on disk, read through a second connection."""
    assert window.session is not None
    copy = open_project(window.session.path, read_only=True)
    try:
        return copy.project.passages()
    finally:
        copy.close()


def listed(window: MainWindow) -> dict[str, list[int]]:
    """Theme name -> passage ids shown under it in the Passages pane."""
    model = window.passages_model
    shown = {}
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        name = window.session.project.theme(model.theme_id(group)).name
        shown[name] = [
            model.passage_id(model.index(r, 0, group)) for r in range(model.rowCount(group))
        ]
    return shown


def test_select_and_press_1_tags_a_passage(window: MainWindow, qtbot: QtBot) -> None:
    view = window.reader.view
    select_text(view, MISSILES)
    press(qtbot, view, Qt.Key.Key_1)

    project = window.session.project
    [passage] = project.passages()
    assert passage.quote == MISSILES
    assert passage.theme_ids == (project.themes()[0].id,)
    assert listed(window)["missiles"] == [passage.id]
    assert [p.quote for p in stored_passages(window)] == [MISSILES]
    assert "Tagged 1 passage as missiles - Ctrl+Z to undo" in window.statusBar().currentMessage()
    # The status bar's counts follow once the tag is painted.
    qtbot.waitUntil(lambda: "1 passage" in window.counts_label.text(), timeout=3000)
    assert window.passages_pane.current_passage() == passage.id


def test_selection_snaps_to_whole_words(window: MainWindow, qtbot: QtBot) -> None:
    view = window.reader.view
    start, end = select_text(view, "kamikaze drones")
    cursor = view.textCursor()
    cursor.setPosition(start + 3)  # "ikaze dro" plus a space: partial words
    cursor.setPosition(end - 3, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    press(qtbot, view, Qt.Key.Key_2)
    [passage] = window.session.project.passages()
    assert passage.quote == "kamikaze drones"


def test_two_themes_on_one_passage_and_undo_redo(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    select_text(view, DRONES)  # the same words again: no duplicate, a second theme
    press(qtbot, view, Qt.Key.Key_1)

    [passage] = project.passages()
    assert [project.theme(t).name for t in passage.theme_ids] == ["drones", "missiles"]
    assert listed(window)["missiles"] == [passage.id]
    assert listed(window)["drones"] == [passage.id]

    window.main_actions.undo_action.trigger()
    assert project.passages()[0].theme_ids == (project.theme_named("drones").id,)
    assert listed(window)["missiles"] == []
    status = window.statusBar().currentMessage()  # says what was undone, not what was done
    assert status == "Undone: Tag passage as missiles - Ctrl+Shift+Z to redo", status
    window.main_actions.undo_action.trigger()
    assert project.passages() == [] and stored_passages(window) == []
    assert listed(window)["drones"] == []
    window.main_actions.redo_action.trigger()
    window.main_actions.redo_action.trigger()
    assert len(project.passages()[0].theme_ids) == 2
    status = window.statusBar().currentMessage()
    assert status == "Redone: Tag passage as missiles - Ctrl+Z to undo", status
    window.main_actions.redo_action.trigger()  # nothing left to redo: the message stays
    assert window.statusBar().currentMessage() == status
    assert len(stored_passages(window)[0].theme_ids) == 2


def test_overlapping_passages_are_both_kept_and_painted(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, "Iran against supplying Russia with ballistic")
    press(qtbot, view, Qt.Key.Key_3)
    select_text(view, "ballistic missiles, following")
    press(qtbot, view, Qt.Key.Key_1)

    first, second = project.passages()
    assert first.end > second.start  # they overlap
    assert view.marks is not None
    overlap = [s for s in view.marks.segments if s.depth == 2]
    assert len(overlap) == 1 and len(overlap[0].theme_ids) == 2
    block = view.document().findBlock(view.offsets.to_utf16(second.start))
    formats = block.layout().formats()  # tints, plus any suggestion underline (no background)
    tints = {
        f.format.background().color().name()
        for f in formats
        if f.format.background().style() != Qt.BrushStyle.NoBrush
    }
    assert len(tints) == 3

    window.main_actions.undo_action.trigger()
    assert [p.id for p in project.passages()] == [first.id]
    assert all(s.depth == 1 for s in view.marks.segments)
    window.main_actions.redo_action.trigger()
    assert len(project.passages()) == 2


def test_toolbar_button_and_delete_key(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    window.main_actions.theme_actions[1].trigger()  # the "2 drones" toolbar button
    [passage] = project.passages()
    assert project.theme(passage.theme_ids[0]).name == "drones"

    window.main_actions.delete_passage_action.trigger()
    assert project.passages() == []
    assert listed(window)["drones"] == []
    window.main_actions.undo_action.trigger()
    assert [p.quote for p in project.passages()] == [DRONES]


def test_clicking_a_highlight_selects_the_passage(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    window.passages_pane.select_passage(None)
    window.hub.current.choose_passage(None)
    [passage] = project.passages()

    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(passage.start + 3))
    point = view.cursorRect(cursor).center()
    point.setX(point.x() + 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.passages_pane.current_passage() == passage.id
    assert window.hub.current.passage_id == passage.id
    assert view.current_passage_id == passage.id


def test_note_edited_in_place_and_undone(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    [passage] = project.passages()

    tree = window.passages_pane.tree
    [index] = window.passages_model.indexes_of(passage.id)
    note_index = index.siblingAtColumn(NOTE)
    tree.setCurrentIndex(note_index)
    tree.edit(note_index)
    editor = tree.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Shahed-136 per Reuters")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: project.passage(passage.id).note == "Shahed-136 per Reuters")
    assert stored_passages(window)[0].note == "Shahed-136 per Reuters"
    assert note_index.data() == "Shahed-136 per Reuters"
    window.main_actions.undo_action.trigger()
    assert project.passage(passage.id).note == ""
    assert window.passages_model.indexes_of(passage.id)[0].siblingAtColumn(NOTE).data() == ""
    window.main_actions.redo_action.trigger()
    assert project.passage(passage.id).note == "Shahed-136 per Reuters"


def test_passages_pane_adds_and_removes_themes(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    [passage] = project.passages()
    pane = window.passages_pane
    pane.add_theme(project.theme_named("missiles").id)
    assert len(project.passage(passage.id).theme_ids) == 2
    pane.select_passage(passage.id)  # listed under "missiles" first (codebook order)
    pane.remove_theme()
    assert project.passage(passage.id).theme_ids == (project.theme_named("drones").id,)
    window.main_actions.undo_action.trigger()
    assert len(project.passage(passage.id).theme_ids) == 2


def test_all_articles_scope_and_jump_to_passage(window: MainWindow, qtbot: QtBot) -> None:
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    first = project.articles()[0]
    second = project.articles()[1]
    window.articles_pane.select_article(second.id)
    assert window.reader.article_id == second.id
    assert listed(window)["drones"] == []

    window.passages_pane.set_show_all(True)
    [passage] = project.passages()
    assert listed(window)["drones"] == [passage.id]
    window.passages_pane.passage_activated.emit(passage.id)  # a double-click
    assert window.reader.article_id == first.id
    assert view.current_passage_id == passage.id


def test_find_marks_hits(window: MainWindow, qtbot: QtBot) -> None:
    window.main_actions.find_action.trigger()
    bar = window.reader.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.field, "ballistic")
    assert "found" in bar.count.text()
    assert window.reader.view.textCursor().selectedText().lower() == "ballistic"
    assert len(window.reader.view.extraSelections()) >= 3


def test_right_click_menu_offers_tag_as(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    view = window.reader.view
    select_text(view, DRONES)
    seen: list[list[str]] = []

    def pick_drones() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        tag_menu = menu.actions()[0].menu()
        seen.append([a.text() for a in tag_menu.actions()])
        menu.close()
        tag_menu.actions()[1].trigger()

    QTimer.singleShot(50, pick_drones)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), view.mapToGlobal(QPoint(5, 5))
    )
    view.contextMenuEvent(event)
    assert seen == [["missiles", "drones", "strategic pact", "de-dollarisation"]]
    [passage] = window.session.project.passages()
    assert passage.quote == DRONES


def test_passages_show_and_filter_by_analyst(window: MainWindow, qtbot: QtBot) -> None:
    # In a file, passages are attributed to the analyst named in Settings at the time.
    project, view, pane = window.session.project, window.reader.view, window.passages_pane
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)  # before anyone is named
    window.hub.run(lambda: project.update_settings(analyst="Ana Lyst"))
    select_text(view, MISSILES)
    press(qtbot, view, Qt.Key.Key_1)
    window.hub.run(lambda: project.update_settings(analyst="Ben"))
    select_text(view, "G7")
    press(qtbot, view, Qt.Key.Key_1)
    assert [pane.analyst.itemText(i) for i in range(pane.analyst.count())] == [
        "By anyone", "(not named)", "Ana Lyst", "Ben",
    ]  # fmt: skip
    assert not pane.analyst.isHidden() and not pane.tree.isColumnHidden(AUTHOR)
    ben = next(p for p in project.passages() if p.created_by == "Ben")
    [row] = window.passages_model.indexes_of(ben.id)
    assert row.siblingAtColumn(AUTHOR).data() == "Ben"
    assert "Tagged by Ben" in row.data(Qt.ItemDataRole.ToolTipRole)
    pane.analyst.setCurrentIndex(pane.analyst.findText("Ana Lyst"))
    pane.analyst.activated.emit(pane.analyst.currentIndex())
    assert sum(len(ids) for ids in listed(window).values()) == 1
    assert [project.passage(i).quote for ids in listed(window).values() for i in ids] == [MISSILES]
    pane.analyst.setCurrentIndex(0)
    pane.analyst.activated.emit(0)
    assert sum(len(ids) for ids in listed(window).values()) == 3


def test_back_to_an_article_its_marks_follow_edits_made_meanwhile(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The reader keeps the marks of articles shown a moment ago; they must never outlive a
    # change to the article's passages, made while it was shown or while another was.
    project = window.session.project
    view = window.reader.view
    first, second = project.articles()[0], project.articles()[1]
    window.articles_pane.select_article(first.id)
    select_text(view, MISSILES)
    press(qtbot, view, Qt.Key.Key_1)
    [tagged] = project.passages_of(first.id)

    def painted() -> set[int]:
        assert view.marks is not None
        return set(view.marks.by_id)

    window.articles_pane.select_article(second.id)
    window.articles_pane.select_article(first.id)
    assert painted() == {tagged.id}
    window.articles_pane.select_article(second.id)
    project.undo(project.tag(first.id, tagged.start, tagged.end + 1, [1]))  # touched, undone
    project.delete_passage(tagged.id)  # the first article's passage goes while it is away
    window.articles_pane.select_article(first.id)
    assert painted() == set()
    assert view.highlighter.marks is view.marks
