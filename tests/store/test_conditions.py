"""Real read-only media and a real full disk (issue 12): a tiny tmpfs in a private user and
mount namespace (`unshare`), so the test needs no privileges and leaves no mount behind.

A project on read-only media opens read-only with a message saying so; a full disk says "the
disk is full" and leaves the project as it was; `briefing new` never leaves a half-made file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("conditions_child.py")


def namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True)  # fmt: skip
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not namespaces_work(), reason="needs unprivileged namespaces")


def run(scenario: str, tmp_path: Path, size: str = "2m") -> dict:
    folder = tmp_path / "mnt"
    folder.mkdir()
    script = (
        f"mount -t tmpfs -o size={size} tmpfs {folder} && "
        f"exec {sys.executable} {CHILD} {scenario} {folder}"
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and "Traceback" not in text


def test_a_project_on_read_only_media_opens_read_only_and_says_so(tmp_path: Path) -> None:
    report = run("read-only", tmp_path)
    assert "the disk is read-only; it can only be opened read-only" in report["writer"]
    assert report["passages"] == ["kept"]
    status, out, _ = report["show"]
    assert status == 0 and "1 articles, 1 passages" in out
    status, _, err = report["import"]
    assert status == 1 and one_line(err) and "read-only" in err and "damaged" not in err
    status, _, err = report["new"]
    assert status == 1 and one_line(err) and "read-only" in err


def test_a_full_disk_says_so_and_changes_nothing(tmp_path: Path) -> None:
    report = run("full", tmp_path)
    assert "the disk is full" in report["edit"] and "the project is as it was" in report["edit"]
    assert report["memory"] == "kept" and report["stored"] == "kept"
    assert "the disk is full; it can only be opened read-only" in report["reopen"]
    status, _, err = report["new"]
    assert status == 1 and one_line(err) and "the disk is full" in err
    assert report["left"] == ["filler", "p.briefing", "p.briefing-shm", "p.briefing-wal"] or (
        report["left"] == ["filler", "p.briefing"]
    )  # no q.briefing, half-made or not, and no temporary file
    assert report["retry"][0] == 0  # nothing blocks a second try once there is room
