"""The Passages tree paints each cell from its model asked in Python (`AskingInPython`): what a
cell shows is what Qt's own delegate would show."""

from __future__ import annotations

from gui_helpers import press, select_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from briefing.gui.item_painting import AskingInPython
from briefing.gui.main_window import MainWindow
from briefing.gui.passages_model import HEADERS

# Roles Qt's delegate asks that `AskingInPython` does not: the model must answer none of them.
UNASKED = (
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.CheckStateRole,
)


def every_index(model) -> list[QModelIndex]:  # type: ignore[no-untyped-def]
    found = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        found += [model.index(row, c) for c in range(len(HEADERS))]
        for child in range(model.rowCount(group)):
            found += [model.index(child, c, group) for c in range(len(HEADERS))]
    return found


def shown(delegate: QStyledItemDelegate, base: QStyleOptionViewItem, index: QModelIndex) -> tuple:
    option = QStyleOptionViewItem(base)
    delegate.initStyleOption(option, index)
    return (
        option.text,
        int(option.features.value),
        int(option.displayAlignment.value),
        option.decorationSize.toTuple(),
        option.icon.cacheKey() if not option.icon.isNull() else None,
        option.index == index,
    )


def test_cells_show_what_qt_would(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.passages_pane
    window.side_tabs.setCurrentWidget(pane)
    view = window.reader.view
    # Two passages, one of them with two themes and a note; a theme row has a swatch icon.
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    select_text(view, "supplying Russia with ballistic missiles")
    press(qtbot, view, Qt.Key.Key_1)
    press(qtbot, view, Qt.Key.Key_3)
    project = window.session.project
    passage = project.passages()[0]
    window.hub.run(lambda: project.set_note(passage.id, "first\nsecond line"))
    tree, model = pane.tree, window.passages_model
    indexes = every_index(model)
    assert any(model.passage_id(i) is not None for i in indexes)  # the sample has passages
    assert isinstance(tree.itemDelegate(), AskingInPython)
    qt_delegate = QStyledItemDelegate()
    for index in indexes:
        for role in UNASKED:
            assert model.data(index, role) is None
        for selected in (False, True):
            base = QStyleOptionViewItem()
            tree.initViewItemOption(base)
            if selected:
                base.state |= base.state.State_Selected
            delegate = tree.itemDelegateForIndex(index)
            assert isinstance(delegate, AskingInPython)
            assert shown(delegate, base, index) == shown(qt_delegate, base, index)
