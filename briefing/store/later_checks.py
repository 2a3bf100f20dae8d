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

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

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
        self._checked = threading.Event()  # SQLite's integrity check is over
        self._thread = threading.Thread(target=self._run, name="opening checks", daemon=True)
        self._thread.start()

    def counts(self) -> PassageCounts:
        """The file's count of its passages (waits for it: the first thing the thread does;
        empty if the file could not be read, then `problem` says why)."""
        self._counted.wait()
        return self._counts

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
            self._checked.set()
            if self._damage is None and self._problem and self._problem.startswith("is damaged ("):
                self._damage = self._problem
            self._check_indexes()  # never left waiting for, whatever went wrong


def passage_counts(conn: sqlite3.Connection) -> PassageCounts:
    def counted(query: str) -> dict[Any, int]:
        return {key: count for key, count in conn.execute(query)}

    supporters: dict[int, set[int]] = {}
    for supporter, supported in conn.execute(
        "SELECT id, corroborates FROM passages WHERE corroborates IS NOT NULL"
    ):
        supporters.setdefault(supported, set()).add(supporter)
    return PassageCounts(
        total=conn.execute("SELECT count(*) FROM passages").fetchone()[0],
        by_article=counted("SELECT article_id, count(*) FROM passages GROUP BY 1"),
        by_theme=Counter(counted("SELECT theme_id, count(*) FROM passage_themes GROUP BY 1")),
        authors=tuple(name for (name,) in conn.execute("SELECT DISTINCT created_by FROM passages")),
        supporters=supporters,
    )


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
    untagged = limits.suspect_condition("passages", version, tags=False)
    suspects = [row[0] for row in conn.execute(f"SELECT t.id FROM passages AS t WHERE {untagged}")]
    for passage_id in suspects:
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


def passage_by_id(conn: sqlite3.Connection, passage_id: int) -> Passage:
    row = conn.execute(
        rows.select("passages", rows.PASSAGE_COLUMNS) + " WHERE id = ?", (passage_id,)
    ).fetchone()
    themes = conn.execute(
        "SELECT theme_id FROM passage_themes WHERE passage_id = ? ORDER BY ordinal", (passage_id,)
    ).fetchall()
    return rows.passage_from(row, [theme for (theme,) in themes])
