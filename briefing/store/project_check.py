"""Check a project file before anything is read into the app, and load its records checked.

The file is untrusted: its header, application id and schema version, SQLite's own integrity
check, exactly the tables, columns and indexes the migrations make (objects are matched by
exact name, never by a LIKE pattern), the size of every stored value (measured in SQL, before
it is read), then each record through `limits` and the references between them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefing.core.edit import Kind
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.core.text import shorten
from briefing.store import limits, schema
from briefing.store import record_rows as rows
from briefing.store.errors import ProjectFileError, sqlite_reason

# What a file holds, as loaded: articles, themes, passages, settings (if any), rejections.
Records = tuple[list[Article], list[Theme], list[Passage], BriefingSettings | None, list[Rejection]]
# Record tables that grow with the corpus: their rows are checked in SQL first, and only the
# rows that may break a rule are checked one by one (the same checks, the same messages).
_BULK = {Kind.ARTICLE: "articles", Kind.PASSAGE: "passages", Kind.REJECTION: "rejections"}
# Tables SQLite itself may add to any database (ANALYZE); they hold statistics, not data.
_SQLITE_STATISTICS = frozenset({"sqlite_stat1", "sqlite_stat4"})


def inspect(path: Path, conn: sqlite3.Connection, check: QuickCheck | None = None) -> int:
    """The file's schema version, or ProjectFileError with one line saying what is wrong.

    With `check`, SQLite's integrity check runs meanwhile on a connection of its own (started
    here, once the file is known to be a project); the caller asks `check.problem()` before
    trusting what it loaded, and a damaged file is refused for that first."""
    try:
        version, problem = _header_problem(conn)
        if problem is None:
            if check is None:
                problem = integrity_problem(conn)
            else:
                check.start()
        problem = problem or _layout_problem(conn, version) or oversized(conn, version)
    except sqlite3.Error as error:
        raise ProjectFileError(path, sqlite_reason(error, path)) from error
    if problem:
        raise ProjectFileError(path, problem)
    return version


def inspect_shown(
    path: Path, conn: sqlite3.Connection, measured: Callable[[limits.Column], bool]
) -> int:
    """`inspect` of a file opened before all of it is read: its header and layout, and the size
    of the `measured` values (those read at once); the rest is checked by `later_checks`."""
    try:
        version, problem = _header_problem(conn)
        problem = problem or _layout_problem(conn, version) or oversized(conn, version, measured)
    except sqlite3.Error as error:
        raise ProjectFileError(path, sqlite_reason(error, path)) from error
    if problem:
        raise ProjectFileError(path, problem)
    return version


class QuickCheck:
    """SQLite's `quick_check` of a file in a thread of its own: it spends its time inside
    SQLite, which lets the records load meanwhile (on a second core, at no cost to the first)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._problem: str | None = None
        self._thread = threading.Thread(target=self._run, name="quick check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def problem(self) -> str | None:
        """What the check found wrong (None: nothing), once it is done."""
        if self._thread.ident is not None:
            self._thread.join()
        return self._problem

    def _run(self) -> None:
        try:
            conn = self._connect()
            try:
                self._problem = integrity_problem(conn)
            finally:
                conn.close()
        except (sqlite3.Error, ProjectFileError) as error:
            self._problem = f"is damaged ({shorten(str(error), 200)}); open a backup copy instead"


def _header_problem(conn: sqlite3.Connection) -> tuple[int, str | None]:
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
        return 0, "is not a Briefing Builder project (a database of another program)"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > schema.SCHEMA_VERSION:
        return version, (
            f"was made by a newer version of Briefing Builder (file format {version}, "
            f"this version reads up to {schema.SCHEMA_VERSION}); please update the app"
        )
    if version < 1:
        return version, f"has an unknown file format ({version}) and was not opened"
    return version, None


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        return f"is damaged ({shorten(check, 200)}); open a backup copy instead"
    return None


def _layout_problem(conn: sqlite3.Connection, version: int) -> str | None:
    expected = schema.layout(version)
    unexpected, tables = [], set()
    for kind, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema"
    ):
        if kind == "table" and name in expected.columns:
            if name in expected.virtual and " ".join((sql or "").split()) != expected.virtual[name]:
                unexpected.append(f"{kind} {name} (made differently)")
            tables.add(name)
        elif kind == "index" and (
            name in expected.indexes
            or (sql is None and name.startswith(f"sqlite_autoindex_{table}_"))
        ):
            continue  # SQLite's own index for a primary key or a UNIQUE constraint
        elif not (kind == "table" and name in _SQLITE_STATISTICS):
            unexpected.append(f"{kind} {name}")
    if unexpected:
        listed = ", ".join(sorted(unexpected))
        return f"holds unexpected database objects ({listed}) and was not opened"
    missing = sorted(set(expected.columns) - tables)
    if missing:
        return f"is incomplete (missing {', '.join(missing)})"
    for table, wanted in expected.columns.items():
        found = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
        if found != wanted:
            return f"has an unknown layout (table {table}) and was not opened"
    return None


def oversized(
    conn: sqlite3.Connection,
    version: int,
    measured: Callable[[limits.Column], bool] | None = None,
    where: Mapping[str, tuple[str, tuple[object, ...]]] | None = None,
) -> str | None:
    """Refuse values beyond what the app writes, measured before any is loaded: those of the
    `measured` columns (all unless told), in the rows `where` picks (table -> an SQL
    condition and its parameters; every row of a table it does not name)."""
    for table in limits.tables():
        declared = [c for c in limits.columns(table, version) if measured is None or measured(c)]
        if not declared:
            continue
        # Text never has more characters than bytes: count them only in values with more
        # bytes than allowed characters (counting reads every character of 50 MB of text).
        sizes = ", ".join(
            f'max(CASE WHEN length(CAST("{c.column}" AS BLOB)) > {c.max_chars}'
            f' THEN length("{c.column}") ELSE 0 END)'
            for c in declared
        )
        condition, parameters = (where or {}).get(table, ("", ()))
        query = f'SELECT {sizes} FROM "{table}"' + (f" WHERE {condition}" if condition else "")
        found = conn.execute(query, parameters).fetchone()
        for column, size in zip(declared, found, strict=True):
            if size is not None and size > column.max_chars:
                return (
                    f"holds an oversized value ({table}.{column.column}: {size:,} characters, "
                    f"at most {column.max_chars:,} allowed)"
                )
    return None


@contextmanager
def refused_as_damage(path: Path) -> Iterator[None]:
    """Reading records: a value `limits` refuses, or text SQLite cannot decode, becomes the
    one-line message a damaged file gets (the one-go open and the deferred open alike)."""
    try:
        yield
    except limits.RecordRefused as refused:
        raise ProjectFileError(path, f"is damaged: {refused}") from None
    except sqlite3.OperationalError as error:
        if "decode" in str(error):
            raise ProjectFileError(path, "holds text that is not valid UTF-8") from None
        raise


def load(
    path: Path, conn: sqlite3.Connection, connect: Callable[[], sqlite3.Connection] | None = None
) -> Records:
    """The records of a checked file, each passed through `limits`, and their references.

    With `connect` (another connection to the same file, as `conn` reads it), the rows that
    may break a rule are looked for on it in a thread while the records load: a scan of
    every row inside SQLite, which leaves Python's lock to the loading meanwhile."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finding = _SuspectSearch(connect, version) if connect is not None else None
    try:
        with refused_as_damage(path):
            records = _read_records(conn)
    except BaseException:
        if finding is not None:
            finding.cancel()
        raise
    found = finding.result() if finding is not None else None
    suspects = found if found is not None else _suspects(conn, version)
    check_records(path, records, suspects)
    return records


def _suspects(conn: sqlite3.Connection, version: int) -> dict[Kind, set[object]]:
    return {
        kind: {row[0] for row in conn.execute(limits.suspect_rows(table, version))}
        for kind, table in _BULK.items()
    }


class _SuspectSearch:
    """`_suspects` on a connection of its own, in a thread. `result` waits for it: what it
    found, or raises what it raised (as `_suspects` on the loading connection would have);
    None if no connection could be made (then the loading connection is asked)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], version: int) -> None:
        self._connect, self._version = connect, version
        self._conn: sqlite3.Connection | None = None
        self._found: dict[Kind, set[object]] | None = None
        self._error: Exception | None = None
        self._ready = threading.Event()  # the connection is made (or could not be)
        self._thread = threading.Thread(target=self._run, name="suspect rows", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = self._conn = self._connect()
        except Exception:
            return  # `result` says None: the loading connection is asked instead
        finally:
            self._ready.set()
        try:
            self._found = _suspects(conn, self._version)
        except Exception as error:
            self._error = error
        finally:
            conn.close()

    def result(self) -> dict[Kind, set[object]] | None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._found

    def cancel(self) -> None:
        """The load failed: the search stops (its answer is not needed) and its connection is
        closed before the failure goes on."""
        self._ready.wait()
        if self._conn is not None:
            try:
                self._conn.interrupt()
            except sqlite3.ProgrammingError:
                pass  # it was done, and closed its connection
        self._thread.join()


def check_records(
    where: Path | str, records: Records, suspects: Mapping[Kind, set[object]] | None = None
) -> None:
    """Every record through `limits`, and the references between them (ProjectFileError
    naming `where`): the same checks for a file and a server project. With `suspects`, the
    records of those kinds are checked only if their id is among them (see `_BULK`)."""
    check_each(where, records, suspects)
    articles, themes, passages, _settings, _rejections = records
    problem = _reference_problem(articles, themes, passages)
    if problem:
        raise ProjectFileError(where, problem)


def check_each(
    where: Path | str, records: Records, suspects: Mapping[Kind, set[object]] | None = None
) -> None:
    """`check_records` without the references between the records."""
    articles, themes, passages, settings, rejections = records
    for kind, items in ((Kind.ARTICLE, articles), (Kind.THEME, themes),
                        (Kind.PASSAGE, passages), (Kind.REJECTION, rejections)):  # fmt: skip
        picked = suspects.get(kind) if suspects is not None else None
        for record in items:
            if picked is None or getattr(record, "id", None) in picked:
                _check_loaded(where, kind, record)
    if settings is not None:
        _check_loaded(where, Kind.SETTINGS, settings)


def _check_loaded(where: Path | str, kind: Kind, record: object) -> None:
    for problem in limits.record_problems(kind, record):
        raise ProjectFileError(where, f"is damaged: {problem}")


def _read_records(conn: sqlite3.Connection) -> Records:
    return records_from(
        conn.execute(rows.select("articles", rows.ARTICLE_COLUMNS)),
        conn.execute(rows.select("themes", rows.THEME_COLUMNS)),
        conn.execute(rows.select("passages", rows.PASSAGE_COLUMNS)),
        conn.execute(
            "SELECT passage_id, theme_id FROM passage_themes ORDER BY passage_id, ordinal"
        ),
        conn.execute(rows.select("settings", rows.SETTINGS_COLUMNS) + " WHERE id = 1"),
        conn.execute(rows.select("rejections", rows.REJECTION_COLUMNS)),
    )


def records_from(
    articles: Iterable[Sequence[Any]],
    themes: Iterable[Sequence[Any]],
    passages: Iterable[Sequence[Any]],
    links: Iterable[Sequence[Any]],
    settings: Iterable[Sequence[Any]],
    rejections: Iterable[Sequence[Any]],
) -> Records:
    """Records from rows in `record_rows` column order (links: passage id, theme id, in
    each passage's order); RecordRefused for a list that is not one."""
    themes_of: dict[int, list[int]] = {}
    for passage_id, theme_id in links:
        themes_of.setdefault(passage_id, []).append(theme_id)
    settings_rows = list(settings)
    passage_rows = list(passages)
    return (
        [rows.article_from(row) for row in articles],
        [rows.theme_from(row) for row in themes],
        rows.passages_from(passage_rows, [themes_of.get(row[0], ()) for row in passage_rows]),
        rows.settings_from(settings_rows[0]) if settings_rows else None,
        [rows.rejection_from(row) for row in rejections],
    )


def _reference_problem(
    articles: list[Article], themes: list[Theme], passages: list[Passage]
) -> str | None:
    texts = {a.id: a.text for a in articles}
    theme_ids = {t.id for t in themes}
    for passage in passages:
        text = texts.get(passage.article_id)
        if text is None or text[passage.start : passage.end] != passage.quote:
            return f"is damaged: passage {passage.id} no longer matches its article"
        unknown = [t for t in passage.theme_ids if t not in theme_ids]
        if unknown:
            return f"is damaged: passage {passage.id} is tagged with theme {unknown[0]}, " + (
                "which is not in the codebook"
            )
    return None
