"""Records as table rows and back: the one mapping both backends (the file and the server) use.

Each table's stored columns are listed once, in the order rows are written and read; a record
becomes a tuple of those values and a row read back becomes the record. Lists (an article's
page starts, a theme's keywords, the briefing's theme order) are stored as JSON text, checked
by `limits` on the way back; a passage's themes are rows of `passage_themes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.store import limits

ARTICLE_COLUMNS = (
    "id", "title", "outlet", "author", "published", "source_file", "content_hash", "imported_at",
    "text", "reliability", "pages", "source_url", "final_url", "retrieved", "sha256",
    "original_size", "reader", "view", "encoding",
)  # fmt: skip
# Everything but the id and the import time can change: metadata by editing, the text (with
# its pages and reading) only by reading the original again while no passage quotes it.
ARTICLE_UPDATES = tuple(c for c in ARTICLE_COLUMNS[1:] if c != "imported_at")

THEME_COLUMNS = ("id", "name", "colour", "description", "keywords", "position", "visible")
THEME_UPDATES = THEME_COLUMNS[1:]

PASSAGE_COLUMNS = (
    "id", "article_id", "start_offset", "end_offset", "quote", "prefix", "suffix", "note",
    "created", "updated", "credibility", "corroborates", "created_by", "updated_by",
)  # fmt: skip
# A passage's span and quote never change; what it says about them does.
PASSAGE_UPDATES = ("note", "updated", "credibility", "corroborates", "updated_by")

SETTINGS_COLUMNS = ("id", "title", "analyst", "handling", "summary", "theme_order")
SETTINGS_UPDATES = SETTINGS_COLUMNS[1:]

REJECTION_COLUMNS = ("id", "article_id", "start_offset", "end_offset", "theme_id")


def article_row(a: Article) -> tuple[object, ...]:
    return (
        a.id, a.title, a.outlet, a.author, a.published, a.source_file, a.content_hash,
        a.imported_at, a.text, a.reliability, limits.list_to_json(a.pages), a.source_url,
        a.final_url, a.retrieved, a.sha256, a.original_size, a.reader, a.view, a.encoding,
    )  # fmt: skip


def article_from(row: Sequence[Any]) -> Article:
    (id, title, outlet, author, published, source_file, content_hash, imported_at, text,
     reliability, pages, source_url, final_url, retrieved, sha256, original_size, reader,
     view, encoding) = row  # fmt: skip
    return Article(
        id=id, title=title, text=text, outlet=outlet, author=author, published=published,
        source_file=source_file, content_hash=content_hash, imported_at=imported_at,
        reliability=reliability, pages=limits.list_from_json("articles", "pages", pages),
        source_url=source_url, final_url=final_url, retrieved=retrieved, sha256=sha256,
        original_size=original_size, reader=reader, view=view, encoding=encoding,
    )  # fmt: skip


def theme_row(t: Theme) -> tuple[object, ...]:
    return (t.id, t.name, t.colour, t.description, limits.list_to_json(t.keywords), t.position,
            int(t.visible))  # fmt: skip


def theme_from(row: Sequence[Any]) -> Theme:
    id, name, colour, description, words, position, visible = row
    return Theme(
        id, name, colour, description, limits.list_from_json("themes", "keywords", words),
        position, bool(visible) if visible in (0, 1) else visible,
    )  # fmt: skip


def passage_row(p: Passage) -> tuple[object, ...]:
    return (p.id, p.article_id, p.start, p.end, p.quote, p.prefix, p.suffix, p.note, p.created,
            p.updated, p.credibility, p.corroborates, p.created_by, p.updated_by)  # fmt: skip


def passage_from(row: Sequence[Any], theme_ids: Sequence[int]) -> Passage:
    (id, article_id, start, end, quote, prefix, suffix, note, created, updated, credibility,
     corroborates, created_by, updated_by) = row  # fmt: skip
    return Passage(
        id=id, article_id=article_id, start=start, end=end, quote=quote,
        theme_ids=tuple(theme_ids), note=note, prefix=prefix, suffix=suffix, created=created,
        updated=updated, credibility=credibility, corroborates=corroborates,
        created_by=created_by, updated_by=updated_by,
    )  # fmt: skip


def passage_theme_rows(p: Passage) -> list[tuple[int, int, int]]:
    return [(p.id, theme_id, ordinal) for ordinal, theme_id in enumerate(p.theme_ids)]


def settings_row(s: BriefingSettings) -> tuple[object, ...]:
    return (1, s.title, s.analyst, s.handling, s.summary, limits.list_to_json(s.theme_order))


def settings_from(row: Sequence[Any]) -> BriefingSettings:
    _, title, analyst, handling, summary, order = row
    theme_order = limits.list_from_json("settings", "theme_order", order)
    return BriefingSettings(title, analyst, handling, summary, theme_order)


def rejection_row(r: Rejection) -> tuple[object, ...]:
    return (r.id, r.article_id, r.start, r.end, r.theme_id)


def rejection_from(row: Sequence[Any]) -> Rejection:
    return Rejection(*row)


def upsert(
    table: str,
    columns: Sequence[str],
    updates: Sequence[str],
    mark: str,
    computed: Mapping[str, str] | None = None,
) -> str:
    """INSERT ... ON CONFLICT(id) DO UPDATE: the same statement in SQLite and PostgreSQL,
    with the driver's parameter mark ("?" or "%s"); `computed` columns are set to an SQL
    expression on insert and update alike."""
    computed = computed or {}
    names = ", ".join([*columns, *computed])
    marks = ", ".join([mark] * len(columns) + list(computed.values()))
    sets = ", ".join(f"{c} = excluded.{c}" for c in [*updates, *computed])
    action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT (id) {action}"


def select(table: str, columns: Sequence[str]) -> str:
    return f"SELECT {', '.join(columns)} FROM {table}"
