"""The WAL is folded into the project file by a thread of its own, never inside an edit."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.store import create_project, open_project


def wait_for(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_writes_are_checkpointed_in_the_background_and_the_wal_emptied_on_close(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.briefing"
    project_file = create_project(path)
    assert project_file._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    text = "Iran supplied Russia with drones. " * 2000
    project_file.project.add_articles(
        [ImportedArticle(text=f"{n} {text}", title=f"T{n}", source_file=f"{n}.txt")
         for n in range(20)]
    )  # fmt: skip
    checkpointer = project_file._checkpointer
    assert checkpointer is not None and wait_for(lambda: checkpointer.done > 0)
    probe = sqlite3.connect(path)  # after the background checkpoint, nothing is left to copy
    _, log_frames, copied = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert log_frames == copied
    probe.close()
    project_file.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert len(open_project(path, read_only=True).project.articles()) == 20
