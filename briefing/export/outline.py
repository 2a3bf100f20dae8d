"""The briefing outline: one format-neutral document that every writer renders.

The outline is a snapshot made of plain frozen records, so a writer can run on another thread
while the analyst keeps editing. Everything a reader sees is decided here (what is included, in
which order, how a source is cited); writers only decide how it looks. The records made once per
passage (citations and entries: 300,000 for 100,000 passages) are named tuples, which are made
in a quarter of the time a frozen dataclass takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from briefing.core.grading import CREDIBILITY, RELIABILITY
from briefing.export.options import OutlineOptions


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the numbered sources list."""

    number: int
    article_id: int
    title: str
    outlet: str
    author: str
    published: str | None  # ISO date as stored
    date_label: str  # "14 June 2024", or "" when the date is unknown
    source_file: str
    reliability: str = "F"  # Admiralty source reliability A-F
    # Chain of custody: where the text was fetched from (after redirects), when it was read
    # ("14 June 2024"), and the SHA-256 of the bytes it was read from ("" where unknown).
    address: str = ""
    retrieved_label: str = ""
    sha256: str = ""

    @property
    def short_hash(self) -> str:
        """Enough of the SHA-256 to tell the original apart and look it up: 12 hex digits."""
        return self.sha256[:12]


class Citation(NamedTuple):
    """Where a quote comes from. Kept structured so grades and corroboration can join later."""

    source: int  # number in the sources list
    article_id: int
    passage_id: int
    attribution: str  # short human form: "Trend, 14 June 2024"
    reliability: str = "F"  # the source's Admiralty grade A-F
    credibility: int = 6  # the passage's Admiralty grade 1-6

    @property
    def grade(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def reference(self) -> str:
        """The marker printed after a quote: source number and grade, e.g. "[2, B2]"."""
        return f"[{self.source}, {self.grade}]"


class Corroboration(NamedTuple):
    """Another article's report of the same claim, added by the analyst as corroboration."""

    quote: str
    citation: Citation
    origin: str  # whom that report attributes the claim to, else its outlet


class PassageBlock(NamedTuple):
    """A passage quoted in full: verbatim quote, citation, the analyst's note, and the reports
    that corroborate it."""

    passage_id: int
    quote: str
    citation: Citation
    note: str  # "" when the passage has none or notes are left out
    theme_names: tuple[str, ...]  # the passage's themes that are in the briefing, primary first
    colour: str  # "#RRGGBB" of its primary theme in the briefing
    corroborations: tuple[Corroboration, ...] = ()
    origins: tuple[str, ...] = ()  # independent origins of the claim, this report's first

    @property
    def reports(self) -> int:
        """How many sources report the claim (this one and its corroborations)."""
        return len({self.citation.source, *(c.citation.source for c in self.corroborations)})


class CrossReference(NamedTuple):
    """A passage already quoted in full under another section: a pointer, not a second copy."""

    passage_id: int
    excerpt: str  # the quote's first words, ending in "…" when shortened
    citation: Citation
    section: str  # heading of the section that quotes it in full


Entry = PassageBlock | CrossReference


@dataclass(frozen=True, slots=True)
class Section:
    """A theme (grouping by theme) or an article (grouping by source) with its passages."""

    kind: str  # "theme" | "source"
    heading: str
    description: str
    colour: str | None  # theme colour, None for a source section
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    analyst: str
    exported_at: datetime
    handling: str
    summary: tuple[str, ...]  # paragraphs; a paragraph may hold single line breaks
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    options: OutlineOptions
    # The analysts who tagged the passages quoted (a server's members, or the names in a
    # file's settings when they tagged), by name; empty unless the options ask for them.
    contributors: tuple[str, ...] = ()

    @property
    def date_label(self) -> str:
        return format_date(self.exported_at)

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(moment: date) -> str:
    """ "14 June 2024": unambiguous for any reader, and not at the mercy of the process locale
    (Qt sets the locale from the environment, which would change `%B`)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


# Wording shared by every writer, so the formats say the same thing.
NOTE_LABEL = "Analyst’s note:"
EMPTY_SECTION = "No passages tagged with this theme."
SUMMARY_HEADING = "Executive summary"
SOURCES_HEADING = "Sources"
CONTENTS_HEADING = "Contents"


def byline(outline: Outline) -> str:
    """The line under the title: who prepared the briefing (and who tagged for it) and when."""
    tagged = f"Tagged by {', '.join(outline.contributors)}" if outline.contributors else ""
    parts = [f"Prepared by {outline.analyst}" if outline.analyst else "", tagged,
             outline.date_label]  # fmt: skip
    return " · ".join(p for p in parts if p)


def cross_reference_lead(entry: CrossReference) -> str:
    return f"Also quoted under “{entry.section}”:"


def source_details(source: Source) -> str:
    """A sources-list entry after its title: "Trend, I. Mammadov, 14 June 2024. Reliability B.
    Retrieved 15 June 2024, SHA-256 9f2c4e1a0b3d. Address: https://…" (or "File: x.txt")."""
    who = ", ".join(p for p in (source.outlet, source.author, source.date_label) if p)
    grade = f"Reliability {source.reliability}"
    custody = ", ".join(
        part
        for part in (
            f"{'Retrieved' if source.address else 'Imported'} {source.retrieved_label}"
            if source.retrieved_label else "",
            f"SHA-256 {source.short_hash}" if source.sha256 else "",
        )
        if part
    )  # fmt: skip
    if source.address:
        where = f"Address: {source.address}"
    else:
        where = f"File: {source.source_file}" if source.source_file else ""
    return ". ".join(p for p in (who, grade, custody, where) if p)


def grading_legend() -> str:
    """One sentence explaining the grades in citations, printed under the sources."""
    reliability = ", ".join(f"{k} {v}" for k, v in RELIABILITY.items())
    credibility = ", ".join(f"{k} {v}" for k, v in CREDIBILITY.items())
    return (
        "Citations read [source, grade]; the grade follows the Admiralty system. "
        f"Source reliability: {reliability}. Information credibility: {credibility}."
    )


def corroboration_lead(entry: Corroboration) -> str:
    return f"— also reported by {entry.citation.attribution}"


def support_line(entry: PassageBlock) -> str:
    """ "Reported by 2 sources; 1 independent origin: Reuters." """
    origins = len(entry.origins)
    noun = "origin" if origins == 1 else "origins"
    return (
        f"Reported by {entry.reports} sources; {origins} independent {noun}: "
        + ", ".join(entry.origins)
        + "."
    )


def theme_line(entry: PassageBlock) -> str:
    return "Themes: " + ", ".join(entry.theme_names)
