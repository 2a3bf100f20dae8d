"""Open, create and write `.briefing` project files.

Each edit is one SQLite transaction (WAL journal), so there is never unsaved work and a crash
loses at most the edit in flight. A file is untrusted input: before anything is written to it,
it is checked read-only (header, application id, schema version, integrity, no foreign tables
or triggers), and refused with a message naming it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from briefing.core.codebook import default_themes
from briefing.core.custody import pages_fit
from briefing.core.edit import (
    ArticleChange,
    Change,
    PassageChange,
    RejectionChange,
    SettingsChange,
    ThemeChange,
)
from briefing.core.errors import ProjectError
from briefing.core.grading import is_credibility, is_reliability
from briefing.core.project import SETTINGS_ID, Project
from briefing.core.records import Article, BriefingSettings, Original, Passage, Rejection, Theme
from briefing.store import schema
from briefing.store.lock import ProjectLock, ProjectLocked
from briefing.store.originals import pack_original

PROJECT_SUFFIX = ".briefing"
_SQLITE_HEADER = b"SQLite format 3\x00"


class ProjectFileError(ProjectError):
    """A project file that cannot be opened or written; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def create_project(path: Path, title: str | None = None) -> ProjectFile:
    """A new project file with the default codebook. Refuses to overwrite an existing file."""
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    try:
        conn = _connect(path)
        schema.migrate(conn, 0)
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not create the project ({error})") from error
    except OSError as error:
        raise ProjectFileError(path, f"could not create the project ({error.strerror})") from error
    project_file = ProjectFile(path, conn, Project(), _lock(path))
    themes = default_themes()
    settings = BriefingSettings(title=title or path.stem.replace("-", " ").replace("_", " "))
    project_file.write(
        [ThemeChange(t.id, None, t) for t in themes] + [SettingsChange(SETTINGS_ID, None, settings)]
    )
    project_file.project = Project(project_file, themes=themes, settings=settings)
    return project_file


def write_new_project(path: Path, project: Project) -> Path:
    """Store a project built in memory (an import) as a new project file, all of it in one
    transaction, under a temporary name that takes the real one only when everything is in:
    a failure or Ctrl-C part-way leaves no file behind. Refuses to overwrite a file."""
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    originals = {
        a.sha256: data for a in project.articles()
        if a.sha256 and (data := project.original(a.id)) is not None
    }  # fmt: skip
    changes: list[Change] = [
        *(ThemeChange(t.id, None, t) for t in project.themes()),
        *(ArticleChange(a.id, None, a) for a in project.articles()),
        *(PassageChange(p.id, None, p) for p in project.passages()),
        SettingsChange(SETTINGS_ID, None, project.settings),
    ]
    try:
        conn = _connect(temporary)
        try:
            schema.migrate(conn, 0)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.executemany(
                "INSERT INTO originals (sha256, size, data) VALUES (?, ?, ?)",
                [(digest, len(data), zlib.compress(data, 6)) for digest, data in originals.items()],
            )
            for change in changes:
                _write(conn, change)
            conn.execute("COMMIT")
        finally:
            conn.close()
        _claim(temporary, path)
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not be written ({error})") from error
    except OSError as error:
        raise ProjectFileError(path, f"could not be written ({error.strerror})") from error
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return path


def _claim(temporary: Path, path: Path) -> None:
    """Give the finished file its name, unless another file took that name meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise ProjectFileError(path, "a file of that name already exists") from None
    except OSError:  # a file system without hard links
        os.replace(temporary, path)


def open_project(path: Path, read_only: bool = False) -> ProjectFile:
    """Open a project for editing (one writer at a time), or `read_only` to look at it while
    another window edits it."""
    path = Path(path)
    _check_readonly(path)
    if read_only:
        return _open_read_only(path)
    lock = _lock(path)
    try:
        conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < schema.SCHEMA_VERSION:
            schema.migrate(conn, version)
        project_file = ProjectFile(path, conn, Project(), lock)
        project_file.project = _load(project_file, conn)
        project_file.drop_unused_originals()
    except sqlite3.Error as error:
        lock.release()
        raise ProjectFileError(path, f"could not be opened ({error})") from error
    except ProjectFileError:
        lock.release()
        raise
    return project_file


def _open_read_only(path: Path) -> ProjectFile:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA trusted_schema = OFF")
        project_file = ProjectFile(path, conn, Project(), read_only=True)
        project_file.project = _load(project_file, conn)
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not be opened ({error})") from error
    return project_file


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
        raise ProjectFileError(path, f"could not be opened ({error.strerror})") from error


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
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for change in changes:
                _write(conn, change)
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise ProjectFileError(self.path, f"the change could not be saved ({error})") from error

    def keep_originals(self, originals: Mapping[str, Original]) -> None:
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        rows = [
            (digest, len(kept.data), kept.packed or pack_original(kept.data))
            for digest, kept in originals.items()
        ]
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT OR IGNORE INTO originals (sha256, size, data) VALUES (?, ?, ?)", rows
            )
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise ProjectFileError(self.path, f"the change could not be saved ({error})") from error

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
        temporary = target.with_name(f".{target.name}.partial")
        try:
            copy = sqlite3.connect(temporary)
            with copy:
                self._conn.backup(copy)
            copy.close()
            temporary.replace(target)
        except (sqlite3.Error, OSError) as error:
            temporary.unlink(missing_ok=True)
            raise ProjectFileError(target, f"could not be written ({error})") from error
        return target

    def integrity_check(self) -> str:
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at each checkpoint
    return conn


def _check_readonly(path: Path) -> None:
    """Refuse a file that is not a sound project of ours, without writing a byte to it."""
    if not path.is_file():
        raise ProjectFileError(path, "no such project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise ProjectFileError(path, f"could not be read ({error.strerror})") from error
    if header != _SQLITE_HEADER:
        raise ProjectFileError(path, "is not a Briefing Builder project (not a project database)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not be read ({error})") from error
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        problem = _problem(conn)
    except sqlite3.DatabaseError as error:
        problem = f"is damaged and cannot be read ({error})"
    finally:
        conn.close()
    if problem:
        raise ProjectFileError(path, problem)


def _problem(conn: sqlite3.Connection) -> str | None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
        return "is not a Briefing Builder project (a database of another program)"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > schema.SCHEMA_VERSION:
        return (
            f"was made by a newer version of Briefing Builder (file format {version}, "
            f"this version reads up to {schema.SCHEMA_VERSION}); please update the app"
        )
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        return f"is damaged ({check}); open a backup copy instead"
    objects = conn.execute("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
    found = {(kind, name) for kind, name in objects}
    tables = {name for kind, name in found if kind == "table"}
    unexpected = sorted(
        name
        for kind, name in found
        if (kind == "table" and name not in schema.EXPECTED_TABLES)
        or (kind == "index" and name not in schema.EXPECTED_INDEXES)
        or kind in ("trigger", "view")
    )
    if unexpected:
        return f"holds unexpected database objects ({', '.join(unexpected)}) and was not opened"
    if version == schema.SCHEMA_VERSION and tables != schema.EXPECTED_TABLES:
        missing = ", ".join(sorted(schema.EXPECTED_TABLES - tables))
        return f"is incomplete (missing {missing})"
    return _oversized(conn, tables)


def _oversized(conn: sqlite3.Connection, tables: set[str]) -> str | None:
    """Refuse values far beyond anything the app writes (a hostile or broken file)."""
    for table, limits in schema.FIELD_LIMITS.items():
        if table not in tables:
            continue
        # A file of an older version lacks the newer columns (it is migrated after this check).
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        checked = {column: limit for column, limit in limits.items() if column in present}
        sizes = ", ".join(f"max(length({column}))" for column in checked)
        found = conn.execute(f"SELECT {sizes} FROM {table}").fetchone()
        for (column, limit), size in zip(checked.items(), found, strict=True):
            if size is not None and size > limit:
                return f"holds an oversized value ({table}.{column}: {size:,} characters)"
    return None


def _pages(value: str) -> tuple[int, ...]:
    pages = json.loads(value)
    if not isinstance(pages, list) or not all(type(p) is int for p in pages):
        raise ValueError("page starts are not a list of numbers")
    return tuple(pages)


def _load(backend: ProjectFile, conn: sqlite3.Connection) -> Project:
    try:
        articles = [
            Article(*[*row[:10], _pages(row[10]), *row[11:]])
            for row in conn.execute(
                "SELECT id, title, text, outlet, author, published, source_file, content_hash,"
                " imported_at, reliability, pages, source_url, final_url, retrieved, sha256,"
                " original_size, reader, view, encoding FROM articles"
            )
        ]
        themes = [
            Theme(id, name, colour, description, tuple(json.loads(keywords)), position, bool(vis))
            for id, name, colour, description, keywords, position, vis in conn.execute(
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
    except (TypeError, ValueError) as error:
        raise ProjectFileError(backend.path, f"holds malformed data ({error})") from error
    settings = None
    if row:
        title, analyst, handling, summary, order = row
        settings = BriefingSettings(title, analyst, handling, summary, tuple(json.loads(order)))
    texts = {a.id: a.text for a in articles}
    for passage in passages:
        text = texts.get(passage.article_id)
        if text is None or text[passage.start : passage.end] != passage.quote:
            raise ProjectFileError(
                backend.path, f"is damaged: passage {passage.id} no longer matches its article"
            )
    for article in articles:
        if not is_reliability(article.reliability):
            raise ProjectFileError(backend.path, f"holds a bad grade for article {article.id}")
        if not pages_fit(article.pages, len(article.text)):
            raise ProjectFileError(backend.path, f"holds bad page starts for article {article.id}")
    for passage in passages:
        if not passage.theme_ids or not is_credibility(passage.credibility):
            raise ProjectFileError(backend.path, f"holds a malformed passage {passage.id}")
    return Project(backend, articles, themes, passages, settings, rejections)


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
         a.imported_at, a.text, a.reliability, json.dumps(list(a.pages)), a.source_url,
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
        (t.id, t.name, t.colour, t.description, json.dumps(list(t.keywords)), t.position,
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
        (s.title, s.analyst, s.handling, s.summary, json.dumps(list(s.theme_order))),
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


def _write(conn: sqlite3.Connection, change: Change) -> None:
    if isinstance(change, ArticleChange):
        _write_article(conn, change.id, change.after)
    elif isinstance(change, ThemeChange):
        _write_theme(conn, change.id, change.after)
    elif isinstance(change, PassageChange):
        _write_passage(conn, change.id, change.after)
    elif isinstance(change, RejectionChange):
        _write_rejection(conn, change.id, change.after)
    else:
        _write_settings(conn, change.id, change.after)
