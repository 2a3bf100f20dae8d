"""The WAL is folded into the project file by a thread of its own, never inside an edit, and
only once it holds a good deal or the project has gone quiet: the first write after each
checkpoint pays for a disk flush."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.store import checkpointer as checkpointing
from briefing.store import create_project, open_project
from tests.waiting import wait_for


def pending(path: Path) -> int:
    wal_index = checkpointing.WalIndex(path)
    try:
        return wal_index.pending_frames()
    finally:
        wal_index.close()


def test_a_big_write_is_checkpointed_in_the_background_and_the_wal_emptied_on_close(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.briefing"
    project_file = create_project(path)
    assert project_file._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    text = "Iran supplied Russia with drones. " * 2000
    project_file.project.add_articles(
        [ImportedArticle(text=f"{n} {text}", title=f"T{n}", source_file=f"{n}.txt")
         for n in range(80)]
    )  # fmt: skip
    checkpointer = project_file._checkpointer
    assert checkpointer is not None and wait_for(lambda: checkpointer.done > 0)
    assert pending(path) == 0
    probe = sqlite3.connect(path)  # after the background checkpoint, nothing is left to copy
    _, log_frames, copied = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert log_frames == copied
    probe.close()
    project_file.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert len(open_project(path, read_only=True).project.articles()) == 80


def test_a_small_write_waits_for_a_quiet_moment(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    worker = checkpointing.Checkpointer(path, quiet_seconds=0.5)
    try:
        conn.execute("INSERT INTO t VALUES (1)")
        assert pending(path) > 0
        worker.nudge()
        assert wait_for(lambda: worker.done == 1)  # once nothing more came
        assert pending(path) == 0
    finally:
        worker.close()
        conn.close()


def test_when_to_checkpoint() -> None:
    mark = checkpointing.WAL_MARK_FRAMES
    assert checkpointing.due(mark, quiet=False)
    assert not checkpointing.due(mark - 1, quiet=False)
    assert checkpointing.due(1, quiet=True)
    assert not checkpointing.due(0, quiet=True)  # nothing to copy


def test_an_unreadable_wal_index_counts_as_full(tmp_path: Path) -> None:
    assert pending(tmp_path / "missing") == checkpointing.WAL_MARK_FRAMES
    assert checkpointing.pending_frames(b"\0" * 20) == checkpointing.WAL_MARK_FRAMES
