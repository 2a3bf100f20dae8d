"""Views that catch up a moment after an edit (once the window has painted it) still end up
showing exactly the current state: after a tag, an undo, a redo, a batch and another analyst's
edit. Each check reads what the widget shows (the tree's own selection, the labels' text),
never through a method that would bring it up to date first."""

from __future__ import annotations

from gui_helpers import press, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from briefing.core.edit import Edit, PassageChange
from briefing.core.tagging import SpanToTag, new_passage, tag_many
from briefing.gui.main_window import MainWindow

DRONES = "hundreds of kamikaze drones"
MISSILES = "ballistic missiles"


def tree_shows(window: MainWindow) -> tuple[int | None, list[int | None]]:
    """The passage of the Passages tree's current row, and of its selected rows."""
    tree, model = window.passages_pane.tree, window.passages_model
    selected = [model.passage_id(i) for i in tree.selectionModel().selectedRows()]
    return model.passage_id(tree.currentIndex()), selected


def follows(window: MainWindow) -> bool:
    """The tree shows the owner's current passage (selected alone), or nothing."""
    passage = window.hub.current.passage_id
    return tree_shows(window) == (passage, [passage] if passage is not None else [])


def status_is_up_to_date(window: MainWindow) -> bool:
    project, actions = window.session.project, window.main_actions
    total = project.passage_total()
    counted = f"{total} passage{'s' if total != 1 else ''}"
    chosen = window.hub.current.passage_id is not None
    return (
        counted in window.counts_label.text()
        and actions.delete_passage_action.isEnabled() == chosen
        and actions.undo_action.isEnabled() == window.session.history.canUndo()
    )


def settled(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: follows(window) and status_is_up_to_date(window), timeout=3000)


def test_the_passages_tree_and_the_status_follow_every_kind_of_edit(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.side_tabs.setCurrentWidget(window.passages_pane)
    view, project = window.reader.view, window.session.project
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)
    [drones] = project.passages()
    assert window.hub.current.passage_id == drones.id
    settled(window, qtbot)
    assert tree_shows(window) == (drones.id, [drones.id])

    select_text(view, MISSILES)
    press(qtbot, view, Qt.Key.Key_1)
    missiles = next(p for p in project.passages() if p.id != drones.id)
    settled(window, qtbot)
    assert tree_shows(window)[0] == missiles.id

    window.main_actions.undo_action.trigger()
    settled(window, qtbot)
    assert project.passage_total() == 1
    window.main_actions.redo_action.trigger()
    settled(window, qtbot)
    assert project.passage_total() == 2

    # A batch: several spans in one edit, then the first of them chosen.
    article = project.article(view.article_id)
    spans = [
        SpanToTag(article.id, start, start + len(word), (project.themes()[2].id,))
        for word in ("sanctions", "Tehran")
        if (start := article.text.find(word)) >= 0
    ]
    assert len(spans) == 2, "the sample holds both words"
    edit = window.hub.run(lambda: tag_many(project, spans, "Tag two spans").edit)
    assert edit is not None
    window.hub.current.choose_passage(edit.changes[0].id)
    settled(window, qtbot)
    assert tree_shows(window)[0] == edit.changes[0].id

    # Another analyst's edit removes the current passage: the list's neighbour is current.
    chosen = project.passage(edit.changes[0].id)
    project.receive(Edit("Delete passage", (PassageChange(chosen.id, chosen, None),)))
    settled(window, qtbot)
    assert tree_shows(window)[0] not in (None, chosen.id)
    # ...and one that adds a passage changes the counts, not the choice.
    start = article.text.index("Russia")
    theirs = new_passage(
        project, 990, SpanToTag(article.id, start, start + len("Russia"), (drones.theme_ids)), "Ana"
    )
    project.receive(Edit("Tag passage", (PassageChange(990, None, theirs),)))
    settled(window, qtbot)
    assert window.passages_model.indexes_of(990)


def test_an_edit_before_the_tree_caught_up_ends_as_if_it_had(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Undoing a tag at once (the tree not yet showing the new passage) leaves the tree and
    the current passage as undoing it a moment later does: Qt moves the tree on from a
    removed current row to its neighbour, so the tree must catch up before the rows change."""
    window.side_tabs.setCurrentWidget(window.passages_pane)
    view = window.reader.view
    for quote, key in ((DRONES, Qt.Key.Key_2), (MISSILES, Qt.Key.Key_2)):
        select_text(view, quote)
        press(qtbot, view, key)
    settled(window, qtbot)

    def tag_then_undo(wait: bool) -> tuple:
        select_text(view, "Russia")
        press(qtbot, view, Qt.Key.Key_2)
        if wait:
            settled(window, qtbot)
        window.main_actions.undo_action.trigger()
        settled(window, qtbot)
        return window.hub.current.passage_id, tree_shows(window)

    later = tag_then_undo(wait=True)
    window.hub.current.choose_passage(None)
    settled(window, qtbot)
    at_once = tag_then_undo(wait=False)
    assert at_once == later
    assert later[0] is not None  # the neighbour row was chosen: the case this is about


def test_a_tag_repaints_its_articles_row_alone_with_the_new_count(
    window: MainWindow, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QApplication

    from briefing.gui.articles_model import DETAILS_ROLE
    from briefing.gui.articles_pane import ArticleDelegate

    painted: list[tuple[int, str]] = []

    class Noting(ArticleDelegate):
        def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
            painted.append((index.row(), str(index.data(DETAILS_ROLE))))
            super().paint(painter, option, index)

    articles = window.articles_pane.list
    articles.setItemDelegate(Noting(articles))
    qtbot.waitUntil(lambda: len({row for row, _ in painted}) > 1)  # the samples' rows
    current = articles.currentIndex().row()
    view = window.reader.view
    select_text(view, DRONES)
    press(qtbot, view, Qt.Key.Key_2)  # the first: the window lays out its new counts
    settled(window, qtbot)
    select_text(view, MISSILES)
    painted.clear()
    press(qtbot, view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: any("2 passages" in details for _, details in painted))
    for _ in range(3):  # a relayout of the list, had one been asked for, would run and paint
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert {row for row, _ in painted} == {current}, painted
