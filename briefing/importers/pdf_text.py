"""Paragraphs of lines into the article text: lines joined, hyphenated words mended, pages
joined, and the offset where each page starts.

A hyphen at the end of a line is usually the typesetter's (drop it: "recog-" + "nised"),
but some words are written with one ("Russia-" + "Ukraine", "co-" + "operation"). The rule,
in order: keep it before a capital or a digit, and in a word that already has a hyphen
("state-of-" + "the-art"); otherwise let the document decide, keeping the hyphen when it
writes the word with one elsewhere and dropping it when it writes the word without; failing
that, keep it between two equal vowels, as English writes prefixes ("co-operation",
"re-elect", "de-escalation"), and drop it everywhere else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HYPHENS = "-\u2010"  # hyphen-minus, hyphen
SOFT_HYPHEN = "\u00ad"
_DASHES = "\u2013\u2014"  # en and em dash: "1990–" + "2000", "word—" + "word"
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’»)\]]$")
_WORD = re.compile(r"\w+(?:[-\u2010]\w+)*")
_LEFT_WORD = re.compile(r"[\w\-\u2010]+$")
_RIGHT_WORD = re.compile(r"\w+(?:[-\u2010]\w+)*")
_VOWELS = set("aeiouy")

PageParagraphs = Sequence[Sequence[str]]  # a page's paragraphs, each a list of line texts


@dataclass(frozen=True, slots=True)
class Assembled:
    text: str
    pages: tuple[int, ...]  # where each page starts in `text`, in code points


def assemble(pages: Sequence[PageParagraphs]) -> Assembled:
    """The text of all pages, paragraphs apart by a blank line, and each page's start.

    A paragraph cut by a page break (it ends without a full stop and the next page starts
    in lower case) is joined again; its page then starts in the middle of it.
    """
    evidence = _word_counts(line for page in pages for paragraph in page for line in paragraph)
    pieces: list[str] = []
    length = 0
    starts: list[int | None] = []
    for page in pages:
        start: int | None = None
        for index, lines in enumerate(page):
            body = _join_lines(lines, evidence)
            if not body:
                continue
            if pieces:
                drop, separator = (0, "\n\n")
                if index == 0 and _continues(pieces[-1], body):
                    drop, separator = _joint(pieces[-1], body, evidence)
                if drop:
                    pieces[-1] = pieces[-1][:-drop]
                    length -= drop
                pieces.append(separator)
                length += len(separator)
            if start is None:
                start = length
            pieces.append(body)
            length += len(body)
        starts.append(start)
    # A page without text starts where the next page with text does (or at the very end).
    resolved: list[int] = []
    following = length
    for start in reversed(starts):
        following = following if start is None else start
        resolved.append(following)
    resolved.reverse()
    if resolved:
        resolved[0] = 0
    return Assembled("".join(pieces), tuple(resolved))


def _join_lines(lines: Sequence[str], evidence: Counter[str]) -> str:
    text = ""
    for line in lines:
        if not line:
            continue
        if not text:
            text = line
            continue
        drop, separator = _joint(text, line, evidence)
        text = text[: len(text) - drop] + separator + line
    return text


def _joint(before: str, after: str, evidence: Counter[str]) -> tuple[int, str]:
    """How to join two pieces of one paragraph across a line break: how many characters to
    drop from the end of `before`, and what to put between."""
    last, first = before[-1], after[0]
    if last == SOFT_HYPHEN:
        return 1, ""
    if last in HYPHENS and len(before) > 1 and before[-2].isalpha() and first.isalpha():
        return (0, "") if keeps_hyphen(before[:-1], after, evidence) else (1, "")
    if last in _DASHES and not before[-2:-1].isspace():
        return 0, ""
    if _is_cjk(last) and _is_cjk(first):
        return 0, ""
    return 0, " "


def keeps_hyphen(before: str, after: str, evidence: Counter[str]) -> bool:
    """Whether the hyphen between `before` (without it) and `after` belongs to the word."""
    left_match, right_match = _LEFT_WORD.search(before), _RIGHT_WORD.match(after)
    if left_match is None or right_match is None:
        return True
    left, right = left_match.group(), right_match.group()
    if right[0].isupper() or right[0].isdigit() or any(h in left for h in HYPHENS):
        return True
    hyphenated = evidence[f"{left}-{right}".casefold()]
    joined = evidence[f"{left}{right}".casefold()]
    if hyphenated or joined:
        return hyphenated >= joined
    return left[-1].casefold() in _VOWELS and left[-1].casefold() == right[0].casefold()


def _continues(before: str, after: str) -> bool:
    if before[-1] in HYPHENS or before[-1] == SOFT_HYPHEN:
        return after[0].isalpha()
    return not _SENTENCE_END.search(before) and after[0].islower()


def _word_counts(lines: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(word.casefold().replace("\u2010", "-") for word in _WORD.findall(line))
    return counts


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x2FFFF
    )
