"""The project database schema and its migrations.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as
ours. A migration upgrades version N-1 to N; a file from a newer version is refused, not touched.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass, field

from briefing.store import claim_index, search_index

APPLICATION_ID = 0x42524946  # "BRIF"
SCHEMA_VERSION = 6

_V1 = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT,
    source_file TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    visible INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL DEFAULT '',
    CHECK (0 <= start_offset AND start_offset < end_offset)
);
CREATE INDEX passages_by_article ON passages(article_id);
CREATE TABLE passage_themes (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (passage_id, theme_id)
);
CREATE INDEX passage_themes_by_theme ON passage_themes(theme_id);
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    analyst TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    theme_order TEXT NOT NULL DEFAULT '[]'
);
"""

# Version 2: Admiralty grades, corroboration links and rejected suggestions. References to
# passages and themes here carry no foreign keys on purpose: a dangling one (after an undoable
# delete) is ignored, and comes back to life if the delete is undone.
_V2 = """
ALTER TABLE articles ADD COLUMN reliability TEXT NOT NULL DEFAULT 'F';
ALTER TABLE passages ADD COLUMN credibility INTEGER NOT NULL DEFAULT 6;
ALTER TABLE passages ADD COLUMN corroborates INTEGER;
CREATE TABLE rejections (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    theme_id INTEGER NOT NULL
);
"""

# Version 3: the chain of custody. Each article says where its text came from and how it was
# read; the exact bytes it was read from are kept once per SHA-256 in `originals` (zlib), so
# an undone import or removal can come back with its evidence. Articles imported before this
# version have no original (sha256 ''), and their retrieval time is their import time.
_V3 = """
ALTER TABLE articles ADD COLUMN pages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN final_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN retrieved TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN original_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN reader TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN view TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN encoding TEXT NOT NULL DEFAULT '';
UPDATE articles SET retrieved = imported_at;
CREATE TABLE originals (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
"""

# Version 4: the full-text index of the corpus search (briefing/store/search_index.py). It
# starts empty: articles of an older project are indexed after opening, a slice at a time,
# and searched without it until then.
_V4 = search_index.CREATE + ";"

# Version 5: attribution. A passage says who made it and who last changed it (in a file, the
# analyst named in the settings; on a server, the database role), and every edit is one row
# of an append-only change log: when, by whom, what it was called and which records it
# changed ([kind, id] pairs as JSON). Passages made before this version name nobody.
_V5 = """
ALTER TABLE passages ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE passages ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    description TEXT NOT NULL,
    changes TEXT NOT NULL
);
"""

# Version 6: the corroboration index (briefing/store/claim_index.py). It starts empty: the
# articles of an older project are indexed after opening, in the background.
_V6 = claim_index.CREATE

# MIGRATIONS[n] turns a version n-1 database into version n. The server's migrations
# (`server_schema`) are numbered in step: version n is the same project on either.
MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6}


@dataclass(frozen=True, slots=True)
class Layout:
    """What a valid project of one schema version holds: anything else is refused."""

    columns: dict[str, tuple[str, ...]]  # table -> column names, in order
    indexes: frozenset[str]
    # Virtual tables (the search index) by name, with the statement that makes them: a file's
    # must be the same, or a crafted one could swap in another tokenizer or storage.
    virtual: dict[str, str] = field(default_factory=dict)


@functools.cache
def layout(version: int) -> Layout:
    """The tables, columns and indexes the migrations up to `version` create, read from an
    in-memory database built by those same migrations, so the two can never disagree."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, 0, version)
        names = conn.execute(
            "SELECT type, name FROM sqlite_schema WHERE sql IS NOT NULL"
        ).fetchall()
        columns = {
            name: tuple(row[1] for row in conn.execute(f"PRAGMA table_info({name})"))
            for kind, name in names
            if kind == "table"
        }
        indexes = frozenset(name for kind, name in names if kind == "index")
        virtual = {
            name: " ".join(sql.split())
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
            )
            if sql.upper().startswith("CREATE VIRTUAL TABLE")
        }
    finally:
        conn.close()
    return Layout(columns, indexes, virtual)


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Bring the database to `to_version` (normally the newest) in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version + 1, to_version + 1):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {to_version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
