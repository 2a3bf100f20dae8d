"""The metadata sniffer: general rules that fire on clear patterns and otherwise stay silent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.importers.dates import find_date, valid_iso
from briefing.importers.metadata import MAX_TITLE_CHARS, first_line, sniff


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran Materials 14 June 2024 23:40 (UTC +04:00)", "2024-06-14T23:40+04:00"),
        ("14 June 2024 23:40", "2024-06-14T23:40"),
        ("Published June 14, 2024", "2024-06-14"),
        ("Friday, June 14th, 2024 at 11:40 p.m.", "2024-06-14T23:40"),
        ("Jun. 3, 2024, 9:05 AM", "2024-06-03T09:05"),
        ("14 Jun 2024 09:05 GMT", "2024-06-14T09:05+00:00"),
        ("3 March 2024 10:00 UTC-5", "2024-03-03T10:00-05:00"),
        ("Updated 2024-06-14", "2024-06-14"),
        ("2024-06-14T23:40:05Z", "2024-06-14T23:40:05Z"),
        ("2024-06-14 08:15+0430", "2024-06-14T08:15+04:30"),
        ("Sept 3, 2023", "2023-09-03"),
        ("JUNE 14, 2024", "2024-06-14"),
    ],
)
def test_dates_read(text: str, expected: str) -> None:
    found = find_date(text)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "14/06/2024",  # day and month order unknowable in general
        "06/07/2024",
        "June 14",  # no year
        "In February, Reuters reported",
        "we may 5 2024 see",  # "may" the verb
        "June 31, 2024",  # no such day
        "2024-13-01",
        "Call 2024-06-145",
    ],
)
def test_ambiguous_or_invalid_dates_are_skipped(text: str) -> None:
    assert find_date(text) is None


def test_earliest_date_wins() -> None:
    found = find_date("Updated 2024-07-01. First published 14 June 2024.")
    assert found is not None and found[0] == "2024-07-01"


def test_time_that_is_not_a_time_keeps_the_date() -> None:
    found = find_date("14 June 2024 27:99")
    assert found is not None and found[0] == "2024-06-14"


def test_valid_iso() -> None:
    assert valid_iso(" 2024-06-14T23:40:00+04:00 ") == "2024-06-14T23:40:00+04:00"
    assert valid_iso("2024-06-14") == "2024-06-14"
    assert valid_iso("yesterday") is None


def test_date_beyond_the_head_is_ignored() -> None:
    text = "Headline\n\n" + "A long paragraph of story text. " * 40 + "\n\nOn 14 June 2024 ..."
    assert sniff(text).published is None


def test_byline() -> None:
    sniffed = sniff("Talks stall\n\nBy Jane Doe, Staff Reporter\n\nBody text here.")
    assert sniffed.author == "Jane Doe"
    assert sniff("Headline\nBy Jane Doe and John Smith\nBody").author == "Jane Doe and John Smith"
    assert sniff("Headline\nBY MARÍA LÓPEZ\nBody").author == "MARÍA LÓPEZ"
    assert sniff("Headline\nBy Ursula von der Leyen\nBody").author == "Ursula von der Leyen"


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, talks had stalled.",
        "By Wednesday, leaders had agreed.",
        "By Reuters",  # an agency, not a person
        "By June 2024 the deal was dead.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert sniff(f"Headline\n\n{line}\n\nBody.").author == ""


def test_name_under_the_dateline() -> None:
    text = "Headline\n\nWorld News 14 June 2024\nJane Doe\n\nBody text."
    assert sniff(text).author == "Jane Doe"


@pytest.mark.parametrize(
    "line",
    [
        "Read more",
        "Share This Article",
        "NATO leaders pose for group photo",
        "WORLD NEWS",
        "Photo: Jane Doe",
        "Updated 5 Min Ago",
        "Leaders Met In Washington On Wednesday Night",
    ],
)
def test_lines_under_the_dateline_that_are_not_names(line: str) -> None:
    assert sniff(f"Headline\n\n14 June 2024\n{line}\n\nBody.").author == ""


def test_no_date_no_guessed_author() -> None:
    assert sniff("Headline\n\nJane Doe\n\nBody text.").author == ""


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Headline\n\nWASHINGTON (Reuters) - Leaders said on Wednesday ...", "Reuters"),
        ("Headline\n\nKYIV, Ukraine, June 14 (AP) — Officials said ...", "AP"),
        ("Headline\n\n(AFP) - Officials said ...", "AFP"),
        ("Headline\n\nBAKU, Azerbaijan, June 14. Leaders met, Trend reports.\n\nMore.", "Trend"),
        ("Headline\n\nLeaders met on Friday, Azer News reports.", "Azer News"),
    ],
)
def test_outlet(text: str, outlet: str) -> None:
    assert sniff(text).outlet == outlet


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nIn February, Reuters reported that Iran had supplied missiles.",
        "Headline\n\nLeaders of the alliance (NATO) - the summit host - met.",
        "Headline\n\n14 June 2024 23:40 (UTC +04:00) - updated",
        "Headline\n\nTrend reports that talks stalled.",
    ],
)
def test_no_outlet_without_a_clear_pattern(text: str) -> None:
    assert sniff(text).outlet == ""


def test_title_is_the_first_non_blank_line() -> None:
    assert sniff("\n\n   Spaced headline  \nBody").title == "Spaced headline"


def test_runaway_first_line_is_shortened_at_a_word() -> None:
    line = "word " * 100
    title = first_line(line)
    assert len(title) <= MAX_TITLE_CHARS + 1
    assert title.endswith("word…")


# The month-first and day-first patterns as they were written before the month names were
# grouped by first letter: what they find is what the patterns of `dates` find.
_PLAIN_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_LIKE = [
    "June", "june", "JUNE", "Jun.", "Sept", "Sep", "September", "ſeptember", "May", "may",
    "Mar", "March", "Dec", "Augusta", "Jul", "Julyx", "xJune", "Kjune", "Oct.", "nov", "Feb",
]  # fmt: skip
_DATE_PIECES = [*_MONTH_LIKE, "14", "3rd", "31", "45", "of", "2024", "1999", "2024-06-14",
                "12:30", "pm", "UTC+4", ",", " ", "\n", "é", "_"]  # fmt: skip
_PIECE = st.sampled_from(_DATE_PIECES)
_MONTH_PIECE = st.sampled_from(_MONTH_LIKE)
_DAY_PIECE = st.sampled_from(["14", "3rd", "31", "45", "x"])
_YEAR_PIECE = st.sampled_from(["2024", "1999", "2024x", "24"])
# Dates and near-dates: a month, a day and a year in either order, perhaps a time after.
_PHRASE = st.one_of(
    st.tuples(_MONTH_PIECE, _DAY_PIECE, st.sampled_from([" ", ", "]), _YEAR_PIECE, _PIECE).map(
        lambda p: f"{p[0]} {p[1]}{p[2]}{p[3]} {p[4]}"
    ),
    st.tuples(_DAY_PIECE, st.sampled_from([" ", " of "]), _MONTH_PIECE, _YEAR_PIECE, _PIECE).map(
        lambda p: f"{p[0]}{p[1]}{p[2]} {p[3]} {p[4]}"
    ),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECE | _PHRASE, max_size=8).map(" ".join))
def test_grouped_month_names_find_what_the_plain_alternation_finds(text: str) -> None:
    import re

    from briefing.importers import dates

    plain = [
        re.compile(rf"\b{dates._DAY}\s+(?:of\s+)?{_PLAIN_MONTH},?\s+{dates._YEAR}\b{dates._TIME}",
                   re.IGNORECASE),
        re.compile(rf"\b{_PLAIN_MONTH}\s+{dates._DAY},?\s+{dates._YEAR}\b{dates._TIME}",
                   re.IGNORECASE),
    ]  # fmt: skip
    # The fast pattern skips a month in lower case, which `_to_iso` refuses: compare the
    # dates each pattern offers.
    for fast, slow in zip(dates._PATTERNS[:2], plain, strict=True):
        spans = [(m.span(), m.groupdict()) for m in fast.finditer(text) if dates._to_iso(m)]
        assert spans == [(m.span(), m.groupdict()) for m in slow.finditer(text)
                         if dates._to_iso(m)]  # fmt: skip


def outlet_trying_every_line(lines: list[str]) -> str:
    """`metadata._outlet` as first written: both patterns tried on every line."""
    from briefing.importers import metadata

    for line in lines:
        agency = metadata._AGENCY_DATELINE.match(line)
        if agency and metadata._is_dateline(agency["dateline"]):
            if metadata._is_outlet(agency["outlet"]):
                return agency["outlet"].strip()
        tag = metadata._REPORTS_TAG.search(line)
        if tag:
            return tag["outlet"]
    return ""


_OUTLET_PIECES = ["WASHINGTON", "KYIV, Ukraine, June 14", " ", "\t", "\u00a0", "(", ")",
                  "(Reuters)", "(AP)", " - ", " — ", "–", ", ", "Trend", "Kyiv Independent",
                  "reports", "reports.", "\u2003reports.", "x", "é", "שלום", "😀",
                  "\x00"]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    ["Iran's side, Trend reports.", "Iran's side, Trend\treports.", "x,\u00a0Trend\u2003reports. ",
     "KYIV (Reuters) - x", "(AP)\t— x", "(AP) x", "reports."],
)  # fmt: skip
def test_the_outlet_of_a_line_is_found_as_on_trying_every_line(line: str) -> None:
    outlet_as_on_every_line([line])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_OUTLET_PIECES) | st.text(max_size=2), max_size=12)
                .map("".join), max_size=4))  # fmt: skip
def test_the_outlet_is_found_as_on_trying_every_line(lines: list[str]) -> None:
    outlet_as_on_every_line(lines)


def outlet_as_on_every_line(lines: list[str]) -> None:
    from briefing.importers.metadata import _outlet

    assert _outlet(lines) == outlet_trying_every_line(lines)
