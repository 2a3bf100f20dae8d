"""Paints passages in the reader: a light tint of each theme colour, blended where they overlap.

A QSyntaxHighlighter over the read-only document, reading pre-computed segments from
`ArticleMarks`. When one passage changes only the blocks it touches are highlighted again.
Suggested sentences (`SuggestionMarks`) get a dotted underline in the theme colour on top.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from briefing.gui.marks import ArticleMarks, Segment, SuggestionMarks
from briefing.gui.swatches import tint


class PassageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.marks: ArticleMarks | None = None
        self.hints: SuggestionMarks | None = None
        self._palette = QPalette()
        self._formats: dict[tuple[tuple[int, ...], int], QTextCharFormat] = {}
        self._hinted: dict[tuple[tuple[int, ...], int, int], QTextCharFormat] = {}

    def set_marks(self, marks: ArticleMarks | None, palette: QPalette) -> None:
        """New marks; the caller decides what to highlight again (all, or some blocks)."""
        if marks is None or self.marks is None or marks.themes != self.marks.themes:
            self._formats.clear()
            self._hinted.clear()
        if palette != self._palette:
            self._formats.clear()
            self._hinted.clear()
            self._palette = QPalette(palette)
        self.marks = marks

    def set_hints(self, hints: SuggestionMarks | None) -> None:
        """New suggestion underlines; the caller highlights again where they changed."""
        self.hints = hints

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
        segments = self.marks.segments_in(start, end)
        for segment in segments:
            left = max(segment.start, start)
            right = min(segment.end, end)
            self.setFormat(left - start, right - left, self._format(segment))
        if self.hints:
            painted = set()
            for hint in self.hints.spans_in(start, end):
                # A sentence suggested for two themes: one underline, the first theme's colour.
                if (hint.start, hint.end) not in painted:
                    painted.add((hint.start, hint.end))
                    self._underline(max(hint.start, start), min(hint.end, end), hint.theme_id,
                                    segments, start)  # fmt: skip

    def _underline(
        self, left: int, right: int, theme_id: int, segments: list[Segment], block_start: int
    ) -> None:
        """Dot-underline [left, right), keeping the passage tints painted under it."""
        cuts = sorted(
            {left, right} | {p for s in segments for p in (s.start, s.end) if left < p < right}
        )
        for piece_start, piece_end in zip(cuts, cuts[1:], strict=False):
            under = next(
                (s for s in segments if s.start <= piece_start and s.end >= piece_end), None
            )
            self.setFormat(
                piece_start - block_start,
                piece_end - piece_start,
                self._hint_format(under, theme_id),
            )

    def _hint_format(self, segment: Segment | None, theme_id: int) -> QTextCharFormat:
        key = ((), 0, theme_id) if segment is None else (segment.theme_ids, segment.depth, theme_id)
        fmt = self._hinted.get(key)
        if fmt is None:
            assert self.marks is not None
            fmt = QTextCharFormat() if segment is None else QTextCharFormat(self._format(segment))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(self.marks.themes[theme_id].colour))
            self._hinted[key] = fmt
        return fmt

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
