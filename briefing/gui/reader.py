"""The reader pane: the article's title and byline above its text, a find bar below."""

from __future__ import annotations

import re
from collections.abc import Callable

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

from briefing.core.edit import Applied, ArticleChange, PassageChange, ThemeChange
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.gui.current import ArticleShown, PassageChosen
from briefing.gui.highlighter import LAZY_MIN_CHARS
from briefing.gui.hub import Opened
from briefing.gui.idle import soon
from briefing.gui.reader_view import ReaderView, reading_font

MAX_SEARCH_HITS = 5000
EMPTY_TEXT = (
    "Select an article on the left to read it here.\n\n"
    "No articles yet? Drop article files on this window, or use File > Import articles (Ctrl+I)."
)


def byline(article: Article) -> str:
    parts = [article.outlet, article.author, (article.published or "")[:10]]
    return "  ·  ".join(p for p in parts if p)


def _icon_button(name: str, tip: str, icon: QIcon) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    return button


class FindBar(QWidget):
    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.closed: Callable[[], object] = lambda: view.set_search_hits([])
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        # Icon buttons keep the bar (and so the reader's minimum width) narrow.
        style = self.style()
        pixmap = QStyle.StandardPixmap
        previous = _icon_button(
            "Previous match", "Previous match (Shift+Enter)",
            QIcon.fromTheme("go-up", style.standardIcon(pixmap.SP_ArrowUp)),
        )  # fmt: skip
        following = _icon_button(
            "Next match", "Next match (Enter)",
            QIcon.fromTheme("go-down", style.standardIcon(pixmap.SP_ArrowDown)),
        )  # fmt: skip
        close = _icon_button(
            "Close find bar", "Close the find bar (Esc)",
            QIcon.fromTheme("window-close", style.standardIcon(pixmap.SP_TitleBarCloseButton)),
        )  # fmt: skip
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
        self.hide()
        self.closed()
        self.view.setFocus()

    def _search(self, needle: str) -> None:
        hits: list[tuple[int, int]] = []
        if needle:  # case-insensitive, every match up to a limit
            for match in re.finditer(re.escape(needle), self.view.text, re.IGNORECASE):
                hits.append((match.start(), match.end()))
                if len(hits) >= MAX_SEARCH_HITS:
                    break
        self.view.set_search_hits(hits)
        self.count.setText(f"{len(hits)} found" if needle else "")
        if hits:
            self._next()

    def _step(self, backward: bool) -> None:
        index = self._next(backward)
        if index is not None:
            self.count.setText(f"{index + 1} of {len(self.view.search_hits)}")

    def _next(self, backward: bool = False) -> int | None:
        """Select the next (or previous) match after the cursor; its index, or None."""
        view, hits = self.view, self.view.search_hits
        if not hits:
            return None
        cursor = view.textCursor()
        if backward:
            here = view.offsets.from_utf16(cursor.selectionStart())
            before = [i for i, (s, _) in enumerate(hits) if s < here]
            index = before[-1] if before else len(hits) - 1
        else:
            here = view.offsets.from_utf16(cursor.selectionEnd())
            after = [i for i, (s, _) in enumerate(hits) if s >= here]
            index = after[0] if after else 0
        view.select_range(*hits[index])
        view.centerCursor()
        return index


class Reader(QWidget):
    """Header, text and find bar; `view` does the reading and selecting.

    Shows the article the owner of `Current` has open, and follows every edit from the hub.

    Switching to a long article it keeps no document of is shown over three turns of the
    event loop: its passages are read in the first (the other views ask for them too), their
    marks made in the next, and the reader shows it in the third, the old article until then
    (its own text, header and passages, so a gesture meanwhile acts on what is shown).
    Reading 2,000 passages from a file just opened (~20 ms), making their marks (~7 ms) and
    setting 1 MB of text (~15 ms) took 45-60 ms in one turn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
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
        self.header_layout = QVBoxLayout(self.header)
        self.header_layout.setSpacing(4)
        self.header_layout.addWidget(self.title)
        self.header_layout.addWidget(self.meta)
        self.find_bar = FindBar(self.view)
        self.find_bar.closed = self.mark_corpus_hits  # the corpus search's marks come back
        # The corpus search's hits in an article, as (start, end) spans (the window sets it).
        self.corpus_hits: Callable[[int], list[tuple[int, int]]] = lambda _article: []
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
        self._later: int | None = None  # a long article shown in the next turn
        self._chosen: PassageChosen | None = None  # the current passage chosen meanwhile
        self._marks_later = soon(self, self._prepare)
        self._show_later = soon(self, self.catch_up)

    @property
    def article_id(self) -> int | None:
        return self.view.article_id

    # ----- following the hub and the current article -----------------------------------------

    def on_opened(self, opened: Opened) -> None:
        self.project = opened.project
        self._show(None)

    def on_article(self, shown: ArticleShown) -> None:
        project, article_id = self.project, shown.article_id
        article = project.article(article_id) if project and article_id is not None else None
        if (
            article is not None
            and project is not None
            and self.view.article_id not in (None, article.id)  # None: a project opening
            and len(article.text) >= LAZY_MIN_CHARS
            and not self.view.keeps(article.id, article.text)
        ):
            project.passages_of(article.id)  # read now; their marks made in the next turn
            self._later, self._chosen = article.id, None
            self._marks_later.start()
            return
        self._show(article_id)

    def _prepare(self) -> None:
        project, article_id = self.project, self._later
        if project is None or article_id is None:
            return
        try:
            article = project.article(article_id)
        except ProjectError:  # removed meanwhile: the owner of the open article says what next
            self._later = self._chosen = None
            return
        themes = {t.id: t for t in project.themes()}
        self.view.prepare(article, project.passages_of(article_id), themes)
        self._show_later.start()  # and the article shown in the next

    def on_passage(self, chosen: PassageChosen) -> None:
        if self._later is not None:
            reveal = chosen.reveal or (self._chosen is not None and self._chosen.reveal)
            self._chosen = PassageChosen(chosen.passage_id, reveal)
            return
        self.view.show_passage(chosen.passage_id, scroll=chosen.reveal)

    def showing_later(self) -> bool:
        """Whether the open article is still to be shown (see the class's docstring)."""
        return self._later is not None

    def catch_up(self) -> None:
        """Show the open article now if it was to be shown in the next turn: before acting
        on its text."""
        article_id, chosen = self._later, self._chosen
        if article_id is None:
            return
        self._show(article_id)
        if chosen is not None:
            self.view.show_passage(chosen.passage_id, scroll=chosen.reveal)

    def on_change(self, applied: Applied) -> None:
        project, article_id, edit = self.project, self.article_id, applied.edit
        if project is None or article_id is None:
            return
        try:
            article = project.article(article_id)
        except ProjectError:
            return  # removed: the owner of the open article says what comes next
        for change in edit.of(ArticleChange):
            if change.id != article_id:
                continue
            if change.before is not None and change.before.text != article.text:
                self._show(article_id)  # read again another way: a new text to show
                return
            self.update_header(article)
        if edit.touches(ThemeChange):  # colours, visibility or order: paint it all again
            themes = {t.id: t for t in project.themes()}
            self.view.update_passages(project.passages_of(article_id), themes)
            return
        changes = [
            c
            for c in edit.of(PassageChange)
            if any(r is not None and r.article_id == article_id for r in (c.before, c.after))
        ]
        if changes:
            self.view.replace_passages(
                [c.id for c in changes if c.before is not None],
                [c.after for c in changes if c.after is not None],
            )

    def _show(self, article_id: int | None) -> None:
        self._marks_later.stop()
        self._show_later.stop()
        self._later = self._chosen = None
        project = self.project
        article = project.article(article_id) if project and article_id is not None else None
        self.find_bar.hide()
        if article is None or project is None:
            self.view.set_article(None, [], {})
        else:
            themes = {t.id: t for t in project.themes()}
            self.view.set_article(article, project.passages_of(article.id), themes)
        self.update_header(article)
        self.stack.setCurrentIndex(1 if article else 0)
        self.mark_corpus_hits()

    def mark_corpus_hits(self) -> None:
        """Mark the corpus search's hits in the open article (the find bar's own, while open)."""
        if self.find_bar.isHidden():
            article_id = self.article_id
            self.view.set_search_hits(self.corpus_hits(article_id) if article_id else [])

    def update_header(self, article: Article | None) -> None:
        self.title.setText(article.title if article else "")
        self.meta.setText(byline(article) if article else "")
        self.meta.setVisible(bool(self.meta.text()))

    def start_find(self) -> None:
        self.catch_up()
        if self.article_id is not None:
            self.find_bar.open_bar()

    def _align_header(self, left: int, right: int) -> None:
        # Keep the title over the text column, however wide the window.
        margin = self.view.document().documentMargin()
        self.header_layout.setContentsMargins(int(left + margin), 28, int(right + margin), 10)
