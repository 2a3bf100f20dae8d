"""The GUI's remembered state (window geometry, last folders, options) in one INI file beside
the other per-user files, so tests, which get their own user folders, never share it."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from briefing.store.locations import config_dir


def gui_settings() -> QSettings:
    return QSettings(str(config_dir() / "gui.ini"), QSettings.Format.IniFormat)
