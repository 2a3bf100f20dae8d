"""The vocabulary of claims: the terms the corroboration index files a sentence under."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.claim_words import _ALIAS, alias_phrases, article_terms, sentence_terms
from briefing.core.sentences import split_sentences
from briefing.importers import read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("phrase", "alias"),
    [("Group of Seven", "G7"), ("Group of 20", "G20"), ("United States of America", "US"),
     ("U.S.", "US"), ("United Kingdom", "UK"), ("U.K.", "UK"), ("European Union", "EU"),
     ("E.U.", "EU"), ("United Nations", "UN"), ("U.N.", "UN"),
     ("North Atlantic Treaty Organisation", "NATO")],
)  # fmt: skip
def test_every_phrase_is_read_as_its_actor(phrase: str, alias: str) -> None:
    assert alias_phrases(f"The {phrase} warned Iran.") == f"The {alias} warned Iran."


# Pieces of the phrases, their cues, and what can stand next to them.
PHRASE_PARTS = ["United", "States", "Kingdom", "Nations", "U.", "S.", "K.", "N.", "A.", "E.",
                "European", "Union", "Group", "of", "Seven", "7", "Twenty", "20", "North",
                "Atlantic", "Treaty", "Organisation", "Organization", "America", " ", "  ", "\n",
                "\t", "\u00a0", ".", "x", "_", "Ü", "e\u0301", "\u0301", "😀", "שלום", "\x00",
                "\ud800"]  # fmt: skip


@pytest.mark.parametrize(
    "text", ["E.U.N.", "E.U.S.A.", "U.S.A.", "the E.U.K. and U.N.", "xUnited States", "Group of 7x"]
)
def test_phrases_are_read_once_each_as_the_pattern_reads_them(text: str) -> None:
    read_as_the_pattern_reads_them(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PARTS) | st.text(max_size=3), max_size=30))
def test_phrases_are_read_as_the_pattern_reads_them(parts: list[str]) -> None:
    read_as_the_pattern_reads_them("".join(parts))


def read_as_the_pattern_reads_them(text: str) -> None:
    expected = _ALIAS.sub(lambda match: match.lastgroup or match.group(), text)
    aliased = alias_phrases(text)
    assert aliased == expected
    if expected == text:
        assert aliased is text  # (callers tell "nothing aliased" by identity)


def test_terms_are_folded_content_words_and_names_given_mid_sentence() -> None:
    terms = sentence_terms("Tehran supplied the Russians with 400 ballistic missiles.")
    # Stems and synonym groups ("supplied" is "supply"); no function words or bare numbers;
    # names as NAME_MARK terms, folded to their actor, except the sentence's first word.
    assert terms == {"tehran", "supply", "russian", "ballistic", "missil", "=russia"}
    assert sentence_terms("Iran provided Russia with missiles.") >= {"supply", "=russia"}


def test_article_terms_give_each_sentence_its_span() -> None:
    text = "Iran sent drones. Russia denied it.\n\nNobody was hurt."
    spans = [(start, end) for start, end, _ in article_terms(text)]
    assert [text[s:e] for s, e in spans] == ["Iran sent drones.", "Russia denied it.",
                                             "Nobody was hurt."]  # fmt: skip


def one_sentence_at_a_time(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """What `article_terms` stands for: each sentence's `sentence_terms`."""
    return tuple((s.start, s.end, sentence_terms(s.text)) for s in split_sentences(text))


PIECES = ["Iran", "Tehran's", "U.S.", "United States", "E.U.", "European Union", "Group of 20",
          "I", "’s", "'", "''", "rock'n'roll", "don’t", "“Quote”", "É", "Ünited", "naïve", "42",
          "$4.5bn", "—", "_", "-", " ", "  ", "\n", "\n\n", "\t", ". ", "? ", "Mr. ", "\u00a0",
          "\ud800", "😀", "שלום", "\x00", "U.", "U.K.", "North Atlantic Treaty Organisation",
          "United Nations", "Group of Seven", "North", "Group", "European"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40))
def test_article_terms_are_each_sentences_terms(parts: list[str]) -> None:
    text = "".join(parts)
    assert article_terms(text) == one_sentence_at_a_time(text)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_article_terms_of_the_seeds_are_each_sentences_terms(name: str) -> None:
    text = read_article(SEEDS / name).text
    assert article_terms(text) == one_sentence_at_a_time(text)
