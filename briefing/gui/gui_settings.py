"""The GUI's remembered state (window geometry, last folders, options) in one INI file beside
the other per-user files, so tests, which get their own user folders, never share it.

An INI file keeps every value as text ("true", "3"): the readers here turn it back into the
type asked for, with the default for a missing or unreadable value.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from briefing.store.locations import config_dir


def gui_settings() -> QSettings:
    return QSettings(str(config_dir() / "gui.ini"), QSettings.Format.IniFormat)


def setting_bool(key: str, default: bool) -> bool:
    value = gui_settings().value(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def setting_str(key: str, default: str) -> str:
    value = gui_settings().value(key)
    return value if isinstance(value, str) else default


def setting_int(key: str, default: int) -> int:
    value = gui_settings().value(key)
    try:
        return int(str(value))
    except ValueError:
        return default


def remembered_folder(key: str, default: Path) -> Path:
    """The folder last used for one kind of file (projects, import...), if it still exists."""
    value = setting_str(f"folders/{key}", "")
    folder = Path(value) if value else default
    return folder if folder.is_dir() else default


def remember_folder(key: str, folder: Path) -> None:
    gui_settings().setValue(f"folders/{key}", str(folder))
