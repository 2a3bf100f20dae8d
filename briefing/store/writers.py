"""Write records to a project database: one writer per record kind; `None` deletes."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from briefing.core.edit import (
    ArticleChange,
    Change,
    PassageChange,
    RejectionChange,
    ThemeChange,
)
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.store import claim_index, limits, search_index


def _write_article(conn: sqlite3.Connection, record_id: int, a: Article | None) -> None:
    if a is None:
        conn.execute("DELETE FROM articles WHERE id = ?", (record_id,))
        return
    columns = _ARTICLE_COLUMNS
    conn.execute(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT(id) DO UPDATE SET {_ARTICLE_UPDATES}",
        (a.id, a.title, a.outlet, a.author, a.published, a.source_file, a.content_hash,
         a.imported_at, a.text, a.reliability, limits.list_to_json(a.pages), a.source_url,
         a.final_url, a.retrieved, a.sha256, a.original_size, a.reader, a.view, a.encoding),
    )  # fmt: skip


_ARTICLE_COLUMNS = (
    "id", "title", "outlet", "author", "published", "source_file", "content_hash", "imported_at",
    "text", "reliability", "pages", "source_url", "final_url", "retrieved", "sha256",
    "original_size", "reader", "view", "encoding",
)  # fmt: skip
# Everything but the id and the import time can change: metadata by editing, the text (with
# its pages and reading) only by reading the original again while no passage quotes it.
_ARTICLE_UPDATES = ", ".join(
    f"{c} = excluded.{c}" for c in _ARTICLE_COLUMNS[1:] if c != "imported_at"
)


def _write_theme(conn: sqlite3.Connection, record_id: int, t: Theme | None) -> None:
    if t is None:
        conn.execute("DELETE FROM themes WHERE id = ?", (record_id,))
        return
    conn.execute(
        "INSERT INTO themes (id, name, colour, description, keywords, position, visible)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
        " colour = excluded.colour, description = excluded.description,"
        " keywords = excluded.keywords, position = excluded.position, visible = excluded.visible",
        (t.id, t.name, t.colour, t.description, limits.list_to_json(t.keywords), t.position,
         int(t.visible)),
    )  # fmt: skip


def _write_passage(conn: sqlite3.Connection, record_id: int, p: Passage | None) -> None:
    conn.execute("DELETE FROM passage_themes WHERE passage_id = ?", (record_id,))
    if p is None:
        conn.execute("DELETE FROM passages WHERE id = ?", (record_id,))
        return
    conn.execute(
        "INSERT INTO passages (id, article_id, start_offset, end_offset, quote, prefix, suffix,"
        " note, created, updated, credibility, corroborates)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE"
        " SET note = excluded.note, updated = excluded.updated,"
        " credibility = excluded.credibility, corroborates = excluded.corroborates",
        (p.id, p.article_id, p.start, p.end, p.quote, p.prefix, p.suffix, p.note, p.created,
         p.updated, p.credibility, p.corroborates),
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO passage_themes (passage_id, theme_id, ordinal) VALUES (?, ?, ?)",
        [(p.id, theme_id, i) for i, theme_id in enumerate(p.theme_ids)],
    )


def _write_settings(conn: sqlite3.Connection, record_id: int, s: BriefingSettings | None) -> None:
    if s is None:
        return  # settings always exist
    conn.execute(
        "INSERT INTO settings (id, title, analyst, handling, summary, theme_order)"
        " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
        " analyst = excluded.analyst, handling = excluded.handling, summary = excluded.summary,"
        " theme_order = excluded.theme_order",
        (s.title, s.analyst, s.handling, s.summary, limits.list_to_json(s.theme_order)),
    )


def _write_rejection(conn: sqlite3.Connection, record_id: int, r: Rejection | None) -> None:
    if r is None:
        conn.execute("DELETE FROM rejections WHERE id = ?", (record_id,))
        return
    conn.execute(
        "INSERT OR IGNORE INTO rejections (id, article_id, start_offset, end_offset, theme_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (r.id, r.article_id, r.start, r.end, r.theme_id),
    )


def write_change(conn: sqlite3.Connection, change: Change) -> None:
    if isinstance(change, ArticleChange):
        _write_article(conn, change.id, change.after)
        search_index.follow(conn, change)
    elif isinstance(change, ThemeChange):
        _write_theme(conn, change.id, change.after)
    elif isinstance(change, PassageChange):
        _write_passage(conn, change.id, change.after)
    elif isinstance(change, RejectionChange):
        _write_rejection(conn, change.id, change.after)
    else:
        _write_settings(conn, change.id, change.after)


def write_changes(conn: sqlite3.Connection, changes: Sequence[Change]) -> None:
    """Write an edit's changes, with the corroboration index's share of them in one go."""
    for change in changes:
        write_change(conn, change)
    claim_index.follow(conn, [c for c in changes if isinstance(c, ArticleChange)])
