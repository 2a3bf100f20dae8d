"""Text rules every layer relies on: normalisation, offsets, word snapping, quote selectors."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
SELECTOR_CONTEXT = 32  # characters of prefix/suffix kept with a quote (W3C TextQuoteSelector)


def normalise_text(text: str) -> str:
    """Drop a leading BOM and turn CRLF/CR into LF; nothing else changes, so offsets stay valid."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """Identity of an article's text, used to detect a file imported twice."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut at a word boundary where one is near, and
    marked with "…" when anything was cut."""
    if len(text) <= limit:
        return text
    room = text[: max(0, limit - 1)]
    cut = room.rfind(" ")
    if cut > len(room) * 3 // 4:
        room = room[:cut]
    return room.rstrip(" ,;:.-–—") + "…"


@dataclass(frozen=True, slots=True)
class QuoteSelector:
    """The quote with its surroundings, so a passage can be found again and checked."""

    exact: str
    prefix: str
    suffix: str


def quote_selector(text: str, start: int, end: int) -> QuoteSelector:
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - SELECTOR_CONTEXT) : start],
        suffix=text[end : end + SELECTOR_CONTEXT],
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and trim surrounding whitespace.

    A selection that starts or ends inside a word grows to include the whole word; leading
    and trailing whitespace is dropped. An all-whitespace selection collapses to (start, start).
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, start
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def _is_word_char(char: str) -> bool:
    # Combining marks belong to the letter before them; apostrophes join "Iran's".
    return char.isalnum() or char in "_'’-" or 0x0300 <= ord(char) <= 0x036F


class Utf16Offsets:
    """Convert between Python code-point offsets and UTF-16 code-unit offsets (Qt's positions).

    Qt counts a character outside the Basic Multilingual Plane (most emoji) as two units,
    Python as one. This class is the single place that converts: it remembers where those
    characters are, so each conversion is a binary search, and free for BMP-only text.
    """

    __slots__ = ("_astral", "_astral_utf16")

    def __init__(self, text: str) -> None:
        found = () if text.isascii() else _ASTRAL.finditer(text)
        self._astral = [match.start() for match in found]
        # UTF-16 position of each astral character: its index plus the astral ones before it.
        self._astral_utf16 = [index + n for n, index in enumerate(self._astral)]

    def to_utf16(self, index: int) -> int:
        return index + bisect.bisect_left(self._astral, index)

    def from_utf16(self, position: int) -> int:
        """Code-point offset of a UTF-16 position; inside a surrogate pair rounds down."""
        before = bisect.bisect_left(self._astral_utf16, position)
        if before and self._astral_utf16[before - 1] + 1 == position:
            return self._astral[before - 1]  # between the two halves of a pair
        return position - before
