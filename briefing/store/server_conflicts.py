"""Whether an edit would overwrite someone else's: the check a server project makes inside
the edit's transaction, before anything is written.

Each row carries the change-log entry that last wrote it (its revision). An edit is made
against this window's copy of its records: every row it changes must still be at the
revision this window knows (or still missing, for a record it creates), and no passage may
have been tagged meanwhile in an article it removes. Otherwise the edit is refused, saying
which item someone changed, who and when (the change log says), never written over theirs.

The rows are locked as they are read (FOR NO KEY UPDATE), so nobody can change them between
the check and the write; every writer locks kinds in the same order and rows by id, so two
edits never wait for each other in a circle. The writers' lock that keeps the change log in
order is taken only after this, for the few statements that write.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg import sql
from psycopg.types.json import Jsonb

from briefing.core.edit import ArticleChange, Change, Edit, Kind, Stamp, item_name
from briefing.core.errors import EditConflict
from briefing.store.server_schema import RECORD_TABLE

Item = tuple[Kind, int]
_ORDER = (Kind.ARTICLE, Kind.THEME, Kind.PASSAGE, Kind.SETTINGS, Kind.REJECTION)
_PASSAGES = (
    "SELECT id, revision, article_id FROM passages WHERE id = ANY(%s) OR article_id = ANY(%s)"
    " ORDER BY id FOR NO KEY UPDATE"
)


def find_conflict(conn: Any, edit: Edit, revisions: dict[Item, int]) -> EditConflict | None:
    """An EditConflict if a row the edit changes is not as this window last saw it; the rows
    it changes are locked until the transaction ends. The questions go out together (one
    round trip in pipeline mode), the answers are read after."""
    first: dict[Item, Change] = {}
    for change in edit.changes:
        first.setdefault((change.kind, change.id), change)
    removed = [c.id for c in edit.of(ArticleChange) if c.after is None]
    asked: list[tuple[Kind, Any]] = []
    for kind in _ORDER:
        ids = sorted(i for k, i in first if k is kind)
        if kind is Kind.PASSAGE and (ids or removed):
            asked.append((kind, conn.execute(_PASSAGES, (ids, removed))))
        elif ids:
            query = sql.SQL(
                "SELECT id, revision FROM {} WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE"
            ).format(sql.Identifier(RECORD_TABLE[kind]))
            asked.append((kind, conn.execute(query, (ids,))))
    found: dict[Item, int] = {}
    tagged_meanwhile: list[int] = []  # revisions of passages in removed articles, not listed
    for kind, answer in asked:
        for row in answer.fetchall():
            found[(kind, row[0])] = row[1]
            if kind is Kind.PASSAGE and row[2] in removed and (kind, row[0]) not in first:
                tagged_meanwhile.append(row[1])
    for item, change in first.items():
        now = found.get(item)
        if (change.before is None) != (now is None) or (
            now is not None and now != revisions.get(item)
        ):
            return _refusal(conn, edit, change, now)
    if tagged_meanwhile:
        return EditConflict(
            f"“{edit.description}” was not made: a passage was tagged in that article "
            f"{entry_stamp(conn, max(tagged_meanwhile)).phrase()}; this window now shows it"
        )
    return None


def _refusal(conn: Any, edit: Edit, change: Change, now: int | None) -> EditConflict:
    if now is None:
        stamp, what = item_stamp(conn, (change.kind, change.id)), "deleted"
    else:
        stamp = entry_stamp(conn, now)
        what = "changed" if change.before is not None else "made"
    return EditConflict(
        f"“{edit.description}” was not made: {item_name(change)} was {what} "
        f"{stamp.phrase()}, after this window last showed it; it now shows their version"
    )


def entry_stamp(conn: Any, entry: int) -> Stamp:
    """Who stored one change-log entry, and when."""
    row = conn.execute("SELECT author, at FROM change_log WHERE id = %s", (entry,)).fetchone()
    return _stamp(row) if row else Stamp("", "")


def item_stamp(conn: Any, item: Item) -> Stamp:
    """Who last changed one record, and when (the latest entry naming it)."""
    row = conn.execute(
        "SELECT author, at FROM change_log WHERE changes @> %s ORDER BY id DESC LIMIT 1",
        (Jsonb([[str(item[0]), item[1]]]),),
    ).fetchone()
    return _stamp(row) if row else Stamp("", "")


def _stamp(row: tuple[Any, ...]) -> Stamp:
    author, at = row
    when = at.astimezone(UTC).isoformat(timespec="seconds") if isinstance(at, datetime) else ""
    return Stamp(str(author), when)
