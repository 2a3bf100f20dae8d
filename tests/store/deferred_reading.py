"""A deferred open driven as the window drives it, for the tests of what it refuses."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from briefing.store import ProjectFileError, later_checks, open_project
from briefing.store.project_file import ProjectFile


def opened_and_read(path: Path) -> ProjectFile | str:
    """The message of a file refused at once; else the project, each article's passages asked
    for (what the window may show while it reads) and the rest read."""
    try:
        project_file = open_project(path, deferred=True)
    except ProjectFileError as error:
        return str(error)
    project = project_file.project
    for article in project.articles():
        project.passages_of(article.id)
    while project_file.read_more(0.0):
        pass
    return project_file


class HeldChecks:
    """One step of the opening's checks (`later_checks.<step>`: by default SQLite's integrity
    check) held until `release`d."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, step: str = "integrity_problem") -> None:
        self.gate = threading.Event()
        check = getattr(later_checks, step)

        def held(*args: object) -> object:
            assert self.gate.wait(30), "the checks were never released"
            return check(*args)

        monkeypatch.setattr(later_checks, step, held)

    def release(self) -> None:
        self.gate.set()
