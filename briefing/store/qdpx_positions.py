"""Selection positions as other tools count them, turned into code points of the article text.

The standard counts Unicode code points of the plain-text file, but tools disagree where a file
holds more than one unit for what a reader sees as one character: a Windows line break (CR LF)
is two characters to NVivo and one to ATLAS.ti; .NET tools count a character beyond the Basic
Multilingual Plane (most emoji) as two UTF-16 units; a byte-order mark at the start is counted by
some readers. The article keeps the text with CR LF folded to LF and no BOM (`normalise_text`),
so every position passes through a `PositionMap` for the counting the exporting tool used.

Which counting that was is not written in the file, so it is inferred from the selections: under
the right counting they start and end between words and match the text their names quote; under
a wrong one they drift into the middle of words. Ties go to the standard's own counting.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.core.text import normalise_text

_SPECIAL = re.compile("\r\n|[\U00010000-\U0010ffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NAME_MATCH_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Counting:
    """How a tool counted positions in a text file."""

    bom: bool = False  # a byte-order mark at the start is a character
    crlf_as_two: bool = True  # CR LF is two characters (the standard: they are two code points)
    utf16: bool = False  # characters beyond U+FFFF are two (UTF-16 code units)

    def describe(self) -> str:
        """What differs from the standard, for the import summary ("" when nothing does)."""
        parts = []
        if not self.crlf_as_two:
            parts.append("a Windows line break (CR LF) as one character")
        if self.utf16:
            parts.append("an emoji or other character beyond U+FFFF as two (UTF-16)")
        if self.bom:
            parts.append("the byte-order mark at the start of a text")
        return " and ".join(parts)


STANDARD = Counting()


class PositionMap:
    """Positions in a tool's counting of `raw` to code-point offsets in `normalise_text(raw)`."""

    __slots__ = ("_limit", "_pads", "text")

    def __init__(self, raw: str, counting: Counting) -> None:
        self.text = normalise_text(raw)
        # "Pads": positions, in the tool's counting, of units the article text does not have
        # (the LF of a CR LF, the second half of a surrogate pair, a counted BOM).
        pads: list[int] = []
        body = raw
        if raw.startswith("\ufeff"):
            body = raw[1:]
            if counting.bom:
                pads.append(0)
        folded = 0
        for match in _SPECIAL.finditer(body):
            index = match.start() - folded  # where it sits in the article text
            if match.group() == "\r\n":
                folded += 1
                if counting.crlf_as_two:
                    pads.append(index + len(pads) + 1)
            elif counting.utf16:
                pads.append(index + len(pads) + 1)
        self._pads = pads
        self._limit = len(self.text) + len(pads)

    def to_text(self, position: int) -> int | None:
        """The code-point offset, or None for a position outside the text."""
        if not 0 <= position <= self._limit:
            return None
        return position - bisect.bisect_left(self._pads, position)

    @property
    def length(self) -> int:
        """The text's length in the tool's counting (for messages)."""
        return self._limit


@dataclass(frozen=True, slots=True)
class Span:
    """A selection as the file gives it: positions, and the text its name quotes if any."""

    start: int
    end: int
    name: str = ""


def choose_counting(
    texts: Iterable[tuple[str, Sequence[Span]]], preferred: Counting = STANDARD
) -> Counting:
    """The counting under which the selections of these texts sit best (see the module)."""
    samples = [(raw, spans) for raw, spans in texts if spans and _ambiguous(raw)]
    if not samples:
        return preferred
    has_bom = any(raw.startswith("\ufeff") for raw, _ in samples)
    has_crlf = any("\r\n" in raw for raw, _ in samples)
    has_astral = any(_ASTRAL.search(raw) for raw, _ in samples)
    candidates = [
        Counting(bom, crlf, utf16)
        for bom, crlf, utf16 in itertools.product(
            (preferred.bom, not preferred.bom) if has_bom else (preferred.bom,),
            (preferred.crlf_as_two, not preferred.crlf_as_two) if has_crlf
            else (preferred.crlf_as_two,),
            (preferred.utf16, not preferred.utf16) if has_astral else (preferred.utf16,),
        )
    ]  # fmt: skip
    # The preferred counting comes first, so it wins a tie (max keeps the first maximum).
    return max(candidates, key=lambda counting: _score(samples, counting))


def _ambiguous(raw: str) -> bool:
    return raw.startswith("\ufeff") or "\r\n" in raw or _ASTRAL.search(raw) is not None


def _score(samples: Sequence[tuple[str, Sequence[Span]]], counting: Counting) -> int:
    total = 0
    for raw, spans in samples:
        positions = PositionMap(raw, counting)
        text = positions.text
        for span in spans:
            start, end = positions.to_text(span.start), positions.to_text(span.end)
            if start is None or end is None or start >= end:
                continue
            total += 1 + _between_words(text, start) + _between_words(text, end)
            if span.name and _quotes(span.name, text[start:end]):
                total += _NAME_MATCH_WEIGHT
    return total


def _between_words(text: str, index: int) -> bool:
    return index in (0, len(text)) or not (text[index - 1].isalnum() and text[index].isalnum())


def _quotes(name: str, found: str) -> bool:
    """Whether a selection's name is its text (tools often shorten it with an ellipsis)."""
    name, found = " ".join(name.split()), " ".join(found.split())
    if not name:
        return False
    if name.endswith(("...", "…")):
        stem = name.rstrip(".…").rstrip()
        return bool(stem) and found.startswith(stem)
    return name == found
