"""Write records to a project database: one writer per record kind; `None` deletes.

The same writers serve the file (sqlite3) and the server (psycopg): both drivers' connections
or cursors have `execute` and `executemany`, and the statements differ only in the parameter
mark. A server row also carries its `revision`, the change-log entry that last wrote it: the
entry the same transaction has just appended (the sequence's `currval`), so the rows can be
sent along with it without waiting for its id.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from briefing.core.edit import (
    ArticleChange,
    Change,
    PassageChange,
    RejectionChange,
    ThemeChange,
)
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.store import record_rows as rows


class Database(Protocol):
    """A sqlite3 connection or a psycopg cursor."""

    def execute(self, sql: Any, *args: Any) -> Any: ...
    def executemany(self, sql: Any, *args: Any) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    mark: str  # the driver's parameter mark
    revision: str  # what a row's revision column is set to ("": rows have none)

    def upsert(self, table: str, columns: Sequence[str], updates: Sequence[str]) -> str:
        computed = {"revision": self.revision} if self.revision else {}
        return rows.upsert(table, columns, updates, self.mark, computed)


SQLITE = Dialect("?", revision="")
POSTGRES = Dialect("%s", revision="currval('change_log_id_seq')")


@dataclass(frozen=True)
class _Statements:
    delete: dict[str, str]
    article: str
    theme: str
    passage: str
    settings: str
    rejection: str
    untag: str
    tag: str


@functools.cache
def _statements(dialect: Dialect) -> _Statements:
    mark = dialect.mark
    return _Statements(
        delete={
            table: f"DELETE FROM {table} WHERE id = {mark}"
            for table in ("articles", "themes", "passages", "rejections")
        },
        article=dialect.upsert("articles", rows.ARTICLE_COLUMNS, rows.ARTICLE_UPDATES),
        theme=dialect.upsert("themes", rows.THEME_COLUMNS, rows.THEME_UPDATES),
        passage=dialect.upsert("passages", rows.PASSAGE_COLUMNS, rows.PASSAGE_UPDATES),
        settings=dialect.upsert("settings", rows.SETTINGS_COLUMNS, rows.SETTINGS_UPDATES),
        rejection=dialect.upsert("rejections", rows.REJECTION_COLUMNS, ()),
        untag=f"DELETE FROM passage_themes WHERE passage_id = {mark}",
        tag=f"INSERT INTO passage_themes (passage_id, theme_id, ordinal) VALUES ({mark}, {mark},"
        f" {mark})",
    )


class Writer:
    """Writes changes through one connection (or cursor) in one dialect."""

    def __init__(
        self,
        db: Database,
        dialect: Dialect,
        index: Callable[[Any, ArticleChange], None] | None = None,
    ) -> None:
        self.db = db
        self.dialect = dialect
        self.sql = _statements(dialect)
        self._index = index  # keeps the backend's full-text index in step with articles

    def write(self, change: Change) -> None:
        if isinstance(change, ArticleChange):
            self._write_article(change.id, change.after)
            if self._index is not None:
                self._index(self.db, change)
        elif isinstance(change, ThemeChange):
            self._write_theme(change.id, change.after)
        elif isinstance(change, PassageChange):
            self._write_passage(change.id, change.after)
        elif isinstance(change, RejectionChange):
            self._write_rejection(change.id, change.after)
        else:
            self._write_settings(change.after)

    def _write_article(self, record_id: int, a: Article | None) -> None:
        if a is None:
            self.db.execute(self.sql.delete["articles"], (record_id,))
        else:
            self.db.execute(self.sql.article, rows.article_row(a))

    def _write_theme(self, record_id: int, t: Theme | None) -> None:
        if t is None:
            self.db.execute(self.sql.delete["themes"], (record_id,))
        else:
            self.db.execute(self.sql.theme, rows.theme_row(t))

    def _write_passage(self, record_id: int, p: Passage | None) -> None:
        self.db.execute(self.sql.untag, (record_id,))
        if p is None:
            self.db.execute(self.sql.delete["passages"], (record_id,))
            return
        self.db.execute(self.sql.passage, rows.passage_row(p))
        self.db.executemany(self.sql.tag, rows.passage_theme_rows(p))

    def _write_settings(self, s: BriefingSettings | None) -> None:
        if s is not None:  # settings always exist
            self.db.execute(self.sql.settings, rows.settings_row(s))

    def _write_rejection(self, record_id: int, r: Rejection | None) -> None:
        if r is None:
            self.db.execute(self.sql.delete["rejections"], (record_id,))
        else:
            self.db.execute(self.sql.rejection, rows.rejection_row(r))
