"""A project on a PostgreSQL server: the backend a desk of analysts shares.

Every edit is one transaction that also appends a change-log row and announces its id
(NOTIFY). Writers take one advisory lock for the statements that write (never across a
network round trip), so change-log ids commit in order and a reader that has taken in entry
N has seen everything before it. Each row carries the id of the entry that last wrote it (its
revision); an edit is written only if every row it changes is still at the revision this
window knows (`server_conflicts`, which locks those rows), so two analysts changing the same
item never overwrite each other: the later edit is refused with who changed it and when, and
this window catches up to show their version.

Other analysts' edits come in through `catch_up`: the log entries since the last one taken
in, and the records they name as they are now, read in one snapshot and handed to
`Project.receive`, the same path to every view as a local edit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

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
from briefing.core.errors import EditConflict
from briefing.core.project import Project
from briefing.core.records import Original
from briefing.core.roles import Role
from briefing.store import change_log, limits, server_rows, server_search
from briefing.store import server_schema as schema
from briefing.store.address import ServerAddress
from briefing.store.originals import pack_original, unpack_original
from briefing.store.project_check import Records, check_records
from briefing.store.server_conflicts import find_conflict, item_stamp
from briefing.store.server_connection import (
    ServerError,
    connect,
    server_reason,
)
from briefing.store.server_listen import ChangeListener
from briefing.store.server_news import News, changes_to_take, read_news
from briefing.store.writers import POSTGRES, Writer

log = logging.getLogger(__name__)

WRITE_LOCK = 0x42524946  # the advisory lock writers hold: change-log ids commit in order
ID_BLOCK = 32  # ids reserved at a time: most edits need no round trip of their own for one
_LOG_ROW = "INSERT INTO change_log (description, changes) VALUES (%s, %s) RETURNING id"
_ANNOUNCE = "SELECT pg_notify(%s, currval('change_log_id_seq')::text)"
Item = tuple[Kind, int]
_CHANGE_CLASS: dict[Kind, type[Change]] = {
    Kind.ARTICLE: ArticleChange, Kind.THEME: ThemeChange, Kind.PASSAGE: PassageChange,
    Kind.SETTINGS: SettingsChange, Kind.REJECTION: RejectionChange,
}  # fmt: skip


def open_server_project(
    address: ServerAddress, read_only: bool = False, password: str = ""
) -> ServerProject:
    """Open a server project (ServerError, PasswordNeeded, NoSuchDatabase if not). An older
    format is brought up to date when an owner opens it; a newer one is refused."""
    conn = connect(address, password)
    try:
        with _translated(address, "could not be opened"):
            version = _schema_version(conn, address)
            role, identity = _membership(conn, address)
            if version < schema.SCHEMA_VERSION:
                if read_only or role is not Role.OWNER:
                    raise ServerError(
                        address,
                        f"is in an older format ({version}); its owner opens it once with this "
                        "version of Briefing Builder to bring it up to date",
                    )
                with conn.transaction():
                    schema.migrate(conn.cursor(), conn.info.dbname, version)
            records, revisions, last_seen = _load(conn, address)
    except BaseException:
        conn.close()
        raise
    backend = ServerProject(address, conn, password, identity, revisions, last_seen, read_only)
    backend.project = Project(backend, *records, role=role)  # read-only: the write refuses
    return backend


def _schema_version(conn: Any, address: ServerAddress) -> int:
    found = conn.execute("SELECT to_regclass('public.briefing_project') IS NOT NULL").fetchone()
    if not found[0]:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
        if tables:
            raise ServerError(address, "is a database of another program, not a project")
        raise ServerError(
            address, "holds no project yet (make one with: briefing new " + address.url + ")"
        )
    row = conn.execute(
        "SELECT application, schema_version FROM briefing_project WHERE id = 1"
    ).fetchone()
    if row is None or row[0] != schema.APPLICATION or not isinstance(row[1], int):
        raise ServerError(address, "is not a Briefing Builder project")
    version = int(row[1])
    if version > schema.SCHEMA_VERSION:
        raise ServerError(
            address,
            f"was made by a newer version of Briefing Builder (format {version}, this version "
            f"reads up to {schema.SCHEMA_VERSION}); please update the app",
        )
    if version < 1:
        raise ServerError(address, f"has an unknown format ({version}) and was not opened")
    return version


def _membership(conn: Any, address: ServerAddress) -> tuple[Role, str]:
    """The connecting role's part in the project (the highest group it belongs to) and name."""
    database = conn.info.dbname
    identity, superuser = conn.execute(
        "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if superuser:
        return Role.OWNER, identity
    groups = {schema.group_role(database, role): role for role in Role}
    held = conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)"
        " AND pg_has_role(current_user, oid, 'MEMBER')",
        (list(groups),),
    ).fetchall()
    roles = [groups[name] for (name,) in held]
    if not roles:
        raise ServerError(
            address,
            f"{identity} is not a member of this project: ask its owner to add you "
            f"(briefing members URL add {identity} --role coder)",
        )
    return max(roles, key=lambda r: r.rank), identity


def _load(conn: Any, address: ServerAddress) -> tuple[Records, dict[Item, int], int]:
    """Every record, its revision, and the last change-log entry, from one snapshot."""
    with conn.transaction():
        cur = conn.cursor()
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            fetched = server_rows.fetch(cur)
        except limits.RecordRefused as refused:
            raise ServerError(address, f"is damaged: {refused}") from None
        last_seen = cur.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]
    by_kind: dict[Kind, list[Any]] = {kind: [] for kind in Kind}
    for (kind, _), (record, _) in sorted(fetched.items(), key=lambda item: item[0][1]):
        by_kind[kind].append(record)
    settings = by_kind[Kind.SETTINGS][0] if by_kind[Kind.SETTINGS] else None
    records: Records = (by_kind[Kind.ARTICLE], by_kind[Kind.THEME], by_kind[Kind.PASSAGE],
                        settings, by_kind[Kind.REJECTION])  # fmt: skip
    check_records(address.display(), records)
    revisions = {item: revision for item, (_, revision) in fetched.items()}
    return records, revisions, int(last_seen)


@contextmanager
def _translated(address: ServerAddress, what: str) -> Iterator[None]:
    """A driver error as a ServerError saying in words what went wrong."""
    try:
        yield
    except psycopg.Error as error:
        raise ServerError(address, f"{what}: {server_reason(error)}") from error


class ServerProject:
    """An open server project; it is the project's backend, storing each edit as it happens
    and taking in everyone else's."""

    def __init__(
        self,
        address: ServerAddress,
        conn: Any,
        password: str,
        identity: str,
        revisions: dict[Item, int],
        last_seen: int,
        read_only: bool = False,
    ) -> None:
        self.address = address
        self.read_only = read_only
        self.project = Project()
        self._conn = conn
        self._password = password  # for reconnecting; never written anywhere
        self._identity = identity
        self._revisions = revisions
        self._last_seen = last_seen  # the last change-log entry taken in
        self._mine: set[int] = set()  # entries this window wrote and already holds
        self._spare: dict[Kind, tuple[int, int]] = {}  # reserved ids not used yet: [from, to)
        self._lock = threading.RLock()  # one transaction at a time on the connection
        self._listener: ChangeListener | None = None

    @property
    def name(self) -> str:
        return self.address.name

    @property
    def location(self) -> str:
        return self.address.url

    # ----- the connection ------------------------------------------------------------------

    def _connection(self) -> Any:
        """The connection, made again if it was lost (what was missed comes with the next
        catch-up, since the change log is read from the last entry taken in)."""
        if self._conn.closed or self._conn.broken:
            self._conn.close()
            self._conn = connect(self.address, self._password)
        return self._conn

    # ----- storing -------------------------------------------------------------------------

    def write(self, edit: Edit) -> None:
        """Store the edit and its change-log row in one transaction, or raise and store
        nothing: RecordRefused for a value the project cannot hold, EditConflict when someone
        changed one of its items since this window last heard (it has caught up when this
        returns), ServerError when the server cannot be reached or refuses.

        In pipeline mode, two round trips: the conflict check (locking the rows it reads),
        then the writers' lock, the log row, the records, the announcement and the commit,
        so the lock is held only while the server runs those, never across the network."""
        if self.read_only:
            raise ServerError(self.address, "is open read-only; changes cannot be saved")
        for change in edit.changes:
            limits.check_change(change)
        items = change_log.items(edit.changes)
        logged = (change_log.description(edit), Jsonb([[str(k), i] for k, i in items]))
        try:
            with self._lock:
                conn = self._connection()
                with conn.pipeline(), conn.transaction():
                    conflict = find_conflict(conn, edit, self._revisions)
                    if conflict is not None:
                        raise conflict
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    entry_row = conn.execute(_LOG_ROW, logged)
                    writer = Writer(conn.cursor(), POSTGRES, index=server_search.follow)
                    for change in edit.changes:
                        writer.write(change)
                    conn.execute(_ANNOUNCE, (schema.CHANNEL,))
                entry = int(entry_row.fetchone()[0])
        except EditConflict:
            self.catch_up()
            raise
        except psycopg.IntegrityError as error:
            # A reference someone else's edit removed meanwhile (a theme, an article).
            log.info("Edit %r refused by the server: %s", edit.description, error)
            self.catch_up()
            raise EditConflict(
                f"“{edit.description}” was not made: the project changed meanwhile "
                f"({server_reason(error)}); this window now shows it as it is"
            ) from error
        except psycopg.Error as error:
            raise ServerError(
                self.address,
                f"the change was not saved: {server_reason(error)}; the project is as it was",
            ) from error
        self._mine.add(entry)
        last = {(c.kind, c.id): c.after for c in edit.changes}
        for item in items:
            if last[item] is None:
                self._revisions.pop(item, None)
            else:
                self._revisions[item] = entry

    def keep_originals(self, originals: Mapping[str, Original]) -> None:
        if self.read_only:
            raise ServerError(self.address, "is open read-only; changes cannot be saved")
        rows = [
            (digest, len(kept.data), kept.packed or pack_original(kept.data))
            for digest, kept in originals.items()
        ]
        for digest, size, packed in rows:
            limits.check_row("originals", {"sha256": digest, "size": size, "data": packed})
        with self._lock, _translated(self.address, "the originals were not saved"):
            with self._connection().transaction():
                self._conn.cursor().executemany(
                    "INSERT INTO originals (sha256, size, data) VALUES (%s, %s, %s)"
                    " ON CONFLICT (sha256) DO NOTHING",
                    rows,
                )

    def original(self, sha256: str) -> bytes | None:
        with self._lock, _translated(self.address, "its originals could not be read"):
            row = (
                self._connection()
                .execute("SELECT size, data FROM originals WHERE sha256 = %s", (sha256,))
                .fetchone()
            )
        return None if row is None else unpack_original(sha256, *row)

    def reserve_ids(self, kind: Kind, first: int, count: int) -> int:
        """`count` ids no one else will use, all above `first`: from a block this window
        reserved earlier while it lasts (and while nobody's records have gone past it), else
        a new block from the server's counter, in a short transaction of its own. An id
        reserved and never used (an edit refused, the window closed) is simply skipped."""
        if count <= 0 or self.read_only or not self.project.role.may_change(kind):
            return first  # the edit will be refused: nothing to reserve
        start, end = self._spare.get(kind, (0, 0))
        if start >= first and start + count <= end:
            self._spare[kind] = (start + count, end)
            return start
        block = max(count, ID_BLOCK)
        with self._lock, _translated(self.address, "no id could be reserved"):
            row = (
                self._connection()
                .execute(
                    "UPDATE id_counters SET last = greatest(last + 1, %s) + %s - 1"
                    " WHERE kind = %s RETURNING last",
                    (first, block, str(kind)),
                )
                .fetchone()
            )
        if row is None:
            raise ServerError(self.address, f"no {kind} id could be reserved; ask its owner")
        start = int(row[0]) - block + 1
        self._spare[kind] = (start + count, start + block)
        return start

    def identity(self) -> str | None:
        return self._identity

    def history(self, limit: int) -> list[change_log.Logged]:
        """The last `limit` stored edits, newest first (times in UTC)."""
        with self._lock, _translated(self.address, "its change log could not be read"):
            conn = self._connection()
            with conn.transaction():
                conn.execute("SET LOCAL TIME ZONE 'UTC'")
                rows = conn.execute(change_log.HISTORY + "%s", (limit,)).fetchall()
        return [change_log.logged_from(row) for row in rows]

    # ----- the full-text index -------------------------------------------------------------

    def search_candidates(self, expression: str) -> list[int] | None:
        try:
            with self._lock:
                return server_search.candidates(self._connection().cursor(), expression)
        except (psycopg.Error, ServerError) as error:
            log.warning("The search index of %s did not answer: %s", self.address.display(), error)
            return None  # every article is read instead

    def unindexed(self) -> int:
        with self._lock, _translated(self.address, "its search index could not be read"):
            return server_search.unindexed(self._connection().cursor())

    # ----- the corroboration index --------------------------------------------------------

    def claims(self) -> None:
        return None  # none kept on the server yet: the window indexes the articles in memory

    def index_claims(self, limit: int) -> int:
        return 0

    def settled(self, wait: float = 0.0) -> bool:
        return True  # checked as it opened

    def index_more(self, limit: int) -> int:
        if self.read_only or not self.project.role.may_change(Kind.ARTICLE):
            return 0  # searched without the articles it lacks (only editors write the index)
        left: list[int] = []
        with self._lock, _translated(self.address, "its search index could not be written"):
            with self._connection().transaction():
                left.append(server_search.index_more(self._conn.cursor(), limit))
        return left[0]

    def last_change(self, kind: Kind, record_id: int) -> Stamp | None:
        try:
            with self._lock:
                stamp = item_stamp(self._connection(), (kind, record_id))
        except (psycopg.Error, ServerError) as error:
            log.info("Could not read who changed %s %s: %s", kind, record_id, error)
            return None
        return stamp if stamp.author or stamp.at else None

    # ----- taking in everyone else's edits -------------------------------------------------

    def catch_up(self) -> int:
        """Read and take in the edits stored since the last one this window took in; returns
        how many. A failure to read is logged and retried at the next wake-up: nothing is
        lost, since the log keeps every entry."""
        for attempt in (1, 2):
            try:
                with self._lock:
                    news = read_news(self._connection().cursor(), self._last_seen)
                break
            except psycopg.OperationalError as error:  # lost: connect again, once
                log.info("Reading the changes to %s: %s", self.address.display(), error)
                if attempt == 2:
                    return 0
            except (psycopg.Error, ServerError) as error:
                log.warning("Could not read the changes to %s: %s", self.address.display(), error)
                return 0
        return self.take_in(news)

    def take_in(self, news: object) -> int:
        """Take in news read by `catch_up` or the listener (each edit through
        `Project.receive`, the path every view follows); returns how many edits."""
        assert isinstance(news, News)
        received = 0
        for entry in news.entries:
            if entry.id <= self._last_seen:
                continue  # taken in already (news read twice, or read before a catch-up)
            self._last_seen = entry.id
            if entry.id in self._mine:
                self._mine.discard(entry.id)  # this window's own edit: it holds it already
                continue
            changes = changes_to_take(entry, news, self.project.record, self._revisions)
            if changes:
                self.project.receive(Edit(entry.description, tuple(changes)), entry.author)
                received += 1
        return received

    def follow(self, deliver: Callable[[object], None]) -> None:
        """Hear of other analysts' edits as they are stored: a thread of its own listens and
        reads each batch of news on its own connection, then hands it to `deliver` (from that
        thread), which should get `take_in` called where the project lives."""
        if self._listener is None:
            self._listener = ChangeListener(
                self.address, self._password,
                lambda conn: deliver(read_news(conn.cursor(), self._last_seen)),
            )  # fmt: skip

    def save_as(self, target: Path) -> Path:
        """Copy the project, with everything it holds, to a new project file."""
        from briefing.store.project_file import write_new_project

        return write_new_project(Path(target), self.project)

    def reader(self) -> ServerProject:
        """The project opened again read-only (its own connection), for another thread."""
        return open_server_project(self.address, read_only=True, password=self._password)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._give_back_spare_ids()
        self._conn.close()

    def _give_back_spare_ids(self) -> None:
        """Ids reserved and not used go back to the counter if nobody reserved after them
        (so one analyst's project numbers its records without gaps)."""
        if not self._spare or self._conn.closed or self._conn.broken:
            return
        try:
            with self._lock:
                for kind, (start, end) in self._spare.items():
                    if start < end:
                        self._conn.execute(
                            "UPDATE id_counters SET last = %s WHERE kind = %s AND last = %s",
                            (start - 1, str(kind), end - 1),
                        )
        except psycopg.Error as error:
            log.info("Reserved ids of %s were not given back: %s", self.address.display(), error)
        self._spare.clear()
