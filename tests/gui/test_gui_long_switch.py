"""Switching to a long article the reader keeps no document of: it is shown with the passage
chosen meanwhile, the reader never showing one article's title over another's text; a search
hit opened there is selected at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window, project_with
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui.highlighter import LAZY_MIN_CHARS
from briefing.gui.main_window import MainWindow

PARAGRAPH = "Paragraph {n} says Iran sent drones and ballistic missiles to Russia."


@pytest.fixture
def short_then_long(tmp_path: Path) -> Path:
    paragraphs, n = [], 0
    while sum(len(p) + 2 for p in paragraphs) < LAZY_MIN_CHARS + 1000:
        paragraphs.append(PARAGRAPH.format(n=n))
        n += 1
    paragraphs.append("Kherson heard the last of them.")
    return project_with(
        tmp_path / "p.briefing",
        ("Short", "A short article about drones."),
        ("Long", "\n\n".join(paragraphs)),
    )


def shown_whole(window: MainWindow) -> str:
    """The title of the article the reader shows, checking its text is that article's."""
    reader = window.reader
    project = window.session.project
    article = project.article(reader.article_id)
    assert reader.title.text() == article.title
    assert reader.view.toPlainText() == article.text
    return article.title


def test_a_passage_chosen_while_switching_to_a_long_article_is_current_once_shown(
    qtbot: QtBot, short_then_long: Path
) -> None:
    window = make_window(qtbot, short_then_long)
    project = window.session.project
    short, long = project.articles()
    start = long.text.index("Paragraph 1500 says")
    window.hub.run(lambda: project.tag(long.id, start, start + len("Paragraph 1500"), [1]))
    assert shown_whole(window) == "Short"
    window.articles_pane.select_article(long.id)
    # Double-clicked in the Passages pane at once, before the reader may have shown it.
    passage = project.passages_of(long.id)[0]
    window.passages_pane.passage_activated.emit(passage.id)  # a double-click
    assert shown_whole(window) in ("Short", "Long")
    qtbot.waitUntil(lambda: window.reader.article_id == long.id)
    assert shown_whole(window) == "Long"
    view = window.reader.view
    assert view.current_passage_id == passage.id
    assert view.firstVisibleBlock().position() > 0  # scrolled to it, far from the top
    window.close()


def test_a_search_hit_opened_in_a_long_article_is_selected_at_once(
    qtbot: QtBot, short_then_long: Path
) -> None:
    window = make_window(qtbot, short_then_long)
    _short, long = window.session.project.articles()
    window.main_actions.find_everywhere_action.trigger()
    pane = window.search_pane
    pane.field.setText("kherson")
    qtbot.waitUntil(lambda: pane.search.state.text == "kherson" and pane.search.state.finished)
    tree = pane.tree
    tree.setCurrentIndex(pane.model.index(0, 0, pane.model.index(0, 0)))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    hit = pane.search.state.hits[0]
    assert hit.article_id == long.id
    assert shown_whole(window) == "Long"
    assert window.reader.view.selection_range() == (hit.start, hit.end)
    window.close()
