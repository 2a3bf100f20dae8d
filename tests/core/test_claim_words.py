"""The vocabulary of claims: the terms the corroboration index files a sentence under."""

from __future__ import annotations

import pytest

from briefing.core.claim_words import alias_phrases, article_terms, sentence_terms


@pytest.mark.parametrize(
    ("phrase", "alias"),
    [("Group of Seven", "G7"), ("Group of 20", "G20"), ("United States of America", "US"),
     ("U.S.", "US"), ("United Kingdom", "UK"), ("U.K.", "UK"), ("European Union", "EU"),
     ("E.U.", "EU"), ("United Nations", "UN"), ("U.N.", "UN"),
     ("North Atlantic Treaty Organisation", "NATO")],
)  # fmt: skip
def test_every_phrase_is_read_as_its_actor(phrase: str, alias: str) -> None:
    assert alias_phrases(f"The {phrase} warned Iran.") == f"The {alias} warned Iran."


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
