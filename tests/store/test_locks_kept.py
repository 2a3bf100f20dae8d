"""SQLite's locks on an open project stay held whatever else this process does with its files.

POSIX drops every record lock a process holds on a file when it closes any descriptor of it.
The checkpointer reading the `-shm` header with open()/close() dropped the window's lock on
the `-shm`: the next connection of another process (the corroboration index's own, a
`briefing` command) reset it, and the window died of SIGBUS. Opening the project again
read-only (for an export), or trying to open it twice, dropped the lock on the file itself,
which lets another process delete the WAL with its edits in it. The locks are looked at from
another process, as SQLite's own would see them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core.records import ImportedArticle
from briefing.store import ProjectFileError, create_project, open_project
from briefing.store.project_file import ProjectFile
from tests.waiting import wait_for

# Byte ranges of SQLite's unix locks: a connection's SHARED lock on the database file (in
# WAL mode held while it is open) and its read lock on the `-shm`'s "DMS" byte.
DATABASE_SHARED = (0x40000002, 510)
SHM_IN_USE = (128, 1)

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, int(sys.argv[3]), int(sys.argv[2]), 0)
    print("free")
except OSError:
    print("held")
"""


def held_elsewhere(path: Path, where: tuple[int, int]) -> bool:
    """Whether another process would find the byte range locked."""
    start, length = where
    probe = [sys.executable, "-c", PROBE, str(path), str(start), str(length)]
    answer = subprocess.run(probe, capture_output=True, text=True, check=True).stdout
    return answer.strip() == "held"


def locked(path: Path) -> bool:
    shm = path.with_name(path.name + "-shm")
    return held_elsewhere(path, DATABASE_SHARED) and held_elsewhere(shm, SHM_IN_USE)


@pytest.fixture
def project_file(tmp_path: Path) -> ProjectFile:
    path = tmp_path / "p.briefing"
    create_project(path).close()
    opened = open_project(path)
    assert locked(path)  # the probe sees what SQLite holds
    return opened


def test_the_checkpointer_reading_the_wal_keeps_the_locks(project_file: ProjectFile) -> None:
    checkpointer = project_file._checkpointer
    assert checkpointer is not None
    text = "Iran supplied Russia with drones. " * 2000  # past the mark: checkpointed soon
    project_file.project.add_articles(
        [ImportedArticle(text=f"{n} {text}", title=f"T{n}", source_file=f"{n}.txt")
         for n in range(80)]
    )  # fmt: skip
    assert wait_for(lambda: checkpointer.done > 0)  # it has read the wal-index, and again
    assert locked(project_file.path)
    project_file.close()


def test_opening_it_again_read_only_keeps_the_locks(project_file: ProjectFile) -> None:
    copy = project_file.reader()
    assert locked(project_file.path)
    copy.close()
    assert locked(project_file.path)
    project_file.close()
    assert not held_elsewhere(project_file.path, DATABASE_SHARED)  # all let go at the end


def test_opening_it_twice_is_refused_and_keeps_the_locks(project_file: ProjectFile) -> None:
    for deferred in (False, True):
        with pytest.raises(ProjectFileError, match="already open here"):
            open_project(project_file.path, deferred=deferred)
        assert locked(project_file.path)
    project_file.project.add_articles(
        [ImportedArticle(text="Still written.", title="T", source_file="t.txt")]
    )
    project_file.close()
    assert not held_elsewhere(project_file.path, DATABASE_SHARED)
    reopened = open_project(project_file.path)  # and the lock was let go with it
    assert [a.title for a in reopened.project.articles()] == ["T"]
    reopened.close()
