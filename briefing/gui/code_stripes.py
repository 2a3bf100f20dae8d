"""The reader's left margin: one thin bar per theme beside every line a passage covers.

Like a line-number area, it paints only the visible blocks, looking passages up in the
pre-computed `ArticleMarks`, so overlaps and multi-theme passages show at a glance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QTextBlock
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from briefing.gui.marks import ArticleMarks
    from briefing.gui.reader_view import ReaderView

BAR_WIDTH = 4
BAR_GAP = 2


class CodeStripes(QWidget):
    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self.view = view
        self.lanes: dict[int, int] = {}  # theme id -> lane index, codebook order
        self._colours: dict[tuple[str, bool], QColor] = {}  # (colour name, current) -> colour

    def set_lanes(self, theme_ids: list[int]) -> None:
        self.lanes = {theme_id: i for i, theme_id in enumerate(theme_ids)}
        self.update()

    def preferred_width(self) -> int:
        return max(1, len(self.lanes)) * (BAR_WIDTH + BAR_GAP) + BAR_GAP

    def sizeHint(self) -> QSize:
        return QSize(self.preferred_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
            marks = self.view.marks
            if marks is not None and marks.visible_spans:
                self._paint_blocks(painter, event, marks)
        finally:
            painter.end()  # at once, not whenever Python lets the painter go

    def _paint_blocks(self, painter: QPainter, event: QPaintEvent, marks: ArticleMarks) -> None:
        current = self.view.current_passage_id
        offset = self.view.contentOffset()
        block = self.view.firstVisibleBlock()
        bottom_limit = event.rect().bottom()
        while block.isValid():
            top = self.view.blockBoundingGeometry(block).translated(offset).top()
            if top > bottom_limit:
                break
            if block.isVisible():
                self._paint_block(painter, block, top, marks, current)
            block = block.next()

    def _paint_block(
        self, painter: QPainter, block: QTextBlock, top: float, marks: ArticleMarks,
        current: int | None,
    ) -> None:  # fmt: skip
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return
        start = block.position()
        end = start + block.length()
        for span in marks.visible_spans_in(start, end):
            first = layout.lineForTextPosition(max(span.start, start) - start)
            last = layout.lineForTextPosition(max(min(span.end, end - 1) - start - 1, 0))
            if not first.isValid() or not last.isValid():
                continue
            y0 = top + first.y() + 2
            y1 = top + last.y() + last.height() - 2
            for theme_id in span.theme_ids:
                lane = self.lanes.get(theme_id)
                if lane is None:
                    continue
                colour = self._colour(marks.themes[theme_id].colour, span.passage_id == current)
                x = BAR_GAP + lane * (BAR_WIDTH + BAR_GAP)
                painter.fillRect(QRectF(x, y0, BAR_WIDTH, max(2.0, y1 - y0)), colour)

    def _colour(self, name: str, current: bool) -> QColor:
        """A theme's bar colour, made once: a screenful of a dense article paints hundreds."""
        colour = self._colours.get((name, current))
        if colour is None:
            colour = QColor(name)
            if not current:
                colour.setAlphaF(0.85)
            self._colours[(name, current)] = colour
        return colour
