"""Paints passages in the reader: a light tint of each theme colour, blended where they overlap.

A QSyntaxHighlighter over the read-only document, reading pre-computed segments from
`ArticleMarks`. When one passage changes only the blocks it touches are highlighted again.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from briefing.gui.marks import ArticleMarks, Segment
from briefing.gui.swatches import tint


class PassageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.marks: ArticleMarks | None = None
        self._palette = QPalette()
        self._formats: dict[tuple[tuple[int, ...], int], QTextCharFormat] = {}

    def set_marks(self, marks: ArticleMarks | None, palette: QPalette) -> None:
        """New marks; the caller decides what to highlight again (all, or some blocks)."""
        if marks is None or self.marks is None or marks.themes != self.marks.themes:
            self._formats.clear()
        if palette != self._palette:
            self._formats.clear()
            self._palette = QPalette(palette)
        self.marks = marks

    def rehighlight_range(self, start: int, end: int) -> None:
        """Highlight again only the blocks holding UTF-16 positions [start, end]."""
        document = self.document()
        block = document.findBlock(start)
        last = document.findBlock(max(start, end)).blockNumber()
        while block.isValid() and block.blockNumber() <= last:
            self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        if self.marks is None:
            return
        block = self.currentBlock()
        start = block.position()
        end = start + block.length()
        for segment in self.marks.segments_in(start, end):
            left = max(segment.start, start)
            right = min(segment.end, end)
            self.setFormat(left - start, right - left, self._format(segment))

    def _format(self, segment: Segment) -> QTextCharFormat:
        key = (segment.theme_ids, segment.depth)
        fmt = self._formats.get(key)
        if fmt is None:
            assert self.marks is not None
            colours = [QColor(self.marks.themes[t].colour) for t in segment.theme_ids]
            fmt = QTextCharFormat()
            fmt.setBackground(tint(colours, segment.depth, self._palette))
            if segment.depth > 1 or len(colours) > 1:
                # Overlaps also get an underline in the last theme's colour: the tint blend
                # alone can be hard to tell from a single theme.
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(colours[-1])
            self._formats[key] = fmt
        return fmt
