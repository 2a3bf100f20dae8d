"""Suggestions like an analyst: accept, reject, accept all, trim in the reader, the underline."""

from __future__ import annotations

import pytest
from gui_helpers import make_window, press, select_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from briefing.analysis.suggestion_cache import SuggestionCache
from briefing.analysis.suggestions import Suggestion
from briefing.gui import suggestions_model
from briefing.gui.main_window import MainWindow
from briefing.gui.marks import hints_tooltip
from briefing.gui.suggestions_pane import SuggestionsPane

DRONES_SENTENCE = "Iran has already provided Russia with hundreds of kamikaze drones"


def add_suggestions_tab(window: MainWindow, qtbot: QtBot) -> SuggestionsPane:
    """The Suggestions tab, brought to the front, once the open article's are worked out
    (the first article after opening has them a moment after its text is painted)."""
    window.side_tabs.setCurrentWidget(window.suggestions_pane)
    worked_out(window.suggestions_pane, qtbot)
    return window.suggestions_pane


def worked_out(pane: SuggestionsPane, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not pane.model.preparing_in_scope(), timeout=5000)


def listed(pane: SuggestionsPane, theme: str) -> list[Suggestion]:
    project = pane.project
    assert project is not None
    return pane.model.in_theme(project.theme_named(theme).id)


def choose(pane: SuggestionsPane, qtbot: QtBot, needle: str, theme: str) -> Suggestion:
    """Click the suggestion whose sentence holds `needle`, as the analyst would."""
    [found] = [s for s in listed(pane, theme) if needle in s.text]
    model = pane.model
    group = model.group_index(found.theme_id)
    [index] = [
        model.index(row, 0, group)
        for row in range(model.rowCount(group))
        if model.suggestion(model.index(row, 0, group)) == found
    ]
    pane.tree.scrollTo(index)
    rect = pane.tree.visualRect(index)
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.current_suggestion() == found
    return found


def test_accept_tags_the_sentence_and_undo_redo(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    project = window.session.project
    drones = project.theme_named("drones").id
    before = len(listed(pane, "drones"))
    chosen = choose(pane, qtbot, DRONES_SENTENCE, "drones")
    # Choosing it shows the sentence, selected, in the reader.
    assert window.reader.view.selection_range() == (chosen.start, chosen.end)

    [accept] = [
        b for b in pane.findChildren(QToolButton) if b.defaultAction() == pane.accept_action
    ]
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    [passage] = project.passages()
    assert (passage.start, passage.end, passage.theme_ids) == (chosen.start, chosen.end, (drones,))
    assert chosen not in listed(pane, "drones")
    assert len(listed(pane, "drones")) == before - 1
    following = pane.current_suggestion()  # on to the next one, shown in the reader
    assert following is not None and pane.tree.hasFocus()
    assert window.reader.view.selection_range() == (following.start, following.end)

    window.main_actions.undo_action.trigger()
    pane.model.flush()
    assert project.passages() == []
    assert chosen in listed(pane, "drones")
    window.main_actions.redo_action.trigger()
    pane.model.flush()
    assert [p.quote for p in project.passages()] == [passage.quote]
    assert chosen not in listed(pane, "drones")


def test_reject_is_remembered_after_reopening(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    chosen = choose(pane, qtbot, DRONES_SENTENCE, "missiles")
    qtbot.keyClick(pane.tree, Qt.Key.Key_R)
    assert chosen not in listed(pane, "missiles")
    assert window.session.project.passages() == []  # Delete and R reject; they tag nothing

    path = window.session.path
    window.lifecycle.set_project_file(None)
    window.lifecycle.open_project(path)
    worked_out(pane, qtbot)
    pane.model.flush()
    assert chosen.key in window.session.project.rejected()
    assert listed(pane, "missiles")  # the others are still there...
    assert chosen not in listed(pane, "missiles")  # ...but never this one again


def test_delete_key_rejects_without_deleting_a_passage(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    choose(pane, qtbot, DRONES_SENTENCE, "drones")
    qtbot.keyClick(pane.tree, Qt.Key.Key_Return)  # a passage to be tempted by Delete
    [passage] = window.session.project.passages()
    window.hub.current.choose_passage(passage.id)
    chosen = choose(pane, qtbot, DRONES_SENTENCE, "missiles")
    qtbot.keyClick(pane.tree, Qt.Key.Key_Delete)
    assert chosen.key in window.session.project.rejected()
    assert window.session.project.passages() == [passage]


def test_accept_all_for_a_theme_is_one_undo(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    project = window.session.project
    pending = listed(pane, "missiles")
    assert len(pending) > 3
    choose(pane, qtbot, pending[0].text[:30], "missiles")
    qtbot.keyClick(pane.tree, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert [(p.start, p.end) for p in project.passages()] == [(s.start, s.end) for s in pending]
    assert listed(pane, "missiles") == []
    assert listed(pane, "drones")  # other themes untouched
    window.main_actions.undo_action.trigger()
    pane.model.flush()
    assert project.passages() == []
    assert listed(pane, "missiles") == pending


def test_trim_then_tag_by_hand_answers_the_suggestion(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    project = window.session.project
    chosen = choose(pane, qtbot, DRONES_SENTENCE, "drones")
    qtbot.keyClick(pane.tree, Qt.Key.Key_T)
    view = window.reader.view
    assert view.hasFocus()
    assert view.selection_range() == (chosen.start, chosen.end)
    # Shrink the selection to the words that matter, then the theme key, as usual.
    select_text(view, "hundreds of kamikaze drones")
    press(qtbot, view, Qt.Key.Key_2)
    [passage] = project.passages()
    assert passage.quote == "hundreds of kamikaze drones"
    qtbot.waitUntil(lambda: chosen not in listed(pane, "drones"), timeout=2000)
    assert view.hasFocus() and view.selection_range() is None  # the list did not pull it away
    # Only a quarter of the sentence is tagged, yet the suggestion is answered.
    assert (passage.end - passage.start) < (chosen.end - chosen.start) / 2


def test_tagging_the_sentence_by_hand_removes_its_suggestion(
    window: MainWindow, qtbot: QtBot
) -> None:
    pane = add_suggestions_tab(window, qtbot)
    [chosen] = [s for s in listed(pane, "drones") if DRONES_SENTENCE in s.text]
    view = window.reader.view
    select_text(view, chosen.text)
    press(qtbot, view, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: chosen not in listed(pane, "drones"), timeout=2000)
    assert chosen not in [h for h in pane.hints.reader_hints(chosen.article_id) if h.theme_id == 2]


def underline_at(window: MainWindow, position: int) -> QColor | None:
    """The colour of the dotted underline at a position of the reader, or None."""
    block = window.reader.view.document().findBlock(position)
    for fmt_range in block.layout().formats():
        if fmt_range.start <= position - block.position() < fmt_range.start + fmt_range.length:
            fmt = fmt_range.format
            if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine:
                return fmt.underlineColor()
    return None


def test_reader_underlines_suggestions_and_the_toggle(window: MainWindow, qtbot: QtBot) -> None:
    pane = add_suggestions_tab(window, qtbot)
    project = window.session.project
    missiles, drones = (QColor(project.theme_named(n).colour) for n in ("missiles", "drones"))
    [chosen] = [s for s in listed(pane, "drones") if DRONES_SENTENCE in s.text]
    middle = (chosen.start + chosen.end) // 2  # the seeds are ASCII: offsets are positions
    # Suggested for missiles and drones: one underline, in the first theme's colour.
    assert underline_at(window, middle) == missiles
    byline = window.reader.view.text.index("Ingilab Mammadov")
    assert underline_at(window, byline + 3) is None  # nothing suggested there
    marks = window.reader.view.marks
    assert marks is not None
    tip = hints_tooltip(marks, [(h.theme_id, h.label) for h in pane.hints.reader_hints(1)])
    assert "missiles" in tip and "kamikaze" in tip

    pane.show_in_reader_action.setChecked(False)
    assert not pane.underline.isChecked()
    assert underline_at(window, middle) is None
    pane.underline.setChecked(True)
    assert pane.show_in_reader_action.isChecked()
    assert underline_at(window, middle) == missiles

    # Tagging it as missiles leaves the drones suggestion; rejecting that leaves none.
    select_text(window.reader.view, chosen.text)
    press(qtbot, window.reader.view, Qt.Key.Key_1)
    pane.model.flush()
    assert underline_at(window, middle) == drones
    window.reader.view.clear_selection()
    choose(pane, qtbot, DRONES_SENTENCE, "drones")
    qtbot.keyClick(pane.tree, Qt.Key.Key_R)
    assert underline_at(window, middle) is None


def test_all_articles_scope_and_the_preference_is_kept(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    pane = add_suggestions_tab(window, qtbot)
    one = pane.model.total()
    pane.all_articles.setChecked(True)
    assert pane.model.total() > one
    assert {s.article_id for s in listed(pane, "missiles")} == {
        a.id for a in window.session.project.articles()
    }
    pane.show_in_reader_action.setChecked(False)
    window.close()
    again = SuggestionsPane(lambda _operation: None)
    qtbot.addWidget(again)
    assert again.all_articles.isChecked() and not again.show_in_reader_action.isChecked()


def test_all_articles_of_a_big_project_fill_in_without_freezing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot)
    pane = add_suggestions_tab(window, qtbot)
    pane.all_articles.setChecked(True)
    expected = {t.id: listed(pane, t.name) for t in window.session.project.themes()}
    pane.all_articles.setChecked(False)
    # As if every article took long to work out: none is listed at once...
    monkeypatch.setattr(suggestions_model, "SYNC_SECONDS", -1.0)
    pane.model._filler.slice_seconds = 0.0  # one article per turn
    pane.model.cache = SuggestionCache(window.session.project)  # nothing worked out yet
    pane.all_articles.setChecked(True)
    assert pane.model.articles_to_go() > 0
    assert "articles to go" in pane.summary.text()
    # ...they come in turn by turn, and end up just as listed at once.
    qtbot.waitUntil(lambda: pane.model.articles_to_go() == 0, timeout=5000)
    assert {t.id: listed(pane, t.name) for t in window.session.project.themes()} == expected
    assert "articles to go" not in pane.summary.text()
    window.close()


def test_a_long_list_opens_its_first_group_at_once_and_the_others_after(
    qtbot: QtBot, tmp_path
) -> None:
    from gui_helpers import project_with

    from briefing.gui.suggestions_pane import LONG_LIST

    sentences = [
        f"Report {n}: Iran sent drones and ballistic missiles to Russia." for n in range(LONG_LIST)
    ]
    path = project_with(tmp_path / "many.briefing", ("Many", " ".join(sentences)))
    window = make_window(qtbot, path)
    pane = add_suggestions_tab(window, qtbot)
    model = pane.model
    groups = [model.index(row, 0) for row in range(model.rowCount())]
    filled = [g for g in groups if model.rowCount(g)]
    assert len(filled) >= 2 and model.total() > LONG_LIST
    assert pane.tree.isExpanded(filled[0])  # on screen at once
    qtbot.waitUntil(lambda: all(pane.tree.isExpanded(g) for g in filled))
    window.close()
