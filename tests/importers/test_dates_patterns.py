"""The date patterns open with a look at the character each can start with (and a month only
in capitals): the dates found are those the patterns as first written find, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.importers import dates

# The patterns as first written: case-blind initials, no look ahead.
_REFERENCE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{dates._DAY}\s+(?:of\s+)?{dates._MONTH},?\s+{dates._YEAR}\b{dates._TIME}",
        rf"(?=[ADFJMNOS])\b{dates._MONTH}\s+{dates._DAY},?\s+{dates._YEAR}\b{dates._TIME}",
        dates._ISO.removeprefix("(?=[12])"),
    )
)

PIECES = [
    "June", "june", "JUNE", "Jun.", "jun", "may", "May", "MAY", "mAy", "March", "march",
    "Sept", "sept", "ſeptember", "Dec", "dec", "August", "Jan", "January", "Feb.", "Apr",
    "July", "Oct", "October", "Nov", "November", "NOV", "of", "the", "at", "At", "AT", "on",
    "14", "3", "31st", "2nd", "5TH", "32", "٣", "2024", "1999", "2101", "2024-06-14",
    "2024-13-01", "2024-06-14T10:30Z", "1999-12-31 23:59:59+04:00", "10:30", "11:40 PM",
    "23:40:05", "a.m.", "UTC", "GMT+4", "(UTC +04:00)", "+0530", "Z", ",", ", ", " ", "  ",
    "\n", "-", ".", "x", "Kyiv", "MONDAY", "said", "ſ", "İ", "e\u0301",
]  # fmt: skip


def reference_date(text: str) -> tuple[str, int] | None:
    found = []
    for pattern in _REFERENCE:
        for match in pattern.finditer(text):
            iso = dates._to_iso(match)
            if iso is not None:
                found.append((match.start(), iso))
                break
    if not found:
        return None
    start, iso = min(found)
    return iso, start


MONTHS = [
    "June", "june", "JUNE", "Jun.", "may", "May", "MAY", "mAy", "March", "march", "Sept",
    "ſeptember", "Dec", "dec", "August", "Jan", "Feb.", "Apr", "July", "Oct", "October", "Nov",
    "NOV", "MONDAY",
]  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\n", ", ", " of ", ",", ""])
# Dates and near-dates, either order, in the midst of other pieces.
PHRASE = st.tuples(
    st.sampled_from(MONTHS),
    SPACES,
    st.sampled_from(["14", "3", "31st", "5TH", "32", "٣"]),
    SPACES,
    st.sampled_from(["2024", "1999", "2101"]),
    st.booleans(),
).map(lambda p: "".join(p[:5]) if p[5] else "".join((p[2], p[1], p[0], p[3], p[4])))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | PHRASE, max_size=16))
def test_the_first_date_is_the_one_the_plain_patterns_find(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = dates.find_date(text)
    assert (None if found is None else (found[0], found[1].start())) == reference_date(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("JjMmAaYyUuNnEe 0123456789,-:T.ſ\n"), max_size=60))
def test_on_any_mix_of_their_characters(text: str) -> None:
    found = dates.find_date(text)
    assert (None if found is None else (found[0], found[1].start())) == reference_date(text)


def test_the_reference_finds_dates_too() -> None:
    """The comparison is not between two patterns that find nothing."""
    assert reference_date("Kyiv, June 14, 2024 at 10:30 UTC") == ("2024-06-14T10:30+00:00", 6)
    assert reference_date("may 5, 2024 then May 6, 2024") == ("2024-05-06", 17)
    assert reference_date("on 2024-06-14T10:30Z") == ("2024-06-14T10:30Z", 3)
