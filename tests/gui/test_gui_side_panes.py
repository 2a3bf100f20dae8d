"""The side panes other than Passages are made when first shown or asked for: a pane made
after edits shows them, follows the edits after it, and its signals reach the window."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import make_window, press, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.gui.main_window import TAB, MainWindow
from briefing.gui.search_pane import HitOpened
from briefing.importers.sample import create_sample_project

DRONES = "hundreds of kamikaze drones"
LATER = ("search", "suggestions", "settings", "briefing")


def made(window: MainWindow) -> set[str]:
    return {name for name, index in TAB.items() if window.side_tabs.is_made(index)}


def edit_before_any_pane_is_made(window: MainWindow, qtbot: QtBot) -> None:
    """A tag, a renamed theme and a new title, with only the first tabs made."""
    project = window.session.project
    select_text(window.reader.view, DRONES)
    press(qtbot, window.reader.view, Qt.Key.Key_2)
    drones = project.theme_named("drones").id
    window.hub.run(lambda: project.rename_theme(drones, "UAVs"))
    window.hub.run(lambda: project.update_settings(title="Week 12"))
    assert not made(window) & set(LATER)


def test_the_start_makes_only_the_pane_shown(window: MainWindow) -> None:
    assert made(window) == {"passages", "codebook"}
    assert window.side_tabs.currentIndex() == TAB["passages"]


def test_a_pane_shown_after_edits_shows_them_and_follows_the_next(
    window: MainWindow, qtbot: QtBot
) -> None:
    title = window.session.project.settings.title
    edit_before_any_pane_is_made(window, qtbot)
    window.side_tabs.setCurrentIndex(TAB["settings"])  # as a click on the tab does
    assert "settings" in made(window)
    settings = window.settings_pane
    assert settings.isVisible() and window.side_tabs.currentWidget() is settings
    assert settings.title.text() == "Week 12" and settings.isEnabled()
    window.main_actions.undo_action.trigger()  # the title: it follows the hub from now on
    assert settings.title.text() == title != "Week 12"

    window.side_tabs.setCurrentIndex(TAB["search"])
    boxes = window.search_pane.theme_filter
    assert "With passages of UAVs" in [boxes.itemText(i) for i in range(boxes.count())]

    window.side_tabs.setCurrentIndex(TAB["briefing"])
    qtbot.waitUntil(lambda: DRONES in window.preview.browser.toPlainText(), timeout=3000)
    assert "UAVs" in window.preview.browser.toPlainText()


def test_the_suggestions_pane_made_later_lists_the_open_article_and_its_signals_reach_the_reader(
    window: MainWindow, qtbot: QtBot
) -> None:
    edit_before_any_pane_is_made(window, qtbot)
    model = window.suggestions.model
    qtbot.waitUntil(lambda: not model.preparing_in_scope(), timeout=5000)
    underlined = window.suggestions.reader_hints(window.reader.article_id)
    assert underlined  # the reader had them before the pane was made
    pane = window.suggestions_pane
    assert pane.model is model and model.total() == len(underlined)
    assert pane.summary.text().startswith(f"{model.total()} suggestion")
    # Trim (T) selects the sentence in the reader: the pane's jump reaches it.
    window.side_tabs.setCurrentWidget(pane)
    groups = [model.index(row, 0) for row in range(model.rowCount())]
    group = next(g for g in groups if model.rowCount(g))
    first = model.index(0, 0, group)
    pane.tree.setCurrentIndex(first)
    suggestion = model.suggestion(first)
    assert suggestion is not None
    pane.trim()
    view = window.reader.view
    assert view.selection_range() == (suggestion.start, suggestion.end)
    assert "Shrink the selection" in window.statusBar().currentMessage()  # its message too


def test_a_search_pane_made_by_find_everywhere_marks_its_hits_in_the_reader(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert "search" not in made(window)
    window.main_actions.find_everywhere_action.trigger()
    pane = window.search_pane
    assert window.side_tabs.currentWidget() is pane and pane.field.hasFocus()
    pane.field.setText("drones")
    qtbot.waitUntil(lambda: pane.search.state.finished and pane.search.state.text == "drones")
    article_id = window.reader.article_id
    hits = [(h.start, h.end) for h in pane.search.state.hits if h.article_id == article_id]
    assert hits and window.reader.view.search_hits == hits
    other = next(h for h in pane.search.state.hits if h.article_id != article_id)
    pane.hit_opened.emit(HitOpened(other))
    assert window.reader.article_id == other.article_id
    assert window.reader.view.selection_range() == (other.start, other.end)


def test_go_to_briefing_settings_makes_the_pane_and_focuses_its_title(
    window: MainWindow,
) -> None:
    [go] = [a for a in window.main_actions.focus_actions if "settings" in a.text()]
    go.trigger()
    settings = window.settings_pane
    assert window.side_tabs.currentWidget() is settings
    assert settings.title.hasFocus() or window.focusWidget() is settings.title


def test_panes_made_follow_the_next_project_and_what_is_typed_is_stored_on_leaving(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first, second = sample(tmp_path / "a"), sample(tmp_path / "b")
    window = make_window(qtbot, first)
    window.hub.run(lambda: window.session.project.update_settings(title="First"))
    window.lifecycle.open_project(second)  # with the Settings pane never made: nothing to store
    window.settings_pane.title.setText("typed, not yet stored")
    window.lifecycle.open_project(first)
    assert window.settings_pane.title.text() == "First"
    window.lifecycle.open_project(second)
    assert window.settings_pane.title.text() == "typed, not yet stored"
    window.side_tabs.setCurrentIndex(TAB["search"])
    assert window.search_pane.search.project is window.session.project
    window.close()


def sample(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "Sample.briefing"
    create_sample_project(path).close()
    return path
