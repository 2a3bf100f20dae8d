"""Open, create and write `.briefing` project files.

Each edit is one SQLite transaction (WAL journal), so there is never unsaved work and a crash
loses at most the edit in flight. A file is untrusted input: before anything is written to it,
it is checked read-only (header, application id, schema version, integrity, exactly our tables,
columns and indexes, every value within `limits`), and refused with one line naming it. Writes
pass the same `limits`, so the app never writes a file it would refuse to open.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from briefing.core.codebook import default_themes
from briefing.core.edit import Change, Kind
from briefing.core.errors import ProjectError
from briefing.core.project import SETTINGS_ID, Project
from briefing.core.records import Article, BriefingSettings, Passage, Rejection, Theme
from briefing.core.text import shorten
from briefing.store import limits, schema
from briefing.store.atomic_file import create_temporary, shared_file_mode
from briefing.store.lock import ProjectLock, ProjectLocked

PROJECT_SUFFIX = ".briefing"
_SQLITE_HEADER = b"SQLite format 3\x00"
_NO_SHARED_MEMORY = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR)
_MIN_FREE_BYTES = 1024 * 1024  # less than this and SQLite cannot be sure of its -shm and -wal
# Tables SQLite itself may add to any database (ANALYZE); they hold statistics, not data.
_SQLITE_STATISTICS = frozenset({"sqlite_stat1", "sqlite_stat4"})


class ProjectFileError(ProjectError):
    """A project file that cannot be opened or written; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        reason = " ".join(reason.splitlines())  # SQLite's own reports span lines
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ProjectNotWritable(ProjectFileError):
    """A sound project that cannot be changed where it is (read-only disk or folder); it can
    still be opened read-only."""


def create_project(path: Path, title: str | None = None) -> ProjectFile:
    """A new project file with the default codebook. Refuses to overwrite an existing file.

    The file is built under a temporary name and linked into place only when complete, so a
    full disk or a kill never leaves a half-made project that would block the next try.
    """
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    try:
        handle, temporary = create_temporary(path)
    except OSError as error:
        raise ProjectFileError(path, f"could not be created: {_os_reason(error)}") from error
    os.close(handle)
    try:
        _build(temporary, title or path.stem.replace("-", " ").replace("_", " "))
        os.chmod(temporary, shared_file_mode(path))
        _link_into_place(temporary, path)
    except sqlite3.Error as error:
        reason = _sqlite_reason(error, path)
        raise ProjectFileError(path, f"could not be created: {reason}") from error
    except OSError as error:
        if isinstance(error, FileExistsError):
            raise ProjectFileError(path, "a file of that name already exists") from error
        raise ProjectFileError(path, f"could not be created: {_os_reason(error)}") from error
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
    return open_project(path)


def _build(path: Path, title: str) -> None:
    conn = _connect(path)
    try:
        schema.migrate(conn, 0)
        project_file = ProjectFile(path, conn, Project())
        project_file.write(
            [Change(Kind.THEME, t.id, None, t) for t in default_themes()]
            + [Change(Kind.SETTINGS, SETTINGS_ID, None, BriefingSettings(title=title))]
        )
        # Back to a rollback journal: the finished file stands alone, with no -wal beside it.
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _link_into_place(temporary: Path, path: Path) -> None:
    """Give the finished file its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links.
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(temporary, path)


def open_project(path: Path, read_only: bool = False) -> ProjectFile:
    """Open a project for editing (one writer at a time), or `read_only` to look at it while
    another window edits it. Raises ProjectNotWritable for a sound project on read-only media
    (open it read-only instead), and ProjectFileError for anything else that is wrong.

    Everything is checked and loaded through a read-only connection first: a file that is
    refused has not been touched, not even migrated.
    """
    path = Path(path)
    try:
        return _open(path, read_only)
    except UnicodeDecodeError as error:
        # sqlite3 raises this, not sqlite3.Error, when even SQLite's message about a damaged
        # schema holds bytes that are not UTF-8.
        raise ProjectFileError(path, "is damaged and cannot be read (invalid text)") from error


def _open(path: Path, read_only: bool) -> ProjectFile:
    _check_file(path)
    if read_only:
        conn, records = _read(path)
        project_file = ProjectFile(path, conn, Project(), read_only=True)
        project_file.project = Project(project_file, *records)
        return project_file
    blocked = _why_not_writable(path)
    if blocked:
        _read(path)[0].close()  # a damaged file says so rather than "read-only"
        raise ProjectNotWritable(path, f"{blocked}; it can only be opened read-only")
    lock = _lock(path)
    try:
        reader, records = _read(path)
        reader.close()
        conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < schema.SCHEMA_VERSION:
            schema.migrate(conn, version)
    except sqlite3.Error as error:
        lock.release()
        raise ProjectFileError(
            path, f"could not be opened: {_sqlite_reason(error, path)}"
        ) from error
    except BaseException:
        lock.release()
        raise
    project_file = ProjectFile(path, conn, Project(), lock)
    project_file.project = Project(project_file, *records)
    try:
        project_file.drop_unused_originals()
    except sqlite3.Error as error:
        project_file.close()
        raise ProjectFileError(
            path, f"could not be opened: {_sqlite_reason(error, path)}"
        ) from error
    return project_file


def _read(path: Path) -> tuple[sqlite3.Connection, tuple]:
    """A read-only connection to the checked file (an older format brought up to date in
    memory) and its records, all checked."""
    conn = _connect_read_only(path)
    try:
        version = _inspect(path, conn)
        if version < schema.SCHEMA_VERSION:
            conn = _migrated_copy(conn, version)
        return conn, _load(path, conn)
    except sqlite3.Error as error:
        conn.close()
        raise ProjectFileError(path, f"could not be read: {_sqlite_reason(error, path)}") from error
    except BaseException:
        conn.close()
        raise


def _migrated_copy(conn: sqlite3.Connection, version: int) -> sqlite3.Connection:
    """An older file brought up to date in memory: looking at a project never changes it."""
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.backup(copy)
    conn.close()
    schema.migrate(copy, version)
    return copy


def _lock(path: Path) -> ProjectLock:
    try:
        return ProjectLock(path)
    except ProjectLocked:
        raise ProjectFileError(
            path,
            "is open in another Briefing Builder window or program; close it there first "
            "(or open it read-only)",
        ) from None
    except OSError as error:
        raise ProjectFileError(path, f"could not be opened: {_os_reason(error)}") from error


class ProjectFile:
    """An open project file; it is the project's backend, storing each edit as it happens."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        project: Project,
        lock: ProjectLock | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self._conn = conn
        self._lock = lock
        self.read_only = read_only
        self.project = project

    @property
    def name(self) -> str:
        return self.path.stem

    def write(self, changes: Sequence[Change]) -> None:
        """Store the changes in one transaction, or raise and store nothing (RecordRefused for
        a value the project cannot hold, ProjectFileError when the disk refuses)."""
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        for change in changes:
            limits.check_change(change)

        def store(conn: sqlite3.Connection) -> None:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for change in changes:
                _WRITERS[change.kind](conn, change.id, change.after)

        self._transaction(store)

    def _transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Run `work` in one transaction; on any failure (Ctrl-C included) store nothing."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            work(conn)
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                reason = _sqlite_reason(error, self.path)
                raise ProjectFileError(
                    self.path, f"the change was not saved: {reason}; the project is as it was"
                ) from error
            raise

    def keep_originals(self, originals: Mapping[str, bytes]) -> None:
        """Store the exact bytes articles were read from, once per SHA-256 (zlib)."""
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        rows = [(digest, len(data), zlib.compress(data, 6)) for digest, data in originals.items()]
        for digest, size, packed in rows:
            limits.check_row("originals", {"sha256": digest, "size": size, "data": packed})
        self._transaction(
            lambda conn: conn.executemany(
                "INSERT OR IGNORE INTO originals (sha256, size, data) VALUES (?, ?, ?)", rows
            )
        )

    def original(self, sha256: str) -> bytes | None:
        row = self._conn.execute(
            "SELECT size, data FROM originals WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is None:
            return None
        size, data = row
        try:
            # Never inflate past the size it claims: a hostile file could hold a zip bomb.
            inflater = zlib.decompressobj()
            original = inflater.decompress(data, size + 1)
        except (zlib.error, TypeError):
            return None
        if len(original) != size or hashlib.sha256(original).hexdigest() != sha256:
            return None  # damaged: no evidence is better than wrong evidence
        return original

    def drop_unused_originals(self) -> None:
        """Originals no article names (an undone import, a removed article) once no undo can
        bring them back: when the project is opened."""
        self._conn.execute(
            "DELETE FROM originals WHERE sha256 NOT IN (SELECT sha256 FROM articles)"
        )

    def save_as(self, target: Path) -> Path:
        """Copy the project to `target` (SQLite's backup API: consistent even mid-session)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectFileError(target, "that is the file already open")
        temporary: Path | None = None
        try:
            handle, temporary = create_temporary(target)
            os.close(handle)
            copy = sqlite3.connect(temporary)
            with copy:
                self._conn.backup(copy)
            copy.close()
            os.chmod(temporary, shared_file_mode(target))
            temporary.replace(target)
        except sqlite3.Error as error:
            raise ProjectFileError(
                target, f"could not be written: {_sqlite_reason(error, target)}"
            ) from error
        except OSError as error:
            raise ProjectFileError(target, f"could not be written: {_os_reason(error)}") from error
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
        return target

    def integrity_check(self) -> str:
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


# ----- connecting ---------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at each checkpoint
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. A WAL reader needs the -shm file beside the project; on
    read-only media where there is none and none can be made, the file is read as immutable
    (nothing can be changing it there)."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        return conn
    except sqlite3.Error as error:
        # No -shm and none can be made: a read-only folder or disk, or a full one.
        if error.sqlite_errorcode & 0xFF not in _NO_SHARED_MEMORY:
            raise ProjectFileError(path, _sqlite_reason(error, path)) from error
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
        conn.execute("PRAGMA trusted_schema = OFF")
        return conn
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not be read: {_sqlite_reason(error, path)}") from error


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ProjectFileError(path, "no such project file") from None
    except OSError as error:
        raise ProjectFileError(path, f"could not be read: {_os_reason(error)}") from error
    if stat.S_ISDIR(info.st_mode):
        raise ProjectFileError(path, "is a folder, not a project file")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectFileError(path, "is not a regular file, so not a project")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise ProjectFileError(path, f"could not be read: {_os_reason(error)}") from error
    if header != _SQLITE_HEADER:
        raise ProjectFileError(path, "is not a Briefing Builder project (not a project database)")


def _why_not_writable(path: Path) -> str | None:
    """Why the project could not be changed where it is, or None. SQLite needs to write the
    file and to make its -wal and -shm files beside it."""
    if _disk_full(path):
        return "the disk is full"
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            where = "disk" if error.errno == errno.EROFS else "file"
            return f"the {where} is read-only"
        return None  # any other problem shows when it is opened
    try:
        handle, probe = create_temporary(path)
        os.close(handle)
        probe.unlink()
    except OSError as error:
        if error.errno == errno.EROFS:
            return "the disk is read-only"
        if error.errno in (errno.EACCES, errno.EPERM):
            return "its folder is read-only"
    return None


# ----- checking -----------------------------------------------------------------------------


def _inspect(path: Path, conn: sqlite3.Connection) -> int:
    """The file's schema version, or ProjectFileError with one line saying what is wrong."""
    try:
        version, problem = _problem(conn)
    except sqlite3.Error as error:
        raise ProjectFileError(path, _sqlite_reason(error, path)) from error
    if problem:
        raise ProjectFileError(path, problem)
    return version


def _problem(conn: sqlite3.Connection) -> tuple[int, str | None]:
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
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        return version, f"is damaged ({shorten(check, 200)}); open a backup copy instead"
    return version, _layout_problem(conn, version) or _oversized(conn, version)


def _layout_problem(conn: sqlite3.Connection, version: int) -> str | None:
    expected = schema.layout(version)
    unexpected, tables = [], set()
    for kind, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema"
    ):
        if kind == "table" and name in expected.columns:
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
        sizes = ", ".join(f'max(length("{c.column}"))' for c in declared)
        found = conn.execute(f'SELECT {sizes} FROM "{table}"').fetchone()
        for column, size in zip(declared, found, strict=True):
            if size is not None and size > column.max_chars:
                return (
                    f"holds an oversized value ({table}.{column.column}: {size:,} characters, "
                    f"at most {column.max_chars:,} allowed)"
                )
    return None


def _load(path: Path, conn: sqlite3.Connection) -> tuple:
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
    for kind, items in ((Kind.ARTICLE, articles), (Kind.THEME, themes),
                        (Kind.PASSAGE, passages), (Kind.REJECTION, rejections)):  # fmt: skip
        for record in items:
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


def _read_records(conn: sqlite3.Connection) -> tuple:
    articles = [
        Article(*row[:10], limits.list_from_json("articles", "pages", row[10]), *row[11:])
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
        settings = BriefingSettings(
            *row[:4], limits.list_from_json("settings", "theme_order", row[4])
        )
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


# ----- what went wrong, in words ------------------------------------------------------------


def _disk_full(path: Path) -> bool:
    try:
        space = os.statvfs(path.parent if str(path.parent) else ".")
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return space.f_bavail * space.f_frsize < _MIN_FREE_BYTES


def _sqlite_reason(error: sqlite3.Error, path: Path | None = None) -> str:
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    said = shorten(" ".join(str(error).split()), 160)  # SQLite may quote a whole schema
    # SQLite reports a failed write of its -shm or -wal as a plain I/O error.
    if code == sqlite3.SQLITE_FULL or (
        code == sqlite3.SQLITE_IOERR and path is not None and _disk_full(path)
    ):
        return "the disk is full"
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return "the disk or folder is read-only"
    if code == sqlite3.SQLITE_CANTOPEN:
        return "the file or its folder cannot be opened (it may be read-only or missing)"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"is damaged and cannot be read ({said}); open a backup copy instead"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return "is busy in another program; try again in a moment"
    if code == sqlite3.SQLITE_IOERR:
        return f"the disk reported an error ({said})"
    return said


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the folder may be read-only)"
    return error.strerror or str(error)


# ----- writers: one per record kind; `None` deletes ------------------------------------------


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


_WRITERS = {
    Kind.REJECTION: _write_rejection,
    Kind.ARTICLE: _write_article,
    Kind.THEME: _write_theme,
    Kind.PASSAGE: _write_passage,
    Kind.SETTINGS: _write_settings,
}
