"""The domain records. Frozen dataclasses: an edit swaps whole records, so a snapshot is free."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from briefing.core.grading import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY

if TYPE_CHECKING:
    from briefing.core.claim_words import Filed


def now() -> str:
    """The time stamp records carry (created, updated, imported_at): UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Article:
    """An imported article. Its text never changes after import, so offsets into it stay valid."""

    id: int
    title: str
    text: str
    outlet: str = ""
    author: str = ""
    published: str | None = None  # ISO 8601 date or date-time, as sniffed or typed
    source_file: str = ""  # original file name, for the sources list
    content_hash: str = ""
    imported_at: str = ""
    reliability: str = DEFAULT_RELIABILITY  # Admiralty source reliability A-F
    # Chain of custody: where the text came from and how it was read (see `Provenance`).
    pages: tuple[int, ...] = ()  # where each page starts in `text` (paged sources: PDF)
    source_url: str = ""  # the address it was fetched from; "" for a file
    final_url: str = ""  # the address after redirects
    retrieved: str = ""  # UTC ISO 8601: when the file was read or the page fetched
    sha256: str = ""  # of the exact bytes read (kept in the project); "" if unknown
    original_size: int = 0  # their length in bytes
    reader: str = ""  # which reader and version made the text, e.g. "trafilatura 2.3.1"
    view: str = ""  # how a web page was read: "" (the article body) or "page" (all of it)
    encoding: str = ""  # the text encoding the bytes were decoded from ("" if not text)

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) holding code-point `offset`, or None for a source without pages."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


@dataclass(frozen=True, slots=True)
class Theme:
    id: int
    name: str
    colour: str  # "#RRGGBB"
    description: str = ""
    keywords: tuple[str, ...] = ()
    position: int = 0
    visible: bool = True  # whether the reader shows its highlights


@dataclass(frozen=True, slots=True)
class Passage:
    """A quoted span of an article, tagged with one or more themes.

    `start`/`end` are code-point offsets; `quote == article.text[start:end]` always holds.
    `prefix`/`suffix` keep up to 32 characters either side (a W3C TextQuoteSelector).
    """

    id: int
    article_id: int
    start: int
    end: int
    quote: str
    theme_ids: tuple[int, ...]
    note: str = ""
    prefix: str = ""
    suffix: str = ""
    created: str = ""
    updated: str = ""
    credibility: int = DEFAULT_CREDIBILITY  # Admiralty information credibility 1-6
    corroborates: int | None = None  # the passage this one corroborates, if any
    # Who made it and who last changed it (its note, grade or themes): on a server project
    # the analyst's database role, in a file the analyst named in the briefing settings.
    created_by: str = ""
    updated_by: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A theme suggestion the analyst turned down; never proposed again."""

    id: int
    article_id: int
    start: int
    end: int
    theme_id: int


@dataclass(frozen=True, slots=True)
class BriefingSettings:
    title: str = "Briefing"
    analyst: str = ""
    handling: str = ""  # handling / classification line, e.g. "OFFICIAL - FOR INTERNAL USE"
    summary: str = ""  # executive summary, multi-line
    theme_order: tuple[int, ...] = field(default=())  # empty: codebook order


@dataclass(frozen=True, slots=True)
class Original:
    """The exact bytes an article was read from, as the project keeps them."""

    data: bytes
    packed: bytes = b""  # `data` zlib-compressed, if already done (off the UI thread)


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """What an importer read from a file or an address, before it becomes an Article."""

    text: str
    title: str
    source_file: str
    outlet: str = ""
    author: str = ""
    published: str | None = None
    pages: tuple[int, ...] = ()
    original: bytes = b""  # the exact bytes read, kept in the project as evidence
    original_packed: bytes = b""  # the same, zlib-compressed where there was time (a reader)
    source_url: str = ""
    final_url: str = ""
    retrieved: str = ""
    reader: str = ""
    view: str = ""
    encoding: str = ""
    notes: tuple[str, ...] = ()  # what the reader wants the analyst to know ("assumed KOI8-R")
    # The text's sentences and claim terms as the index files them (`claim_words.Filed`),
    # worked out where there was time (a reader's thread or process): storing only writes them.
    claim_terms: Filed | None = field(default=None, compare=False, repr=False)
