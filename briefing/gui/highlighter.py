"""Paints passages in the reader: a light tint of each theme colour, blended where they overlap.

A QSyntaxHighlighter over the read-only document, reading pre-computed segments from
`ArticleMarks`. When one passage changes only the blocks it touches are highlighted again.
Suggested sentences (`SuggestionMarks`) get a dotted underline in the theme colour on top.

A long article is not highlighted all at once: the pass that follows new text (or a new
codebook) paints the blocks around what is on screen and leaves the others blank; those are
highlighted when they come into view (`ensure_highlighted`, from the reader's paint), and in
short idle-time slices meanwhile, so switching to a 1 MB article does not wait for 4,000 blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import SIGNAL, SLOT, QObject
from PySide6.QtGui import (
    QColor,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from briefing.gui.idle import IdleWork
from briefing.gui.marks import ArticleMarks, Segment, SuggestionMarks
from briefing.gui.swatches import tint

LAZY_MIN_CHARS = 200_000  # shorter documents are highlighted in one pass
# UTF-16 units highlighted at once after the first one on screen (a third of it before): a
# screenful and more; the rest as it is painted or in idle time. A block takes ~0.1 ms, and
# 30,000 units (~160 blocks of the 1 MB article) took 16-20 ms of a switch.
LAZY_WINDOW = 12_000
SLICE_SECONDS = 0.008  # idle-time highlighting, per turn of the event loop


class PassageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.marks: ArticleMarks | None = None
        self.hints: SuggestionMarks | None = None
        self._palette = QPalette()
        self._formats: dict[tuple[tuple[int, ...], int], QTextCharFormat] = {}
        self._hinted: dict[tuple[tuple[int, ...], int, int], QTextCharFormat] = {}
        self._window: tuple[int, int] | None = None  # during a lazy pass: what to paint now
        self._pending: set[int] = set()  # numbers of blocks left blank, to highlight
        self._queue: list[int] = []  # the same, in the order idle time takes them (popped)
        self._idle = IdleWork(self._highlight_next, SLICE_SECONDS, self)

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

    def highlight_lazily(
        self, first_visible: int, change: Callable[[], object] | None = None, size: int = 0
    ) -> None:
        """Highlight the blocks near UTF-16 position `first_visible` now and the rest later.

        `change` makes the pass (setting new text of `size` characters); without it, the
        document is highlighted again (a new codebook or palette).
        """
        document = self.document()
        self._idle.stop()
        self._pending.clear()
        self._queue = []
        if change is None:
            size = document.characterCount() if document is not None else 0
        if size >= LAZY_MIN_CHARS:
            self._window = (max(0, first_visible - LAZY_WINDOW // 3), first_visible + LAZY_WINDOW)
        try:
            if change is not None and self._window is not None and document is not None:
                with self._unaware(document) as unaware:
                    change()
                if unaware:  # told nothing: the window now, every other block later
                    self._rehighlight_window(document, *self._window)
            elif change is not None:
                change()
            elif self._window is not None and document is not None:
                self._rehighlight_window(document, *self._window)
            else:
                self.rehighlight()
        finally:
            self._window = None
        if self._pending:
            # Idle time goes on from the screen down, then back to the top.
            after = sorted(n for n in self._pending if n > 0)
            window_block = document.findBlock(first_visible).blockNumber() if document else 0
            order = [n for n in after if n > window_block] + [n for n in after if n <= window_block]
            if 0 in self._pending:
                order.append(0)
            self._queue = order[::-1]
            self._idle.start()

    @contextmanager
    def _unaware(self, document: QTextDocument) -> Iterator[bool]:
        """Keep the highlighter from hearing of the document's changes meanwhile; yields
        whether it could.

        Told of a 1 MB text, Qt calls `highlightBlock` for each of its 5,000 blocks, even
        those left blank for later: 30-35 ms of calls into Python for nothing (setting the
        text itself is ~15 ms). The connection is Qt's own, made by `setDocument`; if a
        Qt version names it otherwise, the highlighter is told as usual.
        """
        signal, slot = SIGNAL("contentsChange(int,int,int)"), SLOT("_q_reformatBlocks(int,int,int)")
        unaware = bool(QObject.disconnect(document, signal, self, slot))
        try:
            yield unaware
        finally:
            if unaware:
                QObject.connect(document, signal, self, slot)

    def _rehighlight_window(self, document: QTextDocument, low: int, high: int) -> None:
        """Highlight again the blocks of UTF-16 positions [low, high) and leave every other
        block for later, without visiting them: `rehighlight` would call `highlightBlock`
        for each of a 1 MB article's blocks, and blank those outside the window (~100 ms).
        They keep their old formats until highlighted again, which happens before they are
        painted (`ensure_highlighted`)."""
        first = document.findBlock(low)
        if first.position() < low:  # the window holds the blocks starting in it
            first = first.next()
        last = document.findBlock(high - 1)
        if not last.isValid():
            last = document.lastBlock()
        window = range(first.blockNumber(), last.blockNumber() + 1) if first.isValid() else range(0)
        self._pending = set(range(document.blockCount())).difference(window)
        block = first
        while block.isValid() and block.blockNumber() in window:
            self.rehighlightBlock(block)
            block = block.next()

    def highlight_later(self, start: int, end: int) -> None:
        """Highlight the blocks holding UTF-16 positions [start, end] when they are painted
        (`ensure_highlighted`) or in idle time, whichever comes first."""
        document = self.document()
        if document is None:
            return
        first = document.findBlock(start)
        last = document.findBlock(max(start, end))
        if not last.isValid():
            last = document.lastBlock()
        if not first.isValid():
            return
        later = set(range(first.blockNumber(), last.blockNumber() + 1)) - self._pending
        self._pending |= later
        self._queue.extend(sorted(later, reverse=True))  # popped from the end: reading order
        self._idle.start()

    def ensure_highlighted(self, first: QTextBlock, last_position: int) -> None:
        """Highlight any blank blocks from `first` up to UTF-16 position `last_position`."""
        if not self._pending:
            return
        block = first
        while block.isValid() and block.position() <= last_position:
            if block.blockNumber() in self._pending:
                self.rehighlightBlock(block)
            block = block.next()

    def stop(self) -> None:
        """Leave the blank blocks blank: the document is being let go."""
        self._idle.stop()
        self._pending.clear()
        self._queue = []

    def pending(self) -> int:
        """How many blocks are still to be highlighted in idle time."""
        return len(self._pending)

    def _highlight_next(self) -> bool:
        """Highlight the next blank block in idle time; whether any are left."""
        document = self.document()
        while document is not None and self._queue:
            number = self._queue.pop()
            if number in self._pending:
                self.rehighlightBlock(document.findBlockByNumber(number))
                break
        if document is None or not self._queue:
            self._pending.clear()
            self._queue = []
            return False
        return True

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
        if self._window is not None and not self._window[0] <= start < self._window[1]:
            self._pending.add(block.blockNumber())  # blank for now: see highlight_lazily
            return
        if self._pending:
            self._pending.discard(block.blockNumber())
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
