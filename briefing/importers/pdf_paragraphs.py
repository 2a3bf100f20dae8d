"""Lines of one block into paragraphs, each a list of line texts in reading order.

A new paragraph starts where the gap to the next line is clearly wider than the page's usual
line spacing, where the type size changes (a heading), where a line is indented while the
block's lines are not, or, in justified text, after a line that ends a sentence well short of
the right margin.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from briefing.importers.pdf_bidi import logical_text, strong_direction_counts
from briefing.importers.pdf_layout import Line

_WIDER_THAN_USUAL = 1.3  # line pitch beyond this many usual pitches: a paragraph gap
_UNKNOWN_PITCH = 1.25  # line heights, the pitch assumed on a page with too few lines to tell
_ALWAYS_A_GAP = 2.5  # line heights: a gap this wide parts paragraphs even in double spacing
_MIN_PITCHES = 3
_SIZE_CHANGE = 0.15  # a line this much taller or shorter: a heading or a caption
_INDENT = 1.0  # line heights
_JUSTIFIED_SHARE = 0.6  # of a block's lines ending at its right edge
_SHORT_LINE = 2.0  # line heights short of the right edge
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’»)\]]$")
_SPACES = re.compile(r" {2,}")
_CLEAR_MAJORITY = 0.9
# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: a quick test before the
# per-character look-up of bidirectional classes.
_RTL_LETTER = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def usual_pitch(blocks: Sequence[Sequence[Line]]) -> float | None:
    """The page's most typical distance from one baseline to the next, or None."""
    pitches = [
        upper.bottom - lower.bottom
        for block in blocks
        for upper, lower in zip(block, block[1:], strict=False)
        if not _size_changes(upper, lower) and upper.bottom > lower.bottom
    ]
    return statistics.median(pitches) if len(pitches) >= _MIN_PITCHES else None


def paragraphs(block: Sequence[Line], pitch: float | None, rtl_page: bool) -> list[list[str]]:
    """`block`'s lines (top down) as paragraphs of line texts; empty lines are left out.
    `rtl_page` says which way most of the page's text runs (see `runs_right_to_left`)."""
    drawn = [line.plain_text() for line in block]
    rtl_base = _block_runs_right_to_left(block, drawn, rtl_page)
    texts = [_line_text(line, text, rtl_base) for line, text in zip(block, drawn, strict=True)]
    found: list[list[str]] = []
    current: list[str] = []
    left = min(line.left for line in block)
    right = max(line.right for line in block)
    justified = _is_justified(block, right)
    for index, text in enumerate(texts):
        if current and _starts_paragraph(
            block, index, texts[index - 1], pitch, (left, right), justified, rtl_base
        ):
            found.append(current)
            current = []
        if text:
            current.append(text)
    if current:
        found.append(current)
    return found


def _starts_paragraph(
    block: Sequence[Line],
    index: int,
    upper_text: str,
    pitch: float | None,
    edges: tuple[float, float],
    justified: bool,
    rtl_base: bool,
) -> bool:
    upper, line = block[index - 1], block[index]
    left, right = edges
    height = max(upper.height, line.height)
    if _size_changes(upper, line):
        return True
    distance = upper.bottom - line.bottom
    usual = pitch or _UNKNOWN_PITCH * height
    if distance > min(_WIDER_THAN_USUAL * usual, _ALWAYS_A_GAP * height) or distance < -height:
        return True
    start, upper_start = (
        (right - line.right, right - upper.right)
        if rtl_base
        else (line.left - left, upper.left - left)
    )
    if start > _INDENT * height and upper_start < 0.5 * height and _most_start_flush(block, left):
        return True
    if justified:
        end = (upper.left - left) if rtl_base else (right - upper.right)
        if end > _SHORT_LINE * height and _SENTENCE_END.search(upper_text):
            return True
    return False


def _size_changes(upper: Line, line: Line) -> bool:
    if upper.size > 0 and line.size > 0:
        return abs(upper.size - line.size) > _SIZE_CHANGE * max(upper.size, line.size)
    return abs(upper.height - line.height) > _SIZE_CHANGE * max(upper.height, line.height)


def _most_start_flush(block: Sequence[Line], left: float) -> bool:
    flush = sum(1 for line in block if line.left - left < 0.5 * line.height)
    return flush * 2 > len(block)


def _is_justified(block: Sequence[Line], right: float) -> bool:
    if len(block) < 3:
        return False
    flush = sum(1 for line in block if right - line.right < 0.5 * line.height)
    return flush >= _JUSTIFIED_SHARE * len(block)


def runs_right_to_left(blocks: Sequence[Sequence[Line]]) -> bool:
    """Whether most letters on a page are written right to left."""
    texts = [line.plain_text() for block in blocks for line in block]
    if not any(_RTL_LETTER.search(text) for text in texts):
        return False
    ltr, rtl = strong_direction_counts("".join(texts))
    return rtl > ltr


def _block_runs_right_to_left(block: Sequence[Line], texts: Sequence[str], rtl_page: bool) -> bool:
    """Which way the block's paragraphs run: the way its lines are aligned, if they are
    flush on one side only; else the way nearly all its letters run; else the page's way.
    (A lone line mixing scripts looks the same either way.)"""
    if not any(_RTL_LETTER.search(text) for text in texts):
        return False
    if len(block) >= 2:
        left = min(line.left for line in block)
        right = max(line.right for line in block)
        flush_left = all(line.left - left < 0.5 * line.height for line in block)
        flush_right = all(right - line.right < 0.5 * line.height for line in block)
        if flush_left != flush_right:
            return flush_right
    ltr, rtl = strong_direction_counts("".join(texts))
    if max(ltr, rtl) >= _CLEAR_MAJORITY * (ltr + rtl):
        return rtl > ltr
    return rtl_page


def _line_text(line: Line, drawn: str, rtl_base: bool) -> str:
    text = logical_text(line.glyphs, rtl_base) if _RTL_LETTER.search(drawn) else drawn
    return _SPACES.sub(" ", text).strip()
