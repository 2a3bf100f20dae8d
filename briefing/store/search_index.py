"""The full-text index of a project file: which articles hold which words (SQLite FTS5).

It knows words, not positions (`detail=none`: a fraction of the text's size); the search
(`briefing/analysis/search.py`) asks it for candidate articles and finds the exact spans
itself. It is given each article's folded text (`core.folding.index_text`), kept up to date in
the same transaction as the edit that adds, removes or re-reads an article, and never trusted
blindly: articles it does not hold yet (a project from before it existed, or one being indexed)
are always candidates, and an index that fails is dropped and made again.
"""

from __future__ import annotations

import heapq
import logging
import random
import sqlite3
from collections.abc import Iterator

from briefing.core.edit import ArticleChange
from briefing.core.folding import INDEX_TOKENIZER, WORD, index_text
from briefing.core.records import Article

log = logging.getLogger(__name__)

TABLE = "search_index"
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(words, content='', detail=none, "
    f'tokenize="{INDEX_TOKENIZER}")'
)
SPOT_CHECKS = 24  # articles whose index entries are checked when a project opens
# Above this share of articles not yet indexed, scanning them all is as quick as asking.
_SCAN_SHARE = 0.5


def follow(conn: sqlite3.Connection, change: ArticleChange) -> None:
    """Keep the index in step with one article change (inside the edit's transaction)."""
    before, after = change.before, change.after
    same_text = before is not None and after is not None and before.text == after.text
    if same_text:
        return  # metadata only
    if before is not None and _holds(conn, change.id):
        _remove(conn, before)
    if after is not None and not _holds(conn, change.id):
        _add(conn, after)


class IndexDamaged(Exception):
    pass


def candidates(conn: sqlite3.Connection, expression: str, articles: int) -> Iterator[int] | None:
    """Articles that may match (a superset) in id order, or None: scan them all. IndexDamaged
    if the index cannot answer. `articles`: how many the project holds.

    The ids are read from the index a page at a time, as they are taken: a search that stops
    at its first 200 hits reads a few dozen of them, however many articles hold the words
    (reading all 10,000 ids of a common word took most of such a search's time)."""
    try:
        lacking = unindexed(conn, articles)
        if lacking > articles * _SCAN_SHARE:
            return None
        unindexed_ids = _unindexed_ids(conn) if lacking else []
        first = _page(conn, expression, 0, _FIRST_PAGE)
    except sqlite3.DatabaseError as error:
        raise IndexDamaged(str(error)) from error
    found = _pages(conn, expression, first)
    return heapq.merge(found, unindexed_ids) if unindexed_ids else found


_FIRST_PAGE, _LARGEST_PAGE = 64, 4096  # ids read at a time, four times as many each time


def _page(conn: sqlite3.Connection, expression: str, after: int, size: int) -> list[int]:
    return [row[0] for row in conn.execute(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?",
        (expression, after, size),
    )]  # fmt: skip


def _pages(conn: sqlite3.Connection, expression: str, page: list[int]) -> Iterator[int]:
    size = _FIRST_PAGE
    while True:
        yield from page
        if len(page) < size:
            return
        after, size = page[-1], min(size * 4, _LARGEST_PAGE)
        try:
            page = _page(conn, expression, after, size)
        except sqlite3.DatabaseError as error:
            # The index answered its first page: from here on, every later article is a
            # candidate (the matcher decides), and the next search finds the damage.
            log.warning("The search index stopped answering (%s): the rest is read", error)
            yield from (row[0] for row in conn.execute(
                "SELECT id FROM articles WHERE id > ? ORDER BY id", (after,)
            ))  # fmt: skip
            return


def unindexed(conn: sqlite3.Connection, articles: int) -> int:
    """How many of the project's `articles` the index lacks: asked before every search, so
    counted from the index's small table (counting the articles table would read every
    article's pages: 25 ms for 10,000). An entry for an article that is gone would make the
    count short; `healthy` finds such entries when the project opens."""
    held: int = conn.execute(f"SELECT count(*) FROM {TABLE}_docsize").fetchone()[0]
    return max(0, articles - held)


def index_more(conn: sqlite3.Connection, limit: int, after: int = 0) -> int:
    """Index up to `limit` articles it does not hold yet, from id `after` on; the last id
    indexed (0: none was left after `after`)."""
    last = 0
    for article_id in _unindexed_ids(conn, limit, after):
        (text,) = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        conn.execute(f"INSERT INTO {TABLE} (rowid, words) VALUES (?, ?)",
                     (article_id, index_text(text)))  # fmt: skip
        last = article_id
    return last


def rebuild(conn: sqlite3.Connection) -> None:
    """Drop a damaged index and make an empty one; articles are indexed again from there."""
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(CREATE)


def healthy(
    conn: sqlite3.Connection,
    samples: int = SPOT_CHECKS,
    writable: bool = True,
    stray: bool | None = None,
) -> bool:
    """Whether the index can be trusted: FTS5's own structure check, no entry for an article
    that is gone (`stray`, if known already: see `strays`), and a spot check. A contentless
    index can be damaged in ways its own check does not see (a zeroed segment answers every
    query with nothing), so for a few articles taken at random, one of their words must find
    them."""
    try:
        if writable:  # FTS5 runs its check as a write (SQLite 3.40's PRAGMA does not look)
            conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('integrity-check')")
        if stray is None:
            stray = bool(conn.execute(
                f"SELECT count(*) FROM {TABLE}_docsize WHERE id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0])  # fmt: skip
        if stray:
            return False
        picked = _drawn(conn, samples)
        for article_id, text in picked:
            words = WORD.findall(index_text(text))
            if not words:
                continue
            word = words[len(words) // 2].replace('"', '""')
            found = conn.execute(
                f"SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid = ?",
                (f'"{word}"', article_id),
            ).fetchone()
            if found is None:
                return False
    except sqlite3.DatabaseError:
        return False
    return True


def strays(conn: sqlite3.Connection, article_ids: set[int]) -> bool | None:
    """Whether the index holds an entry for an article not among `article_ids` (all the
    project's, just read), told without reading the articles' pages again as `healthy` does
    (5 ms at 10,000 articles); None where the index cannot say (`healthy` then finds out)."""
    try:
        held = conn.execute(f"SELECT group_concat(id) FROM {TABLE}_docsize").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return held is not None and not article_ids.issuperset(map(int, held.split(",")))


def _drawn(conn: sqlite3.Connection, samples: int) -> list[tuple[int, str]]:
    """Up to `samples` indexed articles (id, text) drawn at random: for each, a number drawn
    between the lowest and the highest id the index holds, and the first id held from there.
    Sorting the whole index by random() (1 ms at 10,000 articles), or the articles with their
    texts (8-20 ms), made the first search of a project opened read-only grow with it."""
    low, high = conn.execute(f"SELECT min(id), max(id) FROM {TABLE}_docsize").fetchone()
    if low is None:
        return []
    draw = f"SELECT id FROM {TABLE}_docsize WHERE id >= ? ORDER BY id LIMIT 1"
    found = [conn.execute(draw, (random.randint(low, high),)).fetchone() for _ in range(samples)]
    ids = sorted({row[0] for row in found if row is not None})  # None: removed meanwhile
    marks = ", ".join("?" * len(ids))
    return conn.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids).fetchall()


def _unindexed_ids(conn: sqlite3.Connection, limit: int = -1, after: int = 0) -> list[int]:
    # Looked up one by one from `after` on, so indexing a project a few articles at a time
    # takes time in proportion to its size (`NOT IN` would list the whole index each time).
    return [row[0] for row in conn.execute(
        f"SELECT id FROM articles a WHERE id > ? AND NOT EXISTS "
        f"(SELECT 1 FROM {TABLE}_docsize d WHERE d.id = a.id) ORDER BY id LIMIT ?", (after, limit)
    )]  # fmt: skip


def _holds(conn: sqlite3.Connection, article_id: int) -> bool:
    found = conn.execute(f"SELECT 1 FROM {TABLE}_docsize WHERE id = ?", (article_id,))
    return found.fetchone() is not None


def _add(conn: sqlite3.Connection, article: Article) -> None:
    conn.execute(f"INSERT INTO {TABLE} (rowid, words) VALUES (?, ?)",
                 (article.id, index_text(article.text)))  # fmt: skip


def _remove(conn: sqlite3.Connection, article: Article) -> None:
    # A contentless index forgets a document only when told the words it was given.
    conn.execute(f"INSERT INTO {TABLE} ({TABLE}, rowid, words) VALUES ('delete', ?, ?)",
                 (article.id, index_text(article.text)))  # fmt: skip
