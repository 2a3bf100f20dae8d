"""Many text files read by this process and a forked helper at once (`shared_reading`): the
results are those of reading each source in order, whoever read it, even when the helper
fails; and what an import stores (texts, originals, both indexes) is what the plain rule of
each index gives, byte for byte."""

from __future__ import annotations

import os
import select
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.claim_words import sentence_terms
from briefing.core.folding import WORD, index_text
from briefing.core.sentences import split_sentences
from briefing.importers import shared_reading
from briefing.importers.batch import import_files, read_files
from briefing.importers.shared_reading import shared
from briefing.store import create_project

pytestmark = pytest.mark.skipif(
    not shared_reading.can_share(shared_reading.MIN_SOURCES), reason="reads in one process here"
)


class Signal:
    """A word from one process to the other (the helper is forked after it is made), so a
    test knows who read what without depending on timing."""

    def __init__(self) -> None:
        self._incoming, self._outgoing = os.pipe()

    def send(self, value: int = 0) -> None:
        os.write(self._outgoing, f"{value}\n".encode())

    def wait(self) -> int:
        ready, _, _ = select.select([self._incoming], [], [], 60)
        assert ready, "the other process never said a word"
        return int(os.read(self._incoming, 64).split(b"\n")[0])


def test_results_come_in_order_whoever_read_them() -> None:
    parent, helping = os.getpid(), Signal()

    def read(number: int) -> tuple[int, int]:
        if os.getpid() != parent:
            helping.send()
        elif number == 0:
            helping.wait()  # this process has the first chunk; the helper takes the next
        return number * number, os.getpid()

    results = list(shared(range(200), read))
    assert [(n, square) for n, (square, _) in results] == [(n, n * n) for n in range(200)]
    readers = [pid for _, (_, pid) in results]
    assert readers[0] == parent and readers[shared_reading.CHUNK] != parent
    assert len(set(readers)) == 2


def test_the_helpers_results_come_while_it_still_reads() -> None:
    """What the helper read is handed out as soon as it and all before it are read, not once
    the helper has ended: an import stores it meanwhile."""
    parent, started, helper_at, go_on = os.getpid(), Signal(), Signal(), Signal()
    chunk, helper, waited = shared_reading.CHUNK, [], []

    def read(number: int) -> int:
        if os.getpid() != parent:
            if number == chunk:
                started.send(os.getpid())  # it has the second chunk (this one waits on the first)
            if number >= 2 * chunk and not waited:
                waited.append(helper_at.send())  # at a later chunk: it waits for the test
                go_on.wait()
        elif number == 0:
            helper.append(started.wait())
        elif number >= 2 * chunk and not waited:
            waited.append(helper_at.wait())  # (else this one could take every chunk left)
        return number

    results = shared(range(200), read)
    assert [next(results) for _ in range(2 * chunk)] == [(n, n) for n in range(2 * chunk)]
    os.kill(helper[0], 0)  # still at work
    go_on.send()
    assert list(results) == [(n, n) for n in range(2 * chunk, 200)]


def test_what_a_failing_helper_did_not_send_is_read_here() -> None:
    parent, started = os.getpid(), Signal()

    def read(number: int) -> tuple[int, int]:
        if os.getpid() != parent:
            started.send()
            os._exit(3)  # as a crash of a native reader would end it
        if number == 0:
            started.wait()
        return number * 3, os.getpid()

    results = list(shared(range(100), read))
    assert [(n, r) for n, (r, _) in results] == [(n, n * 3) for n in range(100)]
    assert {pid for _, (_, pid) in results} == {parent}


def test_stopping_early_ends_the_helper() -> None:
    parent, started, never = os.getpid(), Signal(), Signal()

    def read(number: int) -> int:
        if os.getpid() != parent:
            started.send(os.getpid())
            never.wait()  # a source that takes very long
        return number

    results: Iterator[tuple[int, int]] = shared(range(10_000), read)
    assert [next(results) for _ in range(5)] == [(n, n) for n in range(5)]
    helper = started.wait()
    os.kill(helper, 0)  # still at work
    results.close()  # type: ignore[attr-defined]
    with pytest.raises(ProcessLookupError):  # ended, and waited for
        os.kill(helper, 0)


def test_without_a_process_to_be_had_all_is_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert list(shared(range(100), lambda n: (n, os.getpid()))) == [
        (n, (n, os.getpid())) for n in range(100)
    ]


# ----- what an import stores ------------------------------------------------------------------

TEXTS = [
    "Gen. Smith met U.S. officials in Washington on 14 June 2024. The Group of Seven said "
    "Iran had supplied Russia with 400 ballistic missiles.",
    "Le ministère a déclaré que l’accord était «significatif». Moscou n’a pas répondu.",
    "Москва заявила, что Тегеран поставил дроны. Киев это отрицает.",
    "قالت طهران إن المحادثات ستستأنف. ونفت موسكو ذلك.",  # right to left
    "רוסיה הכחישה את הדיווחים. טהראן שתקה.",
    "Drones 🛩️ over Kyiv 🇺🇦: the Shahed-136 kamikaze drones struck again. Nobody was hurt 😐.",
    "A bell\x07 and a tab\tinside. Then a form feed\x0c and on. The E.U. agreed.",
    "Line one\r\nLine two without a stop\r\n\r\nA paragraph. Another one!",
    "東京で会議が開かれた。北京は否定した。",
    "Combining marks: cafe\u0301 and nai\u0308ve. Zero\u200bwidth joins.",
]


def corpus(folder: Path) -> list[Path]:
    """Text files of many kinds, with an empty one and duplicates among them."""
    paths = []
    for number in range(90):
        text = f"Story {number}.\n\n{TEXTS[number % len(TEXTS)]} Item {number // 3}."
        path = folder / f"story-{number:03}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    (folder / "empty.txt").write_bytes(b"")
    paths.insert(40, folder / "empty.txt")
    paths.insert(7, paths[20])  # the same file twice
    (folder / "copy.txt").write_bytes(paths[60].read_bytes())  # another file, the same text
    paths.append(folder / "copy.txt")
    return paths


def rowids(conn: sqlite3.Connection, table: str, expression: str) -> list[int]:
    found = conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))
    return sorted(row[0] for row in found)


def stored(path: Path) -> dict[str, object]:
    """Everything the import wrote that the rule of each index decides, as plain values."""
    conn = sqlite3.connect(path)
    try:
        articles = conn.execute(
            "SELECT id, title, text, source_file, sha256, original_size, content_hash"
            " FROM articles ORDER BY id"
        ).fetchall()
        originals = dict(conn.execute("SELECT sha256, size FROM originals").fetchall())
        sentences = conn.execute(
            "SELECT id, article_id, start_offset, end_offset FROM claim_sentences ORDER BY id"
        ).fetchall()
        frequencies = dict(conn.execute("SELECT term, sentences FROM claim_frequencies"))
        filed = {
            term: rowids(conn, "claim_terms", '"' + term.replace('"', '""') + '"')
            for term in frequencies
        }
        words = {
            word: rowids(conn, "search_index", f'"{word}"')
            for (text,) in conn.execute("SELECT text FROM articles").fetchall()
            for word in WORD.findall(index_text(text))
        }
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM search_index_docsize), (SELECT sum(sentences)"
            " FROM claim_articles)"
        ).fetchone()
    finally:
        conn.close()
    return {
        "articles": articles, "originals": originals, "sentences": sentences,
        "frequencies": frequencies, "filed": filed, "words": words, "counts": counts,
    }  # fmt: skip


def expected(path: Path) -> dict[str, object]:
    """The claim index as its rule gives it, sentence by sentence, for the stored articles."""
    conn = sqlite3.connect(path)
    texts = conn.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
    first = conn.execute("SELECT min(id) FROM claim_sentences").fetchone()[0]
    conn.close()
    sentences, filed, frequencies = [], {}, Counter()
    number = first
    for article_id, text in texts:
        for sentence in split_sentences(text):
            sentences.append((number, article_id, sentence.start, sentence.end))
            for term in sentence_terms(sentence.text):
                filed.setdefault(term, []).append(number)
                frequencies[term] += 1
            number += 1
    return {"sentences": sentences, "filed": filed, "frequencies": dict(frequencies)}


def test_an_import_shared_with_a_helper_stores_what_reading_in_one_process_does(
    tmp_path: Path,
) -> None:
    (tmp_path / "files").mkdir()
    sources = corpus(tmp_path / "files")
    projects = {}
    for way in ("shared", "one"):
        path = tmp_path / f"{way}.briefing"
        project_file = create_project(path)
        if way == "shared":
            _, outcomes = import_files(project_file.project, sources)
        else:  # in this process alone (the window's way), then stored at once
            plan = read_files(sources, set())
            project_file.project.add_articles(plan.articles)
            outcomes = plan.outcomes
        projects[way] = (path, [(o.source, o.imported, o.message) for o in outcomes])
        project_file.close()
    (shared_path, shared_outcomes), (one_path, one_outcomes) = projects["shared"], projects["one"]
    assert shared_outcomes == one_outcomes
    assert [imported for _, imported, _ in shared_outcomes].count(False) == 3  # empty, 2 copies
    assert stored(shared_path) == stored(one_path)
    found = stored(shared_path)
    assert {k: found[k] for k in ("sentences", "filed", "frequencies")} == expected(shared_path)
    # Every text and original byte for byte as the file holds it.
    conn = sqlite3.connect(shared_path)
    by_name = {Path(s).name: Path(s).read_bytes() for s, imported, _ in shared_outcomes if imported}
    for name, text, sha256 in conn.execute("SELECT source_file, text, sha256 FROM articles"):
        packed = conn.execute("SELECT data FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        assert zlib.decompress(packed[0]) == by_name[name]
        assert text == by_name[name].decode("utf-8").replace("\r\n", "\n")
    conn.close()
