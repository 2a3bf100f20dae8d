"""The wait cursor over an edit of many passages, which still runs on the window's thread.

Merging or deleting a theme of 96,000 passages, or undoing it, holds the window about three
seconds at 100,000 passages (docs/development.md, "Keeping the UI thread free"): the
cursor says the app is working, not hung.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from briefing.core.project import BULK_CHANGES


@contextmanager
def busy_over(changes: int) -> Iterator[None]:
    """The wait cursor for the block if it makes more than `BULK_CHANGES` changes."""
    if changes <= BULK_CHANGES:
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
