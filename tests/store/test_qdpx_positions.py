"""Selection positions in other tools' countings, mapped to code points of the article text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.store.qdpx_positions import STANDARD, Counting, PositionMap, Span, choose_counting

CRLF_AS_ONE = Counting(crlf_as_two=False)
UTF16 = Counting(utf16=True)


def test_the_standard_counting_over_plain_text_is_the_identity() -> None:
    positions = PositionMap("plain text", STANDARD)
    assert [positions.to_text(i) for i in range(11)] == list(range(11))
    assert positions.to_text(11) is None and positions.to_text(-1) is None


@pytest.mark.parametrize(
    ("raw", "counting", "tool_start", "tool_end", "quote"),
    [
        ("a\r\nb drones", STANDARD, 5, 11, "drones"),  # CR LF is two characters
        ("a\r\nb drones", CRLF_AS_ONE, 4, 10, "drones"),  # ... or one
        ("\ufeffx drones", STANDARD, 2, 8, "drones"),  # the BOM is no character
        ("\ufeffx drones", Counting(bom=True), 3, 9, "drones"),  # ... unless the tool counted it
        ("😀 drones", STANDARD, 2, 8, "drones"),  # one code point
        ("😀 drones", UTF16, 3, 9, "drones"),  # two UTF-16 units
        ("\ufeff😀\r\n😀 drones", Counting(bom=True, utf16=True), 8, 14, "drones"),
    ],
)  # fmt: skip
def test_each_counting_finds_the_same_characters(
    raw: str, counting: Counting, tool_start: int, tool_end: int, quote: str
) -> None:
    positions = PositionMap(raw, counting)
    start, end = positions.to_text(tool_start), positions.to_text(tool_end)
    assert start is not None and end is not None
    assert positions.text[start:end] == quote


_TOKENS = st.sampled_from(["a", " ", "\r\n", "\n", "😀", "e\u0301", "\u05d0", "\ufeff"])


@given(st.lists(_TOKENS, max_size=40).map("".join), st.booleans(), st.booleans(), st.booleans())
def test_a_text_counted_as_a_tool_counts_it_maps_back_exactly(
    text: str, bom: bool, crlf_as_two: bool, utf16: bool
) -> None:
    """Every character boundary in the tool's counting lands on the same boundary of the text."""
    positions = PositionMap(text, Counting(bom, crlf_as_two, utf16))
    index = 0
    tool, expected = 0, [0]
    if text.startswith("\ufeff"):
        index, tool = 1, int(bom)  # the article text has no BOM: only the tool may count it
        expected = [tool]
    while index < len(text):
        if text.startswith("\r\n", index):
            tool += 2 if crlf_as_two else 1
            index += 2
        else:
            tool += 2 if utf16 and ord(text[index]) > 0xFFFF else 1
            index += 1
        expected.append(tool)
    assert [positions.to_text(t) for t in expected] == list(range(len(positions.text) + 1))
    assert positions.to_text(tool + 1) is None


def test_the_counting_is_inferred_from_where_selections_fall() -> None:
    raw = "First line\r\nThe drones came\r\nthen the missiles\r\nand nothing more."
    one = raw.replace("\r\n", "\n")
    spans = [Span(one.index(w), one.index(w) + len(w)) for w in ("drones", "missiles", "nothing")]
    assert choose_counting([(raw, spans)]) == CRLF_AS_ONE
    spans = [Span(raw.index(w), raw.index(w) + len(w)) for w in ("drones", "missiles", "nothing")]
    assert choose_counting([(raw, spans)]) == STANDARD


def test_a_selection_name_that_quotes_its_text_is_strong_evidence() -> None:
    raw = "x\r\na b c d"
    # Both readings of these positions fall between words; the name says which is meant.
    assert choose_counting([(raw, [Span(4, 5, "b")])]) == CRLF_AS_ONE
    assert choose_counting([(raw, [Span(5, 6, "b")])]) == STANDARD
    assert choose_counting([(raw, [Span(4, 7, "b c…")])]) == CRLF_AS_ONE  # a shortened name


def test_a_tie_goes_to_the_preferred_counting() -> None:
    raw = "A.\r\n\r\nB c."
    tie = [Span(4, 5)]  # "B" counting CR LF as one, a line break counting it as two
    assert choose_counting([(raw, tie)]) == STANDARD
    assert choose_counting([(raw, tie)], preferred=CRLF_AS_ONE) == CRLF_AS_ONE


def test_texts_without_ambiguity_keep_the_preferred_counting() -> None:
    assert choose_counting([("plain", [Span(0, 5)])], preferred=UTF16) == UTF16
    assert choose_counting([]) == STANDARD
