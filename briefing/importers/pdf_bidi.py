"""Right-to-left text on a PDF line, put back in the order it is read.

A PDF places glyphs where they are seen, and pdfium puts the characters of each drawn run
back in reading order, but not the runs themselves: a line of Arabic drawn word by word
comes out with its words left to right, that is backwards. For a line holding right-to-left
letters the glyphs are therefore laid out by position and the runs reversed as the Unicode
bidirectional algorithm would have reversed them for display (its rule L2, at two levels).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from briefing.importers.pdf_layout import Glyph

_RTL = {"R", "AL"}
_LTR = {"L", "EN", "AN"}  # numbers read left to right inside right-to-left text too
# A gap between two glyphs wider than this share of the line height is a word space. Within
# a word glyphs touch or overlap; Arabic stretches words with tatweel, not with gaps.
_SPACE_GAP = 0.12


def strong_direction_counts(text: str) -> tuple[int, int]:
    """How many letters read left to right and right to left."""
    ltr = rtl = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            ltr += 1
        elif kind in _RTL:
            rtl += 1
    return ltr, rtl


def logical_text(glyphs: Sequence[Glyph], rtl_base: bool) -> str:
    """The line's text in reading order; `rtl_base` says which way the paragraph runs."""
    visual = sorted(
        (glyph for glyph in glyphs if glyph.text.strip()), key=lambda g: (g.left + g.right) / 2
    )
    if not visual:
        return ""
    height = max(glyph.height for glyph in visual)
    # Visual units: glyphs with the spaces between them, each with a direction.
    units: list[tuple[str, str]] = []
    for previous, glyph in zip([None, *visual], visual, strict=False):
        if previous is not None and glyph.left - previous.right > _SPACE_GAP * height:
            units.append((" ", "N"))
        units.append((glyph.text, _direction(glyph.text)))
    levels = _levels([direction for _, direction in units], rtl_base)
    return "".join(units[index][0] for index in _reorder(levels))


def _direction(text: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "R"
        if kind in _LTR:
            return "L"
    return "N"


def _levels(directions: list[str], rtl_base: bool) -> list[int]:
    """Embedding levels: 0/1 on a left-to-right line, 1/2 on a right-to-left one."""
    base = 1 if rtl_base else 0
    resolved = list(directions)
    # Neutrals (spaces, punctuation) between two runs of one direction take it; others
    # take the paragraph's direction (rules N1 and N2).
    index = 0
    while index < len(resolved):
        if resolved[index] != "N":
            index += 1
            continue
        end = index
        while end < len(resolved) and resolved[end] == "N":
            end += 1
        before = resolved[index - 1] if index > 0 else ("R" if rtl_base else "L")
        after = resolved[end] if end < len(resolved) else ("R" if rtl_base else "L")
        fill = before if before == after else ("R" if rtl_base else "L")
        resolved[index:end] = [fill] * (end - index)
        index = end
    if rtl_base:
        return [1 if direction == "R" else 2 for direction in resolved]
    return [1 if direction == "R" else base for direction in resolved]


def _reorder(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every run at that
    level or above. Display order and reading order are each other's reversal, so the same
    steps turn what is seen back into what was written."""
    order = list(range(len(levels)))
    highest = max(levels)
    lowest_odd = (
        min(level for level in levels if level % 2)
        if any(level % 2 for level in levels)
        else highest + 1
    )
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return order
