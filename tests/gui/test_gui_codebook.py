"""The codebook pane: add, rename, recolour, reorder, hide, merge and delete themes."""

from __future__ import annotations

import pytest
from gui_helpers import press, select_text, stored
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QInputDialog
from pytestqt.qtbot import QtBot

from briefing.core.codebook_edits import OrphanPolicy
from briefing.core.edit import Edit, Origin
from briefing.core.errors import ProjectError
from briefing.gui import big_edits, busy, dialogs, stepwise
from briefing.gui.idle import IdleWork
from briefing.gui.main_window import MainWindow


def tag(window: MainWindow, qtbot: QtBot, needle: str, key: Qt.Key) -> None:
    select_text(window.reader.view, needle)
    press(qtbot, window.reader.view, key)


def choose(window: MainWindow, name: str) -> int:
    theme_id = window.session.project.theme_named(name).id
    window.codebook_pane.select_theme(theme_id)
    return theme_id


def toolbar_names(window: MainWindow) -> list[str]:
    return [a.text() for a in window.main_actions.theme_actions]


def test_rename_and_undo(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("UAVs", True))
    theme_id = choose(window, "drones")
    window.codebook_pane.rename_action.trigger()
    project = window.session.project
    assert project.theme(theme_id).name == "UAVs"
    assert toolbar_names(window)[1] == "UAVs"
    assert "UAVs" in window.codebook_model.index(1).data()
    window.main_actions.undo_action.trigger()
    assert project.theme(theme_id).name == "drones"
    assert toolbar_names(window)[1] == "drones"


def test_recolour_repaints_highlights(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag(window, qtbot, "kamikaze drones", Qt.Key.Key_2)
    view = window.reader.view
    before = view.marks.segments[0]
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#CC79A7"))
    theme_id = choose(window, "drones")
    window.codebook_pane.colour_action.trigger()
    assert window.session.project.theme(theme_id).colour == "#CC79A7"
    assert view.marks.themes[theme_id].colour == "#CC79A7"
    assert view.marks.segments[0].start == before.start
    window.main_actions.undo_action.trigger()
    assert window.session.project.theme(theme_id).colour == "#0072B2"


def test_add_move_and_hide(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("sanctions", True))
    window.codebook_pane.add_action.trigger()
    assert toolbar_names(window)[-1] == "sanctions"
    window.codebook_pane.up_action.trigger()
    assert toolbar_names(window)[-2:] == ["sanctions", "de-dollarisation"]
    tag(window, qtbot, "extensive sanctions", Qt.Key.Key_4)  # key 4 is now "sanctions"
    project = window.session.project
    [passage] = project.passages()
    assert project.theme(passage.theme_ids[0]).name == "sanctions"

    row = window.codebook_model.row_of(passage.theme_ids[0])
    window.codebook_model.setData(
        window.codebook_model.index(row),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert not project.theme(passage.theme_ids[0]).visible
    assert window.reader.view.marks.segments == []
    window.main_actions.undo_action.trigger()
    assert len(window.reader.view.marks.segments) == 1


def test_merge(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    tag(window, qtbot, "kamikaze drones", Qt.Key.Key_2)
    tag(window, qtbot, "ballistic missiles, following", Qt.Key.Key_1)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("missiles", True))
    drones = choose(window, "drones")
    window.codebook_pane.merge_action.trigger()
    project = window.session.project
    missiles = project.theme_named("missiles").id
    assert all(p.theme_ids == (missiles,) for p in project.passages())
    assert toolbar_names(window) == ["missiles", "strategic pact", "de-dollarisation"]
    group = window.passages_model.group_index(missiles)
    assert window.passages_model.rowCount(group) == 2
    window.main_actions.undo_action.trigger()
    assert project.theme(drones).name == "drones"
    assert len(toolbar_names(window)) == 4


def test_a_merge_of_many_passages_and_its_undo_show_the_wait_cursor(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag(window, qtbot, "kamikaze drones", Qt.Key.Key_2)
    tag(window, qtbot, "ballistic missiles, following", Qt.Key.Key_2)
    monkeypatch.setattr(busy, "BULK_CHANGES", 1)  # two passages count as many here
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("missiles", True))
    project = window.session.project
    cursors: list[object] = []
    project.subscribe(lambda _applied: cursors.append(_cursor_shape()))
    choose(window, "drones")
    window.codebook_pane.merge_action.trigger()
    window.main_actions.undo_action.trigger()
    assert cursors == [Qt.CursorShape.WaitCursor] * 2
    assert QApplication.overrideCursor() is None
    monkeypatch.setattr(busy, "BULK_CHANGES", 1000)
    window.main_actions.redo_action.trigger()  # two passages: no cursor
    assert cursors[-1] is None


def stored_passages(window: MainWindow) -> list:
    return stored(window.session.path).passages()


@pytest.fixture
def three_drones(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list:
    """Three passages tagged drones, and edits of more than one change made in steps."""
    for needle in ("kamikaze drones", "ballistic missiles, following", "Iran"):
        tag(window, qtbot, needle, Qt.Key.Key_2)
    monkeypatch.setattr(big_edits, "STEPWISE_WEIGHT", 1)
    monkeypatch.setattr(stepwise, "FIRST_STEP", 1)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("missiles", True))
    return window.session.project.passages()


def test_a_merge_of_many_passages_its_undo_and_redo_go_in_steps(
    window: MainWindow, qtbot: QtBot, three_drones: list
) -> None:
    project, history = window.session.project, window.session.history
    drones, missiles = choose(window, "drones"), project.theme_named("missiles").id
    steps: list[int] = []
    seen_by_idle_work: list[int] = []  # how many steps were in when an idle work ran
    idle_work = IdleWork(lambda: bool(seen_by_idle_work.append(len(steps))), 0.0)
    project.subscribe(lambda applied: (steps.append(len(applied.edit.changes)), idle_work.start()))
    window.codebook_pane.merge_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running())
    merged = project.passages()
    assert len(steps) > 1 and sum(steps) == 4  # three passages retagged, one theme gone
    qtbot.waitUntil(lambda: bool(seen_by_idle_work))
    assert set(seen_by_idle_work) == {len(steps)}  # held till the last step was in
    assert all(p.theme_ids == (missiles,) for p in merged)
    assert toolbar_names(window) == ["missiles", "strategic pact", "de-dollarisation"]
    assert window.passages_model.rowCount(window.passages_model.group_index(missiles)) == 3
    assert window.codebook_pane.selected_theme() == missiles  # where the passages went
    assert history.count() == 4 and history.undoText() == "Merge “drones” into “missiles”"
    assert stored_passages(window) == merged

    steps.clear()
    window.main_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running())
    assert len(steps) > 1 and sum(steps) == 4
    assert project.passages() == three_drones == stored_passages(window)
    assert project.theme(drones).name == "drones" and len(toolbar_names(window)) == 4
    assert history.index() == 3 and history.redoText() == "Merge “drones” into “missiles”"
    assert "Undone: Merge" in window.statusBar().currentMessage()

    window.main_actions.redo_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running())
    assert project.passages() == merged == stored_passages(window)
    assert history.index() == 4 and history.canUndo()


def test_a_big_edit_refused_half_way_leaves_the_project_as_it_was(
    window: MainWindow, qtbot: QtBot, three_drones: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, history = window.session.project, window.session.history
    applying = project.apply
    made: list[Edit] = []

    def second_step_refused(edit: Edit, origin: Origin = Origin.USER) -> Edit:
        if origin is Origin.USER and made:
            raise ProjectError("The server refused the change")
        if origin is Origin.USER:
            made.append(edit)
        return applying(edit, origin)

    monkeypatch.setattr(project, "apply", second_step_refused)
    drones = choose(window, "drones")
    window.codebook_pane.merge_action.trigger()
    qtbot.waitUntil(lambda: not window.big_edits.running())
    assert made  # the first step was made, then taken back
    assert project.passages() == three_drones == stored_passages(window)
    assert project.theme(drones).name == "drones" and len(toolbar_names(window)) == 4
    assert history.count() == 3 and history.undoText().startswith("Tag")
    assert "The server refused the change" in window.statusBar().currentMessage()


def test_a_window_closed_during_a_big_edit_makes_it_whole_first(
    window: MainWindow, qtbot: QtBot, three_drones: list
) -> None:
    project, path = window.session.project, window.session.path
    missiles = project.theme_named("missiles").id
    choose(window, "drones")
    window.codebook_pane.merge_action.trigger()
    assert window.big_edits.running()  # the first step is in, at most
    window.close()
    assert not window.big_edits.running()
    on_disk = stored(path)
    assert [p.theme_ids for p in on_disk.passages()] == [(missiles,)] * 3
    assert [t.name for t in on_disk.themes()] == ["missiles", "strategic pact", "de-dollarisation"]


def _cursor_shape() -> object:
    cursor = QApplication.overrideCursor()
    return None if cursor is None else cursor.shape()


def test_delete_asks_what_happens_to_passages(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag(window, qtbot, "kamikaze drones", Qt.Key.Key_2)
    asked = []

    def answer(parent, theme, count, others):  # type: ignore[no-untyped-def]
        asked.append((theme.name, count))
        return dialogs.OrphanChoice(OrphanPolicy.UNTAG)

    monkeypatch.setattr(dialogs, "ask_orphan_policy", answer)
    choose(window, "drones")
    window.codebook_pane.delete_action.trigger()
    project = window.session.project
    assert asked == [("drones", 1)]
    assert project.passages() == []
    assert "drones" not in toolbar_names(window)
    window.main_actions.undo_action.trigger()
    assert [project.theme(t).name for t in project.passages()[0].theme_ids] == ["drones"]
    assert window.reader.view.marks.segments

    monkeypatch.setattr(
        dialogs,
        "ask_orphan_policy",
        lambda *a: dialogs.OrphanChoice(OrphanPolicy.MOVE, project.theme_named("missiles").id),
    )
    choose(window, "drones")
    window.codebook_pane.delete_action.trigger()
    assert [project.theme(t).name for t in project.passages()[0].theme_ids] == ["missiles"]


def test_delete_dialog_offers_both_choices(window: MainWindow, qtbot: QtBot) -> None:
    project = window.session.project
    themes = project.themes()
    dialog = dialogs.DeleteThemeDialog(themes[0], 3, themes[1:], window)
    qtbot.addWidget(dialog)
    assert dialog.choice() == dialogs.OrphanChoice(OrphanPolicy.UNTAG)
    dialog.move_to.setChecked(True)
    dialog.target.setCurrentIndex(1)
    assert dialog.choice() == dialogs.OrphanChoice(OrphanPolicy.MOVE, themes[2].id)


def test_drag_to_reorder(window: MainWindow) -> None:
    model = window.codebook_model
    data = model.mimeData([model.index(3)])  # drag "de-dollarisation"...
    model.dropMimeData(
        data, Qt.DropAction.MoveAction, 0, 0, model.index(0).parent()
    )  # ...to the top
    assert toolbar_names(window)[0] == "de-dollarisation"
    assert window.main_actions.theme_actions[0].shortcut().toString() == "1"
    window.main_actions.undo_action.trigger()
    assert toolbar_names(window)[0] == "missiles"


def test_keywords_and_description_are_edited_with_undo(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefing.gui import dialogs

    pane, project = window.codebook_pane, window.session.project
    drones = project.theme_named("drones")
    pane.select_theme(drones.id)

    def fill(parent, theme):  # type: ignore[no-untyped-def]
        dialog = dialogs.ThemeDetailsDialog(theme, parent)
        dialog.description.setText("Uncrewed aircraft of every kind")
        dialog.keywords.setPlainText("drone\nShahed, Geran\n\n  loitering munition  ")
        return dialog.details()

    monkeypatch.setattr(dialogs, "edit_theme_details", fill)
    pane.details_action.trigger()
    theme = project.theme(drones.id)
    assert theme.description == "Uncrewed aircraft of every kind"
    assert theme.keywords == ("drone", "Shahed", "Geran", "loitering munition")
    window.main_actions.undo_action.trigger()
    assert project.theme(drones.id) == drones


def test_codebook_pane_offers_exchange_buttons(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolButton

    actions = {b.defaultAction() for b in window.codebook_pane.findChildren(QToolButton)}
    assert window.main_actions.import_codebook_action in actions
    assert window.main_actions.export_codebook_action in actions
