"""Property: a randomly corrupted project opened as the window opens it (`deferred`: the rest
read and checked after it is shown) is refused exactly when opening it at once refuses it,
with one clear line, and left as it was; when it opens, it holds exactly the same records."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from briefing.store import ProjectFileError, open_project
from tests.robustness.test_corruption import corrupt, corruption
from tests.store.deferred_reading import opened_and_read


def at_once(path: Path) -> object:
    try:
        project_file = open_project(path)
    except ProjectFileError:
        return "refused"
    project = project_file.project
    records = (project.articles(), project.themes(), project.passages(), project.settings,
               project.rejections())  # fmt: skip
    project_file.close()
    return records


def deferred(path: Path) -> object:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    opened = opened_and_read(path)
    if isinstance(opened, str):
        message = opened
    else:
        project_file, project = opened, opened.project
        problem = project_file.opening_problem()
        if problem is None:
            records = (project.articles(), project.themes(), project.passages(),
                       project.settings, project.rejections())  # fmt: skip
            project_file.close()
            return records
        project_file.close()
        message = str(ProjectFileError(path, problem))
    assert message.startswith(f"{path}: ") and "\n" not in message and len(message) < 600
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # never written to
    return "refused"


def check(how: tuple[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.briefing"
        corrupt(path, how)
        copy = shutil.copyfile(path, Path(folder) / "q.briefing")
        assert deferred(copy) == at_once(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(how=corruption())
def test_a_corrupted_project_opened_for_the_window_is_refused_as_at_once(how: tuple) -> None:
    check(how)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(how=corruption())
def test_deferred_corruption_soak(how: tuple) -> None:
    check(how)
