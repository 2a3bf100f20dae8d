"""The domain records. Frozen dataclasses: an edit swaps whole records, so a snapshot is free."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    reliability: str = "F"  # Admiralty source reliability A-F; F: cannot be judged


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
    credibility: int = 6  # Admiralty information credibility 1-6; 6: cannot be judged
    corroborates: int | None = None  # the passage this one corroborates, if any


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
class ImportedArticle:
    """What an importer read from a file, before it becomes an Article in a project."""

    text: str
    title: str
    source_file: str
    outlet: str = ""
    author: str = ""
    published: str | None = None
    notes: tuple[str, ...] = ()  # what the importer changed to fit, e.g. a shortened title
