"""Switching back to a long article puts its document back, highlighted, instead of setting
its text again; what changed while it was away is painted all the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import (
    block_formats,
    make_window,
    project_with,
    record_highlighting,
    record_rehighlighting,
    select_text,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextDocument
from pytestqt.qtbot import QtBot

from briefing.core.records import Article
from briefing.gui.highlighter import LAZY_MIN_CHARS
from briefing.gui.main_window import MainWindow

PARAGRAPH = "Paragraph {n} says Iran sent drones and ballistic missiles to Russia."

# Highlighting a long article in idle time takes a second or two; far more on a loaded machine.
IDLE_TIMEOUT_MS = 20_000


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

    highlighted = record_highlighting(monkeypatch)
    again = record_rehighlighting(monkeypatch)
    window.articles_pane.select_article(long.id)
    assert view.document() is document  # put back: not set again, not highlighted again
    assert highlighted == again == [] and view.toPlainText() == long.text
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


def long_with_its_suggestions(qtbot: QtBot, path: Path) -> tuple[MainWindow, Article, Article]:
    """The window on the long and the short article, the long one shown with every one of its
    suggestions underlined."""
    window = make_window(qtbot, path)
    long, short = window.session.project.articles()
    view, model = window.reader.view, window.suggestions_pane.model
    window.articles_pane.select_article(long.id)
    qtbot.waitUntil(lambda: not model.preparing(long.id), timeout=20000)
    qtbot.waitUntil(lambda: bool(view.hints) and not view._hint_stretches)
    return window, long, short


def test_suggestions_taken_a_stretch_at_a_time_are_not_painted_again_when_put_back(
    qtbot: QtBot, long_and_short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long article's suggestions first known come a stretch at a time; shown again with
    the same suggestions, its kept document is not highlighted again, and it shows what one
    full pass paints."""
    window, long, short = long_with_its_suggestions(qtbot, long_and_short)
    view = window.reader.view
    assert view._hint_list is None  # taken in stretches, not as one list
    qtbot.waitUntil(lambda: view.highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    painted = block_formats(view)
    window.articles_pane.select_article(short.id)

    again = record_rehighlighting(monkeypatch)
    window.articles_pane.select_article(long.id)
    assert again == [] and view.highlighter.pending() == 0
    window.grab()  # painted: nothing is left to highlight
    assert again == [] and block_formats(view) == painted
    view.highlighter.rehighlight()  # one full pass: what every block should show
    assert block_formats(view) == painted
    window.close()


def test_suggestions_changed_while_away_are_painted_when_put_back(
    qtbot: QtBot, long_and_short: Path
) -> None:
    window, long, short = long_with_its_suggestions(qtbot, long_and_short)
    view = window.reader.view
    window.articles_pane.select_article(short.id)
    pane = window.suggestions_pane
    pane.show_in_reader_action.setChecked(False)  # no underlines any more
    window.articles_pane.select_article(long.id)
    # Its underlines go a stretch of text at a time, as they came.
    qtbot.waitUntil(lambda: not view.hints, timeout=IDLE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    painted = block_formats(view)
    assert not any(r[3] == QTextCharFormat.UnderlineStyle.DotLine for b in painted for r in b)
    view.highlighter.rehighlight()
    assert block_formats(view) == painted
    window.close()
