"""Which articles an export takes: every article of the project, each with a tick box.

A model over the titles, not a list of widgets' items: 10,000 `QListWidgetItem`s took the
export dialog 80 ms to make and 50 ms more to show, all on the window's thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from briefing.core.records import Article

Index = QModelIndex | QPersistentModelIndex


class ArticleChoice(QAbstractListModel):
    """Titles in the project's order, all ticked at first."""

    def __init__(self, articles: list[Article]) -> None:
        super().__init__()
        self._articles = [(a.id, a.title) for a in articles]
        self._unticked: set[int] = set()

    def ticked(self) -> list[int]:
        """The ids of the ticked articles, in the list's order."""
        return [i for i, _title in self._articles if i not in self._unticked]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._articles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article_id, title = self._articles[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return title
        if role == Qt.ItemDataRole.CheckStateRole:
            unticked = article_id in self._unticked
            return Qt.CheckState.Unchecked if unticked else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.UserRole:
            return article_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        article_id = self._articles[index.row()][0]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._unticked.discard(article_id)
        else:
            self._unticked.add(article_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable
