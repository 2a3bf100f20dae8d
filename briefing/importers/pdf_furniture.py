"""Running headers, footers and page numbers: page furniture, not part of the article.

A line is furniture when it sits at the top or bottom of its page and the same line (its
digits aside, so "Page 3 of 12" matches "Page 4 of 12") stands at about the same height on
a good share of the pages, or when it is a lone page number there.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.importers.pdf_layout import Line

_EDGE_LINES = 3  # looked at from each end of a page
_EDGE_ZONE = 0.2  # share of the page height, from the top and from the bottom
_SAME_PLACE = 0.02  # share of the page height two running lines may differ by
_MIN_SHARE = 0.4  # of the pages with text: alternating left/right headers reach half
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?|seite|página|pagina|страница|стр\.)\s*)?"
    r"(?:\d{1,4}|(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))(?:\s*(?:of|/|de|di|von|из|sur)\s*\d{1,4})?$"
    r"|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^\[\s*\d{1,4}\s*\]$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageLines:
    """A page's lines with the page's vertical extent, for comparing heights across pages."""

    lines: Sequence[Line]
    bottom: float
    top: float


def furniture(pages: Sequence[PageLines]) -> list[set[int]]:
    """For each page, the ids of its lines that are furniture."""
    candidates = [_edge_lines(page) for page in pages]
    texts = sum(1 for page in pages if page.lines)
    seen: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, (page, edge) in enumerate(zip(pages, candidates, strict=True)):
        for line in edge:
            seen[_key(line)].append((number, _relative_height(page, line)))
    dropped: list[set[int]] = [set() for _ in pages]
    needed = max(2, math.ceil(_MIN_SHARE * texts))
    for number, (page, edge) in enumerate(zip(pages, candidates, strict=True)):
        for line in edge:
            text = line.plain_text().strip()
            place = _relative_height(page, line)
            repeats = {
                other for other, height in seen[_key(line)] if abs(height - place) <= _SAME_PLACE
            }
            if (len(repeats) >= needed and texts >= 2) or (
                _PAGE_NUMBER.match(text) and _alone_on_its_line(page, line)
            ):
                dropped[number].add(id(line))
    return dropped


def _edge_lines(page: PageLines) -> list[Line]:
    """The lines nearest the top and the bottom of the page, inside the edge zones."""
    height = page.top - page.bottom
    if height <= 0 or not page.lines:
        return []
    by_top = sorted(page.lines, key=lambda line: -line.top)
    top_zone = page.top - _EDGE_ZONE * height
    bottom_zone = page.bottom + _EDGE_ZONE * height
    chosen = [line for line in by_top[:_EDGE_LINES] if line.bottom >= top_zone]
    chosen += [
        line
        for line in by_top[-_EDGE_LINES:]
        if line.top <= bottom_zone and all(line is not other for other in chosen)
    ]
    return chosen


def _alone_on_its_line(page: PageLines, line: Line) -> bool:
    """A page number stands alone; a number beside other text is a list or contents entry."""
    low, high = line.core
    return not any(
        other is not line and other.core[0] < high and low < other.core[1] for other in page.lines
    )


def _relative_height(page: PageLines, line: Line) -> float:
    return ((line.top + line.bottom) / 2 - page.bottom) / (page.top - page.bottom)


def _key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.plain_text().split()).casefold())
