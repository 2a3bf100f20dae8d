"""The checks of a project file that opened for the window before all of it was read
(`open_project(..., deferred=True)`), in a thread of their own.

What the window shows at once (the codebook, the settings, the articles but their texts, and
anything asked for before its batch) is checked before it is shown; what it has not read yet
is checked here, on a connection of its own, nearly all inside SQLite (which lets the window's
thread run): SQLite's integrity check, the sizes of the values not read yet, the passages'
rows (in SQL, and the few that may break a rule through `limits`, as `project_check.load`
does) and their references to articles and themes. The passages are taken in only once this
has found the file sound, and nothing is written to it before (`opening_reads`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable

from briefing.core.edit import Kind
from briefing.core.progressive import PassageCounts
from briefing.core.records import Passage
from briefing.core.text import shorten
from briefing.store import limits
from briefing.store import record_rows as rows
from briefing.store.index_checks import IndexChecks
from briefing.store.project_check import integrity_problem, oversized

# Read before the window shows the project, so measured then (`opening_reads.read_at_once`).
SHOWN_AT_ONCE = frozenset({"themes", "settings", "rejections"})


def read_at_once(column: limits.Column) -> bool:
    return column.table in SHOWN_AT_ONCE or (
        column.table == "articles" and column.column in rows.ARTICLE_BEFORE_TEXT
    )


def read_later(column: limits.Column) -> bool:
    return not read_at_once(column)


class LaterChecks:
    """The checks, after the file's count of its passages (which the views show meanwhile:
    `counts`), on a connection of its own."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        version: int,
        indexes: IndexChecks | None = None,
    ) -> None:
        self._connect = connect
        self._version = version
        # The indexes' check comes after the counts, once told to go on (`go_on`: the window
        # has painted; the check holds Python's lock now and then).
        self._indexes = indexes
        self._go_on = threading.Event()
        self._stopped = False
        self._counts = PassageCounts()
        self._damage: str | None = None  # what SQLite's integrity check found
        self._problem: str | None = None  # the first problem found
        self._counted = threading.Event()
        self._whose_counted = threading.Event()  # ...and whose they are (`whose`)
        self._checked = threading.Event()  # SQLite's integrity check is over
        self._thread = threading.Thread(target=self._run, name="opening checks", daemon=True)
        self._thread.start()

    def counts(self) -> PassageCounts:
        """The file's count of its passages, by article and by theme (waits for it: the first
        thing the thread does; empty if the file could not be read, then `problem` says
        why). Whose they are and which corroborate which come next: `whose`."""
        self._counted.wait()
        return self._counts

    def whose(self) -> PassageCounts:
        """The counts with their authors and supporters too (waits for them)."""
        self._whose_counted.wait()
        return self._counts

    def whose_known(self) -> bool:
        """Whether `whose` would answer at once."""
        return self._whose_counted.is_set()

    def go_on(self) -> None:
        """Let the checks after the counts begin (waiting for any of them does too)."""
        self._go_on.set()

    def stop(self) -> None:
        """The project is closing: what has not begun is left (the indexes unchecked)."""
        self._stopped = True
        self._go_on.set()

    def damage(self) -> str | None:
        """What SQLite's integrity check found wrong (waits for it), as `problem` says it."""
        self.go_on()
        self._checked.wait()
        return self._damage

    def done(self, wait: float = 0.0) -> bool:
        """Whether the checks are over (waiting up to `wait` seconds for them)."""
        self.go_on()
        self._thread.join(wait)
        return not self._thread.is_alive()

    def passed(self) -> bool:
        """Whether the checks are over and found nothing wrong (without waiting, or letting
        the checks after the counts begin)."""
        return not self._thread.is_alive() and self._problem is None

    def problem(self) -> str | None:
        """What is wrong with the file, as a phrase after its name (None: nothing), once the
        checks are over (waits for them)."""
        self.go_on()
        self._thread.join()
        return self._problem

    def _check_indexes(self) -> None:
        indexes, self._indexes = self._indexes, None
        if indexes is not None and self._stopped:
            indexes.skip()
        elif indexes is not None:
            indexes.run()

    def _run(self) -> None:
        try:
            conn = self._connect()
            try:
                try:
                    self._counts = passage_counts(conn)
                finally:
                    self._counted.set()
                try:
                    count_whose(conn, self._counts)
                finally:
                    self._whose_counted.set()
                self._go_on.wait()
                self._check_indexes()
                if self._stopped:
                    return
                try:
                    self._damage = integrity_problem(conn)
                finally:
                    self._checked.set()
                self._problem = (
                    self._damage
                    or oversized(conn, self._version, read_later)
                    or _article_problem(conn, self._version)
                    or _passage_problem(conn, self._version)
                    or _quote_problem(conn)
                    or _undecodable(conn, self._version)
                )
            finally:
                conn.close()
        except sqlite3.OperationalError as error:
            if "decode" in str(error):
                self._problem = "holds text that is not valid UTF-8"
            else:
                self._problem = _damaged(error)
        except sqlite3.Error as error:
            self._problem = _damaged(error)
        finally:
            self._counted.set()
            self._whose_counted.set()
            self._checked.set()
            if self._damage is None and self._problem and self._problem.startswith("is damaged ("):
                self._damage = self._problem
            self._check_indexes()  # never left waiting for, whatever went wrong


def passage_counts(conn: sqlite3.Connection) -> PassageCounts:
    """How many passages, by article and by theme: what the window shows first. Both come
    from an index (each scan of the 100,000 rows is a moment the window may wait for); whose
    they are takes a scan of the table (`count_whose`, next)."""
    by_article = dict(conn.execute("SELECT article_id, count(*) FROM passages GROUP BY 1"))
    return PassageCounts(
        total=sum(by_article.values()),
        by_article=by_article,
        by_theme=Counter(dict(conn.execute(
            "SELECT theme_id, count(*) FROM passage_themes GROUP BY 1"
        ))),
    )  # fmt: skip


def count_whose(conn: sqlite3.Connection, counts: PassageCounts) -> None:
    """Whose the passages are, and which corroborate which, into `counts`: one scan of the
    table for both. Only a project of several analysts has their passages grouped, which
    sorts every row by analyst (78 against 50 ms CPU at scale 10); and which passages
    corroborate which is looked for only when there are any (most projects have few)."""
    first, last, total, supporting = conn.execute(
        "SELECT min(created_by), max(created_by), count(*), count(corroborates) FROM passages"
    ).fetchone()
    if first == last and total:
        counts.by_author[first] = total
    elif total:
        for author, count in conn.execute("SELECT created_by, count(*) FROM passages GROUP BY 1"):
            counts.by_author[author] = count
    if supporting:
        for supporter, supported in conn.execute(
            "SELECT id, corroborates FROM passages WHERE corroborates IS NOT NULL"
        ):
            counts.supporters.setdefault(supported, set()).add(supporter)


def _damaged(error: sqlite3.Error) -> str:
    return f"is damaged ({shorten(str(error), 200)}); open a backup copy instead"


def _article_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """The first article with a value or a field after its text that breaks a rule
    (`read_at_once` checked those before it); the text itself is checked by reading it."""
    for (article_id,) in conn.execute(limits.suspect_rows("articles", version)).fetchall():
        row = conn.execute(
            rows.select("articles", rows.ARTICLE_COLUMNS) + " WHERE id = ?", (article_id,)
        ).fetchone()
        try:
            article = rows.article_from(row)
        except limits.RecordRefused as refused:
            return f"is damaged: {refused}"
        for problem in limits.record_problems(Kind.ARTICLE, article):
            return f"is damaged: {problem}"
    return None


def _passage_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """The first passage that breaks a rule (`limits`), or names an article or a theme the
    file does not have; the rest of what `project_check.load` checks of each passage (its
    quote against its article's text, that it has themes) is checked as they are read."""
    rules = limits.suspect_condition("passages", version, tags=False)  # its themes: below
    suspects = {row[0] for row in conn.execute(f"SELECT t.id FROM passages AS t WHERE {rules}")}
    suspects.update(row[0] for row in conn.execute(_UNTAGGED))
    suspects.update(row[0] for row in conn.execute(_NOT_THEMES))
    for passage_id in sorted(suspects):
        passage = passage_by_id(conn, passage_id)
        for problem in limits.record_problems(Kind.PASSAGE, passage):
            return f"is damaged: {problem}"
    row = conn.execute(
        "SELECT id FROM passages WHERE article_id NOT IN (SELECT id FROM articles)"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    if row is not None:
        return f"is damaged: passage {row[0]} no longer matches its article"
    row = conn.execute(
        "SELECT passage_id, theme_id FROM passage_themes WHERE theme_id NOT IN"
        " (SELECT id FROM themes) AND passage_id IN (SELECT id FROM passages)"
        " ORDER BY passage_id, ordinal LIMIT 1"
    ).fetchone()
    if row is not None:
        return (
            f"is damaged: passage {row[0]} is tagged with theme {row[1]}, which is not in "
            "the codebook"
        )
    return None


def _undecodable(conn: sqlite3.Connection, version: int) -> str | None:
    """Text read later that is not UTF-8 (SQLite keeps whatever bytes it was given): what
    reading it would refuse, as `project_check.load` refuses it. Decoded here a few hundred
    rows at a time, letting the window's thread have Python's lock between them."""
    for table in ("articles", "passages"):
        texts = [c.column for c in limits.columns(table, version) if c.kind == "text"]
        if table == "articles":
            texts = [c for c in texts if c not in rows.ARTICLE_BEFORE_TEXT]  # read at once
        joined = " || ".join(f"coalesce(CAST(\"{c}\" AS TEXT), '')" for c in texts)
        found = conn.execute(f"SELECT CAST({joined} AS BLOB) FROM {table}")
        while batch := found.fetchmany(_DECODED_ROWS):
            for (data,) in batch:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    return "holds text that is not valid UTF-8"
            time.sleep(0)
    return None


_DECODED_ROWS = 500

# The passages `limits` finds wrong by their rows in passage_themes (none, or a theme that is
# not a whole number): two lookups in its index instead of two subqueries for every passage.
_UNTAGGED = "SELECT id FROM passages WHERE id NOT IN (SELECT passage_id FROM passage_themes)"
_NOT_THEMES = (
    "SELECT passage_id FROM passage_themes WHERE typeof(theme_id) != 'integer'"
    " AND passage_id IN (SELECT id FROM passages)"
)


def _quote_problem(conn: sqlite3.Connection) -> str | None:
    """The first passage whose quote is not its article's text at its offsets. In SQL for
    the articles of ordinary length (SQLite counts characters as Python does, from the text's
    start for each passage), in Python for the long ones (read once for all their passages)."""
    long = [
        article_id
        for (article_id,) in conn.execute(
            "SELECT id FROM articles WHERE length(CAST(text AS BLOB)) > ?", (_LONG_BYTES,)
        )
    ]
    found: list[int] = []
    for article_id in long:
        (text,) = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        spans = conn.execute(
            "SELECT id, start_offset, end_offset, quote FROM passages WHERE article_id = ?",
            (article_id,),
        )
        found.extend(pid for pid, start, end, quote in spans if text[start:end] != quote)
    listed = (json.dumps(long),)
    if conn.execute(_MISQUOTED + " LIMIT 1", listed).fetchone() is not None:  # any, then which
        found.extend(row[0] for row in conn.execute(_MISQUOTED + " ORDER BY p.id LIMIT 1", listed))
    if found:
        return f"is damaged: passage {min(found)} no longer matches its article"
    return None


_LONG_BYTES = 65_536  # an article longer than this is read once for all its passages' quotes
_MISQUOTED = (  # the passages that misquote their article, but for the articles listed
    "SELECT p.id FROM passages AS p JOIN articles AS a ON a.id = p.article_id"
    " WHERE p.article_id NOT IN (SELECT value FROM json_each(?))"
    " AND substr(a.text, p.start_offset + 1, p.end_offset - p.start_offset) IS NOT p.quote"
)


def passage_by_id(conn: sqlite3.Connection, passage_id: int) -> Passage:
    row = conn.execute(
        rows.select("passages", rows.PASSAGE_COLUMNS) + " WHERE id = ?", (passage_id,)
    ).fetchone()
    themes = conn.execute(
        "SELECT theme_id FROM passage_themes WHERE passage_id = ? ORDER BY ordinal", (passage_id,)
    ).fetchall()
    return rows.passage_from(row, [theme for (theme,) in themes])
