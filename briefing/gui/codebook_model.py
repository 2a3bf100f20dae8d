"""The codebook as a list model: swatch, name and passage count; the checkbox shows/hides.

Dragging a theme to another row moves it in the codebook (through an undoable edit).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from briefing.core.edit import Applied, Edit, Kind, PassageChange, ThemeChange
from briefing.core.project import Project
from briefing.gui.hub import Opened, Run
from briefing.gui.swatches import swatch_icon

THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_MIME = "application/x-briefing-theme-id"

Index = QModelIndex | QPersistentModelIndex


class CodebookModel(QAbstractListModel):
    def __init__(self, run: Run | None = None) -> None:
        super().__init__()
        self.project: Project | None = None
        self.run = run
        self.editing = True  # the analyst's role may change themes (told by `on_opened`)
        self._ids: list[int] = []
        self._counts: dict[int, int] = {}

    def on_opened(self, opened: Opened) -> None:
        self.editing = opened.may_change(Kind.THEME)
        self.project = opened.project
        self._reset()

    def on_change(self, applied: Applied) -> None:
        self.on_edit(applied.edit)

    def _reset(self) -> None:
        self.beginResetModel()
        self._ids = [t.id for t in self.project.themes()] if self.project else []
        self._counts = dict(self.project.passage_counts_by_theme()) if self.project else {}
        self.endResetModel()

    def theme_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, theme_id: int) -> int:
        return self._ids.index(theme_id) if theme_id in self._ids else -1

    # ----- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.project is None:
            return None
        row = index.row()
        theme = self.project.theme(self._ids[row])
        count = self._counts.get(theme.id, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{theme.name}   ({count})"
        if role == Qt.ItemDataRole.EditRole:
            return theme.name
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(theme.colour, str(row + 1) if row < 9 else "", size=20)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if theme.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = "shown" if theme.visible else "hidden"
            extra = f"\n{theme.description}" if theme.description else ""
            return f"{theme.name}: {count} passage(s), highlights {shown}{extra}"
        if role == THEME_ID_ROLE:
            return theme.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editing:
            flags |= Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.project is None or self.run is None:
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            project, theme_id = self.project, self._ids[index.row()]
            visible = Qt.CheckState(value) == Qt.CheckState.Checked
            self.run(lambda: project.set_theme_visible(theme_id, visible))
            return True
        return False

    # ----- drag to reorder --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(_MIME, QByteArray(str(self._ids[indexes[0].row()]).encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(_MIME) or self.project is None or self.run is None:
            return False
        theme_id = int(bytes(data.data(_MIME).data()).decode())
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._ids)
        current = self.row_of(theme_id)
        target = row - 1 if row > current else row
        project = self.project
        self.run(lambda: project.move_theme(theme_id, target))
        return False  # the edit reorders the rows; the view must not remove any

    # ----- following the project -----------------------------------------------------------

    def on_edit(self, edit: Edit) -> None:
        if self.project is None:
            return
        themes = list(edit.of(ThemeChange))
        structural = any(
            c.before is None or c.after is None or c.before.position != c.after.position
            for c in themes
        )
        if structural:
            self._reset()
            return
        changed = {c.id for c in themes}
        if edit.touches(PassageChange):
            fresh = dict(self.project.passage_counts_by_theme())
            changed |= {
                t for t in set(fresh) | set(self._counts) if fresh.get(t) != self._counts.get(t)
            }
            self._counts = fresh
        for theme_id in changed:
            row = self.row_of(theme_id)
            if row >= 0:
                index = self.index(row)
                self.dataChanged.emit(index, index)
