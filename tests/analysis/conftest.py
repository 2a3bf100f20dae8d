"""Fixtures for the analysis tests: the seeds in a project with the default codebook, gold data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.importers.batch import import_files

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def seed_project() -> Project:
    """Both seeds in a project with the default codebook; shared, so tests must not edit it."""
    project = Project(themes=default_themes())
    import_files(project, sorted(SEEDS.glob("*.txt")))
    return project


@pytest.fixture
def fresh_seed_project() -> Project:
    """Both seeds in a project of the test's own, free to edit."""
    project = Project(themes=default_themes())
    import_files(project, sorted(SEEDS.glob("*.txt")))
    return project


@pytest.fixture(scope="session")
def seed_article(seed_project: Project) -> Callable[[str], Article]:
    """The seed article imported from a file name, e.g. "g7-cautions-....txt"."""

    def find(file_name: str) -> Article:
        return next(a for a in seed_project.articles() if a.source_file == file_name)

    return find


@pytest.fixture(scope="session")
def gold() -> Callable[[str], dict]:
    def load(name: str) -> dict:
        return json.loads((DATA / name).read_text(encoding="utf-8"))

    return load
