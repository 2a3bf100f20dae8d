"""Find a publication date in an article's text and write it as ISO 8601.

Only unambiguous forms are read: a month spelled out ("14 June 2024", "June 14, 2024") or an
ISO date ("2024-06-14"). All-numeric forms like 14/06/2024 or 06/07/2024 are skipped, because
day and month order depends on where the article was written and a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# The month names and their abbreviations (January|February|…|Jan|Feb|…|Sept|Sep|…|Dec),
# grouped by first letter in the same order: an alternation of 24 names tried case-blind at
# every word of a text was most of the time a text without a month-first date took.
_MONTH = (
    r"(?P<month>J(?:anuary|une|uly|an|un|ul)|F(?:ebruary|eb)|M(?:arch|ay|ar)"
    r"|A(?:pril|ugust|pr|ug)|S(?:eptember|ept|ep)|O(?:ctober|ct)|N(?:ovember|ov)"
    r"|D(?:ecember|ec))\.?"
)
# What every name starts with (a quick no elsewhere), in capitals only: a month in lower case
# is refused anyway (`_to_iso`), and no name in capitals starts inside what such a match
# spans, so skipping it finds the same first date. Case-blind, the ordinary letters "a", "d",
# "m", "s"... started an attempt at most words.
_MONTH_INITIAL = r"(?=(?-i:[ADFJMNOS]))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "23:40", "23:40:05", "11:40 PM", optionally after "at" or a comma.
_TIME = (
    r"(?:(?:,\s*|\s+at\s+|\s+)(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?!\w))?"
    # "(UTC +04:00)", "UTC+4", "GMT", "+04:00"
    r"(?:\s*\(?\s*(?P<zone>(?:UTC|GMT)\s*(?:[+\-−]\s*\d{1,2}(?::?\d\d)?)?"
    r"|[+-]\d\d:?\d\d|Z)(?!\w)\s*\)?)?)?"
)
# Each opens with a look at the one character it can start with: the engine then rules out
# the other places at once, where it tried the whole pattern (two and a half times slower).
_SPELLED_DAY_FIRST = rf"(?=\d)\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"
_SPELLED_MONTH_FIRST = rf"{_MONTH_INITIAL}\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"
_ISO = (
    r"(?=[12])\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?:\.\d+)?"
    r"(?P<zone>Z|[+-]\d\d:?\d\d)?)?(?![\d-])"
)
_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (_SPELLED_DAY_FIRST + _TIME, _SPELLED_MONTH_FIRST + _TIME, _ISO)
)
# Lazy hours so "+530" reads as 5:30, not as hour 53.
_ZONE_OFFSET = re.compile(r"(?P<sign>[+\-−])\s*(?P<hours>\d{1,2}?):?(?P<minutes>\d\d)?$")


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The earliest unambiguous date in `text`, as ISO 8601, with the match that held it."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso is not None:
                found.append((match.start(), iso, match))
                break
    if not found:
        return None
    _, iso, match = min(found, key=lambda item: item[0])
    return iso, match


def valid_iso(value: str) -> str | None:
    """`value` stripped if it is an ISO 8601 date or date-time (as in HTML metadata), else None."""
    value = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return value
    return None


def _to_iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month_text = parts["month"]
    if month_text.isdigit():
        month = int(month_text)
    elif month_text[0].islower():
        return None  # "may" and "march" are verbs far more often than months
    else:
        month = _MONTHS[month_text[:3].lower()]
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    if parts["hour"] is None:
        return day.isoformat()
    hour, minute = int(parts["hour"]), int(parts["minute"])
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return day.isoformat()
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        return day.isoformat()  # the date stands even when the "time" does not
    seconds = f":{parts['second']}" if parts["second"] else ""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}{seconds}{_zone_suffix(parts['zone'])}"


def _zone_suffix(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() == "Z":
        return "Z"
    offset = _ZONE_OFFSET.search(zone)
    if offset is None:
        return "+00:00"  # a bare "UTC" or "GMT"
    hours, minutes = int(offset["hours"]), int(offset["minutes"] or 0)
    if hours > 14 or minutes > 59:
        return ""
    sign = "-" if offset["sign"] in "-−" else "+"
    return f"{sign}{hours:02d}:{minutes:02d}"
