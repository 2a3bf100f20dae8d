"""The sentence rule of `briefing.core.sentences` as first written, one small step a call: the
reference its quicker loop is compared with (`test_sentences.py`)."""

from __future__ import annotations

import re

from briefing.core.sentences import (
    _CAN_END,
    _INITIALISM,
    _OPENERS,
    _TITLES,
    Sentence,
    _next_word,
    _pieces,
    _word_before,
)

BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")


def split_sentences(text: str) -> list[Sentence]:
    return [s for start, end in _pieces(text) for s in _split_piece(text, start, end)]


def _split_piece(text: str, start: int, end: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    sentence_start = start
    for match in BOUNDARY.finditer(text, start, end):
        after = match.end()
        next_char = text[after : after + 1]
        if not next_char or not _ends_sentence(text, sentence_start, match, next_char, end):
            continue
        sentence = _trimmed(text, sentence_start, match.end(2))
        if sentence is not None:
            sentences.append(sentence)
        sentence_start = after
    sentence = _trimmed(text, sentence_start, end)
    if sentence is not None:
        sentences.append(sentence)
    return sentences


def _ends_sentence(
    text: str, piece_start: int, match: re.Match[str], next_char: str, end: int
) -> bool:
    if not (next_char.isupper() or next_char.isdigit() or next_char in "\"'“‘«(["):
        return False
    marks, closers = match.group(1, 2)
    if marks != "." or closers:
        return True
    word = _word_before(text, max(piece_start, match.start() - 40), match.start())
    if word is None:
        return True
    word = word.lstrip(".-")
    key = word.lower().rstrip(".")
    if key in _TITLES:
        return key in _CAN_END and _next_word(text, match.end(), end).lower() in _OPENERS
    if _INITIALISM.fullmatch(word) or (len(word) == 1 and word.isupper()):
        return _next_word(text, match.end(), end).lower() in _OPENERS
    return True


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Sentence(start, end, text[start:end])
