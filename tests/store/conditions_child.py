"""Run inside a private mount namespace by test_conditions.py: a project on a tiny tmpfs
made read-only or full, driven through the store and the CLI. Prints one JSON report."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

from briefing.cli import main
from briefing.core.records import ImportedArticle
from briefing.store import ProjectFileError, ProjectNotWritable, create_project, open_project


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def make(path: Path) -> None:
    project_file = create_project(path)
    project_file.project.add_article(
        ImportedArticle(text="Iran supplied Russia with drones.", title="A", source_file="a.txt")
    )
    project_file.project.tag(1, 0, 4, [1], note="kept")
    project_file.close()


def read_only_media(folder: Path) -> dict:
    path = folder / "p.briefing"
    make(path)
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    report: dict = {}
    try:
        open_project(path)
    except ProjectNotWritable as error:
        report["writer"] = str(error)
    opened = open_project(path, read_only=True)
    report["passages"] = [p.note for p in opened.project.passages()]
    opened.close()
    report["show"] = cli("show", str(path))
    report["import"] = cli("import", str(path), str(path))
    report["new"] = cli("new", str(folder / "q.briefing"))
    return report


def full_disk(folder: Path) -> dict:
    path = folder / "p.briefing"
    make(path)
    opened = open_project(path)  # open in the app, then the disk fills up
    filler = folder / "filler"
    with filler.open("wb") as handle:
        with contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
    report: dict = {}
    try:
        opened.project.set_note(1, "x" * 1_000_000)
    except ProjectFileError as error:
        report["edit"] = str(error)
    report["memory"] = opened.project.passage(1).note
    opened.close()
    try:
        open_project(path)
    except ProjectNotWritable as error:
        report["reopen"] = str(error)
    report["new"] = cli("new", str(folder / "q.briefing"))
    report["left"] = sorted(p.name for p in folder.iterdir())
    filler.unlink()
    report["stored"] = open_project(path, read_only=True).project.passage(1).note
    report["retry"] = cli("new", str(folder / "q.briefing"))
    return report


if __name__ == "__main__":
    scenario, folder = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"read-only": read_only_media, "full": full_disk}[scenario](folder)))
