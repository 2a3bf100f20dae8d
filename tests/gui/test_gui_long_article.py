"""A long article repaints only the blocks a new passage touches."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import (
    block_formats,
    make_window,
    press,
    project_with,
    record_highlighting,
    select_text,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.store import open_project

# Highlighting a long article in idle time takes a second or two; far more on a loaded machine.
IDLE_TIMEOUT_MS = 20_000


def test_tagging_rehighlights_only_the_touched_block(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [f"Paragraph {n} mentions drones and missiles at length." for n in range(400)]
    path = project_with(tmp_path / "long.briefing", ("Long", "\n\n".join(paragraphs)))
    highlighted = record_highlighting(monkeypatch)
    window = make_window(qtbot, path)
    highlighter = window.reader.view.highlighter

    def idle() -> bool:  # nothing left for idle time: every block has been highlighted
        return highlighter.pending() == 0

    qtbot.waitUntil(idle)  # the first full highlight runs from the event loop
    assert len(highlighted) >= 799
    highlighted.clear()

    view = window.reader.view
    select_text(view, "Paragraph 250 mentions drones")
    press(qtbot, view, Qt.Key.Key_2)
    qtbot.waitUntil(idle)
    assert window.session.project.passages()[0].quote == "Paragraph 250 mentions drones"
    assert set(highlighted) == {500}  # paragraph 250 is block 500 (blank lines between)

    highlighted.clear()
    window.main_actions.undo_action.trigger()
    qtbot.waitUntil(idle)
    assert set(highlighted) == {500}
    window.close()


def test_a_long_articles_suggestions_come_a_moment_after_it_is_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # Worked out in idle slices: the reader shows the text at once and underlines the
    # suggested sentences once they are known; the pane says it is working them out.
    from briefing.analysis.suggestions import suggest_for_article
    from briefing.gui import suggestions_model

    sentence = "Iran sent more drones to Russia, officials said."
    text = "\n\n".join(f"{sentence} Paragraph {n} is long." for n in range(5000))
    assert len(text) > suggestions_model.PREPARE_MIN_CHARS
    path = project_with(tmp_path / "long.briefing", ("Long", text))
    window = make_window(qtbot, path)
    pane, view = window.suggestions_pane, window.reader.view
    window.side_tabs.setCurrentWidget(pane)
    model = pane.model
    article = window.session.project.articles()[0]
    if model.preparing(article.id):
        assert "Working out" in pane.summary.text()
    qtbot.waitUntil(lambda: not model.preparing(article.id), timeout=20000)
    project = window.session.project
    expected = suggest_for_article(
        article, project.themes(), project.passages_of(article.id), project.rejected(),
        hide_touched=True,
    )  # fmt: skip
    assert list(model.suggestions_of(article.id)) == expected and expected
    qtbot.waitUntil(lambda: view.hints is not None and len(view.hints.spans) == len(expected))
    assert model.total() == len(expected)
    window.close()


def test_a_long_article_painted_again_paints_the_screen_at_once_and_the_rest_as_a_full_pass(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = "mentions drones and missiles at length. "
    paragraphs = [f"Paragraph {n} {sentence * 4}" for n in range(1200)]
    path = project_with(tmp_path / "long.briefing", ("Long", "\n\n".join(paragraphs)))
    highlighted = record_highlighting(monkeypatch)
    window = make_window(qtbot, path)
    view, highlighter = window.reader.view, window.reader.view.highlighter
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    for needle in ("Paragraph 3 mentions drones", "Paragraph 1100 mentions drones"):
        select_text(view, needle)
        press(qtbot, view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    project = window.session.project
    theme = project.passages()[0].theme_ids[0]
    highlighted.clear()
    before = block_formats(view)

    window.hub.run(lambda: project.recolour_theme(theme, "#123456"))
    blocks = view.document().blockCount()
    assert 0 < len(set(highlighted)) < blocks // 4  # the blocks around the screen, at once
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    painted = block_formats(view)
    assert painted[2200] != before[2200]  # paragraph 1100, far below the screen: recoloured
    highlighter.rehighlight()  # one full pass: what every block should show
    assert painted == block_formats(view)
    window.close()


def test_a_long_articles_suggestions_first_known_come_a_stretch_at_a_time(
    qtbot: QtBot, tmp_path: Path
) -> None:
    sentence = "Iran sent more drones to Russia, officials said."
    text = "\n\n".join(f"{sentence} Paragraph {n} is long." for n in range(5000))
    path = project_with(tmp_path / "long.briefing", ("Long", text))
    window = make_window(qtbot, path)
    view, highlighter = window.reader.view, window.reader.view.highlighter
    model = window.suggestions_pane.model
    article = window.session.project.articles()[0]
    qtbot.waitUntil(lambda: not model.preparing(article.id), timeout=20000)
    qtbot.waitUntil(lambda: view.hints is not None and len(view.hints.spans) > 0)
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    everything = view.hints.spans
    painted = block_formats(view)

    # As when its suggestions are first known: none underlined yet.
    view.hints, view._hint_list = view._make_hints([]), []
    highlighter.set_hints(view.hints)
    highlighter.rehighlight()
    assert block_formats(view) != painted
    asked: list[tuple] = []
    provider = view.suggestion_provider
    assert provider is not None

    def asking(*question):  # type: ignore[no-untyped-def]
        asked.append(question[1:])
        return provider(*question)

    view.suggestion_provider = asking
    view.refresh_suggestions()
    assert asked and all(question for question in asked)  # stretches, never all at once
    assert 0 < len(view.hints.spans) < len(everything)
    qtbot.waitUntil(lambda: len(view.hints.spans) == len(everything))
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    assert view.hints.spans == everything
    assert block_formats(view) == painted
    window.close()


def test_a_long_text_set_visits_only_the_blocks_around_the_screen_and_ends_as_one_pass(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Setting a long article's text highlights the blocks around the top at once, without
    visiting the others (they are highlighted later); in the end every block shows what
    one full pass paints, and a text set later in that document is highlighted as usual."""
    sentence = "mentions drones and missiles at length. "
    paragraphs = [f"Paragraph {n} {sentence * 4}" for n in range(1200)]
    path = project_with(tmp_path / "long.briefing", ("Long", "\n\n".join(paragraphs)))
    project_file = open_project(path)
    article = project_file.project.articles()[0]
    for n in (3, 700, 1100):
        start = article.text.index(f"Paragraph {n} ")
        project_file.project.tag(article.id, start, start + 40, [1 + n % 3])
    project_file.close()
    highlighted = record_highlighting(monkeypatch)
    window = make_window(qtbot, path)
    view, highlighter = window.reader.view, window.reader.view.highlighter
    blocks = view.document().blockCount()
    assert view.toPlainText() == article.text and blocks == 2399
    assert 0 < len(highlighted) < blocks // 4  # not 2,399 calls, most of them for nothing
    assert 0 in highlighted
    qtbot.waitUntil(lambda: highlighter.pending() == 0, timeout=IDLE_TIMEOUT_MS)
    painted = block_formats(view)
    assert painted[1400] and painted[2200]  # paragraphs 700 and 1100, tinted
    highlighter.rehighlight()  # one full pass: what every block should show
    assert painted == block_formats(view)

    # The highlighter hears of the document's changes again.
    highlighted.clear()
    view.document().setPlainText("Paragraph 3 " + sentence)
    assert set(highlighted) == {0}
    window.close()
