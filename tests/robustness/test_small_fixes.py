"""The smaller defects of issue 12, each with its test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.export import OutlineOptions, export_briefing

ROOT = Path(__file__).resolve().parents[2]


def small_project(title: str = "Brief") -> Project:
    project = Project(themes=default_themes())
    project.add_article(ImportedArticle(text="Iran sent drones.", title="A", source_file="a.txt"))
    project.tag(1, 0, 4, [1])
    project.update_settings(title=title, analyst="<b>me</b>", handling="x & y")
    return project


def test_front_matter_is_html_escaped_and_valid_yaml(tmp_path: Path) -> None:
    title = "<script>alert(1)</script> \x9b31m \x7f\u2028 end"
    path = export_briefing(small_project(title), tmp_path / "b.md", "md",
                           OutlineOptions(front_matter=True))  # fmt: skip
    head = path.read_text(encoding="utf-8").split("---")[1]
    assert "<" not in head and ">" not in head and "&" not in head
    assert not any(char in head for char in "\x9b\x7f\u2028")
    values = dict(line.split(": ", 1) for line in head.strip().splitlines())
    # JSON strings are YAML double-quoted scalars: both read back the exact text.
    assert json.loads(values["title"]) == title
    assert json.loads(values["analyst"]) == "<b>me</b>"


def stale_name(target: Path, pid: int) -> Path:
    host = "".join(c if c.isalnum() or c == "-" else "-" for c in socket.gethostname())[:40]
    return target.with_name(f".{target.name}.{host}-{pid}.abcd1234.part")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_export_removes_parts_left_by_a_killed_one(tmp_path: Path) -> None:
    target = tmp_path / "b.docx"
    left = stale_name(target, dead_pid())
    left.write_bytes(b"half a briefing")
    running = stale_name(target, 1)  # pid 1 is alive: someone else's export in progress
    running.write_bytes(b"being written")
    export_briefing(small_project(), target, "docx")
    assert not left.exists() and running.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, running.name])


KILLED_EXPORT = """
import sys
from pathlib import Path
from tests.robustness.test_small_fixes import small_project
from briefing.export import export_briefing

def stop(done, total):
    print("writing", flush=True)
    sys.stdin.read()  # hold on, half-written, until killed

export_briefing(small_project(), Path(sys.argv[1]), "md", progress=stop)
"""


def test_a_kill_mid_export_leaves_nothing_after_the_next_export(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(target)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]  # left behind
    export_briefing(small_project(), target, "md")
    assert [p.name for p in tmp_path.iterdir()] == ["b.md"]
