"""The articles of a project as a list model: title, then outlet, date and passage count."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from briefing.core.edit import Applied, ArticleChange, Edit
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.gui.hub import Opened

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DETAILS_ROLE = Qt.ItemDataRole.UserRole + 2  # "Outlet · 2024-06-14 · 3 passages"
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # everything the filter box matches

Index = QModelIndex | QPersistentModelIndex


def details(article: Article, passages: int) -> str:
    noun = "passage" if passages == 1 else "passages"
    parts = [article.outlet, (article.published or "")[:10], f"{passages} {noun}"]
    return "  ·  ".join(p for p in parts if p)


class ArticlesModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self._ids: list[int] = []

    def on_opened(self, opened: Opened) -> None:
        self.set_project(opened.project)

    def on_change(self, applied: Applied) -> None:
        self.on_edit(applied.edit)

    def set_project(self, project: Project | None) -> None:
        self.beginResetModel()
        self.project = project
        self._ids = [a.id for a in project.articles()] if project else []
        self.endResetModel()

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int:
        row = bisect.bisect_left(self._ids, article_id)  # rows keep id order
        return row if row < len(self._ids) and self._ids[row] == article_id else -1

    # ----- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.project is None:
            return None
        try:
            article = self.project.article(self._ids[index.row()])
        except ProjectError:  # removed with others, its row about to go: nothing to show
            return None
        count = self.project.passage_count(article.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return article.title
        if role == DETAILS_ROLE:
            return details(article, count)
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == SEARCH_ROLE:
            return " ".join(
                [article.title, article.outlet, article.author, article.published or ""]
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{article.title}\n{details(article, count)}\n{article.source_file}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return details(article, count)
        return None

    # ----- following the project -----------------------------------------------------------

    def on_edit(self, edit: Edit) -> None:
        assert self.project is not None
        changes = list(edit.of(ArticleChange))
        added = [c.id for c in changes if c.after is not None and c.before is None]
        if len(added) > 1 and (not self._ids or min(added) > self._ids[-1]):
            # An import: new articles go last, in one insertion, not one per article.
            self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(added) - 1)
            self._ids.extend(sorted(added))
            self.endInsertRows()
            changes = [c for c in changes if c.id not in set(added)]
        removed = {c.id for c in changes if c.after is None and c.before is not None}
        if len(removed) > 1:
            self._remove_rows(removed)  # an import undone: one removal per run of rows
            changes = [c for c in changes if c.id not in removed]
        for change in changes:
            self._article_changed(change.id, change.after is not None)
        for article_id in edit.passages_of_articles():
            self._changed(article_id)

    def _remove_rows(self, removed: set[int]) -> None:
        """Take several articles' rows away, each run of neighbouring rows at once and the
        last run first, so that no view is left asking about a row whose article is gone
        while the others are removed one by one."""
        rows = [row for row, article_id in enumerate(self._ids) if article_id in removed]
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        for run in reversed(runs):
            self.beginRemoveRows(QModelIndex(), run[0], run[-1])
            del self._ids[run[0] : run[-1] + 1]
            self.endRemoveRows()

    def _article_changed(self, article_id: int, exists: bool) -> None:
        row = self.row_of(article_id)
        if exists and row < 0:
            # Articles keep id order; new ones usually go last.
            row = bisect.bisect_left(self._ids, article_id)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, article_id)
            self.endInsertRows()
        elif not exists and row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        elif exists:
            self._changed(article_id)

    def _changed(self, article_id: int) -> None:
        row = self.row_of(article_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)
