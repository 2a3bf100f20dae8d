"""Per-user folders and the recent-projects list. The one module that knows appdirs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import appdirs

from briefing.store.address import ServerAddress, is_server_address

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


Recent = Path | str  # a project file, or a server project's address (never with a password)


def recent_projects() -> list[Recent]:
    """Recently opened projects, newest first: files that still exist, server addresses."""
    try:
        entries = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    found: list[Recent] = []
    for entry in entries:
        if not isinstance(entry, str):
            continue
        if is_server_address(entry):
            found.append(_without_password(entry))
        elif Path(entry).is_file():
            found.append(Path(entry))
    return [entry for entry in found if entry]


def remember_project(location: Recent) -> None:
    if isinstance(location, str) and is_server_address(location):
        location = _without_password(location)
    else:
        location = Path(location).resolve()
    kept = [e for e in recent_projects() if e != location and e != str(location)]
    entries = [location, *kept][:_RECENT_LIMIT]
    target = _recent_file()
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps([str(e) for e in entries], indent=1), encoding="utf-8")
    os.replace(temporary, target)


def _without_password(address: str) -> str:
    """The address as it may be remembered: never with a password ("" if not an address)."""
    try:
        return ServerAddress.parse(address).url
    except ValueError:
        return ""
