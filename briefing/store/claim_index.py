"""The corroboration index of a project file: every sentence filed under its claim terms.

Kept in the same transaction as each article change (`follow`), so opening a project never
builds it. Sentences are rows of `claim_sentences` (where each is, by id); an FTS5 table
(contentless, `detail=none`: ids only) files each id under the terms
`core.claim_words.sentence_terms` gives its text, and `claim_frequencies` counts the sentences
under each term, for the analysis's word weights. Articles not indexed yet (a project from
before the index, one whose index was damaged, or made by a version that folded words another
way) are brought in by a `Completion` (processes of its own, beside the window) or, where
that cannot be, by `index_more`, a few at a time; until then they are not searched.

A contentless index forgets a sentence only when told the terms it was filed under: they are
worked out again from the article's text, which never changes while it is indexed.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import Protocol, TypeVar

from briefing.core.claim_index import Span
from briefing.core.claim_words import TERMS_VERSION, Filed, article_terms, filed_form, filed_terms
from briefing.core.collection import collection_paused
from briefing.core.edit import ArticleChange
from briefing.core.records import Article

log = logging.getLogger(__name__)
T = TypeVar("T")


class Stopping(Protocol):
    def is_set(self) -> bool: ...


TERMS = "claim_terms"
# Terms are words, digits, apostrophes and the name mark; case is already folded.
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M*' tokenchars '=''’'"
CREATE = f"""
CREATE TABLE claim_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    terms_version INTEGER NOT NULL
);
CREATE TABLE claim_articles (
    article_id INTEGER PRIMARY KEY,
    sentences INTEGER NOT NULL
);
CREATE TABLE claim_sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL
);
CREATE INDEX claim_sentences_by_article ON claim_sentences(article_id);
CREATE TABLE claim_frequencies (
    term TEXT PRIMARY KEY,
    sentences INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE {TERMS} USING fts5(terms, content='', detail=none, tokenize="{TOKENIZER}");
INSERT INTO claim_index (id, terms_version) VALUES (1, {TERMS_VERSION})
"""
_TABLES = ("claim_index", "claim_articles", "claim_sentences", "claim_frequencies", TERMS)
SPOT_CHECKS = 8  # articles whose entries are checked when a project opens
_BATCH = 500  # values per IN (...) list
_ROWS_AT_ONCE = 500  # rows per INSERT statement (SQLite takes up to 32,766 values)
# The rows left over after those, in statements of these many (256, 128, ... 1).
_FEWER_ROWS = tuple(1 << power for power in range(_ROWS_AT_ONCE.bit_length() - 1, -1, -1))
# A background completion's batch: this much text at most (the write lock is held while its
# sentences are written, a few milliseconds), of this many articles at most.
COMPLETION_BATCH_CHARS = 200_000
COMPLETION_BATCH_ARTICLES = 64
STOP_SECONDS = 10  # for a completion asked to stop, before it is ended
COMPLETION_NICENESS = 10
COMPLETION_PROCESSES = 2  # at most: their writes take turns, and the window needs a core too


class IndexDamaged(Exception):
    pass


# ----- keeping it up to date (inside an edit's transaction) -----------------------------------


def follow(conn: sqlite3.Connection, changes: Iterable[ArticleChange]) -> None:
    """Keep the index in step with an edit's article changes, in the order given; the articles
    added one after the other (an import) are written together."""
    filing = Filing(conn)
    filing.follow(changes)
    filing.finish()


class Filing:
    """`follow` for an edit whose changes come in steps (an import stored as it is read, in one
    transaction): each step's sentences filed as it comes, their terms written to the FTS5
    table when `file_terms` is called, and the terms' frequencies counted once at the end
    (counting them each step wrote each common term's row again every step). FTS5 writes
    the terms it holds in memory to a segment of its own whenever a statement that may need
    undoing on its own begins after them (a savepoint: any insert of many rows): the terms of
    a step at a time made 30 small segments an import, to be merged, instead of a few."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._counts: Counter[str] = Counter()
        self._terms: list[tuple[int, str]] = []  # (sentence id, terms) not written yet
        self._emptied = False  # an outdated index emptied (at the first step that writes)

    def follow(self, changes: Iterable[ArticleChange]) -> None:
        conn = self._conn
        changes = [c for c in changes if c.before is None or c.after is None
                   or c.before.text != c.after.text]  # fmt: skip
        if not changes:
            return  # metadata only
        if not self._emptied:
            empty_if_outdated(conn)  # a damaged index is emptied before it is written to
            self._emptied = True
        counts = self._counts
        added: dict[int, str] = {}  # waiting to be written: id -> text
        for change in changes:
            before, after = change.before, change.after
            if before is not None:
                counts.update(_add_texts(conn, added, self._terms))
                added = {}
                self.file_terms()  # a sentence is told to forget only terms it was given
                counts.subtract(_remove(conn, before))
            if after is not None:
                added.setdefault(after.id, after.text)
        counts.update(_add_texts(conn, added, self._terms))

    def file_terms(self) -> None:
        """Write the terms of the sentences filed so far."""
        if self._terms:
            # (FTS5 takes rows one statement each faster than many in one.)
            self._conn.executemany(f"INSERT INTO {TERMS} (rowid, terms) VALUES (?, ?)", self._terms)
            self._terms = []

    def finish(self) -> None:
        self.file_terms()
        _count(self._conn, self._counts)
        self._counts = Counter()


def index_more(
    conn: sqlite3.Connection,
    limit: int,
    text_of: Callable[[int], str | None] | None = None,
    after: int = 0,
) -> int:
    """Index up to `limit` articles the index does not hold yet, the first with an id above
    `after` (then from the start); the id of the last one indexed, 0 if none was.
    `text_of` gives an article's text when it is already in memory (else it is read)."""
    if empty_if_outdated(conn):
        after = 0
    ids = _unindexed(conn, after, limit)
    if len(ids) < limit and after:
        ids += [i for i in _unindexed(conn, 0, limit - len(ids)) if i not in ids]
    texts: dict[int, str] = {}
    for article_id in ids:
        text = text_of(article_id) if text_of is not None else None
        if text is None:
            (text,) = conn.execute(
                "SELECT text FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        texts[article_id] = text
    _count(conn, _add_texts(conn, texts))
    return ids[-1] if ids else 0


def missing(conn: sqlite3.Connection, articles: int) -> int:
    """How many of the project's `articles` the index does not hold (it never holds one that
    is gone). Counting the articles table would read all their text."""
    (indexed,) = conn.execute("SELECT count(*) FROM claim_articles").fetchone()
    return max(0, articles - int(indexed))


def outdate(conn: sqlite3.Connection) -> None:
    """Mark a damaged index to be made again: the first to write to it next empties it
    (`empty_if_outdated`), most often a completion's process. Emptying it here dropped
    470,000 sentences' rows on the window's thread (0.15-0.3 s at scale 10); until then it
    answers as an empty index (`StoredClaims`) and its rows are never read."""
    try:
        conn.execute("UPDATE claim_index SET terms_version = -1 WHERE id = 1")
    except sqlite3.DatabaseError:  # too damaged to be marked: emptied now
        rebuild(conn)


def current(conn: sqlite3.Connection) -> bool:
    """Whether the index was made with today's terms and not marked to be made again."""
    try:
        version = conn.execute("SELECT terms_version FROM claim_index WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return False
    return version is not None and version[0] == TERMS_VERSION


def empty_if_outdated(conn: sqlite3.Connection) -> bool:
    """Inside a write transaction: empty an index marked by `outdate` (or left by an older
    version) before anything is filed in it; whether it was."""
    if current(conn):
        return False
    rebuild(conn)
    return True


def rebuild(conn: sqlite3.Connection) -> None:
    """Drop a damaged (or outdated) index and make an empty one: every article is then
    indexed again by `index_more`."""
    for table in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in CREATE.split(";"):
        if statement.strip():
            conn.execute(statement)


def _add_texts(
    conn: sqlite3.Connection, texts: dict[int, str], terms: list[tuple[int, str]] | None = None
) -> Counter[str]:
    """File the sentences of these articles (id -> text) not indexed yet; how many sentences
    each term gained. A few statements for all of them: an import adds a thousand at once.
    `terms`: where their terms wait to be written (`Filing`), instead of at once."""
    held = _held(conn, list(texts))
    return _file(conn, [(article_id, filed_terms(text)) for article_id, text in texts.items()
                        if article_id not in held], terms)  # fmt: skip


def _file(
    conn: sqlite3.Connection,
    filed_of: list[tuple[int, Filed]],
    terms: list[tuple[int, str]] | None = None,
) -> Counter[str]:
    """Write the sentences of these articles, with their terms (or leave those in `terms`);
    how many sentences each term gained."""
    if not filed_of:
        return Counter()
    # Ids given here: after the last one ever used, never reused.
    (last,) = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'claim_sentences'),"
        " 0), coalesce((SELECT max(id) FROM claim_sentences), 0))"
    ).fetchone()
    # Column by column, a whole article at a time: these loops run over every sentence of an
    # import (45,600 for 1,000 text files).
    sentences: list[int] = []  # (id, article_id, start, end) of each, one after the other
    filed: list[tuple[int, str]] = []
    number = last
    for article_id, found in filed_of:
        count = len(found.starts)
        if not count:
            continue
        ids = range(number + 1, number + 1 + count)
        number += count
        sentences += chain.from_iterable(zip(ids, repeat(article_id), found.starts, found.ends))
        filed += zip(ids, found.texts(), strict=True)
    _insert_rows(conn, "claim_sentences (id, article_id, start_offset, end_offset)", sentences, 4)
    if terms is not None:
        terms += filed
    else:  # (FTS5 takes rows one statement each faster than many in one)
        conn.executemany(f"INSERT INTO {TERMS} (rowid, terms) VALUES (?, ?)", filed)
    _insert_rows(
        conn,
        "claim_articles (article_id, sentences)",
        [value for article_id, found in filed_of for value in (article_id, len(found.starts))],
        2,
    )
    counts: Counter[str] = Counter()
    for _, found in filed_of:
        counts.update(found.counts)
    return counts


def _insert_rows(conn: sqlite3.Connection, into: str, values: Sequence[int], width: int) -> None:
    """Insert rows of `width` values, given one after the other, `_ROWS_AT_ONCE` a statement:
    one statement a row costs three times as much (with AUTOINCREMENT, each statement also
    updates sqlite_sequence). What is left over goes in statements of a power of two rows, so
    the statements are a few, each prepared once: an import stored in batches left a
    different number over each time, and preparing each anew took longer than the rows."""
    rows = len(values) // width
    start = 0
    for at_once in (_ROWS_AT_ONCE, *_FEWER_ROWS):
        while rows >= at_once:
            end = start + at_once * width
            conn.execute(_insert_statement(into, width, at_once), values[start:end])
            start, rows = end, rows - at_once


@functools.lru_cache(maxsize=64)
def _insert_statement(into: str, width: int, rows: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return f"INSERT INTO {into} VALUES {', '.join([row] * rows)}"


def _remove(conn: sqlite3.Connection, article: Article) -> Counter[str]:
    if not _holds(conn, article.id):
        return Counter()
    terms_at = {(start, end): terms for start, end, terms in article_terms(article.text)}
    counts: Counter[str] = Counter()
    forgotten = []
    for number, start, end in conn.execute(
        "SELECT id, start_offset, end_offset FROM claim_sentences WHERE article_id = ?",
        (article.id,),
    ).fetchall():
        terms = terms_at.get((start, end))
        if terms is None:  # not the sentence it was filed as: the entry stays unreachable
            log.warning(
                "Corroboration index: sentence %s of article %s not found", number, article.id
            )
            continue
        forgotten.append((number, " ".join(terms)))
        counts.update(terms)
    conn.executemany(
        f"INSERT INTO {TERMS} ({TERMS}, rowid, terms) VALUES ('delete', ?, ?)", forgotten
    )
    conn.execute("DELETE FROM claim_sentences WHERE article_id = ?", (article.id,))
    conn.execute("DELETE FROM claim_articles WHERE article_id = ?", (article.id,))
    return counts


def _count(conn: sqlite3.Connection, counts: Counter[str]) -> None:
    """Add the counted sentences to each term's frequency (negative counts: removed)."""
    changed = [(term, count) for term, count in counts.items() if count]
    if not changed:
        return
    conn.executemany(
        "INSERT INTO claim_frequencies (term, sentences) VALUES (?, ?) "
        "ON CONFLICT(term) DO UPDATE SET sentences = sentences + excluded.sentences",
        changed,
    )
    gone = [(term,) for term, count in changed if count < 0]
    if gone:
        conn.executemany("DELETE FROM claim_frequencies WHERE term = ? AND sentences <= 0", gone)


def _holds(conn: sqlite3.Connection, article_id: int) -> bool:
    found = conn.execute("SELECT 1 FROM claim_articles WHERE article_id = ?", (article_id,))
    return found.fetchone() is not None


def _held(conn: sqlite3.Connection, ids: list[int]) -> set[int]:
    """Which of these articles the index holds."""
    held: set[int] = set()
    for batch in _batches(ids):
        held.update(row[0] for row in conn.execute(
            "SELECT article_id FROM claim_articles WHERE article_id IN "
            f"({', '.join('?' * len(batch))})", batch,
        ))  # fmt: skip
    return held


def _unindexed(
    conn: sqlite3.Connection, after: int, limit: int, share: tuple[int, int] = (0, 1)
) -> list[int]:
    """Ids above `after` the index lacks, in order, of those that leave share[0] divided by
    share[1]."""
    return [row[0] for row in conn.execute(
        "SELECT id FROM articles AS a WHERE id > ? AND id % ? = ? AND NOT EXISTS"
        " (SELECT 1 FROM claim_articles WHERE article_id = a.id) ORDER BY id LIMIT ?",
        (after, share[1], share[0], limit),
    )]  # fmt: skip


# ----- checking it ---------------------------------------------------------------------------


def healthy(conn: sqlite3.Connection, samples: int = SPOT_CHECKS, writable: bool = True) -> bool:
    """Whether the index can be trusted: made with today's terms, FTS5's own structure check,
    no entry for an article that is gone, the sentence counts adding up, and for a few
    articles taken at random, their sentences where the text puts them and found by a term."""
    try:
        version = conn.execute("SELECT terms_version FROM claim_index WHERE id = 1").fetchone()
        if version is None or version[0] != TERMS_VERSION:
            return False
        if writable:  # FTS5 runs its check as a write
            conn.execute(f"INSERT INTO {TERMS}({TERMS}) VALUES ('integrity-check')")
        stray = conn.execute(
            "SELECT count(*) FROM claim_articles WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        listed, filed = conn.execute(
            "SELECT (SELECT coalesce(sum(sentences), 0) FROM claim_articles),"
            " (SELECT count(*) FROM claim_sentences)"
        ).fetchone()
        if stray or listed != filed:
            return False
        picked = conn.execute(
            "SELECT id, text FROM articles WHERE id IN (SELECT article_id FROM claim_articles)"
            " ORDER BY random() LIMIT ?", (samples,),
        ).fetchall()  # fmt: skip
        for article_id, text in picked:
            if not _article_sound(conn, article_id, text):
                return False
    except sqlite3.DatabaseError:
        return False
    return True


def _article_sound(conn: sqlite3.Connection, article_id: int, text: str) -> bool:
    expected = article_terms(text)
    stored = conn.execute(
        "SELECT id, start_offset, end_offset FROM claim_sentences WHERE article_id = ?"
        " ORDER BY start_offset", (article_id,),
    ).fetchall()  # fmt: skip
    if [(s, e) for _, s, e in stored] != [(s, e) for s, e, _ in expected]:
        return False
    asked = [
        ('"' + min(terms).replace('"', '""') + '"', number)
        for (number, _, _), (_, _, terms) in zip(stored, expected, strict=True)
        if terms
    ]
    # Many sentences a statement: the check runs beside an import's reading, and each
    # statement let go of Python's lock and waited to have it again (up to 5 ms each).
    one = f"SELECT count(*) FROM {TERMS} WHERE {TERMS} MATCH ? AND rowid = ?"
    for start in range(0, len(asked), _SENTENCES_A_STATEMENT):
        batch = asked[start : start + _SENTENCES_A_STATEMENT]
        (found,) = conn.execute(
            "SELECT " + " + ".join([f"({one})"] * len(batch)), list(chain.from_iterable(batch))
        ).fetchone()
        if found != len(batch):
            return False
    return True


_SENTENCES_A_STATEMENT = 200  # (two values each; SQLite takes up to 32,766 values)


# ----- completing it in the background --------------------------------------------------------


class Completion:
    """Brings every article the index lacks into it, in processes of its own (one a core, up
    to COMPLETION_PROCESSES, each over its own connection and with its share of the articles),
    so the window never waits for it nor shares Python's lock with it: a damaged index is made
    again for the whole corpus, tens of seconds of work.

    A batch at a time: its texts are read and their terms worked out outside any transaction,
    then written in a short one, which first checks that each article is still there with the
    same text and not indexed meanwhile (the window may have edited it since). What it writes
    is what `index_more` would: the same terms, filed the same way."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        batch_chars: int = COMPLETION_BATCH_CHARS,
    ) -> None:
        # "spawn": a fresh interpreter (forking a process that runs Qt threads can hang it).
        # `connect` must be picklable: a module's function, or a partial of one.
        import multiprocessing  # here: only a completion needs it (~20 ms of a window's start)

        context = multiprocessing.get_context("spawn")
        self._stop = context.Event()
        count = max(1, min(COMPLETION_PROCESSES, os.cpu_count() or 1))
        self._processes = [
            context.Process(
                target=complete_index,
                args=(connect, batch_chars, self._stop, os.getpid(), (share, count)),
                name=f"claim-index-{share}",
                daemon=True,  # ended with the window's process, if that ends first
            )
            for share in range(count)
        ]
        for process in self._processes:
            process.start()
            _behind_the_window(process.pid)

    def running(self) -> bool:
        return any(process.is_alive() for process in self._processes)

    def stop(self) -> None:
        """Stop after the batches being worked on (their transactions commit or are undone)."""
        self._stop.set()
        for process in self._processes:
            process.join(STOP_SECONDS)
            if process.is_alive():  # stuck: SQLite undoes its open transaction, if any
                process.kill()
                process.join()


def _behind_the_window(pid: int | None) -> None:
    """The process gets the processor only when the window does not want it: on a busy
    machine a window waits for a process working flat out beside it, however idle its own.
    Lowered as soon as it starts, before it even imports what it needs."""
    if pid is None or not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, pid, COMPLETION_NICENESS)
    except OSError as error:  # gone already, or not allowed: it only works more eagerly
        log.info("The corroboration index's process keeps its priority: %s", error)


def complete_index(
    connect: Callable[[], sqlite3.Connection],
    batch_chars: int,
    stop: Stopping,
    parent: int,
    share: tuple[int, int] = (0, 1),
) -> None:
    """A `Completion`'s work (in one of its processes): index every article the index lacks,
    of those whose id leaves `share[0]` divided by `share[1]`."""
    conn = connect()
    try:
        _write(conn, empty_if_outdated)  # a damaged index is emptied here, not in the window
        with collection_paused():  # nothing it makes is garbage before the batch is written
            after = 0
            while not stop.is_set() and os.getppid() == parent:
                batch = _texts_after(conn, after, batch_chars, share)
                if not batch:
                    if not after:
                        return  # nothing left, from the start
                    after = 0  # articles before the cursor (an undone removal) are looked for
                    continue
                computed = [(article_id, text, filed_form(article_terms(text)))
                            for article_id, text in batch]  # fmt: skip
                _write_unchanged(conn, computed)
                after = batch[-1][0]
    finally:
        conn.close()


def _texts_after(
    conn: sqlite3.Connection, after: int, chars: int, share: tuple[int, int]
) -> list[tuple[int, str]]:
    """Unindexed articles of a share after `after`, in id order, until they hold `chars` of
    text (always at least one)."""
    batch: list[tuple[int, str]] = []
    size = 0
    for article_id in _unindexed(conn, after, COMPLETION_BATCH_ARTICLES, share):
        found = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if found is None:
            continue  # removed meanwhile
        batch.append((article_id, found[0]))
        size += len(found[0])
        if size >= chars:
            break
    return batch


def _write_unchanged(conn: sqlite3.Connection, computed: list[tuple[int, str, Filed]]) -> None:
    """File (id, text, terms) worked out outside a transaction, in one, for the articles that
    are still there with that text and not indexed yet."""

    def write(conn: sqlite3.Connection) -> None:
        empty_if_outdated(conn)
        ids = [article_id for article_id, _, _ in computed]
        held = _held(conn, ids)
        now: dict[int, str] = {}
        for batch in _batches(ids):
            now.update(conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' * len(batch))})",
                batch,
            ).fetchall())  # fmt: skip
        filed_of = [(article_id, filed) for article_id, text, filed in computed
                    if article_id not in held and now.get(article_id) == text]  # fmt: skip
        _count(conn, _file(conn, filed_of))

    _write(conn, write)


def _write(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], object]) -> None:
    """`work` in one write transaction of a completion's own connection."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# ----- asking it -------------------------------------------------------------------------------


class StoredClaims:
    """The index of an open project file, as a `ClaimSource`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        articles: Callable[[], int],
        connect: Callable[[], sqlite3.Connection] | None = None,
    ) -> None:
        self._conn = conn
        self._articles = articles  # how many articles the project has
        self._connect = connect  # another connection to the file, to complete it (if writable)
        self._generation = 0
        self._size: int | None = None
        self._missing: int | None = None
        self._current: bool | None = None  # False: marked to be emptied (`outdate`)
        self._completion: Completion | None = None

    def changed(self) -> None:
        """The index was written to: answers worked out before may be out of date."""
        self._generation += 1
        self._size = self._missing = self._current = None

    def _empty(self) -> bool:
        """Whether it answers as an empty index: marked to be emptied, not emptied yet."""
        if self._current is None:
            self._current = current(self._conn)
        return not self._current

    def generation(self) -> int:
        return self._generation

    def size(self) -> int:
        if self._empty():
            return 0
        if self._size is None:
            # The articles' sentence counts, which `healthy` checks add up to the sentences
            # filed: 10,000 rows to read at scale 10 instead of 470,000 (15 ms -> 1.5 ms cold,
            # asked again after every import).
            self._size = int(self._conn.execute(
                "SELECT coalesce(sum(sentences), 0) FROM claim_articles"
            ).fetchone()[0])  # fmt: skip
        return self._size

    def frequencies(self, terms: Collection[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        if self._empty():
            return found
        for batch in _batches(list(terms)):
            found.update(self._conn.execute(
                "SELECT term, sentences FROM claim_frequencies WHERE term IN "
                f"({', '.join('?' * len(batch))})", batch,
            ).fetchall())  # fmt: skip
        return found

    def postings(self, term: str) -> Sequence[int]:
        if self._empty():
            return ()
        quoted = '"' + term.replace('"', '""') + '"'
        try:
            rows = self._conn.execute(
                f"SELECT rowid FROM {TERMS} WHERE {TERMS} MATCH ?", (quoted,)
            ).fetchall()
        except sqlite3.OperationalError:  # a term FTS5 reads as no word at all
            return ()
        return [row[0] for row in rows]

    def postings_all(self, terms: Sequence[str], limit: int) -> Sequence[int]:
        if not terms or self._empty():
            return []
        expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        try:
            rows = self._conn.execute(
                f"SELECT rowid FROM {TERMS} WHERE {TERMS} MATCH ? LIMIT ?", (expression, limit)
            ).fetchall()
        except sqlite3.OperationalError:  # a term FTS5 reads as no word at all
            return []
        return [row[0] for row in rows]

    def spans(self, ids: Collection[int]) -> dict[int, Span]:
        found: dict[int, Span] = {}
        if self._empty():
            return found
        for batch in _batches(list(ids)):
            for number, article_id, start, end in self._conn.execute(
                "SELECT id, article_id, start_offset, end_offset FROM claim_sentences WHERE id IN "
                f"({', '.join('?' * len(batch))})", batch,
            ):  # fmt: skip
                found[number] = (article_id, start, end)
        return found

    def sentences(self) -> Iterator[tuple[int, Span]]:
        if self._empty():
            return
        for number, article_id, start, end in self._conn.execute(
            "SELECT id, article_id, start_offset, end_offset FROM claim_sentences"
            " ORDER BY article_id, start_offset"
        ):
            yield number, (article_id, start, end)

    def missing(self) -> int:
        if self._completion is not None:
            self.changed()  # its processes write: what was counted or answered may be stale
            if not self._completion.running():
                self._completion = None
        if self._missing is None:
            articles = self._articles()
            self._missing = articles if self._empty() else missing(self._conn, articles)
        return self._missing

    def complete(self) -> bool:
        """Start bringing in the articles the index lacks, in processes of their own (see
        `Completion`); False when it cannot be done so (a read-only project, no process to
        be had): the caller then asks for `index_more`'s few at a time."""
        if self._connect is None:
            return False
        if self._completion is None or not self._completion.running():
            try:
                self._completion = Completion(self._connect)
            except OSError as error:  # no process to be had (limits, memory): the slow way
                log.warning("The corroboration index cannot be completed aside: %s", error)
                return False
        return True

    def completing(self) -> bool:
        """Whether a completion is still at work (it stops when nothing is left, or fails)."""
        return self._completion is not None and self._completion.running()

    def close(self) -> None:
        """Stop a completion at work: the project file is being closed."""
        if self._completion is not None:
            self._completion.stop()
            self._completion = None


def _batches(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), _BATCH):
        yield values[start : start + _BATCH]
