"""Open, create and write `.briefing` project files.

Each edit is one SQLite transaction (WAL journal), so there is never unsaved work and a crash
loses at most the edit in flight. (Edits made in the second or two a large file's opening
checks take are kept in memory meanwhile, in order, and written once the file is found sound:
the window does not wait for the checks. A crash then loses those.) A file is untrusted
input: before anything is written to it, it is checked read-only (header, application id,
schema version, integrity, exactly our tables, columns and indexes, every value within
`limits`), and refused with one line naming it. Writes pass the same `limits`, so the app
never writes a file it would refuse to open.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from briefing.core.codebook import default_themes
from briefing.core.collection import collection_paused
from briefing.core.edit import (
    ArticleChange,
    Change,
    Edit,
    Kind,
    PassageChange,
    RejectionChange,
    SettingsChange,
    Stamp,
    ThemeChange,
)
from briefing.core.errors import ProjectError
from briefing.core.progressive import FillingPassages, read_in_full
from briefing.core.project import SETTINGS_ID, ArticlesRead, Project
from briefing.core.records import BriefingSettings, Original, now
from briefing.store import (
    change_log,
    claim_index,
    descriptors,
    index_merging,
    later_checks,
    limits,
    schema,
    search_index,
)
from briefing.store.atomic_file import create_temporary, shared_file_mode
from briefing.store.checkpointer import Checkpointer
from briefing.store.claim_index import StoredClaims
from briefing.store.errors import (
    ProjectFileError,
    ProjectNotWritable,
    disk_full,
    os_reason,
    sqlite_reason,
)
from briefing.store.index_checks import IndexChecks
from briefing.store.lock import ProjectLock, ProjectLocked
from briefing.store.opening_reads import OpeningReads
from briefing.store.originals import pack_original, unpack_original
from briefing.store.project_check import QuickCheck, Records, inspect, inspect_shown, load
from briefing.store.writers import SQLITE, Writer

PROJECT_SUFFIX = ".briefing"
_SQLITE_HEADER = b"SQLite format 3\x00"
_NO_SHARED_MEMORY = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR)
_MAPPED_BYTES = 1 << 30  # of a file read through `_connect_mapped` (address space, not memory)
_LOG_ROW = "INSERT INTO change_log (at, author, description, changes) VALUES (?, ?, ?, ?)"


log = logging.getLogger(__name__)


def create_project(path: Path, title: str | None = None) -> ProjectFile:
    """A new project file with the default codebook, opened. Refuses to overwrite a file."""
    path = Path(path)
    settings = BriefingSettings(title=title or path.stem.replace("-", " ").replace("_", " "))
    write_new_project(path, Project(themes=default_themes(), settings=settings))
    return open_project(path)


def write_new_project(path: Path, project: Project) -> Path:
    """Store a project built in memory (a new one, an import) as a new project file.

    Every record passes `limits` first; all of it goes in one transaction, into a file under a
    temporary name that takes the real one only when it is complete, so a full disk, a kill or
    Ctrl-C never leaves a half-made project that would block the next try. Never overwrites.
    """
    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "a file of that name already exists")
    changes: list[Change] = [
        *(ThemeChange(t.id, None, t) for t in project.themes()),
        *(ArticleChange(a.id, None, a) for a in project.articles()),
        *(PassageChange(p.id, None, p) for p in project.passages()),
        *(RejectionChange(r.id, None, r) for r in project.rejections()),
        SettingsChange(SETTINGS_ID, None, project.settings),
    ]
    for change in changes:
        limits.check_change(change)
    rows = [
        (a.sha256, len(data), pack_original(data))
        for a in project.articles()
        if a.sha256 and (data := project.original(a.id)) is not None
    ]
    for digest, size, packed in rows:
        limits.check_row("originals", {"sha256": digest, "size": size, "data": packed})
    try:
        handle, temporary = create_temporary(path)
    except OSError as error:
        raise ProjectFileError(path, f"could not be created: {os_reason(error)}") from error
    os.close(handle)
    try:
        _build(temporary, changes, rows)
        os.chmod(temporary, shared_file_mode(path))
        _link_into_place(temporary, path)
    except sqlite3.Error as error:
        reason = sqlite_reason(error, path)
        raise ProjectFileError(path, f"could not be created: {reason}") from error
    except OSError as error:
        if isinstance(error, FileExistsError):
            raise ProjectFileError(path, "a file of that name already exists") from error
        raise ProjectFileError(path, f"could not be created: {os_reason(error)}") from error
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return path


def _build(
    path: Path, changes: Sequence[Change], originals: Sequence[tuple[str, int, bytes]]
) -> None:
    conn = _connect(path)
    try:
        schema.migrate(conn, 0)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.executemany("INSERT INTO originals (sha256, size, data) VALUES (?, ?, ?)", originals)
        writer = Writer(conn, SQLITE, index=search_index.follow)
        for change in changes:
            writer.write(change)
        claim_index.follow(conn, [c for c in changes if isinstance(c, ArticleChange)])
        conn.execute("COMMIT")
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


def open_project(path: Path, read_only: bool = False, deferred: bool = False) -> ProjectFile:
    """Open a project for editing (one writer at a time), or `read_only` to look at it while
    another window edits it. Raises ProjectNotWritable for a sound project on read-only media
    (open it read-only instead), and ProjectFileError for anything else that is wrong.

    Everything is checked and loaded through a read-only connection first: a file that is
    refused has not been touched, not even migrated.

    `deferred` (the window): only what is shown first is read and checked now, the rest by
    `read_more` while the window idles (`opening_reads`) and checked in a thread
    (`later_checks`); a problem found meanwhile is `opening_problem`, and nothing is written
    before the checks have found the file sound (the first write waits for them).
    """
    path = Path(path)
    held = descriptors.hold(path)  # the connections made while opening it keep their locks
    try:
        with collection_paused():  # a hundred thousand records, none of them garbage
            if deferred and not read_only:
                return _open_deferred(path)
            return _open(path, read_only)
    except UnicodeDecodeError as error:
        # sqlite3 raises this, not sqlite3.Error, when even SQLite's message about a damaged
        # schema holds bytes that are not UTF-8.
        raise ProjectFileError(path, "is damaged and cannot be read (invalid text)") from error
    finally:
        descriptors.let_go(held)


def _open(path: Path, read_only: bool) -> ProjectFile:
    _check_file(path)
    if read_only:
        conn, records = _read(path)
        project_file = ProjectFile(path, conn, Project(), read_only=True)
        project_file.project = Project(project_file, *records)
        # A damaged index is not used, here either: checked when first asked for (a command
        # that only reads the records, `briefing show`, never waits for the check), but
        # whether it lists an article that is gone is told now from the articles just read.
        project_file._index_unchecked = project_file._claims_unchecked = True
        project_file._stray_entries = search_index.strays(conn, {a.id for a in records[0]})
        return project_file
    blocked = _why_not_writable(path)
    if blocked:
        _read(path)[0].close()  # a damaged file says so rather than "read-only"
        raise ProjectNotWritable(path, f"{blocked}; it can only be opened read-only")
    lock = _lock(path)
    indexes: list[IndexChecks] = []

    def inspected(version: int, conn: sqlite3.Connection) -> None:
        # The indexes are checked while the records load (on a second core: nearly all of it
        # is inside SQLite), so that an import just after the opening never waits for them;
        # only in a file that is up to date and in WAL mode already, which the check's
        # connection then leaves as it is (a file refused has not been touched).
        if version == schema.SCHEMA_VERSION and _in_wal_mode(conn):
            indexes.append(IndexChecks(lambda: _connect(path)))

    try:
        reader, records = _read(path, inspected)
        reader.close()
        conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < schema.SCHEMA_VERSION:
            schema.migrate(conn, version)
    except sqlite3.Error as error:
        _let_go(indexes, lock)
        raise ProjectFileError(
            path, f"could not be opened: {sqlite_reason(error, path)}"
        ) from error
    except BaseException:
        _let_go(indexes, lock)
        raise
    project_file = ProjectFile(path, conn, Project(), lock)
    project_file.project = Project(project_file, *records)
    try:
        project_file.drop_unused_originals()
        if indexes:
            project_file._checks = indexes[0]
        else:
            project_file.check_indexes()
    except sqlite3.Error as error:
        project_file.close()
        raise ProjectFileError(
            path, f"could not be opened: {sqlite_reason(error, path)}"
        ) from error
    return project_file


def _open_deferred(path: Path) -> ProjectFile:
    _check_file(path)
    if _why_not_writable(path):
        return _open(path, False)  # says why (ProjectNotWritable)
    lock = _lock(path)
    reader: sqlite3.Connection | None = None
    checks: later_checks.LaterChecks | None = None
    try:
        reader = _connect_mapped(path)
        version = inspect_shown(path, reader, later_checks.read_at_once)
        if version < schema.SCHEMA_VERSION:  # an older file is brought up to date at once
            reader.close()
            lock.release()
            return _open(path, False)
        indexes = IndexChecks(lambda: _connect(path), own_thread=False)
        checks = later_checks.LaterChecks(lambda: _connect_mapped(path), version, indexes)
        reads = OpeningReads(reader, version, checks)
        articles, themes, settings, rejections = reads.read_at_once(path)
        conn = _connect(path)
    except BaseException as error:
        if reader is not None:
            reader.close()
        lock.release()
        if not isinstance(error, sqlite3.Error | ProjectFileError):
            raise
        # A damaged file says so, whatever else failed (as `_read` does).
        damaged = checks.damage() if checks is not None else None
        if damaged:
            raise ProjectFileError(path, damaged) from None
        if isinstance(error, ProjectFileError):
            raise
        raise ProjectFileError(path, f"could not be read: {sqlite_reason(error, path)}") from error
    project_file = ProjectFile(path, conn, Project(), lock)
    passages = FillingPassages(reads)
    project_file.project = Project(project_file, articles, themes, passages, settings, rejections)
    project_file._opening = _Opening(reads, passages, checks)
    project_file._checks = indexes  # checked by the thread of `checks`, after the counts
    return project_file


class _Storing:
    """An import's steps written in its transaction (`ProjectFile.write_as_read`): the rows
    of each as it comes, what goes in the two FTS5 indexes every `_INDEXED_AT_ONCE` articles
    (see `claim_index.Filing`: each time after the first, FTS5 writes what it holds as a
    segment)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        conn.execute("PRAGMA defer_foreign_keys = ON")
        self._writer = Writer(conn, SQLITE)
        self._filing = claim_index.Filing(conn)
        self._unindexed: list[ArticleChange] = []

    def store(self, step: ArticlesRead) -> None:
        self._conn.executemany(_KEEP_ORIGINAL, _original_rows(step.originals))
        for change in step.changes:
            self._writer.write(change)
        self._filing.follow(step.changes)
        self._unindexed += step.changes
        if len(self._unindexed) >= _INDEXED_AT_ONCE:
            self._index()

    def finish(self, logged: tuple[str, str, str, str]) -> None:
        self._index()
        self._filing.finish()
        self._conn.execute(_LOG_ROW, logged)

    def _index(self) -> None:
        for change in self._unindexed:
            search_index.follow(self._conn, change)
        self._unindexed = []
        self._filing.file_terms()


_INDEXED_AT_ONCE = 256  # articles (what is left when the last is read is indexed then)
_KEEP_ORIGINAL = "INSERT OR IGNORE INTO originals (sha256, size, data) VALUES (?, ?, ?)"


def _original_rows(originals: Mapping[str, Original]) -> list[tuple[str, int, bytes]]:
    """The originals' rows, each within `limits` (or RecordRefused)."""
    rows = [
        (digest, len(kept.data), kept.packed or pack_original(kept.data))
        for digest, kept in originals.items()
    ]
    for digest, size, packed in rows:
        limits.check_row("originals", {"sha256": digest, "size": size, "data": packed})
    return rows


@dataclass(frozen=True, slots=True)
class _Queued:
    """An edit's writing, kept till the opening's checks have found the file sound."""

    store: Callable[[sqlite3.Connection], None]
    articles: bool  # whether it changes articles


class _Opening:
    """What a deferred open has still to read (see `ProjectFile.read_more`), and its checks."""

    def __init__(
        self, reads: OpeningReads, passages: FillingPassages, checks: later_checks.LaterChecks
    ) -> None:
        self.reads, self.passages, self.checks = reads, passages, checks


def _let_go(indexes: list[IndexChecks], lock: ProjectLock) -> None:
    """After a failed opening: the indexes' check over (its connection closed), the lock let go."""
    for checks in indexes:
        checks.verdict()
    lock.release()


def _in_wal_mode(conn: sqlite3.Connection) -> bool:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _read(
    path: Path, inspected: Callable[[int, sqlite3.Connection], None] | None = None
) -> tuple[sqlite3.Connection, Records]:
    """A read-only connection to the checked file (an older format brought up to date in
    memory) and its records, all checked. `inspected(version, connection)` is called once
    its layout is found sound, before its records are read."""
    conn = _connect_read_only(path)
    check = QuickCheck(lambda: _connect_read_only(path))
    try:
        try:
            version = inspect(path, conn, check)
            if inspected is not None:
                inspected(version, conn)
            if version < schema.SCHEMA_VERSION:
                conn = _migrated_copy(conn, version)
            # A copy migrated in memory is on that connection only: read there alone.
            current = version == schema.SCHEMA_VERSION
            records = load(path, conn, (lambda: _connect_read_only(path)) if current else None)
        except (sqlite3.Error, ProjectFileError):
            damaged = check.problem()  # a damaged file says so, whatever else failed
            if damaged:
                raise ProjectFileError(path, damaged) from None
            raise
        damaged = check.problem()
        if damaged:
            raise ProjectFileError(path, damaged)
        return conn, records
    except sqlite3.Error as error:
        conn.close()
        raise ProjectFileError(path, f"could not be read: {sqlite_reason(error, path)}") from error
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
        if descriptors.held_here(path, beyond=1):
            raise ProjectFileError(path, "is already open here") from None
        raise ProjectFileError(
            path,
            "is open in another Briefing Builder window or program; close it there first "
            "(or open it read-only)",
        ) from None
    except OSError as error:
        raise ProjectFileError(path, f"could not be opened: {os_reason(error)}") from error


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
        self._held = descriptors.hold(path)  # until its connections are closed
        self._conn = conn
        self._lock = lock
        self.read_only = read_only
        self._index_trusted = True  # until found damaged on a project it cannot remake
        self._indexed_up_to = 0  # where `index_more` goes on from
        # The next commit switches the indexes' own merging off: the window merges them in
        # idle moments (`merge_indexes`).
        self._stop_automerge = False
        self.project = project
        self._claims = StoredClaims(
            conn,
            lambda: self.project.article_count(),
            connect=None if read_only else partial(_connect, path),  # to complete it elsewhere
        )
        self._claims_trusted = True  # as the search index's: until found damaged, read-only
        self._claims_up_to = 0  # the last article brought into the corroboration index
        self._checks: IndexChecks | None = None  # the indexes' check, while it runs
        self._index_unchecked = False  # read-only: `check_index` before the indexes are used
        self._claims_unchecked = False  # ... and `_check_claims` before the corroboration one
        self._stray_entries: bool | None = None  # read-only: `search_index.strays` at opening
        self._opening: _Opening | None = None  # what a deferred open has still to read
        self._opening_problem: str | None = None  # what it found wrong
        self._queued: list[_Queued] = []  # edits made while its checks ran (`write`)
        self._reads_left: OpeningReads | None = None  # those of a file found unsound
        self._checkpointer: Checkpointer | None = None
        if not read_only:
            conn.execute("PRAGMA wal_autocheckpoint = 0")  # the checkpointer's thread does it
            self._checkpointer = Checkpointer(path)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def location(self) -> str:
        """Where the project is, as the recent list and the command line name it."""
        return str(self.path)

    def write(self, edit: Edit) -> None:
        """Store the edit's changes and its change-log row in one transaction, or raise and
        store nothing (RecordRefused for a value the project cannot hold, ProjectFileError
        when the disk refuses)."""
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        for change in edit.changes:
            limits.check_change(change)
        for change in edit.of(ArticleChange):
            # An article still to be read in full is read now, while the file holds its row
            # as it was (an undo of its removal puts back what it had).
            if change.before is not None:
                read_in_full(change.before)
        logged = self._logged(edit)

        def store(conn: sqlite3.Connection) -> None:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            writer = Writer(conn, SQLITE, index=search_index.follow)
            for change in edit.changes:
                writer.write(change)
            claim_index.follow(conn, edit.of(ArticleChange))
            conn.execute(_LOG_ROW, logged)

        articles = edit.touches(ArticleChange)
        if self._queued or self._checks_running():
            # The file is not yet found sound: kept, in order, till it is (`_write_queued`),
            # rather than the window waiting a second or two for the checks.
            self._queued.append(_Queued(store, articles))
            return
        self._transaction(store)
        if articles:
            self._claims.changed()

    def write_as_read(self, steps: Iterable[ArticlesRead], edit: Callable[[], Edit]) -> Edit:
        """Store an import as it is read: each step's articles, their originals and both
        indexes as the step comes (while the next is read), then the whole edit's change-log
        row, all in one transaction; or raise and store nothing. The transaction begins once
        the indexes' check is in (the steps before it wait in memory), so reading never waits
        for it. While edits wait for the opening's checks, the steps are gathered and stored
        as `keep_originals` and `write` would store them, after those edits."""
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        if self._queued or self._checks_running():
            return self._write_gathered(steps, edit)
        conn = self._conn
        storing: _Storing | None = None
        waiting: list[ArticlesRead] = []
        with self._saving():
            for step in steps:
                for change in step.changes:
                    limits.check_change(change)
                waiting.append(step)
                if storing is None and self._checks is not None and not self._checks.done():
                    continue  # the indexes' verdict is not in yet
                if storing is None:
                    storing = self._begin_storing()
                for ready in waiting:
                    storing.store(ready)
                waiting.clear()
            done = edit()
            if not done:
                if conn.in_transaction:  # steps of nothing stored: nothing to keep
                    conn.execute("ROLLBACK")
                return done
            if storing is None:
                storing = self._begin_storing()
            for ready in waiting:
                storing.store(ready)
            storing.finish(self._logged(done))
            conn.execute("COMMIT")
        if self._checkpointer is not None:
            self._checkpointer.nudge()
        self._claims.changed()
        return done

    def _begin_storing(self) -> _Storing:
        self._found_sound()
        self._settle_checks()  # (may make an index again, in a transaction of its own)
        self._conn.execute("BEGIN IMMEDIATE")
        return _Storing(self._conn)

    def _write_gathered(self, steps: Iterable[ArticlesRead], edit: Callable[[], Edit]) -> Edit:
        originals: dict[str, Original] = {}
        for step in steps:
            originals.update(step.originals)
        done = edit()
        if done:
            if originals:
                self.keep_originals(originals)
            self.write(done)
        return done

    def _logged(self, edit: Edit) -> tuple[str, str, str, str]:
        """The edit's row of the change log."""
        return (now(), self.project.analyst, change_log.description(edit),
                change_log.items_to_json(edit))  # fmt: skip

    def reserve_ids(self, kind: Kind, first: int, count: int) -> int:
        return first  # one writer: the next id after the highest it holds is free

    def follow(self, deliver: Callable[[object], None]) -> None:
        """Nothing to hear of: a file has one writer, this window (see `ServerProject`)."""

    def take_in(self, news: object) -> int:
        return 0

    def identity(self) -> str | None:
        return None  # the analyst named in the briefing settings

    def history(self, limit: int) -> list[change_log.Logged]:
        """The last `limit` stored edits, newest first."""
        rows = self._conn.execute(change_log.HISTORY + "?", (limit,)).fetchall()
        return [change_log.logged_from(row) for row in rows]

    def last_change(self, kind: Kind, record_id: int) -> Stamp | None:
        item = change_log.item_text((kind, record_id))
        row = self._conn.execute(
            "SELECT at, author FROM change_log, json_each(change_log.changes) AS item"
            " WHERE json_valid(change_log.changes) AND item.value = ?"
            " ORDER BY change_log.id DESC LIMIT 1",
            (item,),
        ).fetchone()
        return Stamp(str(row[1]), str(row[0])) if row else None

    # ----- a deferred open -------------------------------------------------------------------

    def reading(self) -> bool:
        """Whether a deferred open is still reading the file (`read_more`)."""
        return self._opening is not None

    def read_more(self, seconds: float) -> bool:
        """Read the next batches of a deferred open for about `seconds`; False once all of it
        is read (then `opening_problem` says whether it was found sound)."""
        opening = self._opening
        if opening is None:
            return False
        opening.checks.go_on()  # the window has painted: the checks after the counts begin
        deadline = time.perf_counter() + seconds
        with collection_paused():
            while opening.passages.fill():
                if time.perf_counter() >= deadline:
                    return True
        self._opened()
        return False

    def opening_problem(self) -> str | None:
        """What a deferred open found wrong with the file (a phrase after its path), or None.
        The window closes a project with a problem; the file was never written to."""
        if self._opening_problem is not None:
            return self._opening_problem
        opening = self._opening
        return opening.reads.problem if opening is not None else None

    def _checks_running(self) -> bool:
        opening = self._opening
        return opening is not None and not opening.checks.done()

    def queued(self) -> int:
        """How many edits wait for the opening's checks to be stored (`write`)."""
        return len(self._queued)

    def _write_queued(self) -> None:
        """Store the edits made while the opening's checks ran, in order, each in its own
        transaction as `write` would have (waiting for the checks). They are in memory and in
        the views already: if the file is found unsound or a write fails, the project cannot
        go on as it is, and every write after is refused with why (`opening_problem`; the
        window closes the project and says so)."""
        if not self._queued:
            return
        try:
            self._found_sound()
            # Before the first: its outdating of an index is a transaction, which writes
            # what waits (this, again) ahead of it.
            self._settle_checks()
        except ProjectFileError as error:
            self._unsaved(error.reason)
            raise ProjectFileError(self.path, self._unsaved_problem()) from error
        while self._queued:
            entry = self._queued.pop(0)
            try:
                self._run_transaction(entry.store)
            except ProjectFileError as error:
                self._queued.insert(0, entry)
                cause = error.__cause__
                why = sqlite_reason(cause, self.path) if isinstance(cause, sqlite3.Error) else ""
                self._unsaved(f"could not be written: {why or error.reason}")
                raise ProjectFileError(self.path, self._unsaved_problem()) from error
            if entry.articles:
                self._claims.changed()

    def _unsaved(self, problem: str) -> None:
        count, self._queued = len(self._queued), []
        changes = "the change" if count == 1 else f"the {count} changes"
        self._opening_problem = f"{problem} ({changes} made since it was opened could not be saved)"
        log.error("%s: %s", self.path, self._opening_problem)

    def _unsaved_problem(self) -> str:
        return self._opening_problem or "could not be written"

    def _found_sound(self) -> None:
        """Before a write: a deferred open's checks over (waiting for them, a second or so
        after it opened) and the file found sound; the rest may still be read after."""
        opening, problem = self._opening, self._opening_problem
        if problem is None and opening is not None:
            problem = opening.checks.problem() or opening.reads.problem
        if problem is not None:
            raise ProjectFileError(self.path, problem)

    def _opened(self) -> None:
        opening, self._opening = self._opening, None
        if opening is None:
            return
        problem = opening.reads.problem
        if problem is not None and self._opening_problem is None:
            if self._queued:
                self._unsaved(problem)
            else:
                self._opening_problem = problem
        if self._opening_problem is not None:
            # Never written to; the articles not read yet still read from it until it closes.
            self._reads_left = opening.reads
            return
        opening.reads.close()
        try:
            self._write_queued()
        except ProjectFileError:
            return  # `opening_problem` says why
        try:
            self.drop_unused_originals()
        except sqlite3.Error as error:  # as `_open` says it (a file SQLite will not write)
            self._opening_problem = f"could not be opened: {sqlite_reason(error, self.path)}"

    def _transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Run `work` in one transaction, after the edits waiting for the opening's checks;
        on any failure (Ctrl-C included) store nothing."""
        self._write_queued()
        self._run_transaction(work)

    def _run_transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        self._found_sound()
        self._settle_checks()
        conn = self._conn
        with self._saving():
            conn.execute("BEGIN IMMEDIATE")
            if self._stop_automerge:
                index_merging.stop_automerge(conn)
            work(conn)
            conn.execute("COMMIT")
        self._stop_automerge = False
        if self._checkpointer is not None:
            self._checkpointer.nudge()

    @contextmanager
    def _saving(self) -> Iterator[None]:
        """The block's transaction rolled back on any failure (Ctrl-C included), an SQLite
        error told as the change not saved."""
        conn = self._conn
        try:
            yield
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                reason = sqlite_reason(error, self.path)
                raise ProjectFileError(
                    self.path, f"the change was not saved: {reason}; the project is as it was"
                ) from error
            raise

    def keep_originals(self, originals: Mapping[str, Original]) -> None:
        """Store the exact bytes articles were read from, once per SHA-256 (zlib)."""
        if self.read_only:
            raise ProjectFileError(self.path, "is open read-only; changes cannot be saved")
        rows = _original_rows(originals)
        self._transaction(lambda conn: conn.executemany(_KEEP_ORIGINAL, rows))

    def original(self, sha256: str) -> bytes | None:
        row = self._conn.execute(
            "SELECT size, data FROM originals WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else unpack_original(sha256, *row)

    # ----- the full-text index ---------------------------------------------------------------

    def search_candidates(self, expression: str) -> Iterable[int] | None:
        self._settle_checks(claims=False)
        if not self._index_trusted:
            return None  # damaged, on a project that cannot be changed: read every article
        try:
            return search_index.candidates(self._conn, expression, self.project.article_count())
        except search_index.IndexDamaged as damage:
            self._renew_index(str(damage))
            return None

    def check_index(self) -> None:
        """Make a damaged search index again (it is never trusted): when a read-only project
        first searches (a writable one checks both indexes in a thread: `check_indexes`)."""
        sound = search_index.healthy(
            self._conn, writable=not self.read_only, stray=self._stray_entries
        )
        if not sound:
            self._renew_index("it failed its check")

    def _check_claims(self) -> None:
        """The corroboration index's check, when a read-only project first asks for it: a
        search never waits for it (37 ms at scale 10, growing with the corpus)."""
        if not claim_index.healthy(self._conn, writable=not self.read_only):
            log.warning("The corroboration index of %s is damaged: not used", self.path)
            self._claims_trusted = False

    def check_indexes(self) -> None:
        """Check both indexes (in a thread: see `index_checks`) when the project is opened; a
        damaged one is made again before it is next used (never trusted)."""
        self._checks = IndexChecks(lambda: _connect(self.path))

    def settled(self, wait: float = 0.0) -> bool:
        """Whether `claims` answers without waiting for the opening's checks (waiting up to
        `wait` seconds for them): for the indexes' verdict, and where an index must be made
        again (a write), for the checks of the whole file as well."""
        deadline = time.perf_counter() + wait
        if any(entry.articles for entry in self._queued):  # the index does not hold them yet
            opening = self._opening
            if opening is not None and not opening.checks.done(wait):
                return False
            try:
                self._write_queued()
            except ProjectFileError:
                pass  # the window closes the project (`opening_problem`)
        checks = self._checks
        if checks is None:
            return True
        if self._opening is not None:
            self._opening.checks.go_on()  # the verdict comes after the counts
        if not checks.done(wait):
            return False
        if all(checks.verdict()):
            return True
        opening = self._opening
        return opening is None or opening.checks.done(max(0.0, deadline - time.perf_counter()))

    def _settle_checks(self, claims: bool = True) -> None:
        if self._index_unchecked:
            self._index_unchecked = False
            self.check_index()
        if claims and self._claims_unchecked:
            self._claims_unchecked = False
            self._check_claims()
        if self._opening is not None:
            self._opening.checks.go_on()  # their verdict is needed now
        checks, self._checks = self._checks, None
        if checks is None:
            return
        search_sound, claims_sound = checks.verdict()
        if not search_sound:
            self._renew_index("it failed its check")
        if not claims_sound:
            log.warning("The corroboration index of %s is damaged or outdated: made again",
                        self.path)  # fmt: skip
            self._transaction(claim_index.outdate)  # emptied by whoever next writes to it
            self._claims.changed()

    def _renew_index(self, why: str) -> None:
        if self.read_only:
            log.warning("The search index of %s is damaged (%s): not used", self.path, why)
            self._index_trusted = False
            return
        log.warning("The search index of %s is damaged (%s): made again", self.path, why)
        self._transaction(search_index.rebuild)

    def unindexed(self) -> int:
        self._settle_checks(claims=False)
        return search_index.unindexed(self._conn, self.project.article_count())

    def index_more(self, limit: int) -> int:
        if self.read_only:
            return 0  # a read-only project is searched without the articles it lacks
        last: list[int] = []
        after = self._indexed_up_to
        self._transaction(lambda conn: last.append(search_index.index_more(conn, limit, after)))
        # Articles before the cursor that are still not indexed (a rebuilt index, an undone
        # removal) are found by starting again from the first.
        self._indexed_up_to = last[0]
        return self.unindexed()

    def merge_indexes(self, pages: int) -> bool:
        # Each time (an index made again starts with FTS5's own setting), and before the
        # checks are settled too: then the next commit, an import's first step, does it.
        self._stop_automerge = not self.read_only
        if self.read_only or self._checks_running() or not self.settled():
            # Never waits: a write before the opening's checks of the file are over waits for
            # them (up to a second at 10,000 articles, on the window's thread); and they may
            # yet make an index again.
            return False
        more: list[bool] = []
        self._transaction(lambda conn: more.append(index_merging.merge_some(conn, pages)))
        return more[0]

    # ----- the corroboration index ------------------------------------------------------------

    def claims(self) -> StoredClaims | None:
        """The corroboration index; None where it cannot be used as it is (damaged, or still
        to complete in a project open read-only): the articles are then indexed in memory."""
        self._settle_checks()
        usable = self._claims_trusted and not (self.read_only and self._claims.missing())
        return self._claims if usable else None

    def index_claims(self, limit: int) -> int:
        """Index up to `limit` more articles' sentences (one transaction); how many are still
        to do."""
        if self.read_only:
            return 0
        project = self.project

        def text_of(article_id: int) -> str | None:
            try:
                return project.article(article_id).text
            except ProjectError:
                return None

        last: list[int] = []
        self._transaction(
            lambda conn: last.append(
                claim_index.index_more(conn, limit, text_of, self._claims_up_to)
            )
        )
        self._claims_up_to = last[0]
        self._claims.changed()
        return self._claims.missing()

    def drop_unused_originals(self) -> None:
        """Originals no article names (an undone import, a removed article) once no undo can
        bring them back: when the project is opened."""
        self._conn.execute(
            "DELETE FROM originals WHERE sha256 NOT IN (SELECT sha256 FROM articles)"
        )

    def save_as(self, target: Path) -> Path:
        """Copy the project to `target` (SQLite's backup API: consistent even mid-session)."""
        self._write_queued()
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
                target, f"could not be written: {sqlite_reason(error, target)}"
            ) from error
        except OSError as error:
            raise ProjectFileError(target, f"could not be written: {os_reason(error)}") from error
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
        return target

    def reader(self) -> ProjectFile:
        """The project opened again read-only, for work on another thread."""
        self._write_queued()
        return open_project(self.path, read_only=True)

    def integrity_check(self) -> str:
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        try:
            self._write_queued()  # waits for the checks: `stop` would leave them undone
        except ProjectFileError:
            pass  # what was lost is logged
        if self._opening is not None:
            self._opening.checks.stop()
        reads = self._opening.reads if self._opening is not None else self._reads_left
        if reads is not None:
            reads.close()
        self._opening = self._reads_left = None
        self._claims.close()  # a completion at work stops before the file is let go
        if self._checks is not None:
            self._checks.verdict()  # its connection closed before the file is
            self._checks = None
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
            try:  # leave the file whole, its WAL folded in and emptied
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                log.info("Final checkpoint of %s put off: %s", self.path, error)
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        descriptors.let_go(self._held)
        self._held = None


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
            raise ProjectFileError(path, sqlite_reason(error, path)) from error
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
        conn.execute("PRAGMA trusted_schema = OFF")
        return conn
    except sqlite3.Error as error:
        raise ProjectFileError(path, f"could not be read: {sqlite_reason(error, path)}") from error


def _connect_mapped(path: Path) -> sqlite3.Connection:
    """A read-only connection that maps the file into memory: reading a large project's tables
    from the page cache without copying each page (half the time of a scan)."""
    conn = _connect_read_only(path)
    conn.execute(f"PRAGMA mmap_size = {_MAPPED_BYTES}")
    return conn


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ProjectFileError(path, "no such project file") from None
    except OSError as error:
        raise ProjectFileError(path, f"could not be read: {os_reason(error)}") from error
    if stat.S_ISDIR(info.st_mode):
        raise ProjectFileError(path, "is a folder, not a project file")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectFileError(path, "is not a regular file, so not a project")
    try:
        header = descriptors.read_start(path, len(_SQLITE_HEADER))
    except OSError as error:
        raise ProjectFileError(path, f"could not be read: {os_reason(error)}") from error
    if header != _SQLITE_HEADER:
        raise ProjectFileError(path, "is not a Briefing Builder project (not a project database)")


def _why_not_writable(path: Path) -> str | None:
    """Why the project could not be changed where it is, or None. SQLite needs to write the
    file and to make its -wal and -shm files beside it."""
    if disk_full(path):
        return "the disk is full"
    try:
        descriptors.close(os.open(path, os.O_RDWR))
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
