"""Attribution: whom a sentence credits with its claim."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analysis import attribution
from briefing.analysis.attribution import attribute, normalise_origin, origin_key
from briefing.core.project import Project
from briefing.core.sentences import split_sentences


@pytest.mark.parametrize(
    ("sentence", "origin"),
    [
        ("In February, Reuters reported that Iran had supplied Russia with missiles.", "Reuters"),
        ("The ban holds, according to TASS.", "TASS"),
        ("According to the Kremlin, both sides expressed interest.", "Kremlin"),
        ('"We urge Iran to cease its support," said the G7.', "G7"),
        ('"We call on Iran to stop," the G7 stated in mid-June.', "G7"),
        ("Talks will go on, said Lavrov.", "Lavrov"),
        ("Russia's TASS news agency quoted foreign minister Sergei Lavrov, stating that", "TASS"),
        ("Sources told Reuters the missile components would be sold to Russia.", "Reuters"),
        ("Satellite imagery published by Reuters showed expansions.", "Reuters"),
        ("The agreement was halted due to issues on Iran's side, Trend reports.", "Trend"),
        ("The Group of Seven said it would act.", "G7"),
        ("Mr. Putin said on Tuesday that talks would continue.", "Putin"),
    ],
)
def test_origin_is_found_and_normalised(sentence: str, origin: str) -> None:
    assert attribute(sentence) == origin


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran has supplied Russia with hundreds of kamikaze drones.",
        '"It is a message to Tehran," he said.',
        "This claim was later echoed by UK defense secretary Grant Shapps.",
    ],
)
def test_sentences_without_a_named_source(sentence: str) -> None:
    assert attribute(sentence) is None


def test_words_inside_a_quotation_are_not_its_source() -> None:
    assert attribute('"Iran reported nothing," said the G7.') == "G7"


def test_origin_keys_compare_spellings() -> None:
    assert normalise_origin("the Reuters's") == "Reuters"
    assert origin_key("Group of Seven") == origin_key("G7")


def test_the_february_missile_claim_is_reuters_in_both_seeds(seed_project: Project) -> None:
    origins = []
    for article in seed_project.articles():
        for sentence in split_sentences(article.text):
            if sentence.text.startswith("In February, Reuters reported"):
                origins.append(attribute(sentence.text))
    assert origins == ["Reuters", "Reuters"]


def every_pattern_searched(sentence: str) -> str | None:
    """`attribute` without skipping the patterns whose words a sentence lacks."""
    masked = attribution._QUOTED.sub(lambda m: " " * len(m.group()), sentence)
    for pattern, _ in attribution._PATTERNS:
        for match in pattern.finditer(masked):
            name = normalise_origin(match.group("name"))
            if name:
                return name
    return None


PHRASES = ["Reuters", "reported", "reports", "said", "told", "tells", "according to", "Officials",
           "sources", "by", "published by", "quoted", "cited", "the", "G7", "Group of Seven",
           "Russia's TASS", "news agency", "has", "later", "that", "“", "”", '"', ",", ".", ";",
           "said minister Sergei Lavrov", "Iran", "According to", "states", "wrote"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHRASES) | st.text(max_size=5), max_size=14))
def test_patterns_skipped_for_want_of_their_words_would_have_found_nothing(
    parts: list[str],
) -> None:
    sentence = " ".join(parts)
    assert attribute(sentence) == every_pattern_searched(sentence)
