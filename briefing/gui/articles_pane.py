"""The articles pane: a filter box over the list of articles, and what to do with one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStackedLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.gui.articles_model import ARTICLE_ID_ROLE, DETAILS_ROLE, SEARCH_ROLE, ArticlesModel
from briefing.gui.current import ArticleShown
from briefing.gui.flow_layout import FlowLayout
from briefing.gui.item_painting import draw_item_frame, item_text_colour

EMPTY_TEXT = "No articles yet.\n\nDrop article files here, or use File > Import articles (Ctrl+I)."


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per article: the title, then outlet, date and passage count, muted."""

    PADDING = 6

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + metrics.leading() + 3 * self.PADDING)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        text = option.text
        draw_item_frame(painter, option)
        colour = item_text_colour(option)
        rect = option.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        metrics = QFontMetrics(option.font)
        painter.save()
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(colour)
        title_metrics = QFontMetrics(title_font)
        line = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft,
            title_metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        painter.setPen(item_text_colour(option, muted=True))
        line.translate(0, metrics.height() + self.PADDING // 2)
        details = str(index.data(DETAILS_ROLE) or "")
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()


class ArticleList(QListView):
    """The list of articles. Its rows are all one size (`setUniformItemSizes`), so a row whose
    text changed (a passage tagged there changes its count) is repainted alone: QListView
    would lay out every row again and repaint all it shows (13 rows, 6-15 ms at scale 10, on
    every tag and undo)."""

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if not self.uniformItemSizes():
            super().dataChanged(top_left, bottom_right, roles)
            return
        QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)


class ArticlesPane(QWidget):
    article_selected = Signal(ArticleShown)  # the analyst picked an article (or none)
    properties_requested = Signal(int)
    remove_requested = Signal(int)
    import_requested = Signal()

    def __init__(self, model: ArticlesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        heading = QLabel("<b>Articles</b>")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by title, outlet, author or date")
        self.filter.setToolTip(
            "To search the articles' text, use Edit › Find in all articles (Ctrl+Shift+F)"
        )
        self.filter.setClearButtonEnabled(True)
        self.list = ArticleList()
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(ArticleDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        # Titles are elided to the pane's width, so there is nothing to scroll sideways to.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAcceptDrops(False)
        self.list.setAccessibleName("Articles")
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.import_button = _button("Import…", "Import article files (Ctrl+I)")
        self.properties_button = _button("Properties…", "Edit the title, outlet, author and date")
        self.remove_button = _button(
            "Remove", "Remove the article and its passages from the project"
        )
        self.editing = True  # the analyst's role may add and remove articles

        self.stack = QStackedLayout()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        # The buttons wrap onto a second row when the pane is narrow (small screens, big fonts).
        buttons = FlowLayout()
        for button in (self.import_button, self.properties_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(heading)
        layout.addWidget(self.filter)
        layout.addLayout(self.stack, 1)
        layout.addLayout(buttons)

        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.doubleClicked.connect(lambda _: self._request(self.properties_requested))
        self.import_button.clicked.connect(self.import_requested)
        self.properties_button.clicked.connect(lambda: self._request(self.properties_requested))
        self.remove_button.clicked.connect(lambda: self._request(self.remove_requested))
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_state)
        self._update_state()

    def selected_article(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ARTICLE_ID_ROLE) if index.isValid() else None

    def select_article(self, article_id: int | None) -> None:
        if article_id is None:
            self.list.setCurrentIndex(QModelIndex())
            return
        row = self.model.row_of(article_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():  # filtered out: clear the filter rather than hide the choice
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row))
        self.list.setCurrentIndex(index)

    def on_article(self, shown: ArticleShown) -> None:
        self.select_article(shown.article_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_state()
        self.article_selected.emit(
            ArticleShown(current.data(ARTICLE_ID_ROLE) if current.isValid() else None)
        )

    def _request(self, signal: SignalInstance) -> None:
        article_id = self.selected_article()
        if article_id is not None:
            signal.emit(article_id)

    def _update_state(self, *_args: object) -> None:
        has_articles = self.model.rowCount() > 0
        self.stack.setCurrentIndex(0 if has_articles else 1)
        chosen = self.selected_article() is not None
        self.properties_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and self.editing)
        self.import_button.setEnabled(self.editing)

    def set_editing(self, editing: bool) -> None:
        """Grey out adding and removing articles where the analyst's role may not."""
        self.editing = editing
        self._update_state()


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button
