"""Guess an article's title, date, author and outlet from the top of its text.

Each rule fires only on a clear pattern and otherwise leaves the field empty: the analyst can
type a missing author in a second, but a wrong one may slip into a briefing unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.importers.dates import find_date

HEAD_LINES = 15  # mastheads, datelines and bylines sit above the story
HEAD_CHARS = 1000  # a date further down is a date the story mentions, not when it ran
MAX_TITLE_CHARS = 200  # a first line longer than this is a paragraph, not a headline

# Lowercase words allowed inside a personal name ("Ursula von der Leyen").
_NAME_PARTICLES = {
    "al", "bin", "da", "de", "del", "della", "den", "der", "di", "dos", "du", "el",
    "ibn", "la", "le", "van", "von", "y",
}  # fmt: skip
# Capitalised words that sit around datelines on news pages but never in a person's name.
_NOT_NAME_WORDS = {
    "advertisement", "article", "comment", "comments", "editor", "email", "follow", "home",
    "latest", "listen", "min", "more", "news", "photo", "print", "read", "related", "reporter",
    "share", "staff", "subscribe", "tags", "the", "updated", "video", "watch",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday",
}  # fmt: skip
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_BYLINE = re.compile(r"^\s*(?:By|BY)\s+(?P<names>\S.*?)\s*$")
_BYLINE_END = re.compile(r"\s*(?:[,|/(]|\s[-–—]\s).*$")  # "By Jane Doe, Reuters" -> "Jane Doe"
_NAME_JOINER = re.compile(r"\s+(?:and|&)\s+|\s*,\s*")
# "WASHINGTON, June 14 (Reuters) - ..." or "(AP) — ..." at the start of a paragraph.
_AGENCY_DATELINE = re.compile(
    r"^\s*(?P<dateline>[^()\n]{0,60}?)\s*\((?P<outlet>[^()\d\n]{2,40})\)\s*[-–—]+\s"
)
# "... on Iran's side, Trend reports." closing the first paragraph.
_REPORTS_TAG = re.compile(
    r",\s+(?P<outlet>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+reports\.\s*$"
)


@dataclass(frozen=True, slots=True)
class Sniffed:
    title: str = ""
    published: str | None = None
    author: str = ""
    outlet: str = ""


def sniff(text: str) -> Sniffed:
    head_lines = text.split("\n", HEAD_LINES)[:HEAD_LINES]
    head = "\n".join(head_lines)[:HEAD_CHARS]
    published = None
    author = _byline(head_lines)
    found = find_date(head)
    if found is not None:
        published, match = found
        if not author:
            date_line = head.count("\n", 0, match.end())
            author = _name_line_after(head_lines, date_line)
    return Sniffed(
        title=first_line(text),
        published=published,
        author=author,
        outlet=_outlet(head_lines),
    )


def first_line(text: str) -> str:
    """The first non-blank line, stripped, shortened at a word boundary if it runs on."""
    match = re.search(r"\S[^\n]*", text)
    if match is None:
        return ""
    line = match.group().strip()
    if len(line) <= MAX_TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_TITLE_CHARS)
    return line[: cut if cut > 0 else MAX_TITLE_CHARS].rstrip(" ,;:-–—") + "…"


def _byline(lines: list[str]) -> str:
    for line in lines:
        match = _BYLINE.match(line)
        if match is None:
            continue
        names = _BYLINE_END.sub("", match["names"])
        people = [part for part in _NAME_JOINER.split(names) if part]
        if people and all(_looks_like_name(person, allow_capitals=True) for person in people):
            return names
    return ""


def _name_line_after(lines: list[str], date_line: int) -> str:
    """A name alone on the first non-blank line under the dateline, as many outlets print it."""
    for line in lines[date_line + 1 :]:
        if line.strip():
            candidate = " ".join(line.split())
            return candidate if _looks_like_name(candidate, allow_capitals=False) else ""
    return ""


def _looks_like_name(candidate: str, *, allow_capitals: bool) -> bool:
    words = candidate.split()
    if not 2 <= len(words) <= 4 or len(candidate) > 60:
        return False
    if not allow_capitals and candidate.isupper():
        return False  # "WORLD NEWS" section labels; a bare line in capitals is rarely a byline
    if not words[0][0].isupper():
        return False
    for word in words:
        if word in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word) or not word[0].isupper():
            return False
        if word.strip(".'’-").lower() in _NOT_NAME_WORDS:
            return False
    return True


def _outlet(lines: list[str]) -> str:
    for line in lines:
        # Each pattern only on a line holding the text it must match: trying them on every line
        # of every head was a quarter of the time guessing the metadata took.
        agency = _AGENCY_DATELINE.match(line) if "(" in line else None
        if agency and _is_dateline(agency["dateline"]) and _is_outlet(agency["outlet"]):
            return agency["outlet"].strip()
        tag = _REPORTS_TAG.search(line) if "reports." in line else None
        if tag:
            return tag["outlet"]
    return ""


def _is_dateline(prefix: str) -> bool:
    # Empty, or opening with a place in capitals ("WASHINGTON", "KYIV, Ukraine, June 14"):
    # a sentence that happens to hold "(NATO) -" opens with an ordinary word.
    if not prefix:
        return True
    first = prefix.split()[0].rstrip(",")
    return len(first) >= 2 and first.isupper()


def _is_outlet(name: str) -> bool:
    name = name.strip()
    return bool(name) and name[0].isupper() and len(name.split()) <= 4
