"""The passages pane: passages grouped by theme, for this article or all; notes edited in place.

Under the tree, the corroboration panel shows other reports of the selected passage. Each
passage's credibility grade (1-6) is edited in its column (double-click or F2), or from the
Credibility submenu of the context menu.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSplitter,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.core.grading import CREDIBILITY
from briefing.core.project import Project
from briefing.gui.corroboration_panel import CorroborationPanel
from briefing.gui.current import ArticleShown, Current, PassageChosen
from briefing.gui.flow_layout import FlowLayout
from briefing.gui.idle import soon
from briefing.gui.item_painting import AskingInPython
from briefing.gui.passages_model import (
    AUTHOR,
    EDITABLE_COLUMNS,
    GRADE,
    NOTE,
    QUOTE,
    SOURCE,
    PassagesModel,
)
from briefing.gui.swatches import swatch_icon

ANYONE = "By anyone"
NOBODY = "(not named)"  # passages from before passages named their author
# A file just opened counts whose its passages are a moment after the rest: the analysts'
# list looks again this often until then, instead of the window waiting for the count.
ANALYSTS_AGAIN_MS = 25

Index = QModelIndex | QPersistentModelIndex


def grade_label(grade: int) -> str:
    return f"{grade} – {CREDIBILITY[grade]}"


class CredibilityDelegate(AskingInPython):
    """Edits the credibility column with the six labelled grades."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for grade in CREDIBILITY:
            editor.addItem(grade_label(grade), grade)
        # One choice commits: no second click or Enter needed.
        editor.activated.connect(lambda _=0, e=editor: self._commit(e))
        return editor

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)


class PassagesTree(QTreeView):
    """The passages tree: only a passage's grade and note can be edited in place, and only by
    an analyst who may change passages."""

    def edit(self, index: Index, trigger=None, event=None) -> bool:  # type: ignore[no-untyped-def,override]
        if trigger is None:  # edit(index): Qt comes back here with a trigger
            super().edit(index)
            return True
        model = self.model()
        if isinstance(model, PassagesModel) and not model.coding:
            return False
        if index.column() not in EDITABLE_COLUMNS or not index.parent().isValid():
            return False
        return super().edit(index, trigger, event)


class PassagesPane(QWidget):
    passage_activated = Signal(int)  # double-click: show it in the reader
    passage_picked = Signal(PassageChosen)  # the analyst moved through the list

    def __init__(
        self, model: PassagesModel, current: Current, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.current = current  # the owner of the open article and the current passage
        self._showing = False
        # The tree follows the current passage once the window has painted what changed
        # (`on_passage`); anything that reads the tree's selection catches up first.
        self._follow_timer = soon(self, self._catch_up)
        self._chosen: int | None = None  # the current passage, as last announced
        self._lagging = False  # the tree does not show `_chosen` yet
        self.all_articles = QCheckBox("Show all articles")
        self.all_articles.setToolTip("Show the passages of every article, not only the open one")
        self.analyst = QComboBox()
        self._analysts_shown: tuple[list[str], str | None] | None = None
        self._analysts_again = QTimer(self)
        self._analysts_again.setSingleShot(True)
        self._analysts_again.setInterval(ANALYSTS_AGAIN_MS)
        self._analysts_again.timeout.connect(self._fill_analysts)
        self.analyst.setToolTip("Show only the passages one analyst tagged")
        self.analyst.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tree = PassagesTree()
        self.tree.setModel(model)
        self.tree.setAccessibleName("Passages")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setAcceptDrops(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(SOURCE, 130)
        header.resizeSection(GRADE, 44)
        header.resizeSection(NOTE, 130)
        header.resizeSection(AUTHOR, 60)
        # Cells painted from the model asked in Python: a tag repaints the visible rows.
        self.tree.setItemDelegate(AskingInPython(model, self.tree))
        self.tree.setItemDelegateForColumn(GRADE, CredibilityDelegate(model, self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        assert model.run is not None
        self.corroboration = CorroborationPanel(model.run, current)

        self.add_theme_button = QToolButton()
        self.add_theme_button.setText("Add theme")
        self.add_theme_button.setToolTip("Also tag the selected passage with another theme")
        self.add_theme_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_theme_menu = QMenu(self)
        self.add_theme_button.setMenu(self.add_theme_menu)
        self.add_theme_menu.aboutToShow.connect(self._fill_add_theme_menu)
        self.remove_theme_action = QAction("Remove theme", self)
        self.remove_theme_action.setToolTip(
            "Untag the selected passage from the theme it is listed under"
        )
        self.remove_theme_action.triggered.connect(self.remove_theme)
        self.edit_note_action = QAction("Edit note", self)
        self.edit_note_action.setToolTip("Edit the selected passage's note (F2 in the list)")
        self.edit_note_action.triggered.connect(self.edit_note)
        self.credibility_menu = QMenu("&Credibility", self)
        self.credibility_menu.setToolTip("Grade how credible the selected passage's claim is")
        self.credibility_group = QActionGroup(self)
        self.credibility_actions: dict[int, QAction] = {}
        for grade in CREDIBILITY:
            made = self.credibility_menu.addAction(grade_label(grade))
            made.setCheckable(True)
            made.setData(grade)
            made.triggered.connect(lambda _=False, g=grade: self.set_credibility(g))
            self.credibility_group.addAction(made)
            self.credibility_actions[grade] = made
        self.credibility_menu.aboutToShow.connect(self._check_grade)
        # Rows that wrap, so the pane (and the window) stays narrow on small screens.
        buttons = FlowLayout()
        self.delete_button = QToolButton()  # the main window gives it the Delete action
        row = [self.add_theme_button]
        for made in (self.remove_theme_action, self.edit_note_action):
            button = QToolButton()
            button.setDefaultAction(made)
            row.append(button)
        for button in [*row, self.delete_button]:
            buttons.addWidget(button)

        top = QHBoxLayout()
        top.addWidget(self.all_articles)
        top.addStretch(1)
        top.addWidget(self.analyst)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.tree, 1)
        upper_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.corroboration)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.all_articles.toggled.connect(self._on_scope_toggled)
        self.analyst.activated.connect(self._on_analyst_chosen)
        model.rowsInserted.connect(self._fill_analysts)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        # The tree follows its model; its selection follows the owner of the current passage.
        model.changing.connect(self._catch_up)
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._expand_new)
        self.corroboration.passage_activated.connect(self.passage_activated)
        self._after_reset()

    @property
    def project(self) -> Project | None:
        return self.model.project

    def current_passage(self) -> int | None:
        self._catch_up()
        return self.model.passage_id(self.tree.currentIndex())

    def current_theme(self) -> int | None:
        self._catch_up()
        return self.model.theme_id(self.tree.currentIndex())

    def select_passage(self, passage_id: int | None) -> None:
        """Show a passage as selected (the owner's choice: not passed back to it)."""
        self._showing = True
        try:
            self._select(passage_id)
        finally:
            self._showing = False

    def _select(self, passage_id: int | None) -> None:
        indexes = self.model.indexes_of(passage_id) if passage_id is not None else []
        if not indexes:
            self.tree.selectionModel().clearCurrentIndex()
            self.tree.clearSelection()
            return
        index = indexes[0]
        if (
            self.tree.currentIndex().parent() == index.parent()
            and self.model.passage_id(self.tree.currentIndex()) == passage_id
        ):
            return  # already selected under one of its themes
        self.tree.expand(index.parent())
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)

    def set_show_all(self, show_all: bool) -> None:
        self.all_articles.setChecked(show_all)

    # ----- actions --------------------------------------------------------------------------

    def edit_note(self) -> None:
        index = self.tree.currentIndex()
        if self.model.passage_id(index) is not None:
            note = index.siblingAtColumn(NOTE)
            self.tree.setCurrentIndex(note)
            self.tree.edit(note)

    def remove_theme(self) -> None:
        passage_id, theme_id = self.current_passage(), self.current_theme()
        if self.project is None or passage_id is None or theme_id is None:
            return
        project, run = self.project, self.model.run
        assert run is not None
        run(lambda: project.remove_passage_theme(passage_id, theme_id))

    def add_theme(self, theme_id: int) -> None:
        passage_id = self.current_passage()
        if self.project is None or passage_id is None:
            return
        project, run = self.project, self.model.run
        assert run is not None
        run(lambda: project.add_passage_theme(passage_id, theme_id))
        self.select_passage(passage_id)

    def set_credibility(self, grade: int) -> None:
        passage_id = self.current_passage()
        if self.project is None or passage_id is None:
            return
        project, run = self.project, self.model.run
        assert run is not None
        run(lambda: project.set_credibility(passage_id, grade))

    def _check_grade(self) -> None:
        passage_id = self.current_passage()
        grade = self.project.passage(passage_id).credibility if self.project and passage_id else 0
        for value, made in self.credibility_actions.items():
            made.setChecked(value == grade)

    def _show_context_menu(self, point: QPoint) -> None:
        if self.model.passage_id(self.tree.indexAt(point)) is None:
            return
        menu = QMenu(self)
        menu.addMenu(self.add_theme_menu).setText("Add theme")
        menu.addAction(self.remove_theme_action)
        menu.addAction(self.edit_note_action)
        menu.addMenu(self.credibility_menu)
        if self.delete_button.defaultAction() is not None:
            menu.addSeparator()
            menu.addAction(self.delete_button.defaultAction())
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _fill_add_theme_menu(self) -> None:
        self.add_theme_menu.clear()
        passage_id = self.current_passage()
        if self.project is None or passage_id is None:
            self.add_theme_menu.addAction("Select a passage first").setEnabled(False)
            return
        tagged = set(self.project.passage(passage_id).theme_ids)
        for theme in self.project.themes():
            made = self.add_theme_menu.addAction(swatch_icon(theme.colour, size=16), theme.name)
            made.setEnabled(theme.id not in tagged)
            made.triggered.connect(lambda _=False, t=theme.id: self.add_theme(t))

    # ----- reactions --------------------------------------------------------------------------

    def on_article(self, _shown: ArticleShown) -> None:
        self._follow_scope()

    def on_passage(self, chosen: PassageChosen) -> None:
        """Select the current passage in a moment, once the window has painted the change:
        selecting a row scrolls the tree and repaints all of it (~8 ms for its ~60 cells
        at scale 10), and a tag in the reader need not wait for that. Whatever reads the
        tree's selection, and the next edit of its rows, has it caught up first."""
        self._chosen, self._lagging = chosen.passage_id, True
        self._follow_timer.start()

    def _catch_up(self) -> None:
        if self._lagging:
            self._follow_timer.stop()
            self._lagging = False
            self.select_passage(self._chosen)

    def _follow_current(self) -> None:
        self._follow_timer.stop()
        self._lagging = False
        self.select_passage(self.current.passage_id)

    def _follow_scope(self) -> None:
        if self.all_articles.isChecked():
            self.model.set_article(None)
        else:
            article_id = self.current.article_id
            self.model.set_article(article_id if article_id is not None else -1)
        self._follow_current()

    def _on_scope_toggled(self, show_all: bool) -> None:
        self.tree.setColumnHidden(SOURCE, not show_all)
        self._follow_scope()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        passage_id = self.model.passage_id(index)
        if passage_id is None:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))
        elif index.column() in (NOTE, GRADE):
            self.tree.edit(index)
        else:
            self.passage_activated.emit(passage_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        # Also when Qt moves the row on after the current one was removed: the list's
        # neighbour becomes the current passage, as in any list.
        if not self._showing:
            self.passage_picked.emit(PassageChosen(self.model.passage_id(current)))

    def _after_reset(self) -> None:
        self.tree.expandAll()
        self._follow_current()
        self.tree.setColumnHidden(SOURCE, not self.all_articles.isChecked())
        self._fill_analysts()
        self._update_actions()

    def _fill_analysts(self, *_args: object) -> None:
        """The analysts who tagged passages, to filter by; the filter and the By column show
        only once there is more than one (or the list is filtered already)."""
        known = self.model.analysts_known()
        if not known:
            self._analysts_again.start()
        names = self.model.analysts() if known else []
        chosen = self.model.analyst
        if chosen is not None and chosen not in names:
            names.append(chosen)
        if (names, chosen) == self._analysts_shown:
            return  # the same list (a tag by the same analyst): nothing to fill again
        self._analysts_shown = (names, chosen)
        self.analyst.blockSignals(True)
        self.analyst.clear()
        self.analyst.addItem(ANYONE, None)
        for name in names:
            self.analyst.addItem(name or NOBODY, name)
        self.analyst.setCurrentIndex(0 if chosen is None else max(0, self.analyst.findData(chosen)))
        self.analyst.blockSignals(False)
        several = len(names) > 1
        self.analyst.setVisible(several)
        self.tree.setColumnHidden(AUTHOR, not several)

    def _on_analyst_chosen(self, index: int) -> None:
        self.model.set_analyst(self.analyst.itemData(index))

    def _expand_new(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if parent.isValid():
            self.tree.expand(parent)

    def _update_actions(self) -> None:
        chosen = self.model.passage_id(self.tree.currentIndex()) is not None and self.model.coding
        self.add_theme_button.setEnabled(chosen)
        self.remove_theme_action.setEnabled(chosen)
        self.edit_note_action.setEnabled(chosen)
        self.credibility_menu.setEnabled(chosen)
