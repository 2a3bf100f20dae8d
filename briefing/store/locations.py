"""Per-user folders and the recent-projects list. The one module that knows appdirs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import appdirs

APP_NAME = "briefing-builder"
_RECENT_LIMIT = 10


def data_dir() -> Path:
    """Where projects live by default (and the sample project)."""
    return _ensure(Path(appdirs.user_data_dir(APP_NAME, appauthor=False)))


def config_dir() -> Path:
    return _ensure(Path(appdirs.user_config_dir(APP_NAME, appauthor=False)))


def log_dir() -> Path:
    return _ensure(Path(appdirs.user_log_dir(APP_NAME, appauthor=False)))


def sample_project_path() -> Path:
    return data_dir() / "Sample project.briefing"


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _recent_file() -> Path:
    return config_dir() / "recent-projects.json"


def recent_projects() -> list[Path]:
    """Recently opened projects, newest first, only those that still exist."""
    try:
        entries = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [Path(e) for e in entries if isinstance(e, str) and Path(e).is_file()]


def remember_project(path: Path) -> None:
    path = Path(path).resolve()
    entries = [path, *[p for p in recent_projects() if p.resolve() != path]][:_RECENT_LIMIT]
    target = _recent_file()
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps([str(p) for p in entries], indent=1), encoding="utf-8")
    os.replace(temporary, target)
