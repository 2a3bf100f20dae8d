"""Kill a writing process with SIGKILL at random moments: the project must open, pass SQLite's
integrity check, and hold every edit the writer reported as committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.core.records import ImportedArticle
from briefing.store import create_project, open_project

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")


def kill_and_check(path: Path, rounds: int, seed: int) -> int:
    rng = random.Random(seed)
    checked = 0
    counter = 0
    for round_number in range(rounds):
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(seed + round_number), str(counter)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
        assert child.stdout is not None
        first = child.stdout.readline()  # the writer is up and has committed one edit
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        reported = [first, *child.stdout.read().splitlines()]
        child.wait()
        project_file = open_project(path)
        assert project_file.integrity_check() == "ok"
        project = project_file.project
        for line in filter(None, (r.strip() for r in reported)):
            kind, record, *value = line.split()
            if kind == "tag":
                assert project.passage(int(record)), line
            elif kind == "note":
                # A later edit may have committed after the last report: never an older one.
                assert int(project.passage(int(record)).note[1:]) >= int(value[0]), line
            else:
                assert int(project.theme(1).name.split()[-1]) >= int(value[0]), line
            counter = max(counter, int(value[0]) if value else counter)
            checked += 1
        project_file.close()
        counter += 1000  # later rounds write larger counters than anything before
    return checked


def make(path: Path) -> None:
    project_file = create_project(path)
    text = " ".join(f"word{n}" for n in range(400))
    project_file.project.add_article(ImportedArticle(text=text, title="A", source_file="a.txt"))
    project_file.close()


def test_sigkill_never_loses_a_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "crash.briefing"
    make(path)
    assert kill_and_check(path, rounds=12, seed=1) > 12


@pytest.mark.slow
def test_sigkill_soak(tmp_path: Path) -> None:
    path = tmp_path / "crash.briefing"
    make(path)
    assert kill_and_check(path, rounds=300, seed=7) > 300
