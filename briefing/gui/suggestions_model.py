"""Theme suggestions grouped by theme: a tree model over the analysis engine, kept in sync.

Top-level rows are the themes in codebook order, each with its count; under each, the sentences
suggested for it, in article then reading order. The scope is one article or all of them.

Suggestions are worked out per article and cached here. An edit marks only the articles it
touches (a passage tagged or removed, a rejection, an import) and the work is done once, a
moment later, so a burst of edits (an undo of "accept all") costs one pass. Rows are then
inserted and removed one by one, so the selection and the scroll position survive.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPalette

from briefing.analysis.keywords import compile_keywords
from briefing.analysis.suggestions import Suggestion, suggest_for_article
from briefing.core.edit import Edit, Kind
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.records import Passage
from briefing.gui.swatches import swatch_icon

SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1
THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3  # the sentence with the matched keywords in bold
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 4  # the article's title, for the all-articles scope

DEBOUNCE_MS = 120

Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, int]  # (article_id, start, end): reading order within a theme
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _key(suggestion: Suggestion) -> Key:
    return suggestion.article_id, suggestion.start, suggestion.end


def keyword_html(text: str, keywords: tuple[str, ...]) -> str:
    """The text as HTML with every keyword hit in bold."""
    parts, last = [], 0
    for hit in compile_keywords(keywords).find(text):
        parts.append(html.escape(text[last : hit.start]))
        parts.append(f"<b>{html.escape(text[hit.start : hit.end])}</b>")
        last = hit.end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def visible_suggestions(
    found: Iterable[Suggestion], passages: Iterable[Passage]
) -> list[Suggestion]:
    """Drop suggestions whose sentence already holds a passage of their theme.

    The engine hides a sentence once passages cover half of it. An analyst who trims a
    suggestion before tagging has answered it too, however short the passage, so the list
    (and the underline) lets it go as soon as any passage of the theme lies in the sentence.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for passage in passages:
        for theme_id in passage.theme_ids:
            spans.setdefault(theme_id, []).append((passage.start, passage.end))
    return [
        s
        for s in found
        if not any(start < s.end and end > s.start for start, end in spans.get(s.theme_id, ()))
    ]


class SuggestionsModel(QAbstractItemModel):
    # Article ids whose suggestions changed (after the debounced update, or a reset).
    suggestions_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.article_id: int | None = None  # the open article
        self.show_all = False  # scope: every article, or only the open one
        self._cache: dict[int, tuple[Suggestion, ...]] = {}  # article id -> its suggestions
        self._themes: list[int] = []
        self._row_of_theme: dict[int, int] = {}
        self._keys: dict[int, list[Key]] = {}  # theme id -> sorted keys of its rows
        self._rows: dict[int, dict[Key, Suggestion]] = {}
        self._html: dict[tuple[str, tuple[str, ...]], str] = {}
        self._dirty: set[int] = set()
        self._all_dirty = False
        self._listed: set[int] = set()  # articles whose suggestions are rows now
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

    # ----- scope --------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self._timer.stop()
        self.project = project
        self._cache.clear()
        self._html.clear()
        self._dirty.clear()
        self._all_dirty = False
        self._rebuild()

    def set_article(self, article_id: int | None) -> None:
        """The open article: the scope unless every article is shown."""
        if article_id == self.article_id:
            return
        self.article_id = article_id
        if not self.show_all:
            self._rebuild()

    def set_show_all(self, show_all: bool) -> None:
        if show_all != self.show_all:
            self.show_all = show_all
            self._rebuild()

    def scope(self) -> list[int]:
        """Ids of the articles listed."""
        if self.project is None:
            return []
        if self.show_all:
            return [a.id for a in self.project.articles()]
        if self.article_id is not None and self._exists(self.article_id):
            return [self.article_id]
        return []

    def _exists(self, article_id: int) -> bool:
        try:
            assert self.project is not None
            self.project.article(article_id)
        except ProjectError:
            return False
        return True

    # ----- suggestions ----------------------------------------------------------------------

    def suggestions_of(self, article_id: int) -> tuple[Suggestion, ...]:
        """An article's current suggestions, worked out now if not cached."""
        if self.project is None or not self._exists(article_id):
            return ()
        if self._all_dirty or article_id in self._dirty:
            self.flush()
        found = self._cache.get(article_id)
        if found is None:
            found = self._cache[article_id] = self._compute(article_id, self.project.rejected())
        return found

    def in_theme(self, theme_id: int) -> list[Suggestion]:
        """The listed suggestions of a theme, in order."""
        rows = self._rows.get(theme_id, {})
        return [rows[k] for k in self._keys.get(theme_id, [])]

    def total(self) -> int:
        return sum(len(keys) for keys in self._keys.values())

    def _compute(self, article_id: int, rejected: set[tuple[int, int, int, int]]) -> tuple:
        assert self.project is not None
        passages = self.project.passages_of(article_id)
        found = suggest_for_article(
            self.project.article(article_id), self.project.themes(), passages, rejected
        )
        return tuple(visible_suggestions(found, passages))

    # ----- following the project ----------------------------------------------------------

    def on_edit(self, edit: Edit) -> None:
        """Note which articles an edit touches; work them out again a moment later."""
        if self.project is None:
            return
        for change in edit.changes:
            if change.kind is Kind.THEME:
                self._all_dirty = True  # keywords, names, colours or the order changed
            elif change.kind in (Kind.PASSAGE, Kind.REJECTION, Kind.ARTICLE):
                for record in (change.before, change.after):
                    if record is not None:
                        self._dirty.add(
                            record.id if change.kind is Kind.ARTICLE else record.article_id
                        )
        if self._all_dirty or self._dirty:
            self._timer.start()

    def flush(self) -> None:
        """Apply pending updates now (tests, and an accept that wants its row gone at once)."""
        self._timer.stop()
        if self.project is None or not (self._all_dirty or self._dirty):
            return
        if self._all_dirty:
            self._all_dirty = False
            self._dirty.clear()
            self._cache.clear()
            self._html.clear()
            self._rebuild()
            return
        dirty, self._dirty = self._dirty, set()
        rejected = self.project.rejected()
        listed = set(self.scope())
        changed = set()
        for article_id in sorted(dirty):
            old = self._cache.pop(article_id, None)
            if not self._exists(article_id):
                new: tuple[Suggestion, ...] = ()
            elif article_id in listed or article_id == self.article_id:
                new = self._cache[article_id] = self._compute(article_id, rejected)
            else:
                continue  # worked out again when next needed
            if old != new:
                changed.add(article_id)
            # Rows show the articles listed at the last update: an import or a removal
            # under "all articles" adds or drops an article's rows here.
            shown_before = old if article_id in self._listed else ()
            shown_now = new if article_id in listed else ()
            self._update_rows(shown_before or (), shown_now)
        self._listed = listed
        if changed:
            self.suggestions_changed.emit(changed)

    def _rebuild(self) -> None:
        self.beginResetModel()
        project = self.project
        self._themes = [t.id for t in project.themes()] if project else []
        self._row_of_theme = {t: row for row, t in enumerate(self._themes)}
        self._keys = {t: [] for t in self._themes}
        self._rows = {t: {} for t in self._themes}
        self._listed = set(self.scope())
        if project is not None:
            rejected = project.rejected()
            for article_id in self.scope():
                found = self._cache.get(article_id)
                if found is None:
                    found = self._cache[article_id] = self._compute(article_id, rejected)
                for suggestion in found:
                    if suggestion.theme_id in self._rows:
                        self._rows[suggestion.theme_id][_key(suggestion)] = suggestion
            for theme_id, rows in self._rows.items():
                self._keys[theme_id] = sorted(rows)
        self.endResetModel()
        self.suggestions_changed.emit(set(self.scope()) | {self.article_id} - {None})

    def _update_rows(self, old: Iterable[Suggestion], new: Iterable[Suggestion]) -> None:
        before = {(s.theme_id, _key(s)): s for s in old}
        after = {(s.theme_id, _key(s)): s for s in new}
        for theme_id, key in sorted(before.keys() - after.keys(), reverse=True):
            keys = self._keys.get(theme_id)
            if keys is None:
                continue
            row = bisect.bisect_left(keys, key)
            if row < len(keys) and keys[row] == key:
                self.beginRemoveRows(self.group_index(theme_id), row, row)
                del keys[row]
                del self._rows[theme_id][key]
                self.endRemoveRows()
                self._group_changed(theme_id)
        for theme_id, key in sorted(after.keys() - before.keys()):
            keys = self._keys.get(theme_id)
            if keys is None:
                continue
            row = bisect.bisect_left(keys, key)
            self.beginInsertRows(self.group_index(theme_id), row, row)
            keys.insert(row, key)
            self._rows[theme_id][key] = after[(theme_id, key)]
            self.endInsertRows()
            self._group_changed(theme_id)

    def _group_changed(self, theme_id: int) -> None:
        group = self.group_index(theme_id)
        self.dataChanged.emit(group, group)

    # ----- lookups ------------------------------------------------------------------------

    def suggestion(self, index: Index) -> Suggestion | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        theme_id = index.internalId()
        return self._rows[theme_id][self._keys[theme_id][index.row()]]

    def theme_id(self, index: Index) -> int | None:
        if not index.isValid():
            return None
        return index.internalId() or self._themes[index.row()]

    def group_index(self, theme_id: int) -> QModelIndex:
        row = self._row_of_theme.get(theme_id)
        return QModelIndex() if row is None else self.createIndex(row, 0, 0)

    def index_of(self, suggestion: Suggestion) -> QModelIndex:
        keys = self._keys.get(suggestion.theme_id)
        if keys is None:
            return QModelIndex()
        key = _key(suggestion)
        row = bisect.bisect_left(keys, key)
        if row < len(keys) and keys[row] == key:
            return self.createIndex(row, 0, suggestion.theme_id)
        return QModelIndex()

    def nearest(self, theme_id: int, key: Key) -> QModelIndex:
        """Where to go after a verdict: the row at or after `key` in its theme, else the next."""
        keys = self._keys.get(theme_id, [])
        if keys:
            row = min(bisect.bisect_left(keys, key), len(keys) - 1)
            return self.createIndex(row, 0, theme_id)
        # The theme is done: go on to the first suggestion of the next theme that has any.
        start = self._row_of_theme.get(theme_id, -1) + 1
        for other in self._themes[start:] + self._themes[:start]:
            if self._keys[other]:
                return self.createIndex(0, 0, other)
        return QModelIndex()

    # ----- Qt model -----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0:
            return QModelIndex()
        if not parent.isValid():
            if 0 <= row < len(self._themes):
                return self.createIndex(row, 0, 0)
            return QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        theme_id = self._themes[parent.row()]
        if 0 <= row < len(self._keys[theme_id]):
            return self.createIndex(row, 0, theme_id)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(self._row_of_theme[index.internalId()], 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._themes)
        if parent.internalId() != 0:
            return 0
        return len(self._keys[self._themes[parent.row()]])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.project is None:
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        suggestion = self.suggestion(index)
        assert suggestion is not None
        if role == SUGGESTION_ROLE:
            return suggestion
        if role == THEME_ID_ROLE:
            return suggestion.theme_id
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(suggestion.text.split())
        if role == HTML_ROLE:
            return self._sentence_html(suggestion)
        if role == SOURCE_ROLE:
            return self.project.article(suggestion.article_id).title
        if role == Qt.ItemDataRole.ToolTipRole:
            article = self.project.article(suggestion.article_id)
            source = f"{article.title} ({article.outlet})" if article.outlet else article.title
            return (
                f"Matches: {', '.join(suggestion.matched)}\n{source}\n\n"
                "Enter or A accepts, Delete or R rejects, T selects it in the reader to trim"
            )
        return None

    def _sentence_html(self, suggestion: Suggestion) -> str:
        assert self.project is not None
        keywords = self.project.theme(suggestion.theme_id).keywords
        key = (suggestion.id, keywords)
        found = self._html.get(key)
        if found is None:
            found = self._html[key] = keyword_html(" ".join(suggestion.text.split()), keywords)
        return found

    def _group_data(self, index: Index, role: int) -> Any:
        assert self.project is not None
        theme = self.project.theme(self._themes[index.row()])
        count = len(self._keys[theme.id])
        if role == THEME_ID_ROLE:
            return theme.id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{theme.name}  ({count})"
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(theme.colour, size=14)
        if role == Qt.ItemDataRole.ForegroundRole and count == 0:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not theme.keywords:
                return f"Add keywords to “{theme.name}” in the Codebook to get suggestions"
            return f"Keywords: {', '.join(theme.keywords)}"
        return None
