"""Other analysts' edits, read from a server project's change log.

Reading and taking in are two steps, so the reading can happen off the window's thread (on
the listener's own connection) and only the taking in where the project lives:

- `read_news` (any thread, any connection): the change-log entries after a given one, and the
  records they name as they are now, all from one snapshot.
- `changes_to_take` (the project's thread): for one entry, the changes that bring the
  project's records to the read ones. A record this window has stored a newer version of
  since the news was read is left alone, so news that arrives late never winds it back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.core.edit import (
    ArticleChange,
    Change,
    Kind,
    PassageChange,
    RejectionChange,
    SettingsChange,
    ThemeChange,
)
from briefing.store import change_log, limits, server_rows

log = logging.getLogger(__name__)

Item = tuple[Kind, int]
_CHANGE_CLASS: dict[Kind, type[Change]] = {
    Kind.ARTICLE: ArticleChange, Kind.THEME: ThemeChange, Kind.PASSAGE: PassageChange,
    Kind.SETTINGS: SettingsChange, Kind.REJECTION: RejectionChange,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    author: str  # the database role that stored it
    description: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class News:
    entries: tuple[Entry, ...]
    records: server_rows.Fetched  # every item the entries name, as it is in the snapshot
    snapshot: int  # the last change-log entry the snapshot holds
    unreadable: frozenset[Item] = frozenset()  # rows someone wrote that are not records


def read_news(cur: Any, since: int) -> News:
    """The entries after `since` and the records they name, in one read-only snapshot (the
    caller's cursor, outside any transaction). psycopg.Error if the server cannot answer."""
    with cur.connection.transaction():
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute(
            "SELECT id, author, description, changes FROM change_log WHERE id > %s ORDER BY id",
            (since,),
        )
        entries = tuple(
            Entry(entry_id, str(author), str(description), tuple(_items(changes)))
            for entry_id, author, description, changes in cur.fetchall()
        )
        wanted = {item for entry in entries for item in entry.items}
        records, unreadable = _fetch(cur, wanted) if wanted else ({}, set())
    snapshot = entries[-1].id if entries else since
    return News(entries, records, snapshot, frozenset(unreadable))


def changes_to_take(
    entry: Entry,
    news: News,
    current: Callable[[Kind, int], object | None],
    revisions: dict[Item, int],
) -> list[Change]:
    """The changes that bring the project's records (`current`) to those the news read, for
    the items of one entry; `revisions` (what this window knows of each row) is kept up."""
    changes: list[Change] = []
    for item in entry.items:
        kind, record_id = item
        if item in news.unreadable:
            continue
        after, revision = news.records.get(item, (None, news.snapshot))
        if revision < revisions.get(item, 0):
            continue  # this window has stored a newer version since the news was read
        if after is None:
            revisions.pop(item, None)
        else:
            revisions[item] = revision
        before = current(kind, record_id)
        if before == after or not _acceptable(kind, after):
            continue
        changes.append(_CHANGE_CLASS[kind](record_id, before, after))  # type: ignore[arg-type]
    return changes


def _fetch(cur: Any, wanted: set[Item]) -> tuple[server_rows.Fetched, set[Item]]:
    """The records, and those that could not be read as records (a row written by hand with
    psql): those are left as this window has them, and the rest still comes in."""
    try:
        return server_rows.fetch(cur, wanted), set()
    except limits.RecordRefused as refused:
        log.warning("Ignored changed records that are not ones: %s", refused)
    found: server_rows.Fetched = {}
    unreadable: set[Item] = set()
    for item in wanted:
        try:
            found.update(server_rows.fetch(cur, [item]))
        except limits.RecordRefused:
            unreadable.add(item)
    return found, unreadable


def _acceptable(kind: Kind, record: object) -> bool:
    """A record someone else stored passes the same checks as one loaded (a member with psql
    can write anything the grants allow)."""
    problems = list(limits.record_problems(kind, record)) if record is not None else []
    if problems:
        log.warning("Ignored a change to %s that does not fit: %s", kind, problems[0])
    return not problems


def _items(value: object) -> list[Item]:
    try:
        return change_log.parse_items(value)
    except limits.RecordRefused as refused:
        log.warning("Ignored a change-log entry that is not one: %s", refused)
        return []
