"""The article text: read-only, comfortable to read, passages painted, selection ready to tag.

Qt positions count UTF-16 code units; everything this widget hands out or takes in is in the
core's code-point offsets, converted through the article's one `Utf16Offsets`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QFrame, QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from briefing.core.records import Article, Passage, Theme
from briefing.core.text import Utf16Offsets, snap_to_words
from briefing.gui.code_stripes import CodeStripes
from briefing.gui.highlighter import LAZY_MIN_CHARS, PassageHighlighter
from briefing.gui.idle import IdleWork
from briefing.gui.marks import (
    ArticleMarks,
    Hint,
    RecentArticles,
    RecentMarks,
    SuggestionMarks,
    changed_range,
    hints_tooltip,
    passages_tooltip,
)
from briefing.gui.reader_documents import (
    KeptDocument,
    KeptDocuments,
    new_document,
    release_document,
)
from briefing.gui.swatches import mix

COLUMN_CHARACTERS = 75
HINT_STRETCH_CHARS = 50_000  # of a long article whose suggestions are taken in one step
HINT_SLICE_SECONDS = 0.008
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def reading_font(scale: float = 1.0) -> QFont:
    font = QFont()
    font.setFamilies(["Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "Times New Roman"])
    font.setStyleHint(QFont.StyleHint.Serif)
    base = QFont().pointSizeF()
    font.setPointSizeF((base if base > 0 else 10.0) * 1.25 * scale)
    return font


class ReaderView(QPlainTextEdit):
    tag_key_pressed = Signal(int)  # 1-9, pressed with text selected or not
    passage_clicked = Signal(int)
    column_changed = Signal(int, int)  # left and right margins of the text column, in pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        # Set before anything that sends events: changeEvent reads them.
        self.offsets = Utf16Offsets("")
        self.text = ""
        self.article_id: int | None = None
        self.marks: ArticleMarks | None = None
        self.hints: SuggestionMarks | None = None
        # Suggested sentences of an article, underlined faintly; set by the main window.
        # Called as provider(article_id), or provider(article_id, start, end) for the
        # sentences overlapping a span of code points.
        self.suggestion_provider: Callable[..., Sequence[Hint]] | None = None
        self._hint_list: list[Hint] | None = None  # what the provider said last, in full
        self._pulling = False
        # A long article's suggestions first known are taken a stretch at a time: (start,
        # end) in code points, the next one last.
        self._hint_stretches: list[tuple[int, int]] = []
        self.passages: dict[int, Passage] = {}
        self.current_passage_id: int | None = None
        self.search_hits: list[tuple[int, int]] = []
        self._recent = RecentArticles()  # marks of the articles shown last, to switch back to
        self._built = False  # the events below come during construction too
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)  # dropped files go to the main window's import
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # The margins around the text column are part of the page, not window chrome.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setCenterOnScroll(False)
        self.setTabChangesFocus(True)

        self._documents = KeptDocuments()  # long articles' documents, to switch back to
        self._hint_filler = IdleWork(self._take_hint_stretch, HINT_SLICE_SECONDS, self)
        self._use(*new_document(self.font()))
        self.stripes = CodeStripes(self)
        self._built = True
        self.updateRequest.connect(self._on_update_request)
        self.setFont(reading_font())
        # Filled in by the main window: "Tag as" theme actions and passage actions.
        self.tag_actions: list[QAction] = []
        self.passage_actions: list[QAction] = []

    # ----- content ------------------------------------------------------------------------

    def set_article(
        self, article: Article | None, passages: Iterable[Passage], themes: Mapping[int, Theme]
    ) -> None:
        self._stop_hint_stretches()
        if self.article_id is not None and self.marks is not None:
            self._recent.keep(self.article_id, self._shown())
        given_away = self.marks is not None and len(self.text) >= LAZY_MIN_CHARS
        if given_away and self.article_id is not None:
            self._documents.keep(self.article_id, KeptDocument(
                self.text, self._document, self.highlighter, QFont(self.font()),
                QPalette(self.palette()),
            ))  # fmt: skip
        if article is None:
            self._documents.clear()  # the project closed: its articles' documents go with it
        shown = tuple(passages)
        kept = self._recent.take(article.id) if article else None
        self.article_id = article.id if article else None
        self.text = article.text if article else ""
        self.passages = {p.id: p for p in shown}
        self.current_passage_id = None
        self.search_hits = []
        if kept is not None and kept.fits(self.text, shown, themes):
            # Back to an article shown a moment ago, unchanged: its marks are still right.
            self.offsets, self.marks = kept.offsets, kept.marks
        else:
            kept = None
            self.offsets = Utf16Offsets(self.text)
            self.marks = ArticleMarks(self.offsets, shown, themes)
        stretched = article is not None and len(self.text) >= LAZY_MIN_CHARS
        if stretched:
            # A long article's underlines come a stretch at a time once it is shown (asking
            # for all 35,000 of a 1 MB article and sorting them took 50 ms of a switch);
            # meanwhile those of its last showing, which a kept document shows already.
            unchanged = kept is not None and kept.hints is not None
            self.hints = kept.hints if kept is not None and kept.hints else self._make_hints(())
            self._hint_list = None
        else:
            raw = self._ask()
            unchanged = kept is not None and kept.hints is not None and raw == kept.hint_list
            if kept is not None and unchanged:
                self._hint_list, self.hints = kept.hint_list, kept.hints
            else:
                self.hints = self._make_hints(raw)
                if kept is not None and kept.hints is not None and self.hints.same(kept.hints):
                    # The same underlines, changed since and back: the kept document shows
                    # them already.
                    self.hints, unchanged = kept.hints, True
        held = self._documents.take(article.id, self.text) if article else None
        if held is not None:
            self._put_back(held, highlighted=unchanged, release=not given_away)
        else:
            if given_away:  # the document shown so far is kept: new text needs a new one
                self._use(*new_document(self.font()))
            # The new marks first: setting the text highlights it (the top of a long text
            # now, the rest when shown or in idle time).
            self.highlighter.set_marks(self.marks, self.palette())
            self.highlighter.set_hints(self.hints)
            self.highlighter.highlight_lazily(
                0, lambda: self.setPlainText(self.text), self.offsets.to_utf16(len(self.text))
            )
        self._set_lanes(themes)
        self._update_extra_selections()
        if stretched:
            self._take_hints_in_stretches()

    def prepare(
        self, article: Article, passages: Iterable[Passage], themes: Mapping[int, Theme]
    ) -> None:
        """Work out the marks of an article about to be shown, for `set_article` to find
        them (a 1 MB article's 2,000 passages take ~7 ms: a turn of the event loop of its
        own). Found only if its passages and the codebook are still these then."""
        shown = tuple(passages)
        offsets = Utf16Offsets(article.text)
        marks = ArticleMarks(offsets, shown, themes)
        self._recent.keep(article.id, RecentMarks(article.text, shown, offsets, marks, None, None))

    def keeps(self, article_id: int, text: str) -> bool:
        """Whether a document of this article's text is kept, to be shown again at once."""
        return self._documents.holds(article_id, text)

    def _put_back(self, held: KeptDocument, highlighted: bool, release: bool) -> None:
        """Show a kept document again, from the top; highlighted again unless it still shows
        these very marks and underlines in this font and palette."""
        if release:
            release_document(self._document, self.highlighter)
        font, palette = self.font(), self.palette()
        if held.font != font:
            held.document.setDefaultFont(font)
        self._use(held.document, held.highlighter)
        self.setTextCursor(QTextCursor(held.document))  # at the start, as new text would be
        self.highlighter.set_marks(self.marks, palette)
        self.highlighter.set_hints(self.hints)
        if not (highlighted and held.font == font and held.palette == palette):
            self.highlighter.highlight_lazily(0)

    def _use(self, document: QTextDocument, highlighter: PassageHighlighter) -> None:
        self._document, self.highlighter = document, highlighter
        self.setDocument(document)

    def _shown(self) -> RecentMarks:
        assert self.marks is not None
        return RecentMarks(
            self.text, tuple(self.passages.values()), self.offsets, self.marks,
            self._hint_list, self.hints,
        )  # fmt: skip

    def update_passages(self, passages: Iterable[Passage], themes: Mapping[int, Theme]) -> None:
        """Everything may have changed (a theme's colour or visibility): paint it all again."""
        self._stop_hint_stretches()
        self.passages = {p.id: p for p in passages}
        if self.current_passage_id not in self.passages:
            self.current_passage_id = None
        self.marks = ArticleMarks(self.offsets, self.passages.values(), themes)
        stretched = self.article_id is not None and len(self.text) >= LAZY_MIN_CHARS
        self.hints = self._make_hints(()) if stretched else self._pull_hints()
        self.highlighter.set_marks(self.marks, self.palette())
        self.highlighter.set_hints(self.hints)
        self.highlighter.highlight_lazily(self.firstVisibleBlock().position())
        self._set_lanes(themes)
        self._update_extra_selections()
        self.stripes.update()
        if stretched:
            self._take_hints_in_stretches()  # the screen's at once, before it is painted

    def replace_passages(self, removed: Iterable[int], added: Iterable[Passage]) -> None:
        """Some passages changed: repaint only the blocks they cover."""
        removed, added = list(removed), list(added)
        current = self.current_passage_id
        for passage_id in removed:
            self.passages.pop(passage_id, None)
        for passage in added:
            self.passages[passage.id] = passage
        if self.current_passage_id not in self.passages:
            self.current_passage_id = None
        if self.marks is None:
            return
        changed = self.marks.replace(removed, added)
        if changed is not None:
            self.highlighter.rehighlight_range(*changed)
        if current is not None and (current in removed or any(p.id == current for p in added)):
            self._update_extra_selections()  # the current passage's outline moved or went
        self.stripes.update()

    def refresh_suggestions(self, span: tuple[int, int] | None = None) -> None:
        """Ask `suggestion_provider` again; only sentences whose underline changed are repainted.

        `span` (start, end in code points) limits the question to the sentences overlapping it.
        """
        if self.marks is None or self._pulling:
            return  # asked while pulling (the provider caught up on edits): that pull wins
        if span is not None and self.hints is not None and self.article_id is not None:
            start, end = span
            changed = self.hints.replace(start, end, self._ask(start, end))
            self._hint_list = None
        elif len(self.text) >= LAZY_MIN_CHARS and self.article_id is not None:
            self._take_hints_in_stretches()  # a long article's: a stretch at a time
            return
        else:
            self._stop_hint_stretches()
            raw = self._ask()
            if self.hints is not None and raw == self._hint_list:
                return  # the same sentences as last time (switching to the open article)
            fresh = self._make_hints(raw)
            changed = changed_range(self.hints, fresh)
            self.hints = fresh
        self.highlighter.set_hints(self.hints)
        if changed is not None:
            low, high = changed
            if high - low >= LAZY_MIN_CHARS:  # a long article's suggestions, first known
                self.highlighter.highlight_lazily(self.firstVisibleBlock().position())
            else:
                self.highlighter.rehighlight_range(low, high)

    def _take_hints_in_stretches(self) -> None:
        """Take a long article's suggestions a stretch of text at a time, the one on screen
        now and the others in idle slices, each painted when it comes into view or in idle
        time: all 35,000 of a 1 MB article at once held the window ~100 ms."""
        length = len(self.text)
        here = self.offsets.from_utf16(self.firstVisibleBlock().position())
        stretches = [
            (start, min(start + HINT_STRETCH_CHARS, length))
            for start in range(0, length, HINT_STRETCH_CHARS)
        ]
        on_screen = here // HINT_STRETCH_CHARS
        # From the screen down, then the top; the next one last.
        self._hint_stretches = (stretches[on_screen:] + stretches[:on_screen])[::-1]
        if self._take_hint_stretch():
            self._hint_filler.start()

    def _take_hint_stretch(self) -> bool:
        """Take the suggestions of the next stretch of text; whether any are left."""
        if not self._hint_stretches or self.hints is None or self.article_id is None:
            self._hint_stretches = []
            return False
        start, end = self._hint_stretches.pop()
        changed = self.hints.replace(start, end, self._ask(start, end))
        self._hint_list = None
        self.highlighter.set_hints(self.hints)
        if changed is not None:
            self.highlighter.highlight_later(*changed)
            self.viewport().update()  # the blocks on screen are highlighted as it paints
        return bool(self._hint_stretches)

    def _stop_hint_stretches(self) -> None:
        self._hint_filler.stop()
        self._hint_stretches = []

    def _ask(self, start: int | None = None, end: int | None = None) -> Sequence[Hint]:
        provider, article_id = self.suggestion_provider, self.article_id
        if provider is None or article_id is None:
            return ()
        self._pulling = True
        try:
            return provider(article_id) if start is None else provider(article_id, start, end)
        finally:
            self._pulling = False

    def _make_hints(self, raw: Sequence[Hint]) -> SuggestionMarks:
        self._hint_list = list(raw)
        themes = self.marks.themes if self.marks is not None else {}
        return SuggestionMarks(self.offsets, len(self.text), raw, themes)

    def _pull_hints(self) -> SuggestionMarks:
        return self._make_hints(self._ask())

    def _set_lanes(self, themes: Mapping[int, Theme]) -> None:
        ordered = sorted(themes.values(), key=lambda t: (t.position, t.id))
        self.stripes.set_lanes([t.id for t in ordered if t.visible])
        self._update_margins()

    # ----- selection, in code points -------------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        """The selection snapped to whole words with whitespace trimmed, or None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.from_utf16(cursor.selectionStart())
        end = self.offsets.from_utf16(cursor.selectionEnd())
        # An end inside a surrogate pair rounds down; keep the character the user touched.
        if self.offsets.to_utf16(end) < cursor.selectionEnd():
            end += 1
        start, end = snap_to_words(self.text, start, end)
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def show_range(self, start: int, end: int, focus: bool = False) -> None:
        """Select text[start:end] and scroll it to the middle: ready to trim and tag."""
        if not 0 <= start < end <= len(self.text):
            return
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(end))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.select_range(start, end)
        if focus:
            self.setFocus()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def show_passage(self, passage_id: int | None, scroll: bool = True) -> None:
        """Mark a passage as the current one (outlined) and bring it into view."""
        self.current_passage_id = passage_id if passage_id in self.passages else None
        self._update_extra_selections()
        self.stripes.update()
        if self.current_passage_id is not None and scroll:
            passage = self.passages[self.current_passage_id]
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.to_utf16(passage.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def passages_at(self, point: QPoint) -> list[int]:
        """Passages under a point of the viewport, innermost first."""
        position = self._character_at(point)
        if position is None or self.marks is None:
            return []
        return [s.passage_id for s in self.marks.spans_at(position)]

    # ----- search --------------------------------------------------------------------------

    def set_search_hits(self, hits: list[tuple[int, int]]) -> None:
        """Mark these spans (code points) as the find bar's matches."""
        self.search_hits = hits
        self._update_extra_selections()

    # ----- painting helpers ----------------------------------------------------------------

    def _update_extra_selections(self) -> None:
        """Transient marks (search hits, the current passage) are extra selections."""
        selections = []
        base = self.palette().color(QPalette.ColorRole.Base)
        hit_format = QTextCharFormat()
        hit_format.setBackground(mix(base, QColor("#FFD400"), 0.75))
        hit_format.setForeground(QColor("#000000"))
        for start, end in self.search_hits:
            selections.append(self._extra(start, end, hit_format))
        if self.current_passage_id is not None:
            passage = self.passages[self.current_passage_id]
            current = QTextCharFormat()
            current.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            current.setUnderlineColor(self.palette().color(QPalette.ColorRole.Highlight))
            current.setFontUnderline(True)
            selections.append(self._extra(passage.start, passage.end, current))
        self.setExtraSelections(selections)

    def _extra(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _character_at(self, point: QPoint) -> int | None:
        """UTF-16 position of the character under a viewport point (not the nearest gap)."""
        block = self.cursorForPosition(point).block()
        layout = block.layout()
        if layout is None:
            return None
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        y = point.y() - top
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                if point.x() > line.x() + line.naturalTextWidth() + layout.position().x():
                    return None  # beyond the end of the line
                rel = line.xToCursor(point.x(), QTextLine.CursorPosition.CursorOnCharacter)
                return block.position() + rel
        return None

    def _update_margins(self) -> None:
        metrics = QFontMetricsF(self.font())
        column = round(metrics.averageCharWidth() * COLUMN_CHARACTERS) + 20
        stripes = self.stripes.preferred_width()
        bar = self.verticalScrollBar()
        scrollbar = bar.sizeHint().width() if bar.isVisible() else 0
        free = self.width() - scrollbar - column
        left = max(stripes + 8, free // 2)
        right = max(8, self.width() - scrollbar - column - left)
        self.setViewportMargins(left, 0, right, 0)
        rect = self.contentsRect()
        self.stripes.setGeometry(left - stripes - 4, rect.top(), stripes, rect.height())
        self.column_changed.emit(left, right + scrollbar)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Blocks a long article's first highlighting pass left blank get their colours
        # before they are first seen.
        if self.highlighter.pending():
            bottom = self.cursorForPosition(QPoint(0, self.viewport().height())).position()
            end = self.document().findBlock(bottom).next()
            last = end.position() if end.isValid() else bottom
            self.highlighter.ensure_highlighted(self.firstVisibleBlock(), last)
        super().paintEvent(event)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.stripes.scroll(0, dy)
        else:
            self.stripes.update(0, rect.y(), self.stripes.width(), rect.height())

    # ----- events --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:
            self._update_margins()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            if self.marks is not None and self._built:
                self.highlighter.set_marks(self.marks, self.palette())
                self.highlighter.highlight_lazily(self.firstVisibleBlock().position())
                self._update_extra_selections()
            if self._built:
                self._update_margins()

    def event(self, event: QEvent) -> bool:
        # Digits tag the selection; claim them before window shortcuts see them.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._digit(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = self._digit(event)
        if digit is not None:
            self.tag_key_pressed.emit(digit)
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            hits = self.passages_at(event.position().toPoint())
            if hits:
                self.passage_clicked.emit(hits[0])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self.textCursor().hasSelection():
            hits = self.passages_at(event.pos())
            if hits:
                self.passage_clicked.emit(hits[0])
        standard = self.createStandardContextMenu(event.pos())
        menu = QMenu(self)
        tag_menu = menu.addMenu("Tag as")
        tag_menu.setEnabled(bool(self.tag_actions))
        tag_menu.addActions(self.tag_actions)
        menu.addActions(self.passage_actions)
        menu.addSeparator()
        menu.addActions(standard.actions())
        menu.exec(event.globalPos())
        standard.deleteLater()
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and self.marks:
            hits = self.passages_at(event.pos())
            hints = self.hints_at(event.pos())
            if hits or hints:
                tips = (passages_tooltip(self.marks, self.passages, hits),
                        hints_tooltip(self.marks, hints))  # fmt: skip
                QToolTip.showText(
                    event.globalPos(), "<hr>".join(t for t in tips if t), self.viewport()
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def hints_at(self, point: QPoint) -> list[tuple[int, str]]:
        """(theme id, matched words) of the suggestions under a viewport point."""
        position = self._character_at(point)
        if position is None or not self.hints:
            return []
        return [(s.theme_id, s.label) for s in self.hints.spans_at(position)]

    @staticmethod
    def _digit(event: QKeyEvent) -> int | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return None
        return _DIGIT_KEYS.get(Qt.Key(event.key()))
