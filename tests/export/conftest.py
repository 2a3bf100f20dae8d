"""Fixtures for export tests: the sample project tagged in all four themes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.project import Project
from briefing.importers.batch import import_files
from briefing.store import create_project
from tests.export.samples import tag_samples


@pytest.fixture
def sample_project(tmp_path: Path, seed_paths: list[Path]) -> Iterator[Project]:
    project_file = create_project(tmp_path / "sample.briefing", title="Iran and Russia")
    import_files(project_file.project, seed_paths)
    tag_samples(project_file.project)
    yield project_file.project
    project_file.close()
