"""Passages grouped by theme: a tree model over the core, updated row by row from edits.

Top-level rows are the themes in codebook order; under each, the passages tagged with it (a
passage with two themes shows under both), in reading order. The scope is one article or all.
A single tag, note or untag inserts, changes or removes just the rows concerned.
Each row also shows the passage's information-credibility grade (editable), and a passage added
as a corroborating report of another is marked with "↳" and names it in its tooltip.

The rows are a `QStandardItemModel`'s, so the tree's layout (which visits every row after each
insert or removal) runs in C++; what a row shows is answered here, from the project, only for
the rows painted. Each theme keeps its passages' sort keys in a list parallel to its rows, so
finding a row is a binary search.
"""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from briefing.core.edit import Applied, ArticleChange, Edit, Kind, PassageChange, ThemeChange
from briefing.core.errors import ProjectError
from briefing.core.grading import CREDIBILITY, is_credibility
from briefing.core.project import Project
from briefing.core.records import Passage
from briefing.gui.hub import Opened, Run
from briefing.gui.swatches import swatch_icon
from briefing.gui.theme_groups import ThemeGroupsModel

PASSAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 2

QUOTE, SOURCE, GRADE, NOTE, AUTHOR = range(5)
HEADERS = ("Passage", "Source", "Cred.", "Note", "By")
LINK_MARK = "↳ "  # before a corroborating report's quote

Index = QModelIndex | QPersistentModelIndex
NO_ARTICLE = -1  # an article id no article has: the scope of no article's passages
EDITABLE_COLUMNS = (GRADE, NOTE)
SortKey = tuple[int, int, int, int]


_ROLES_ANSWERED = frozenset({
    PASSAGE_ID_ROLE, THEME_ID_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.DecorationRole,  # a theme row's swatch
})  # fmt: skip


_CENTRED = Qt.AlignmentFlag.AlignCenter
# A cell's (display, alignment, decoration): what painting it asks (`PassagesModel.cell`).
Cell = tuple[str | None, Qt.AlignmentFlag | None, QIcon | None]
_BLANK: Cell = (None, None, None)


def _key(passage: Passage) -> SortKey:
    return passage.article_id, passage.start, passage.end, passage.id


def one_line(text: str) -> str:
    return " ".join(text.split())


class PassagesModel(ThemeGroupsModel):
    # An edit is about to change the rows (before any of them changes): a view whose
    # selection lags behind the current passage catches up first.
    changing = Signal()

    def __init__(self, run: Run | None = None) -> None:
        super().__init__()
        self.setColumnCount(len(HEADERS))
        self.project: Project | None = None
        self.run = run
        self.coding = True  # the analyst may change passages (told by `on_opened`)
        self.article_id: int | None = None  # None: all articles
        self.analyst: str | None = None  # only the passages this analyst made; None: anyone's
        self._themes: list[int] = []
        self._row_of_theme: dict[int, int] = {}
        self._children: dict[int, list[SortKey]] = {}  # theme id -> sorted passage keys
        # A removed row's key goes once the row has gone, before anyone hears of it: views
        # ask about the rows around it while it is being removed.
        self._removing: tuple[int, int] | None = None
        self.rowsRemoved.connect(self._forget_removed)

    # ----- scope --------------------------------------------------------------------------

    def on_opened(self, opened: Opened) -> None:
        self.coding = opened.may_change(Kind.PASSAGE)
        self.set_project(opened.project)

    def on_change(self, applied: Applied) -> None:
        self.on_edit(applied.edit)

    def set_project(self, project: Project | None, article_id: int | None = NO_ARTICLE) -> None:
        """Show a project's passages: those of one article, all with None. At first none
        (`NO_ARTICLE`), until the pane gives the scope: the window opens an article next, and
        listing all 100,000 passages of a large project first would be work thrown away."""
        self.project = project
        self.article_id = article_id if project is not None else None
        self.analyst = None
        self._rebuild()

    def set_article(self, article_id: int | None) -> None:
        """Show one article's passages, or all articles' with None."""
        if article_id != self.article_id:
            self.article_id = article_id
            self._rebuild()

    def set_analyst(self, analyst: str | None) -> None:
        """Show only the passages one analyst made ("" for those that name nobody), or
        everyone's with None."""
        if analyst != self.analyst:
            self.analyst = analyst
            self._rebuild()

    def analysts(self) -> list[str]:
        """Everyone who made a passage of this project, by name ("" for nobody named)."""
        if self.project is None:
            return []
        return sorted(self.project.passage_authors(), key=str.casefold)

    def analysts_known(self) -> bool:
        """Whether `analysts` answers at once (else it waits for the file's count)."""
        return self.project is None or self.project.passage_authors_known()

    def _in_scope(self, passage: Passage | None) -> bool:
        return (
            passage is not None
            and (self.article_id is None or passage.article_id == self.article_id)
            and (self.analyst is None or passage.created_by == self.analyst)
        )

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset, not a signal per row
        try:
            project = self.project
            self._themes = [t.id for t in project.themes()] if project else []
            self._row_of_theme = {t: row for row, t in enumerate(self._themes)}
            self._children = {t: [] for t in self._themes}
            if project is not None:
                scope = (
                    project.passages()
                    if self.article_id is None
                    else project.passages_of(self.article_id)
                )
                if self.analyst is not None:
                    scope = [p for p in scope if p.created_by == self.analyst]
                for passage in scope:
                    for theme_id in passage.theme_ids:
                        if theme_id in self._children:
                            self._children[theme_id].append(_key(passage))
                for keys in self._children.values():
                    keys.sort()
            # Rows are made by Qt, not as Python QStandardItems: items Qt deletes behind
            # Python's back leave stale wrappers behind.
            self.removeRows(0, self.rowCount())
            self.insertRows(0, len(self._themes))
            for row, theme_id in enumerate(self._themes):
                group = self.index(row, 0)
                self.insertColumns(0, len(HEADERS), group)
                self.insertRows(0, len(self._children[theme_id]), group)
        finally:
            self.blockSignals(False)
        self.endResetModel()

    # ----- lookups ------------------------------------------------------------------------

    def passage_id(self, index: Index) -> int | None:
        if not index.isValid():
            return None
        parent = index.parent()
        if not parent.isValid():
            return None
        return self._children[self._themes[parent.row()]][index.row()][3]

    def indexes_of(self, passage_id: int) -> list[QModelIndex]:
        """Every row showing a passage (one per theme), in codebook order."""
        if self.project is None:
            return []
        try:
            passage = self.project.passage(passage_id)
        except ProjectError:  # gone: an edit taking its rows away is on its way here
            return [
                self._child(theme_id, row)
                for theme_id in self._themes
                for row, key in enumerate(self._children[theme_id])
                if key[3] == passage_id
            ]
        if not self._in_scope(passage):
            return []
        found = []
        key = _key(passage)
        for theme_id in passage.theme_ids if len(passage.theme_ids) == 1 else self._themes:
            keys = self._children.get(theme_id, [])
            row = bisect.bisect_left(keys, key)
            if row < len(keys) and keys[row] == key:
                found.append(self._child(theme_id, row))
        return found

    # ----- Qt model -----------------------------------------------------------------------
    # index(), parent(), rowCount() and flags() are QStandardItemModel's, in C++: the tree
    # calls them for every row on each layout. The cells hold no items, so the view
    # (PassagesTree) decides what can be edited: a passage's grade and note.

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == GRADE:
            return "Information credibility, 1 (confirmed by other sources) to 6 (cannot be judged)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks each visible cell for a dozen roles at every repaint (a tag repaints the
        # tree); most are none of ours: answer those before looking anything up.
        if role not in _ROLES_ANSWERED or not index.isValid() or self.project is None:
            return None
        parent = index.parent()
        if not parent.isValid():
            return self._group_data(index, role)
        theme_id = self._themes[parent.row()]
        passage = self.project.passage(self._children[theme_id][index.row()][3])
        column = index.column()
        if role == PASSAGE_ID_ROLE:
            return passage.id
        if role == THEME_ID_ROLE:
            return theme_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(passage, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == NOTE:
                return passage.note
            if column == GRADE:
                return passage.credibility
        if role == Qt.ItemDataRole.TextAlignmentRole and column == GRADE:
            return _CENTRED
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == GRADE:
                grade = passage.credibility
                return f"Credibility {grade}: {CREDIBILITY[grade]}"
            return self._tooltip(passage)
        return None

    def cell(self, index: Index) -> Cell:
        """What painting a cell asks (its display, alignment and decoration roles), in one
        call: a repaint of the tree asks it of some sixty cells."""
        if not index.isValid() or self.project is None:
            return _BLANK
        parent = index.parent()
        if not parent.isValid():
            if index.column() != QUOTE:
                return _BLANK
            theme = self.project.theme(self._themes[index.row()])
            swatch = swatch_icon(theme.colour, size=14)
            return self._group_title(theme.id, theme.name), None, swatch
        theme_id = self._themes[parent.row()]
        passage = self.project.passage(self._children[theme_id][index.row()][3])
        column = index.column()
        return self._shown(passage, column), _CENTRED if column == GRADE else None, None

    def _shown(self, passage: Passage, column: int) -> str:
        """A passage row's text in a column (its display role)."""
        assert self.project is not None
        if column == QUOTE:
            mark = LINK_MARK if passage.corroborates is not None else ""
            return f"{mark}“{one_line(passage.quote)}”"
        if column == SOURCE:
            return self.project.article(passage.article_id).title
        if column == GRADE:
            return str(passage.credibility)
        if column == AUTHOR:
            return passage.created_by
        return one_line(passage.note)

    def _group_title(self, theme_id: int, name: str) -> str:
        return f"{name}  ({len(self._children[theme_id])})"

    def _tooltip(self, passage: Passage) -> str:
        assert self.project is not None
        article = self.project.article(passage.article_id)
        names = ", ".join(self.project.theme(t).name for t in passage.theme_ids)
        lines = [f"“{passage.quote}”", "", article.title, f"Themes: {names}"]
        grade = passage.credibility
        lines.append(f"Credibility {grade}: {CREDIBILITY[grade]}")
        if passage.created_by:
            lines.append(
                f"Tagged by {passage.created_by}, {passage.created[:16].replace('T', ' ')}"
            )
        if passage.updated_by and passage.updated_by != passage.created_by:
            lines.append(f"Last changed by {passage.updated_by}")
        if passage.corroborates is not None:
            try:
                original = self.project.passage(passage.corroborates)
                source = self.project.article(original.article_id).title
                lines.append(f"Corroborates “{one_line(original.quote)[:80]}” ({source})")
            except ProjectError:
                pass
        reports = len(self.project.corroborators(passage.id))
        if reports:
            lines.append(f"Also reported by {reports} linked passage{'s' if reports > 1 else ''}")
        if passage.note:
            lines += ["", f"Note: {passage.note}"]
        return "\n".join(lines)

    def _group_data(self, index: Index, role: int) -> Any:
        assert self.project is not None
        theme = self.project.theme(self._themes[index.row()])
        if role == THEME_ID_ROLE:
            return theme.id
        if index.column() != QUOTE:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._group_title(theme.id, theme.name)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(theme.colour, size=14)
        if role == Qt.ItemDataRole.ToolTipRole:
            return theme.description or theme.name
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        passage_id = self.passage_id(index)
        if passage_id is None or index.column() not in (NOTE, GRADE):
            return False
        if role != Qt.ItemDataRole.EditRole or self.project is None or self.run is None:
            return False
        project = self.project
        if index.column() == GRADE:
            try:
                grade = int(value)
            except (TypeError, ValueError):
                return False
            if not is_credibility(grade):
                return False
            self.run(lambda: project.set_credibility(passage_id, grade))
            return True
        note = str(value).strip()
        self.run(lambda: project.set_note(passage_id, note))
        return True  # the edit itself updates the rows

    # ----- following the project ----------------------------------------------------------

    def on_edit(self, edit: Edit) -> None:
        if self.project is None:
            return
        self.changing.emit()
        if self._changes_structure(edit):
            self._rebuild()
            return
        for change in edit.changes:
            if isinstance(change, PassageChange):
                self._passage_changed(change.before, change.after)
            elif isinstance(change, ThemeChange):
                group = self.group_index(change.id)
                if group.isValid():
                    self.dataChanged.emit(group, group)
            elif isinstance(change, ArticleChange) and change.after is not None:
                self._all_children_changed(SOURCE)

    def _changes_structure(self, edit: Edit) -> bool:
        for theme in edit.of(ThemeChange):
            if theme.before is None or theme.after is None:
                return True
            if theme.before.position != theme.after.position:
                return True
        return any(c.after is None and c.id == self.article_id for c in edit.of(ArticleChange))

    def _passage_changed(self, before: Passage | None, after: Passage | None) -> None:
        old_key = _key(before) if before is not None and self._in_scope(before) else None
        new_key = _key(after) if after is not None and self._in_scope(after) else None
        old = set(before.theme_ids) if before is not None and old_key else set()
        new = set(after.theme_ids) if after is not None and new_key else set()
        for theme_id in self._themes:  # codebook order keeps row signals predictable
            if old_key and theme_id in old and (theme_id not in new or old_key != new_key):
                self._remove(theme_id, old_key)
            if new_key and theme_id in new and (theme_id not in old or old_key != new_key):
                self._insert(theme_id, new_key)
            elif new_key and theme_id in new:
                row = bisect.bisect_left(self._children[theme_id], new_key)
                last = self._child(theme_id, row, AUTHOR)
                self.dataChanged.emit(self._child(theme_id, row), last)

    def _insert(self, theme_id: int, key: SortKey) -> None:
        keys = self._children[theme_id]
        row = bisect.bisect_left(keys, key)
        keys.insert(row, key)  # first: the views ask about the new row as soon as it is in
        self.insertRows(row, 1, self.group_index(theme_id))
        self._group_changed(theme_id)

    def _remove(self, theme_id: int, key: SortKey) -> None:
        keys = self._children[theme_id]
        row = bisect.bisect_left(keys, key)
        if row >= len(keys) or keys[row] != key:
            return
        self._removing = (theme_id, row)
        self.removeRows(row, 1, self.group_index(theme_id))
        self._forget_removed()
        self._group_changed(theme_id)

    def _forget_removed(self, *_args: object) -> None:
        if self._removing is not None:
            theme_id, row = self._removing
            self._removing = None
            del self._children[theme_id][row]

    def _group_changed(self, theme_id: int) -> None:
        group = self.group_index(theme_id)
        self.dataChanged.emit(group, group)

    def _all_children_changed(self, column: int) -> None:
        for theme_id in self._themes:
            count = len(self._children[theme_id])
            if count:
                self.dataChanged.emit(
                    self._child(theme_id, 0, column), self._child(theme_id, count - 1, column)
                )
