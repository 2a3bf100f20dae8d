"""Records as table rows and back: the one mapping both backends (the file and the server) use.

Each table's stored columns are listed once, in the order rows are written and read; a record
becomes a tuple of those values and a row read back becomes the record. Lists (an article's
page starts, a theme's keywords, the briefing's theme order) are stored as JSON text, checked
by `limits` on the way back; a passage's themes are rows of `passage_themes`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.store import limits

ARTICLE_COLUMNS = (
    "id", "title", "outlet", "author", "published", "source_file", "content_hash", "imported_at",
    "text", "reliability", "pages", "source_url", "final_url", "retrieved", "sha256",
    "original_size", "reader", "view", "encoding",
)  # fmt: skip
# Stored before the text: what reading an article's row without its text can give.
ARTICLE_BEFORE_TEXT = ARTICLE_COLUMNS[: ARTICLE_COLUMNS.index("text")]
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


# The slots of a Passage in PASSAGE_COLUMNS order (and its themes'): what `passages_from` fills.
_PASSAGE_FIELDS = (
    "id", "article_id", "start", "end", "quote", "prefix", "suffix", "note", "created", "updated",
    "credibility", "corroborates", "created_by", "updated_by",
)  # fmt: skip
_SLOTS = [Passage.__dict__[name].__set__ for name in _PASSAGE_FIELDS]
_SET_THEMES = Passage.__dict__["theme_ids"].__set__
assert {f.name for f in dataclasses.fields(Passage)} == {*_PASSAGE_FIELDS, "theme_ids"}


def passages_from(found: Iterable[Sequence[Any]], themes: Iterable[Sequence[int]]) -> list[Passage]:
    """The passages of rows in PASSAGE_COLUMNS order and their themes (in step): what
    `passage_from` makes, made a third of the time, for the 100,000 of a large project. Each
    slot is filled as the frozen dataclass's `__init__` fills it, without its keyword
    arguments and `object.__setattr__` calls (nothing else happens there)."""
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13 = _SLOTS
    set_themes, new = _SET_THEMES, object.__new__
    made = []
    for row, theme_ids in zip(found, themes, strict=True):  # unrolled: a loop costs as much
        p = new(Passage)
        s0(p, row[0])
        s1(p, row[1])
        s2(p, row[2])
        s3(p, row[3])
        s4(p, row[4])
        s5(p, row[5])
        s6(p, row[6])
        s7(p, row[7])
        s8(p, row[8])
        s9(p, row[9])
        s10(p, row[10])
        s11(p, row[11])
        s12(p, row[12])
        s13(p, row[13])
        set_themes(p, tuple(theme_ids))
        made.append(p)
    return made


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
