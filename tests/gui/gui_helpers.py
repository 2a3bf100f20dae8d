"""Helpers for driving the app in GUI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.gui.main_window import MainWindow
from briefing.gui.reader_view import ReaderView
from briefing.store import create_project, open_project


def select_text(view: ReaderView, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Select `needle` in the reader as a user would, with a QTextCursor on Qt positions."""
    cursor = view.textCursor()
    found = view.document().find(needle)
    for _ in range(occurrence):
        found = view.document().find(needle, found)
    assert not found.isNull(), f"{needle!r} not in the article"
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return found.selectionStart(), found.selectionEnd()


def press(qtbot: QtBot, view: ReaderView, key: Qt.Key) -> None:
    view.setFocus()
    qtbot.keyClick(view, key)


def project_with(path: Path, *texts: tuple[str, str]) -> Path:
    """A project file holding articles made of (title, text)."""
    project_file = create_project(path)
    project_file.project.add_articles(
        [
            ImportedArticle(text=text, title=title, source_file=f"{title}.txt")
            for title, text in texts
        ]
    )
    project_file.close()
    return path


def make_window(qtbot: QtBot, project: Path | None = None) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_initial(project)
    return window


def record_highlighting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the blocks the reader highlights from now on, in order."""
    from briefing.gui.highlighter import PassageHighlighter

    highlighted: list[int] = []
    original = PassageHighlighter.highlightBlock

    def counting(self: PassageHighlighter, text: str) -> None:
        highlighted.append(self.currentBlock().blockNumber())
        original(self, text)

    monkeypatch.setattr(PassageHighlighter, "highlightBlock", counting)
    return highlighted


def record_rehighlighting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the blocks the reader asks to highlight again from now on, in order.

    Unlike `record_highlighting`, it sees them once a highlighter has highlighted: PySide
    looks a Python override of `highlightBlock` up once, so one patched in later is not
    called; every block the reader highlights again goes through `rehighlightBlock`.
    """
    from PySide6.QtGui import QTextBlock

    from briefing.gui.highlighter import PassageHighlighter

    again: list[int] = []
    original = PassageHighlighter.rehighlightBlock

    def counting(self: PassageHighlighter, block: QTextBlock) -> None:
        again.append(block.blockNumber())
        original(self, block)

    monkeypatch.setattr(PassageHighlighter, "rehighlightBlock", counting)
    return again


def block_formats(view) -> list[list[tuple]]:  # type: ignore[no-untyped-def]
    """What the highlighter painted on each block: each range's tint and underline."""
    painted = []
    block = view.document().firstBlock()
    while block.isValid():
        painted.append([
            (r.start, r.length, r.format.background().color().name(),
             r.format.underlineStyle(), r.format.underlineColor().name())
            for r in block.layout().formats()
        ])  # fmt: skip
        block = block.next()
    return painted


def stored(path: Path) -> Project:
    """The project as its file holds it: read in full by a read-only copy, closed again."""
    copy = open_project(path, read_only=True)
    copy.close()
    return copy.project
