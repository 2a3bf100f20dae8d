"""Sentence segmentation for news text, with exact code-point offsets into the article.

News copy breaks the textbook rule "a full stop ends a sentence" in predictable ways: titles
before names ("Gen.", "Mr."), initialisms ("U.S."), money and decimals ("$4.5 billion"), and
quotations that close after the full stop ("... missiles.”). It also has lines that end with
no punctuation at all: headlines, bylines, datelines, captions. So segmentation works in two
steps: first the text is cut into lines and paragraphs (a blank line always ends a sentence; a
single line break does too unless the block looks hard-wrapped), then each piece is cut at
sentence punctuation unless the word before it is an abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str  # == article_text[start:end], trimmed of surrounding whitespace


# Titles and other abbreviations that stand before a name or a word: never the end of a sentence.
_TITLES = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt cpl adm cmdr gov sen rep rev hon pres
    amb supt insp det fr sr jr st mt ft vs etc approx dept est fig figs no nos vol art para
    pp p ch sec jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur
    thurs fri sat sun inc ltd co corp bros""".split()
)
# Of those, the ones that also end sentences often ("... and Co. The firm ..."), so they end
# one when a typical sentence opener follows.
_CAN_END = frozenset("etc inc ltd co corp bros jr sr est dept".split())
# Words that start sentences far more often than they follow an abbreviation or initialism.
_OPENERS = frozenset(
    """the a an it its he she they we i you this that these those there here but and or so
    yet in on at as if when while after before since however meanwhile moreover still also
    his her their our my some many most all both each no not one two three what who why
    how where""".split()
)

# A sentence-ending mark, any closing quotes or brackets after it, then the whitespace that
# separates it from the next sentence. Written to open with one mark, not "[.!?…]+": then the
# regular expression engine skips to the next mark in one quick scan, where it otherwise tried
# the whole pattern at every character (two thirds of the time splitting took).
_BOUNDARY = re.compile(r"([.!?…][.!?…]*)([\"'”’»)\]]*)(\s+)")
_WORD_REVERSED = re.compile(r"[\w.\-]+")  # the word before a full stop, read backwards
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.K, a.m, e.g, Ph.D
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*(\w+)")
_FINAL = ".!?…:;\"'”’»)"
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# A single line break inside a block; hard-wrapped prose keeps going across it.
_LINE_BREAK = re.compile(r"\n")
_WRAP_MIN = 50  # a line this long followed by more prose is probably wrapped, not a heading


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, with `text[s.start:s.end] == s.text`."""
    return list(_split_cached(text))


@lru_cache(maxsize=32)
def _split_cached(text: str) -> tuple[Sentence, ...]:
    # Article texts never change, and the reader asks again on every repaint: cache.
    prepared = _PREPARED.pop(text, None)
    if prepared is not None:
        return prepared
    return completed(split_steps(text))


STEP_CHARS = 50_000  # of text split between two steps of `split_steps`
_PREPARED: dict[str, tuple[Sentence, ...]] = {}  # split in steps, for the cache to take


def split_steps(text: str) -> Iterator[tuple[Sentence, ...] | None]:
    """The splitting in steps of about STEP_CHARS of text (None after each), the sentences
    last: a 1 MB article takes a long moment, which a window spends in idle slices."""
    sentences: list[Sentence] = []
    done = 0
    for start, end in _pieces(text):
        sentences.extend(_split_piece(text, start, end))
        if end - done >= STEP_CHARS:
            done = end
            yield None
    yield tuple(sentences)


def prepare_sentences(text: str) -> Iterator[None]:
    """Split a text in steps (None after each), so that `split_sentences(text)` is then
    answered from the cache."""
    for step in split_steps(text):
        if step is None:
            yield None
        else:
            _PREPARED[text] = step
    _split_cached(text)


T = TypeVar("T")


def completed(steps: Iterator[T | None]) -> T:
    """The last of a series of steps: the result of work done at once."""
    *_, last = steps
    assert last is not None
    return last


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Spans that no sentence crosses: paragraphs, and within them the lines of non-prose."""
    block_start = 0
    for match in _BLANK_LINE.finditer(text):
        yield from _block_lines(text, block_start, match.start())
        block_start = match.end()
    yield from _block_lines(text, block_start, len(text))


def _block_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if "\n" not in text[start:end]:
        return [(start, end)]
    lines: list[tuple[int, int]] = []
    line_start = start
    for match in _LINE_BREAK.finditer(text, start, end):
        lines.append((line_start, match.start()))
        line_start = match.end()
    lines.append((line_start, end))
    if _looks_wrapped(text, lines):
        return [(start, end)]
    # Each line stands alone, except that a long line running on into a line that starts in
    # lower case is a continuation (a paragraph wrapped by hand, a caption broken by an editor).
    merged: list[tuple[int, int]] = [lines[0]]
    for line in lines[1:]:
        prev_start, prev_end = merged[-1]
        previous = text[prev_start:prev_end].rstrip()
        following = text[line[0] : line[1]].lstrip()
        if len(previous) >= _WRAP_MIN and previous[-1:] not in _FINAL and following[:1].islower():
            merged[-1] = (prev_start, line[1])
        else:
            merged.append(line)
    return merged


def _looks_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: every line but the last is long and about the same length."""
    if len(lines) < 3:
        return False
    lengths = [len(text[s:e].rstrip()) for s, e in lines[:-1]]
    return min(lengths) >= _WRAP_MIN and max(lengths) - min(lengths) <= 25


def _split_piece(text: str, start: int, end: int) -> list[Sentence]:
    # Whether a boundary ends a sentence is written out in this one loop: it runs at every
    # full stop of every article imported, and calls were most of the time splitting took.
    sentences: list[Sentence] = []
    sentence_start = start
    titles, can_end, openers, initialism = _TITLES, _CAN_END, _OPENERS, _INITIALISM.fullmatch
    for match in _BOUNDARY.finditer(text, start, end):
        after = match.end()
        next_char = text[after : after + 1]
        # The next sentence starts with a capital, a digit or an opening quote/bracket; a
        # lower-case word goes on the same sentence ('"Why?" he asked', "approx. five").
        if not next_char or not (
            next_char.isupper() or next_char.isdigit() or next_char in _OPENING
        ):
            continue
        marks, closers, _ = match.groups()
        if marks == "." and not closers:  # else "?", "!", "...", or a stop inside a quote
            stop = match.start()
            word = _word_before(text, max(sentence_start, stop - 40), stop)
            if word is not None:
                word = word.lstrip(".-")
                key = word.lower().rstrip(".")
                if key in titles:
                    if key not in can_end or _next_word(text, after, end).lower() not in openers:
                        continue
                elif initialism(word) or (len(word) == 1 and word.isupper()):
                    # "U.S. officials", "John F. Kennedy"; but "... by the U.S. The EU ..."
                    if _next_word(text, after, end).lower() not in openers:
                        continue
        sentence = _trimmed(text, sentence_start, match.end(2))
        if sentence is not None:
            sentences.append(sentence)
        sentence_start = after
    sentence = _trimmed(text, sentence_start, end)
    if sentence is not None:
        sentences.append(sentence)
    return sentences


_OPENING = "\"'“‘«(["


def _word_before(text: str, start: int, end: int) -> str | None:
    """The run of word characters, full stops and hyphens that ends text[start:end] (or ends
    it but for one final line break), as a search for `([\\w.\\-]+)$` finds it; read
    backwards, it is one match at the start instead of one attempt at every position."""
    window = text[start:end]
    if window.endswith("\n"):
        window = window[:-1]
    found = _WORD_REVERSED.match(window[::-1])
    return window[len(window) - found.end() :] if found else None


def _next_word(text: str, start: int, end: int) -> str:
    match = _NEXT_WORD.match(text, start, end)
    return match.group(1) if match else ""


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    piece = text[start:end]
    stripped = piece.strip()  # the characters `str.isspace` names, as the sentence rule does
    if not stripped:
        return None
    if len(stripped) != len(piece):
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
    return Sentence(start, end, stripped)
