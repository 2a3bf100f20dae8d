"""The Suggestions pane's tree: rows that wrap a whole sentence with its keywords in bold,
and keys that triage (Enter/A accept, Delete/R reject, T trim, Shift+A accept all)."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from briefing.gui.item_painting import draw_item_frame, item_text_colour
from briefing.gui.suggestions_model import HTML_ROLE, SOURCE_ROLE

MAX_SIZES = 50_000  # row sizes kept by the delegate

Index = QModelIndex | QPersistentModelIndex


class SuggestionDelegate(QStyledItemDelegate):
    """Suggested sentences wrapped in full, keywords in bold; the source under it when needed."""

    PADDING = 4

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self.show_source = False
        # Laying out a sentence as rich text is slow, and the tree asks again for every row
        # it lays out: keep the sizes, by what decides them.
        self._sizes: dict[tuple[str, int, str], QSize] = {}

    def _body(self, index: Index) -> str:
        body = str(index.data(HTML_ROLE) or "")
        if self.show_source:
            source = str(index.data(SOURCE_ROLE) or "")
            body += f'<br><span style="font-size:small">{html.escape(source)}</span>'
        return body

    def _document(self, option: QStyleOptionViewItem, body: str, width: float) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(body)
        document.setTextWidth(max(40.0, width))
        return document

    def _text_width(self, option: QStyleOptionViewItem, index: Index) -> float:
        if option.rect.width() > 0:
            return option.rect.width() - 2 * self.PADDING
        # sizeHint gets no rect: the column width less the indentation of a child row.
        return self.view.columnWidth(0) - self.view.indentation() * 2 - 2 * self.PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if not index.parent().isValid():
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        option.rect.setWidth(0)
        width = self._text_width(option, index)
        body = self._body(index)
        key = (body, int(width), option.font.key())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > MAX_SIZES:
                self._sizes.clear()
            document = self._document(option, body, width)
            size = self._sizes[key] = QSize(
                int(document.idealWidth()), int(document.size().height()) + 2 * self.PADDING
            )
        return QSize(size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.parent().isValid():
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        draw_item_frame(painter, option)
        rect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        document = self._document(option, self._body(index), rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, item_text_colour(option))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()


class SuggestionsTree(QTreeView):
    """A tree whose keys triage: Enter/A accept, Delete/R reject, T trim, Shift+A all."""

    accept_pressed = Signal()
    reject_pressed = Signal()
    trim_pressed = Signal()
    accept_all_pressed = Signal()

    _KEYS = {
        (Qt.Key.Key_Return, False): "accept_pressed",
        (Qt.Key.Key_Enter, False): "accept_pressed",
        (Qt.Key.Key_A, False): "accept_pressed",
        (Qt.Key.Key_Delete, False): "reject_pressed",
        (Qt.Key.Key_R, False): "reject_pressed",
        (Qt.Key.Key_T, False): "trim_pressed",
        (Qt.Key.Key_A, True): "accept_all_pressed",
    }

    def _signal_for(self, event: QKeyEvent) -> str | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return None
        shifted = modifiers == Qt.KeyboardModifier.ShiftModifier
        return self._KEYS.get((Qt.Key(event.key()), shifted))

    def event(self, event: QEvent) -> bool:
        # Delete also deletes passages window-wide: claim the keys while the list has focus.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._signal_for(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        name = self._signal_for(event)
        if name is not None:
            getattr(self, name).emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width
