"""Page geometry: glyphs into lines, lines into blocks in reading order (columns included).

PDF text comes as positioned glyphs in the order the producing program drew them, which is
not always the order a person reads: a two-column report may draw across both columns, a
header after the body. This module works from the glyph boxes alone. Coordinates are PDF
units with y growing upwards, as pdfium reports them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence

# A glyph belongs to the line being built when it sits at the same height (its box overlaps
# the line's by at least this share of the smaller height) and no farther away than this many
# line heights. Wider gaps are column gutters or table cells, never word spaces.
_SAME_LINE_OVERLAP = 0.5
_MAX_WORD_GAP = 0.8
# After a space (drawn, or found by pdfium), justified text stretches further: a texinfo
# manual's spaces reach 0.8 line heights. Gutters are wider still, or drawn column by column.
_MAX_SPACED_GAP = 2.0
# Pieces of one line drawn at different moments (a link drawn after its sentence) are joined
# when this close; kept smaller than `_MAX_WORD_GAP` so columns never merge this way.
_MAX_PIECE_GAP = 0.5
# Glyphs this far apart (in line heights) have a word space between them, drawn or not.
_WORD_SPACE = 0.15
# A gutter between columns is an empty vertical strip at least this many line heights wide.
_MIN_GUTTER = 0.5
_LABEL = re.compile(r"^[\divxlcIVXLC.,:;()\[\]§#*•·∙◦▪‣–—-]{1,10}$")
# Lines are compared by the middle of their height: loose glyph boxes of consecutive lines in
# tightly set text overlap by the descenders and accents.
_CORE_INSET = 0.25


class Glyph:
    """One character (or a base character with its combining marks) and its box."""

    __slots__ = ("bottom", "left", "right", "size", "space_before", "text", "top")

    def __init__(
        self,
        text: str,
        left: float,
        bottom: float,
        right: float,
        top: float,
        space_before: bool = False,
        size: float = 0.0,
    ) -> None:
        self.text = text
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.space_before = space_before
        self.size = size  # the font size; box heights differ between fonts of one size

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def __repr__(self) -> str:
        return f"Glyph({self.text!r}, {self.left:.1f}, {self.bottom:.1f})"


class Line:
    """Glyphs on one baseline, in the order pdfium gave them, with the box around them."""

    __slots__ = ("_label", "bottom", "glyphs", "left", "right", "size", "top")

    def __init__(self, glyph: Glyph) -> None:
        self._label: bool | None = None
        self.glyphs = [glyph]
        self.left, self.right = glyph.left, glyph.right
        self.bottom, self.top = glyph.bottom, glyph.top
        self.size = glyph.size

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def is_label(self) -> bool:
        """A list number or bullet standing apart from its text ("4.1", "iv", "•")."""
        if self._label is None:
            self._label = bool(_LABEL.match(self.plain_text()))
        return self._label

    @property
    def core(self) -> tuple[float, float]:
        inset = self.height * _CORE_INSET
        return self.bottom + inset, self.top - inset

    def absorb(self, other: Line, *, after: bool) -> None:
        """Take `other`'s glyphs, after this line's own or before them."""
        space = _WORD_SPACE * self.height
        if after:
            if other.left - self.right > space:
                other.glyphs[0].space_before = True
            self.glyphs.extend(other.glyphs)
        else:
            if self.left - other.right > space:
                self.glyphs[0].space_before = True
            self.glyphs[:0] = other.glyphs
        self.left, self.right = min(self.left, other.left), max(self.right, other.right)
        self.bottom, self.top = min(self.bottom, other.bottom), max(self.top, other.top)
        self.size = max(self.size, other.size)

    def plain_text(self) -> str:
        """The glyphs in drawing order, spaces where words break."""
        parts: list[str] = []
        for glyph in self.glyphs:
            if glyph.space_before and parts:
                parts.append(" ")
            parts.append(glyph.text)
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Line({self.plain_text()!r}, x={self.left:.0f}-{self.right:.0f})"


def build_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Group glyphs into lines, following the drawing order, then join pieces of one line.

    A glyph joins the line being built when it sits at the same height (the boxes overlap
    by half the smaller height) and no farther from it than `_MAX_WORD_GAP` line heights
    (`_MAX_SPACED_GAP` after a space).
    """
    lines: list[Line] = []
    line: Line | None = None
    last: Glyph | None = None
    # How far the last few glyphs reach: an accent drawn after its letter sits inside the
    # letter's box, so the next letter's distance is taken from the letter, not the accent.
    reach_right = reach_left = 0.0
    for glyph in glyphs:
        if line is not None and last is not None:
            height = line.top - line.bottom
            glyph_height = glyph.top - glyph.bottom
            taller = height if height > glyph_height else glyph_height
            smaller = glyph_height if height > glyph_height else height
            overlap = min(line.top, glyph.top) - max(line.bottom, glyph.bottom)
            gap = max(glyph.left - line.right, line.left - glyph.right)
            same_height = smaller > 0 and overlap >= _SAME_LINE_OVERLAP * smaller
            reach = _MAX_SPACED_GAP if glyph.space_before else _MAX_WORD_GAP
            if same_height and gap <= reach * taller:
                step = max(glyph.left - reach_right, reach_left - glyph.right)
                if step > _WORD_SPACE * taller:
                    glyph.space_before = True  # words drawn apart with no space between them
                if glyph.space_before:
                    reach_right, reach_left = glyph.right, glyph.left
                else:
                    reach_right = max(reach_right, glyph.right)
                    reach_left = min(reach_left, glyph.left)
                line.glyphs.append(glyph)
                if glyph.left < line.left:
                    line.left = glyph.left
                if glyph.right > line.right:
                    line.right = glyph.right
                if glyph.bottom < line.bottom:
                    line.bottom = glyph.bottom
                if glyph.top > line.top:
                    line.top = glyph.top
                if glyph.size > line.size:
                    line.size = glyph.size
                last = glyph
                continue
        line = Line(glyph)
        lines.append(line)
        last = glyph
        reach_right, reach_left = glyph.right, glyph.left
    return _join_pieces(lines)


def _join_pieces(lines: list[Line]) -> list[Line]:
    """Join lines on the same baseline that touch, drawn at different moments."""
    if len(lines) < 2:
        return lines
    by_height = sorted(lines, key=lambda line: (-line.top, line.left))
    kept: list[Line] = []
    # Lines overlapping in height are neighbours in this order, and a page holds few lines
    # at one height, so looking back a few is enough and keeps this linear.
    for line in by_height:
        for other in reversed(kept[-8:]):
            if _same_baseline(other, line) and _touching(other, line):
                other.absorb(line, after=line.left >= other.left)
                break
        else:
            kept.append(line)
    order = {id(line): index for index, line in enumerate(lines)}
    kept.sort(key=lambda line: order.get(id(line), 0))
    return kept


def _same_baseline(a: Line, b: Line) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap >= _SAME_LINE_OVERLAP * min(a.height, b.height) > 0


def _touching(a: Line, b: Line) -> bool:
    gap = max(b.left - a.right, a.left - b.right)
    return gap <= _MAX_PIECE_GAP * max(a.height, b.height)


def reading_order(lines: Sequence[Line]) -> list[list[Line]]:
    """Blocks of lines in the order a person reads them: columns left to right, each top down.

    A recursive cut of the page: where an empty vertical strip runs through a region, its
    two sides are columns; otherwise the region is cut into horizontal bands, and bands
    that share a gutter are read together, so text flowing down two columns is not read
    across because its paragraphs happen to start at the same height.
    """
    if not lines:
        return []
    gutter = _MIN_GUTTER * statistics.median(line.height for line in lines)
    return _order(list(lines), gutter)


def _order(lines: list[Line], gutter: float) -> list[list[Line]]:
    if len(lines) == 1:
        return [lines]
    columns = _split_columns(lines, gutter)
    if len(columns) > 1:
        return [block for column in columns for block in _order(column, gutter)]
    bands = _split_bands(lines)
    if len(bands) > 1:
        groups = _group_bands(bands, gutter)
        if len(groups) > 1:
            return [block for group in groups for block in _order(group, gutter)]
    # Top down, and left to right within a band (a list number beside its item).
    return [[line for band in bands for line in sorted(band, key=lambda line: line.left)]]


def _split_columns(lines: list[Line], gutter: float) -> list[list[Line]]:
    """Split at every empty vertical strip at least `gutter` wide, left to right; a strip
    of list numbers or bullets beside text is part of its text, not a column."""
    ordered = sorted(lines, key=lambda line: line.left)
    columns: list[list[Line]] = [[ordered[0]]]
    reach = ordered[0].right
    for line in ordered[1:]:
        if line.left - reach >= gutter:
            columns.append([line])
        else:
            columns[-1].append(line)
        reach = max(reach, line.right)
    if len(columns) == 1:
        return columns
    kept: list[list[Line]] = []
    labels: list[Line] = []
    for column in columns:
        if all(line.is_label for line in column):
            (kept[-1] if kept and column is columns[-1] else labels).extend(column)
            continue
        kept.append(labels + column)
        labels = []
    if labels:
        kept.append(labels)
    return kept


def _has_gutter(lines: Iterable[Line], gutter: float) -> bool:
    return _divided(_spans(lines, gutter))


# Horizontal strips covered by lines: (start, end, whether only labels cover it).
Spans = list[tuple[float, float, bool]]


def _divided(spans: Spans) -> bool:
    """Two or more strips of text (strips of list labels alone do not divide a region)."""
    return sum(1 for _, _, labels in spans if not labels) > 1


def _spans(lines: Iterable[Line], gutter: float, spans: Spans | None = None) -> Spans:
    """The horizontal extents the lines cover, as strips at least `gutter` apart."""
    result = list(spans or [])
    for line in lines:
        left, right, labels = line.left, line.right, line.is_label
        kept: Spans = []
        for start, end, only_labels in result:
            if end + gutter <= left or right + gutter <= start:
                kept.append((start, end, only_labels))
            else:
                left, right = min(left, start), max(right, end)
                labels = labels and only_labels
        kept.append((left, right, labels))
        kept.sort()
        result = kept
    return result


def _split_bands(lines: list[Line]) -> list[list[Line]]:
    """Horizontal bands, top down: lines whose middles overlap in height share a band."""
    ordered = sorted(lines, key=lambda line: -line.core[1])
    bands: list[list[Line]] = [[ordered[0]]]
    floor = ordered[0].core[0]
    for line in ordered[1:]:
        low, high = line.core
        if high < floor:
            bands.append([line])
            floor = low
        else:
            bands[-1].append(line)
            floor = min(floor, low)
    return bands


def _group_bands(bands: list[list[Line]], gutter: float) -> list[list[Line]]:
    """Read consecutive bands together while they share a gutter, or while none has one."""
    groups: list[list[list[Line]]] = [[bands[0]]]
    spans = _spans(bands[0], gutter)
    for band in bands[1:]:
        merged = _spans(band, gutter, spans)
        if _divided(merged) or not (_divided(spans) or _divided(_spans(band, gutter))):
            groups[-1].append(band)
            spans = merged
        else:
            groups.append([band])
            spans = _spans(band, gutter)
    _lend_leading_bands(groups, gutter)
    return [[line for band in group for line in band] for group in groups]


def _group_has_gutter(group: list[list[Line]], gutter: float) -> bool:
    return _has_gutter([line for band in group for line in band], gutter)


def _lend_leading_bands(groups: list[list[list[Line]]], gutter: float) -> None:
    """A column that starts higher than its neighbour begins with bands of one column: they
    were grouped with the single-column text above; move them down to their columns."""
    for index in range(len(groups) - 1):
        above, below = groups[index], groups[index + 1]
        if _group_has_gutter(above, gutter) or not _group_has_gutter(below, gutter):
            continue
        while len(above) > 1:
            candidate = [line for band in below for line in band] + above[-1]
            if not _has_gutter(candidate, gutter):
                break
            below.insert(0, above.pop())
