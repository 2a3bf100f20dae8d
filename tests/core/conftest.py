"""The core's tests run three times: in memory, on a project file and on a server project.

`new_project` makes a project with the default codebook on the backend of the run. After a
test on a stored backend, the project is opened again from where it is stored and must hold
exactly what the test's project held in memory: every operation stores what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from briefing.core.codebook import default_themes
from briefing.core.edit import Applied, Origin
from briefing.core.project import Project
from briefing.store.opening import StoredProject, create_location, open_location


def _snapshot(project: Project) -> tuple:
    return (project.articles(), project.themes(), project.passages(), project.settings,
            project.rejections())  # fmt: skip


@pytest.fixture(params=["memory", "file", "server"])
def new_project(request: pytest.FixtureRequest, tmp_path) -> Iterator[Callable[[], Project]]:
    opened: list[tuple[StoredProject, str]] = []
    received: list[Applied] = []  # edits taken in without storing: then memory is ahead
    server = request.getfixturevalue("server_url") if request.param == "server" else ""

    def make() -> Project:
        if request.param == "memory":
            return Project(themes=default_themes())
        if opened:
            raise AssertionError("one stored project per test")
        stored = create_location(server or str(tmp_path / "p.briefing"))
        opened.append((stored, server or str(tmp_path / "p.briefing")))
        stored.project.subscribe(
            lambda applied: received.append(applied) if applied.origin is Origin.REMOTE else None
        )
        return stored.project

    yield make
    for stored, where in opened:
        project = stored.project
        if project.backend is stored and not received:  # not swapped for a test double
            again = open_location(where, read_only=True)
            assert _snapshot(again.project) == _snapshot(project), "stored differs from shown"
            again.close()
        stored.close()
