"""The Search pane (Edit › Find in all articles, Ctrl+Shift+F): every hit of a query across
the corpus as a line of context with the match in bold, grouped by article; Enter opens the
hit in the reader; the hits can be tagged (selected ones, or all) as one undoable edit.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.search import Filters, Hit, tag_hits
from briefing.analysis.search_query import HELP
from briefing.core.edit import Applied, ArticleChange, Kind, PassageChange
from briefing.core.errors import NotFound
from briefing.core.grading import RELIABILITY
from briefing.core.project import Project
from briefing.core.records import Theme
from briefing.gui.corpus_search import MAX_LISTED_HITS, CorpusSearch, SearchState
from briefing.gui.flow_layout import FlowLayout
from briefing.gui.hub import Opened, ProjectHub
from briefing.gui.suggestions_model import HTML_ROLE
from briefing.gui.suggestions_tree import SuggestionDelegate

HIT_ROLE = Qt.ItemDataRole.UserRole + 20  # a hit row's Hit
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 21  # an article row's id
ANY = "any"
EXPANDED_HITS = 200  # an article found with more is listed closed, its hits a click away


@dataclass(frozen=True, slots=True)
class HitOpened:
    hit: Hit


class ResultsModel(QStandardItemModel):
    """Articles with their hits under them; a running search only appends."""

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self._shown: tuple[str, int] = ("", 0)  # (query, hits listed)
        self._rows: dict[int, QStandardItem] = {}

    def show(self, state: SearchState) -> None:
        query, listed = self._shown
        if state.text != query or len(state.hits) < listed:
            self.clear()
            self._rows.clear()
            listed = 0
        grown = {hit.article_id for hit in state.hits[listed:]}
        for hit in state.hits[listed:]:
            self._add(hit)
        for article_id in grown:  # a heading counts its hits: only those with new ones change
            row = self._rows[article_id]
            heading = self._heading(article_id, row.rowCount())
            row.setText(heading)
            row.setToolTip(heading)
        self._shown = (state.text, len(state.hits))

    def _add(self, hit: Hit) -> None:
        row = self._rows.get(hit.article_id)
        if row is None:
            row = QStandardItem()
            row.setData(hit.article_id, ARTICLE_ROLE)
            row.setEditable(False)
            self._rows[hit.article_id] = row
            self.appendRow(row)
        item = QStandardItem(f"{hit.before}{hit.text}{hit.after}")
        item.setData(hit, HIT_ROLE)
        item.setData(
            f"…{html.escape(hit.before)}<b>{html.escape(hit.text)}</b>{html.escape(hit.after)}…",
            HTML_ROLE,
        )
        item.setEditable(False)
        row.appendRow(item)

    def _heading(self, article_id: int, hits: int) -> str:
        if self.project is None:
            return ""
        try:
            article = self.project.article(article_id)
        except NotFound:  # removed while the list was shown: the search runs again
            return "(removed)"
        parts = [article.outlet, (article.published or "")[:10]]
        details = " · ".join(p for p in parts if p)
        noun = "hit" if hits == 1 else "hits"
        return f"{article.title}" + (f" — {details}" if details else "") + f"  ({hits} {noun})"


class ResultsTree(QTreeView):
    hit_opened = Signal(HitOpened)
    key_tagged = Signal(int)  # 1-9 pressed on selected hits

    def event(self, event: QEvent) -> bool:
        # Digits tag the selected hits here; claim them before the window's shortcuts do.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if _digit(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            hit = self.currentIndex().data(HIT_ROLE)
            if isinstance(hit, Hit):
                self.hit_opened.emit(HitOpened(hit))
                return
        digit = _digit(event)
        if digit is not None:
            self.key_tagged.emit(digit)
            return
        super().keyPressEvent(event)


def _digit(event: QKeyEvent) -> int | None:
    text = event.text()
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return int(text) if plain and len(text) == 1 and text in "123456789" else None


class SearchPane(QWidget):
    hit_opened = Signal(HitOpened)

    def __init__(
        self, hub: ProjectHub, theme_at_key: Callable[[int], int | None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.hub, self.theme_at_key = hub, theme_at_key
        self.coding = True  # the analyst may tag what is found (told by `on_opened`)
        self.search = CorpusSearch(self)
        self._outlets: Counter[str] = Counter()  # how many articles name each outlet
        self._filled: tuple[tuple[str, ...], tuple[Theme, ...]] | None = None  # in the boxes
        self.model = ResultsModel()
        self.field = QLineEdit()
        self.field.setPlaceholderText('Search all articles: drones "ballistic missiles" -Ukraine')
        self.field.setToolTip(HELP)
        self.field.setClearButtonEnabled(True)
        self.outlet = QComboBox()
        self.reliability = QComboBox()
        self.theme_filter = QComboBox()
        self.since, self.until = self._date_edit("From"), self._date_edit("Until")
        self.reliability.addItem("Any reliability", ANY)
        for grade, meaning in RELIABILITY.items():
            self.reliability.addItem(f"Reliability {grade} ({meaning})", grade)
        self.summary = QLabel(HELP)
        self.summary.setWordWrap(True)
        self.tree = ResultsTree()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(SuggestionDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("Search hits")
        self.sentence = QCheckBox("Whole sentences")
        self.sentence.setToolTip("Tag each hit's whole sentence instead of the matched words")
        self.tag_selected_button = self._menu_button("Tag selected as", self.tag_selected)
        self.tag_all_button = self._menu_button("Tag all hits as", self.tag_all)

        filters = FlowLayout()
        for widget in (self.outlet, self.since, self.until, self.reliability, self.theme_filter):
            filters.addWidget(widget)
        actions = FlowLayout()
        for button in (self.tag_selected_button, self.tag_all_button, self.sentence):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)

        self.field.textChanged.connect(lambda _text: self._search())
        self.field.returnPressed.connect(self._enter)
        for box in (self.outlet, self.reliability, self.theme_filter):
            box.currentIndexChanged.connect(lambda _i: self._search(at_once=True))
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self._search(at_once=True))
        self.search.changed.connect(self._show)
        self.tree.doubleClicked.connect(self._open_index)
        self.tree.hit_opened.connect(self.hit_opened)
        self.tree.key_tagged.connect(self._tag_with_key)
        self._show(self.search.state)

    # ----- following the project ------------------------------------------------------------

    def on_opened(self, opened: Opened) -> None:
        self.coding = opened.may_change(Kind.PASSAGE)
        self.model.project = opened.project
        project = opened.project
        self._outlets = Counter(a.outlet for a in project.articles() if a.outlet) if project \
            else Counter()  # fmt: skip
        self._fill_filters(opened.project)
        self.search.set_project(opened.project)
        self._show(self.search.state)

    def on_change(self, applied: Applied) -> None:
        edit = applied.edit
        if edit.touches(ArticleChange):
            # Kept in step with the edit: asking 10,000 articles for their outlet after each
            # step of an import held the window for most of each step.
            for change in edit.of(ArticleChange):
                if change.before is not None and change.before.outlet:
                    self._outlets[change.before.outlet] -= 1
                if change.after is not None and change.after.outlet:
                    self._outlets[change.after.outlet] += 1
            self._outlets = +self._outlets  # those no article has any more go
            self._fill_filters(self.search.project)
            self.search.refresh()
        elif edit.touches(PassageChange) and isinstance(self.theme_filter.currentData(), tuple):
            self.search.refresh()  # with or without a theme's passages: the hits may change

    def focus_query(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    # ----- searching --------------------------------------------------------------------------

    def _search(self, at_once: bool = False) -> None:
        self.search.search(self.field.text(), self._filters(), at_once)

    def _filters(self) -> Filters:
        outlet, grade, theme = (box.currentData() for box in
                                (self.outlet, self.reliability, self.theme_filter))  # fmt: skip
        with_theme = theme[1] if isinstance(theme, tuple) and theme[0] == "with" else None
        without = theme[1] if isinstance(theme, tuple) and theme[0] == "without" else None
        return Filters(
            outlets=frozenset({outlet}) if outlet not in (ANY, None) else frozenset(),
            since=_day(self.since), until=_day(self.until),
            reliability=frozenset({grade}) if grade not in (ANY, None) else frozenset(),
            with_theme=with_theme, without_theme=without,
        )  # fmt: skip

    def _show(self, state: SearchState) -> None:
        self.model.show(state)
        if len(state.hits) and self.model.rowCount() <= 20:
            self._expand_small_articles()
        self.summary.setText(_summary(state))
        has_hits = bool(state.hits) and not state.error and self.coding
        self.tag_all_button.setEnabled(has_hits)
        self.tag_selected_button.setEnabled(has_hits)

    def _expand_small_articles(self) -> None:
        """Open the few articles found with their hits, but not one with thousands: laying
        out that many wrapped rows at once kept the window from its events for a second."""
        root = self.model.invisibleRootItem()
        for row in range(root.rowCount()):
            article = root.child(row)
            if article is not None and article.rowCount() <= EXPANDED_HITS:
                self.tree.expand(article.index())

    def _enter(self) -> None:
        self.search.run_now()
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(self.model.index(0, 0, first))
            self.tree.setFocus()

    def _open_index(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.hit_opened.emit(HitOpened(hit))

    def hits_of_article(self, article_id: int | None) -> list[tuple[int, int]]:
        """The spans the reader marks in the open article."""
        return [(h.start, h.end) for h in self.search.state.hits if h.article_id == article_id]

    # ----- tagging the hits ---------------------------------------------------------------------

    def selected_hits(self) -> list[Hit]:
        chosen: dict[tuple[int, int, int], Hit] = {}
        for index in self.tree.selectionModel().selectedIndexes():
            hit = index.data(HIT_ROLE)
            rows = [hit] if isinstance(hit, Hit) else self._hits_under(index)
            for one in rows:
                chosen[(one.article_id, one.start, one.end)] = one
        return sorted(chosen.values(), key=lambda h: (h.article_id, h.start))

    def _hits_under(self, index: QModelIndex) -> list[Hit]:
        item = self.model.itemFromIndex(index)
        return [item.child(r).data(HIT_ROLE) for r in range(item.rowCount())] if item else []

    def tag_selected(self, theme_id: int) -> None:
        self._tag(self.selected_hits(), theme_id)

    def tag_all(self, theme_id: int) -> None:
        state = self.search.state
        if not state.complete or state.total > len(state.hits):
            self.hub.message.emit(
                f"Only the first {MAX_LISTED_HITS:,} hits can be tagged at once; narrow the "
                "search" if state.total > len(state.hits) else "The search is still running"
            )  # fmt: skip
            if not state.complete:
                return
        self._tag(list(state.hits), theme_id)

    def _tag_with_key(self, number: int) -> None:
        theme_id = self.theme_at_key(number)
        if theme_id is not None:
            self.tag_selected(theme_id)

    def _tag(self, hits: list[Hit], theme_id: int) -> None:
        project = self.search.project
        if project is None or not hits:
            self.hub.message.emit("Select hits to tag first")
            return
        name = project.theme(theme_id).name
        whole = self.sentence.isChecked()
        results = []

        def tag():  # type: ignore[no-untyped-def]
            tagged = tag_hits(project, hits, [theme_id], whole)
            results.append(tagged)
            return tagged.edit

        self.hub.run(tag)
        if results:
            self.hub.message.emit(f"{results[0].summary(name)} - Ctrl+Z to undo")

    # ----- building -------------------------------------------------------------------------------

    def _menu_button(self, text: str, chosen: Callable[[int], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        button.setMenu(menu)

        def fill() -> None:
            menu.clear()
            project = self.search.project
            for theme in project.themes() if project else []:
                menu.addAction(theme.name).triggered.connect(lambda _=False, t=theme.id: chosen(t))

        menu.aboutToShow.connect(fill)
        return button

    def _date_edit(self, label: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setSpecialValueText(f"{label}: any date")  # shown at the minimum date
        edit.setDate(edit.minimumDate())
        edit.setToolTip(f"{label} this publication date (the lowest date: any)")
        return edit

    def _fill_filters(self, project: Project | None) -> None:
        outlets = sorted(self._outlets) if project else []
        themes = project.themes() if project else []
        filled = (tuple(outlets), tuple(themes))
        if filled == self._filled:
            return  # the boxes hold these already
        self._filled = filled
        for box, items in (
            (self.outlet, [("Any outlet", ANY)] + [(o, o) for o in outlets]),
            (self.theme_filter, [("Any passages", ANY)]
             + [(f"With passages of {t.name}", ("with", t.id)) for t in themes]
             + [(f"Without passages of {t.name}", ("without", t.id)) for t in themes]),
        ):  # fmt: skip
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for text, data in items:
                box.addItem(text, data)
            found = box.findData(current)
            box.setCurrentIndex(found if found >= 0 else 0)
            box.blockSignals(False)


def _day(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    if chosen == edit.minimumDate():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


def _summary(state: SearchState) -> str:
    if state.error:
        return state.error
    if not state.text.strip():
        return HELP
    noun = "hit" if state.total == 1 else "hits"
    found = (
        f"{state.total:,} {noun} in {state.articles:,} article{'s' if state.articles != 1 else ''}"
    )
    if not state.finished:
        return f"{found} so far… (searched {state.done:,} of {state.of:,})"
    listed = f"; the first {len(state.hits):,} are listed" if len(state.hits) < state.total else ""
    return found + listed
