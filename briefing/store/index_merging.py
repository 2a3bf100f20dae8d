"""The project file's two FTS5 indexes merged in small steps when the window is idle, not
inside the commits of edits.

FTS5 writes the terms of each transaction as a new segment and, at each commit, merges
segments with up to 64 pages times the number of levels of work (`automerge`), besides
merging a level all at once when it reaches 16 segments (`crisismerge`). An import through
the window commits a step every 12-35 ms, and one commit in three did 30-52 ms of merging on
the UI thread (up to 120 ms with automerge off and a crisis merge cascading). A window switches
automerge off in the file (`stop_automerge`, a setting FTS5 keeps in the index) and does the
same merging itself with `merge_some`, a few pages at a time between the event loop's turns,
so a level never reaches the crisis mark. A file written elsewhere meanwhile (the command
line) only merges at that mark (`CRISIS_MERGE`): queries stay quick, a few more segments
to read.
"""

from __future__ import annotations

import sqlite3

from briefing.store import claim_index, search_index

TABLES = (search_index.TABLE, claim_index.TERMS)
DEFAULT_AUTOMERGE = 4  # FTS5's own, for a file whose index keeps no setting
# Segments of a level that a commit merges all at once (FTS5's own: 16). Higher, so that
# the steps of a large import, one segment each, leave the idle merging time to catch up.
CRISIS_MERGE = 64


def automerge(conn: sqlite3.Connection, table: str) -> int:
    row = conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
    return DEFAULT_AUTOMERGE if row is None else int(row[0])


def stop_automerge(conn: sqlite3.Connection) -> None:
    """Commits stop merging segments (inside a transaction); kept in the file."""
    for table in TABLES:
        if automerge(conn, table) != 0:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
            conn.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', ?)", (CRISIS_MERGE,)
            )


def merge_some(conn: sqlite3.Connection, pages: int) -> bool:
    """Merge segments of each index, writing about `pages` pages each (inside a
    transaction); whether there is more to merge. FTS5 counts two changes or more when it
    merged anything (sqlite.org/fts5.html, the 'merge' command)."""
    more = False
    for table in TABLES:
        before = conn.total_changes
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", (pages,))
        more = more or conn.total_changes - before >= 2
    return more
