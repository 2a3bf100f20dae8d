"""Check a project file before anything is read into the app, and load its records checked.

The file is untrusted: its header, application id and schema version, SQLite's own integrity
check, exactly the tables, columns and indexes the migrations make (objects are matched by
exact name, never by a LIKE pattern), the size of every stored value (measured in SQL, before
it is read), then each record through `limits` and the references between them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from briefing.core.edit import Kind
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.core.text import shorten
from briefing.store import limits, schema
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
                problem = _integrity_problem(conn)
            else:
                check.start()
        problem = problem or _layout_problem(conn, version) or _oversized(conn, version)
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
                self._problem = _integrity_problem(conn)
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


def _integrity_problem(conn: sqlite3.Connection) -> str | None:
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


def _oversized(conn: sqlite3.Connection, version: int) -> str | None:
    """Refuse values beyond what the app writes, measured before any is loaded."""
    for table in limits.tables():
        declared = limits.columns(table, version)
        if not declared:
            continue
        # Text never has more characters than bytes: count them only in values with more
        # bytes than allowed characters (counting reads every character of 50 MB of text).
        sizes = ", ".join(
            f'max(CASE WHEN length(CAST("{c.column}" AS BLOB)) > {c.max_chars}'
            f' THEN length("{c.column}") ELSE 0 END)'
            for c in declared
        )
        found = conn.execute(f'SELECT {sizes} FROM "{table}"').fetchone()
        for column, size in zip(declared, found, strict=True):
            if size is not None and size > column.max_chars:
                return (
                    f"holds an oversized value ({table}.{column.column}: {size:,} characters, "
                    f"at most {column.max_chars:,} allowed)"
                )
    return None


def load(path: Path, conn: sqlite3.Connection) -> Records:
    """The records of a checked file, each passed through `limits`, and their references."""
    try:
        records = _read_records(conn)
    except limits.RecordRefused as refused:
        raise ProjectFileError(path, f"is damaged: {refused}") from None
    except sqlite3.OperationalError as error:
        if "decode" in str(error):
            raise ProjectFileError(path, "holds text that is not valid UTF-8") from None
        raise
    articles, themes, passages, settings, rejections = records
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for kind, items in ((Kind.ARTICLE, articles), (Kind.THEME, themes),
                        (Kind.PASSAGE, passages), (Kind.REJECTION, rejections)):  # fmt: skip
        table = _BULK.get(kind)
        suspects = (
            {row[0] for row in conn.execute(limits.suspect_rows(table, version))}
            if table is not None
            else None
        )
        for record in items:
            if suspects is None or getattr(record, "id", None) in suspects:
                _check_loaded(path, kind, record)
    if settings is not None:
        _check_loaded(path, Kind.SETTINGS, settings)
    problem = _reference_problem(articles, themes, passages)
    if problem:
        raise ProjectFileError(path, problem)
    return records


def _check_loaded(path: Path, kind: Kind, record: object) -> None:
    for problem in limits.record_problems(kind, record):
        raise ProjectFileError(path, f"is damaged: {problem}")


def _read_records(conn: sqlite3.Connection) -> Records:
    articles = [
        Article(*[*row[:10], limits.list_from_json("articles", "pages", row[10]), *row[11:]])
        for row in conn.execute(
            "SELECT id, title, text, outlet, author, published, source_file, content_hash,"
            " imported_at, reliability, pages, source_url, final_url, retrieved, sha256,"
            " original_size, reader, view, encoding FROM articles"
        )
    ]
    themes = [
        Theme(
            id,
            name,
            colour,
            description,
            limits.list_from_json("themes", "keywords", words),
            position,
            bool(visible) if visible in (0, 1) else visible,
        )  # fmt: skip
        for id, name, colour, description, words, position, visible in conn.execute(
            "SELECT id, name, colour, description, keywords, position, visible FROM themes"
        )
    ]
    links: dict[int, list[int]] = {}
    for passage_id, theme_id in conn.execute(
        "SELECT passage_id, theme_id FROM passage_themes ORDER BY passage_id, ordinal"
    ):
        links.setdefault(passage_id, []).append(theme_id)
    passages = [
        Passage(pid, aid, start, end, quote, tuple(links.get(pid, ())), *rest)
        for pid, aid, start, end, quote, *rest in conn.execute(
            "SELECT id, article_id, start_offset, end_offset, quote, note, prefix, suffix,"
            " created, updated, credibility, corroborates FROM passages"
        )
    ]
    rejections = [
        Rejection(*row)
        for row in conn.execute(
            "SELECT id, article_id, start_offset, end_offset, theme_id FROM rejections"
        )
    ]
    row = conn.execute(
        "SELECT title, analyst, handling, summary, theme_order FROM settings WHERE id = 1"
    ).fetchone()
    settings = None
    if row is not None:
        title, analyst, handling, summary, order = row
        theme_order = limits.list_from_json("settings", "theme_order", order)
        settings = BriefingSettings(title, analyst, handling, summary, theme_order)
    return articles, themes, passages, settings, rejections


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
