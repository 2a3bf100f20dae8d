"""Fold text for searching, and map every folded position back to the original text.

Search is case-, accent- and width-insensitive: "cafe" finds "Café" written with a precomposed
é and with e + a combining accent, "ＩＲＡＮ" finds "Iran", "ﬁre" finds "fire". Folding a
character may give no character (a combining accent, a zero-width joiner), one, or several
("ß" -> "ss", "ﬁ" -> "fi"), so a hit found in folded text is mapped back to an exact span of
the original text here, in one place. Most text folds one character to one character; only
the positions where that is not so are remembered, so mapping back is a binary search.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

# Marks that are diacritics to a reader of the script (accents, Arabic harakat, Hebrew
# points), which search ignores. Vowel signs of Indic and other scripts change the letter,
# so they stay.
_DIACRITICS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


@lru_cache(maxsize=65536)
def fold_character(character: str) -> str:
    """What one character folds to: compatibility-decomposed, diacritics and format
    characters (joiners, direction marks, soft hyphens) dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", character)
    kept = "".join(
        c for c in decomposed if not _DIACRITICS.match(c) and unicodedata.category(c) != "Cf"
    )
    return unicodedata.normalize("NFC", kept.casefold())


@dataclass(frozen=True, slots=True)
class Folded:
    original: str
    folded: str
    # Where the folded text stops being the original shifted by a constant: at folded
    # position _points[i] and after it, original = folded + _shifts[i].
    _points: tuple[int, ...] = ()
    _shifts: tuple[int, ...] = ()

    def to_original(self, position: int) -> int:
        """The original position of folded `position` (the character it came from)."""
        index = bisect.bisect_right(self._points, position) - 1
        return position + (self._shifts[index] if index >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span holding folded [start, end): from the character the first folded
        character came from to the end of the one the last came from, with any accents and
        joiners that follow it (they fold to nothing but belong to the letter)."""
        first = self.to_original(start)
        last = self.to_original(end - 1) + 1 if end > start else first
        text = self.original
        while last < len(text) and not fold_character(text[last]):
            last += 1
        return first, last


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds each character the first time it is met, and notes
    those that do not fold one to one."""

    def __missing__(self, code: int) -> str:
        folded = fold_character(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _IRREGULAR.add(chr(code))
        return folded


_TABLE = _FoldTable()
_IRREGULAR: set[str] = set()  # characters that fold to none or to several


def fold(text: str) -> Folded:
    if text.isascii():
        return Folded(text, text.lower())  # ASCII folds one to one
    folded = text.translate(_TABLE)
    irregular = _IRREGULAR.intersection(text)
    if not irregular:
        return Folded(text, folded)
    points: list[int] = []
    shifts: list[int] = []
    shift = 0  # original position minus folded position, for the characters after the last
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(irregular)) + "]")
    for match in pattern.finditer(text):
        original = match.start()
        position = original - shift  # where this character's folding starts
        length = len(_TABLE[ord(match.group())])
        for k in range(length):  # several folded characters all come from this one
            points.append(position + k)
            shifts.append(original - position - k)
        shift += 1 - length
        points.append(position + length)
        shifts.append(shift)
    return Folded(text, folded, tuple(points), tuple(shifts))


# ----- words, as the search and its index see them ------------------------------------------

# A word of folded text: letters, digits, marks and "_" (the full-text index's token characters:
# see INDEX_TOKENIZER); each CJK character counts as a word of its own, since those scripts
# put no spaces between words.
CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
WORD_CHARACTER = rf"[[\p{{L}}\p{{N}}\p{{M}}_]--[{CJK}]]"
WORD = regex.compile(rf"[{CJK}]|{WORD_CHARACTER}+", regex.VERSION1)
_CJK_CHARACTER = regex.compile(rf"[{CJK}]", regex.VERSION1)
# SQLite's tokenizer for the index: the same word characters (it folds case again, harmlessly).
INDEX_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M*' tokenchars '_'"


def words_of(text: str) -> list[str]:
    """The folded words of some text, as the search sees them."""
    words: list[str] = WORD.findall(fold(text).folded)
    return words


def index_text(text: str) -> str:
    """What the full-text index is given for an article: its folded text with a space either
    side of each CJK character, so SQLite's tokenizer finds exactly the words `WORD` finds."""
    folded = fold(text).folded
    if folded.isascii():
        return folded
    spaced: str = _CJK_CHARACTER.sub(r" \g<0> ", folded)
    return spaced
