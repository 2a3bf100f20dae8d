"""A project file opened for the window before all of it is read (`open_project(...,
deferred=True)`): what the first paint needs is read at once, the rest a batch at a time.

At once (`read_at_once`, checked as `project_check.load` checks them): the codebook, the
settings, the rejected suggestions, every article but its text, and the file's count of its
passages. Then, while the window idles (`OpeningReads.next_batch`), in this order: the
articles' texts; which themes each passage has; once the checks in a thread
(`later_checks`) have found the file sound, the passages, each checked against its article's
text as it comes. What is asked for before its batch (an article's text, an article's
passages, a passage) is read at once and checked one by one; a record that fails is not
given out, and the problem refuses the file once the reading stops. Nothing is written to the
file meanwhile (`ProjectFile` reads the rest first), so every read sees the file as it opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from briefing.core.edit import Kind
from briefing.core.progressive import PassageCounts, ReadRest, articles_read_later, fill_later
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.store import limits
from briefing.store import record_rows as rows
from briefing.store.later_checks import LaterChecks
from briefing.store.project_check import Records, check_each, oversized, refused_as_damage

# An article's fields stored from its text on (the text, its reading and custody) are read
# later: reading the row up to the text stays clear of the pages the text fills.
_LATER = rows.ARTICLE_COLUMNS[len(rows.ARTICLE_BEFORE_TEXT) :]
_REST = rows.select("articles", _LATER)
_PASSAGES = rows.select("passages", rows.PASSAGE_COLUMNS)
_TEXT_BATCH_CHARS = 250_000  # of article text per batch
_THEME_BATCH = 1_500  # rows of passage_themes per batch
_PASSAGE_BATCH = 600  # passages per batch
_CHECKS_WAIT = 0.005  # seconds a batch waits for the checks before giving the window a turn

AtOnce = tuple[list[Article], list[Theme], BriefingSettings | None, list[Rejection]]


def _articles(
    conn: sqlite3.Connection, version: int, read_rest: ReadRest
) -> tuple[list[Article], set[object]]:
    """Every article with its fields stored before the text (the rest read later), and the
    ids of those whose values there may break a rule."""
    shown = rows.ARTICLE_BEFORE_TEXT
    found = conn.execute(rows.select("articles", shown)).fetchall()
    articles = articles_read_later(shown, found, read_rest)
    return articles, limits.wrong_kinds("articles", version, shown, found)


def _rest(row: Sequence[Any]) -> dict[str, Any]:
    """The fields read later, by name, from their row (RecordRefused for a list that is not)."""
    rest = dict(zip(_LATER, row, strict=True))
    stored = rest["pages"]
    rest["pages"] = () if stored == "[]" else limits.list_from_json("articles", "pages", stored)
    return rest


# What an article read later holds when its row cannot be read (the file is then refused).
_UNREAD = {name: getattr(Article(0, "", ""), name) for name in _LATER}


class OpeningReads:
    """The rest of the file, read for a `FillingPassages` index (its `PassageSource`) and the
    articles read later (`text_of`)."""

    def __init__(self, conn: sqlite3.Connection, version: int, checks: LaterChecks) -> None:
        self._conn = conn
        self._version = version
        self._articles: dict[int, Article] = {}
        self._theme_ids: frozenset[object] = frozenset()
        self._checks = checks
        self.highest_id: int = conn.execute("SELECT max(id) FROM passages").fetchone()[0] or 0
        self._found_here: str | None = None  # the first thing found wrong in what was read
        self._found_there: str | None = None  # ... by the checks in a thread
        self._themes_of: dict[int, list[tuple[Any, Any]]] = {}
        self._steps = self._batches()

    @property
    def problem(self) -> str | None:
        """What was found wrong (a phrase after the path), None so far: what the checks in a
        thread found comes first, as `project_check` orders its checks."""
        return self._found_there or self._found_here

    def read_at_once(self, path: Path) -> AtOnce:
        """What the window shows before the rest is read, checked; ProjectFileError if it is
        damaged. The articles' texts (and what follows) are read when asked for (`rest_of`)."""
        conn, version = self._conn, self._version
        with refused_as_damage(path):
            articles, suspects = _articles(conn, version, self.rest_of)
            themes = [
                rows.theme_from(row)
                for row in conn.execute(rows.select("themes", rows.THEME_COLUMNS))
            ]
            found = conn.execute(rows.select("settings", rows.SETTINGS_COLUMNS) + " WHERE id = 1")
            settings = [rows.settings_from(row) for row in found]
            rejections = [
                rows.rejection_from(row)
                for row in conn.execute(rows.select("rejections", rows.REJECTION_COLUMNS))
            ]
        rejected = {row[0] for row in conn.execute(limits.suspect_rows("rejections", version))}
        records: Records = (articles, themes, [], settings[0] if settings else None, rejections)
        check_each(path, records, {Kind.ARTICLE: suspects, Kind.REJECTION: rejected})
        self._articles = {a.id: a for a in articles}
        self._theme_ids = frozenset(t.id for t in themes)
        return articles, themes, records[3], rejections

    @property
    def counts(self) -> PassageCounts:
        return self._checks.counts()

    @property
    def whose(self) -> PassageCounts:
        return self._checks.whose()

    def whose_known(self) -> bool:
        return self._checks.whose_known()

    # ----- what is asked for before its batch ----------------------------------------------

    def rest_of(self, article_id: int) -> Mapping[str, Any]:
        """An article's fields read later (its text on), checked as `project_check.load`
        would check the article (a problem refuses the file: the values are shown till then)."""
        try:
            oversized = self._oversized({"articles": ("id = ?", (article_id,))})
            if oversized:
                self._found(oversized)
                return _UNREAD
            found = self._conn.execute(_REST + " WHERE id = ?", (article_id,)).fetchone()
            rest = _UNREAD if found is None else _rest(found)
        except sqlite3.Error as error:
            self._found(_read_problem(error))
            return _UNREAD
        except limits.RecordRefused as refused:
            self._found(f"is damaged: {refused}")
            return _UNREAD
        shown = self._articles.get(article_id)
        if shown is not None:
            whole = Article(**{n: getattr(shown, n) for n in rows.ARTICLE_BEFORE_TEXT}, **rest)
            problem = next(iter(limits.record_problems(Kind.ARTICLE, whole)), None)
            if problem:
                self._found(f"is damaged: {problem}")
        return rest

    def of_article(self, article_id: int) -> list[Passage]:
        return self._checked("article_id", article_id)

    def by_id(self, passage_id: int) -> Passage | None:
        found = self._checked("id", passage_id)
        return found[0] if found else None

    def _checked(self, column: str, key: int) -> list[Passage]:
        """The passages whose `column` is `key`, read at once and checked as
        `project_check.load` checks them (one failing is left out, and refuses the file):
        in SQL, and those SQL finds suspect one by one; or, once the checks in the thread
        have found the file sound, read as the batches read them."""
        where = f"{column} = ?"
        tagged = f"passage_id IN (SELECT id FROM passages WHERE {where})"
        # Read without checking them again: 9 ms instead of 16 for the 2,000 passages of an
        # article at 10,000 articles, in the second of reading left after the checks.
        trusted = self._found_here is None and self._checks.passed()
        try:
            if trusted:
                return self._read(where, tagged, key)
            oversized = self._oversized(
                {"passages": (where, (key,)), "passage_themes": (tagged, (key,))}
            )
            if oversized:
                self._found(oversized)
                return []
            suspect = limits.suspect_condition("passages", self._version)
            found = self._conn.execute(
                f"SELECT t.id FROM passages AS t WHERE t.{where} AND ({suspect})", (key,)
            )
            suspects = {row[0] for row in found}
            passages = self._read(where, tagged, key)
        except sqlite3.Error as error:
            self._found(_read_problem(error))
            return []
        sound = []
        for passage in passages:
            problem = None
            if passage.id in suspects:
                problem = next(iter(limits.record_problems(Kind.PASSAGE, passage)), None)
            problem = problem or self._reference_problem(passage)
            if problem:
                self._found(f"is damaged: {problem}")
            else:
                sound.append(passage)
        return sound

    def _read(self, where: str, tagged: str, key: int) -> list[Passage]:
        """The passages `where` picks, with their themes (`tagged` picks those)."""
        conn = self._conn
        themes_of: dict[int, list[tuple[Any, Any]]] = {}
        found = conn.execute(
            f"SELECT passage_id, theme_id, ordinal FROM passage_themes WHERE {tagged}", (key,)
        )
        _gather(themes_of, found)
        return _passages_from(
            conn.execute(f"{_PASSAGES} WHERE {where}", (key,)).fetchall(), themes_of
        )

    def _reference_problem(self, passage: Passage) -> str | None:
        """What `project_check` finds wrong with a passage beside its own values: its quote
        against its article's text, and its themes (there are some, each in the codebook)."""
        label = f"passage {passage.id}"
        article = self._articles.get(passage.article_id)
        if article is None or article.text[passage.start : passage.end] != passage.quote:
            return f"{label} no longer matches its article"
        themes = passage.theme_ids
        if not themes or not all(type(theme) is int for theme in themes):
            return f"{label} is not tagged with any theme"
        unknown = [theme for theme in themes if theme not in self._theme_ids]
        if unknown:
            return f"{label} is tagged with theme {unknown[0]}, which is not in the codebook"
        return None

    def _oversized(self, where: Mapping[str, tuple[str, tuple[object, ...]]]) -> str | None:
        """`project_check.oversized` of some rows of the tables read later."""
        return oversized(self._conn, self._version, lambda c: c.table in where, where)

    def _found(self, problem: str) -> None:
        if self._found_here is None:
            self._found_here = problem

    # ----- the rest, a batch at a time ---------------------------------------------------------

    def next_batch(self) -> list[Passage] | None:
        """The next passages, in id order ([] for a batch of something else); None once
        they are all read and checked, or once reading stopped at a problem (and the checks
        in the thread are over, so the problem they would have found first is known)."""
        if self._found_here is None:
            try:
                batch = next(self._steps, None)
            except sqlite3.Error as error:
                self._found(_read_problem(error))
            else:
                if batch is not None and self._found_here is None:
                    return batch
        if not self._checks.done(_CHECKS_WAIT):
            return []
        self._found_there = self._checks.problem()
        return None

    def _batches(self) -> Generator[list[Passage], None, None]:
        read = 0
        for row in self._conn.execute(rows.select("articles", ("id", *_LATER))):
            try:
                rest = _rest(row[1:])
            except limits.RecordRefused as refused:
                self._found(f"is damaged: {refused}")
                return
            article = self._articles.get(row[0])
            if article is None:
                continue  # imported since the opening: it is in memory in full
            fill_later(article, rest)
            read += len(rest["text"])
            if read >= _TEXT_BATCH_CHARS:
                read = 0
                yield []
        tags = self._conn.execute("SELECT passage_id, theme_id, ordinal FROM passage_themes")
        while batch := tags.fetchmany(_THEME_BATCH):
            _gather(self._themes_of, batch)
            yield []
        while not self._checks.done(_CHECKS_WAIT):
            yield []
        self._found_there = self._checks.problem()
        if self._found_there is not None:
            return
        passages = self._conn.execute(_PASSAGES)  # all found sound by the checks
        while found := passages.fetchmany(_PASSAGE_BATCH):
            yield _passages_from(found, self._themes_of)

    def close(self) -> None:
        self._steps.close()
        self._conn.close()


def _gather(themes_of: dict[int, list[tuple[Any, Any]]], found: Iterable[Sequence[Any]]) -> None:
    for passage_id, theme_id, ordinal in found:
        themes_of.setdefault(passage_id, []).append((ordinal, theme_id))


def _passages_from(
    found: Sequence[Sequence[Any]], themes_of: Mapping[int, list[tuple[Any, Any]]]
) -> list[Passage]:
    themes = []
    for row in found:
        tags = themes_of.get(row[0], ())
        themes.append(
            (tags[0][1],) if len(tags) == 1 else [t for _, t in sorted(tags, key=_in_order)]
        )
    return rows.passages_from(found, themes)


def _in_order(tag: tuple[Any, Any]) -> tuple[int, Any]:
    """A passage's themes in the order of their ordinals, as SQLite orders values of any
    type (a crafted file's ordinals may be text or bytes): NULL, numbers, text, then blobs."""
    ordinal = tag[0]
    if ordinal is None:
        return 0, 0
    if isinstance(ordinal, int | float):
        return 1, ordinal
    return (2, ordinal) if isinstance(ordinal, str) else (3, ordinal)


def _read_problem(error: sqlite3.Error) -> str:
    if "decode" in str(error):
        return "holds text that is not valid UTF-8"
    return f"could not be read: {error}"
