"""Trees grouped by theme (Passages, Suggestions): a top row per theme, items below it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QStandardItemModel

Index = QModelIndex | QPersistentModelIndex


class ThemeGroupsModel(QStandardItemModel):
    """A QStandardItemModel whose top-level rows are themes, in `_themes` order."""

    _themes: list[int]  # theme id of each top-level row
    _row_of_theme: dict[int, int]

    def theme_id(self, index: Index) -> int | None:
        """The theme of a group row, or of the group an item row sits in."""
        if not index.isValid():
            return None
        parent = index.parent()
        return self._themes[parent.row() if parent.isValid() else index.row()]

    def group_index(self, theme_id: int) -> QModelIndex:
        row = self._row_of_theme.get(theme_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def _child(self, theme_id: int, row: int, column: int = 0) -> QModelIndex:
        return self.index(row, column, self.group_index(theme_id))
