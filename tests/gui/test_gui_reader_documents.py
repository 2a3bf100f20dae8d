"""Switching back to a long article puts its document back, highlighted, instead of setting
its text again; what changed while it was away is painted all the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window, project_with, select_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from briefing.gui.highlighter import LAZY_MIN_CHARS, PassageHighlighter
from briefing.gui.main_window import MainWindow

PARAGRAPH = "Paragraph {n} says Iran sent drones and ballistic missiles to Russia."


@pytest.fixture
def long_and_short(tmp_path: Path) -> Path:
    paragraphs, n = [], 0
    while sum(len(p) + 2 for p in paragraphs) < LAZY_MIN_CHARS + 1000:
        paragraphs.append(PARAGRAPH.format(n=n))
        n += 1
    return project_with(
        tmp_path / "p.briefing",
        ("Long", "\n\n".join(paragraphs)),
        ("Short", "A short article about drones."),
    )


def tinted(window: MainWindow, needle: str) -> bool:
    """Whether the reader paints a background under the start of `needle`."""
    view = window.reader.view
    start, _ = select_text(view, needle)
    view.clear_selection()
    block = view.document().findBlock(start)
    offset = start - block.position()
    return any(
        r.start <= offset < r.start + r.length
        and r.format.background().style() != Qt.BrushStyle.NoBrush
        for r in block.layout().formats()
    )


def test_a_long_article_shown_again_keeps_its_document(
    qtbot: QtBot, long_and_short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, long_and_short)
    project = window.session.project
    long, short = project.articles()
    view = window.reader.view
    window.articles_pane.select_article(long.id)
    tagged = project.tag(long.id, 0, len("Paragraph 0 says"), [1])
    assert tagged and tinted(window, "Paragraph 0 says")
    assert not tinted(window, "Paragraph 1 says")
    document = view.document()
    window.articles_pane.select_article(short.id)
    assert view.document() is not document and view.toPlainText() == short.text

    highlighted: list[int] = []
    original = PassageHighlighter.highlightBlock

    def counting(self: PassageHighlighter, text: str) -> None:
        highlighted.append(self.currentBlock().blockNumber())
        original(self, text)

    monkeypatch.setattr(PassageHighlighter, "highlightBlock", counting)
    window.articles_pane.select_article(long.id)
    assert view.document() is document  # put back: not set again, not highlighted again
    assert highlighted == [] and view.toPlainText() == long.text
    assert view.textCursor().position() == 0
    assert tinted(window, "Paragraph 0 says")
    window.close()


def test_what_changed_while_it_was_away_is_painted(qtbot: QtBot, long_and_short: Path) -> None:
    window = make_window(qtbot, long_and_short)
    project = window.session.project
    long, short = project.articles()
    view = window.reader.view
    window.articles_pane.select_article(long.id)
    window.articles_pane.select_article(short.id)
    start = long.text.index("Paragraph 7 says")
    # While it is away, with a theme that suggests nothing there (a change of suggestions
    # would repaint the sentence anyway).
    pact = next(t.id for t in project.themes() if t.name == "strategic pact")
    project.tag(long.id, start, start + len("Paragraph 7 says"), [pact])
    view.setFont(view.font())  # the same font, a new object: still the same look
    window.articles_pane.select_article(long.id)
    assert tinted(window, "Paragraph 7 says")  # at once, before any idle work
    assert not tinted(window, "Paragraph 8 says")
    window.close()


def test_a_zoom_while_away_lays_the_kept_document_out_in_the_new_font(
    qtbot: QtBot, long_and_short: Path
) -> None:
    window = make_window(qtbot, long_and_short)
    long, short = window.session.project.articles()
    view = window.reader.view
    window.articles_pane.select_article(long.id)
    window.articles_pane.select_article(short.id)
    bigger = view.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    view.setFont(bigger)
    window.articles_pane.select_article(long.id)
    assert view.document().defaultFont().pointSizeF() == pytest.approx(bigger.pointSizeF())
    window.close()


def test_closing_the_project_lets_the_kept_documents_go(qtbot: QtBot, long_and_short: Path) -> None:
    window = make_window(qtbot, long_and_short)
    long, short = window.session.project.articles()
    view = window.reader.view
    window.articles_pane.select_article(long.id)
    window.articles_pane.select_article(short.id)
    assert len(view._documents) == 1
    view.set_article(None, [], {})
    assert len(view._documents) == 0
    assert isinstance(view.document(), QTextDocument) and view.toPlainText() == ""
    window.close()
