"""Sentence segmentation of news text: exact offsets, abbreviations, numbers, quotes, headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.sentences import _word_before, split_sentences
from briefing.importers import read_article
from tests.core import sentences_reference

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

G7 = "g7-cautions-iran-ballistic-missiles.txt"
NATO = "nato-warns-iran-ballistic-missiles.txt"


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    return [s.text for s in sentences]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Treasury imposed sanctions on Monday. Iran denied it.",
        "Gen. Mark Milley spoke first. Mr. Lavrov replied.",
        "Dr. Smith and Sen. Jones met at 3 p.m. on Tuesday. They agreed.",
        "Trade reached $4.5 billion last year. The target is 3.5% growth.",
        "John F. Kennedy Airport was closed. Flights resumed later.",
    ],
)
def test_abbreviations_and_numbers_do_not_end_sentences(text: str) -> None:
    assert len(texts(text)) == 2


def test_initialism_ends_a_sentence_before_a_typical_opener() -> None:
    assert texts("Sanctions were imposed by the U.S. The EU followed.") == [
        "Sanctions were imposed by the U.S.",
        "The EU followed.",
    ]


def test_quotations_close_their_sentence() -> None:
    text = '"We urge restraint," said the G7. "Any transfer is an escalation.” Iran denied it.'
    assert texts(text) == [
        '"We urge restraint," said the G7.',
        '"Any transfer is an escalation.”',
        "Iran denied it.",
    ]


def test_a_full_stop_outside_the_closing_quote() -> None:
    text = "Reuters cited “a large number of missiles”. The claim was repeated."
    assert texts(text) == ["Reuters cited “a large number of missiles”.", "The claim was repeated."]


def test_question_inside_a_quote_followed_by_lower_case_goes_on() -> None:
    assert texts('"Why now?" he asked. Nobody answered.') == [
        '"Why now?" he asked.',
        "Nobody answered.",
    ]


def test_headline_byline_and_dateline_are_sentences_of_their_own() -> None:
    text = (
        "Iran warned over missile transfers\n\nBy Jane Doe\nReuters\n\n"
        "TEHRAN, June 14 (Reuters) - Iran said on Friday it had not sent missiles. It added more."
    )
    assert texts(text) == [
        "Iran warned over missile transfers",
        "By Jane Doe",
        "Reuters",
        "TEHRAN, June 14 (Reuters) - Iran said on Friday it had not sent missiles.",
        "It added more.",
    ]


def test_paragraph_break_always_ends_a_sentence() -> None:
    assert texts("A sentence without a stop\n\nanother one") == [
        "A sentence without a stop",
        "another one",
    ]


def test_hard_wrapped_prose_is_joined_across_line_breaks() -> None:
    text = (
        "Leaders of the Group of Seven issued a warning to Iran against supplying\n"
        "Russia with ballistic missiles, following the announcement that a strategic\n"
        "agreement had been halted. Iran and Russia have strengthened their alliance.\n"
        "Trade grew."
    )
    found = texts(text)
    assert len(found) == 3
    assert found[0].startswith("Leaders") and found[0].endswith("halted.")


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


@pytest.mark.parametrize(("name", "count"), [(G7, 24), (NATO, 18)])
def test_seeds_split_plausibly(name: str, count: int) -> None:
    article = read_article(SEEDS / name)
    found = texts(article.text)
    assert len(found) == count
    assert found[0] == article.title
    assert not any(s.endswith(("U.S.", "Mr.", "Gen.")) for s in found)
    # Both seeds' Reuters claim comes out whole, closing quote included.
    reuters = [s for s in found if s.startswith("In February, Reuters reported")]
    assert len(reuters) == 1 and reuters[0].endswith(("missiles.”", "missiles”."))


WORD_BEFORE = re.compile(r"([\w.\-]+)$")  # what `_word_before` finds, read forwards


def word_before_found(text: str, start: int, end: int) -> str | None:
    found = WORD_BEFORE.search(text, start, end)
    return found.group(1) if found else None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("U.S\n", 0, 4), ("U.S\n\n", 0, 5), ("a b", 0, 3), ("a ", 0, 2), ("", 0, 0), ("ab", 1, 2),
     ("\n", 0, 1), ("x-y.z", 0, 5)],
)  # fmt: skip
def test_the_word_before_a_full_stop(text: str, start: int, end: int) -> None:
    assert _word_before(text, start, end) == word_before_found(text, start, end)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aZé9_.-'\n \t…") + ["\u00a0", "\U0001d400"])),
    st.data(),
)
def test_the_word_before_a_full_stop_is_the_word_a_search_for_it_finds(
    text: str, data: st.DataObject
) -> None:
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(max(0, end - 45), end))
    assert _word_before(text, start, end) == word_before_found(text, start, end)


# What decides a boundary: the word before a mark (abbreviations, initialisms, capitals), the
# marks, closers and spaces after it (control characters among them), and what opens the next
# word (openers, digits of other scripts, title case); with right-to-left text, combining
# marks, emoji and lone surrogates about.
WORDS = ["Mr", "mr", "Gen", "U.S", "U.S.", "e.g", "etc", "Inc", "Co", "co", "F", "f", "The", "the",
         "He", "Iran", "iran", "42", "٣", "ǅ", "Ⅻ", "“The", "‘He", "«Iran", "(The", "[42",
         "\"The", "'the", "-", "—", "x-y.z", "שלום", "السلام", "e\u0301", "\u0301",
         "😀", "\x00", "\ud800", "x" * 60]  # fmt: skip
SEPARATORS = [" ", ". ", "? ", "! ", "… ", "...", "... ", ".” ", ".) ", "?' ", ".\n", ".\n\n",
              "\n", "\n\n", " \t\n", ".\u00a0", ".\u2028", ".\x1c", ".\x85", ".\u3000",
              ","]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS) | st.text(max_size=3),
                  st.sampled_from(SEPARATORS) | st.text(max_size=2)),
        max_size=40,
    )
)  # fmt: skip
def test_the_splitting_loop_finds_the_sentences_the_rule_does(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(word + separator for word, separator in parts)
    assert split_sentences(text) == sentences_reference.split_sentences(text)


@pytest.mark.parametrize(
    "text",
    ["Mr. The", "Mr. Smith", "Co. The", "Co. they", "Co. Smith", "U.S. The", "U.S. Officials",
     "John F. Kennedy", "in F. The", "e.g. Iran", "Why? He", "It.” The", "It. “The", "It.\n\nThe",
     "It. 42", "It. ٣", "It. ǅ", "It.\x1cThe", "It.  \x85 The", "\u00a0It. The\u00a0", "It...",
     "-.The. The", "x" * 50 + ". A"],
)  # fmt: skip
def test_the_splitting_loop_decides_each_boundary_as_the_rule_does(text: str) -> None:
    assert split_sentences(text) == sentences_reference.split_sentences(text)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_the_splitting_loop_finds_the_seeds_sentences_as_the_rule_does(name: str) -> None:
    text = read_article(SEEDS / name).text
    assert split_sentences(text) == sentences_reference.split_sentences(text)
