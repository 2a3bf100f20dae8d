"""The built-in sample project: the articles in `seeds/` with the default codebook."""

from __future__ import annotations

from pathlib import Path

from briefing.importers.batch import import_files
from briefing.resources import seed_files
from briefing.store import ProjectFile, create_project


def create_sample_project(path: Path) -> ProjectFile:
    project_file = create_project(path, title="Iran, Russia and ballistic missiles")
    import_files(project_file.project, [Path(str(seed)) for seed in seed_files()])
    return project_file
