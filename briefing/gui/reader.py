"""The reader pane: the article's title and byline above its text, a find bar below."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.records import Article, Passage, Theme
from briefing.gui.reader_view import ReaderView, reading_font

EMPTY_TEXT = (
    "Select an article on the left to read it here.\n\n"
    "No articles yet? Drop article files on this window, or use File > Import articles (Ctrl+I)."
)


def byline(article: Article) -> str:
    parts = [article.outlet, article.author, (article.published or "")[:10]]
    return "  ·  ".join(p for p in parts if p)


class FindBar(QWidget):
    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        # Icon buttons keep the bar (and so the reader's minimum width) narrow.
        style = self.style()
        pixmap = QStyle.StandardPixmap
        previous = QToolButton(toolTip="Previous match (Shift+Enter)")
        previous.setIcon(QIcon.fromTheme("go-up", style.standardIcon(pixmap.SP_ArrowUp)))
        following = QToolButton(toolTip="Next match (Enter)")
        following.setIcon(QIcon.fromTheme("go-down", style.standardIcon(pixmap.SP_ArrowDown)))
        close = QToolButton(toolTip="Close the find bar (Esc)")
        close.setIcon(
            QIcon.fromTheme("window-close", style.standardIcon(pixmap.SP_TitleBarCloseButton))
        )
        for button, name in ((previous, "Previous match"), (following, "Next match"),
                             (close, "Close find bar")):  # fmt: skip
            button.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(lambda: self._step(backward=False))
        previous.clicked.connect(lambda: self._step(backward=True))
        following.clicked.connect(lambda: self._step(backward=False))
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.field, lambda: self._step(backward=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        self.view.find_all("")
        self.hide()
        self.view.setFocus()

    def _search(self, needle: str) -> None:
        found = self.view.find_all(needle)
        self.count.setText(f"{found} found" if needle else "")
        if found:
            self.view.find_next()

    def _step(self, backward: bool) -> None:
        index = self.view.find_next(backward=backward)
        if index is not None:
            total = len(self.view._search_hits)
            self.count.setText(f"{index + 1} of {total}")


class Reader(QWidget):
    """Header, text and find bar; `view` does the reading and selecting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.view = ReaderView()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = reading_font(1.5)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.header = QWidget()
        # Its margins follow the text column, which widens with the window: they must not
        # become part of the window's minimum width (the title wraps instead).
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header_layout = QVBoxLayout(self.header)
        header_layout.setSpacing(4)
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.meta)
        self.find_bar = FindBar(self.view)
        self.find_bar.hide()

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.header)
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.find_bar)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setContentsMargins(40, 40, 40, 40)

        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        self.view.column_changed.connect(self._align_header)
        self.setFocusProxy(self.view)

    @property
    def article_id(self) -> int | None:
        return self.view.article_id

    def show_article(
        self, article: Article | None, passages: Iterable[Passage], themes: Mapping[int, Theme]
    ) -> None:
        self.find_bar.hide()
        self.view.set_article(article, passages, themes)
        self.update_header(article)
        self.stack.setCurrentIndex(1 if article else 0)

    def update_header(self, article: Article | None) -> None:
        self.title.setText(article.title if article else "")
        self.meta.setText(byline(article) if article else "")
        self.meta.setVisible(bool(self.meta.text()))

    def start_find(self) -> None:
        if self.article_id is not None:
            self.find_bar.open_bar()

    def _align_header(self, left: int, right: int) -> None:
        # Keep the title over the text column, however wide the window.
        margin = self.view.document().documentMargin()
        self.header.layout().setContentsMargins(int(left + margin), 28, int(right + margin), 10)
