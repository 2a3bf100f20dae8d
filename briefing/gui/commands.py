"""What the window's tagging and article gestures do: each one a call into the core through
the hub, with the status-bar line that says what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from briefing.core.tagging import SpanToTag, tag_or_add
from briefing.gui import dialogs
from briefing.gui.hub import ProjectHub
from briefing.gui.reader import Reader

if TYPE_CHECKING:
    # The article dialog and the importers it names load when the dialog is first opened:
    # starting the window never needs the readers.
    from briefing.importers.options import ReadOptions


class Commands:
    def __init__(
        self,
        hub: ProjectHub,
        reader: Reader,
        parent: QWidget,
        theme_at_key: Callable[[int], int | None],
    ) -> None:
        self.hub = hub
        self.reader = reader
        self.parent = parent
        self.theme_at_key = theme_at_key  # 1-9 -> the theme at that place in the codebook

    def say(self, text: str) -> None:
        self.hub.message.emit(text)

    # ----- tagging ------------------------------------------------------------------------

    def tag_with_key(self, number: int) -> None:
        """Keys 1-9: tag with the theme at that place in the codebook."""
        theme_id = self.theme_at_key(number)
        project = self.hub.project
        if theme_id is not None:
            self.tag_with_theme(theme_id)
        elif project is not None:
            count = len(project.themes())
            self.say(f"No theme number {number}: the codebook has {count}")

    def tag_with_theme(self, theme_id: int) -> None:
        """Tag the selection (snapped to words), or add the theme to the current passage."""
        project, article_id = self.hub.project, self.reader.article_id
        if project is None or article_id is None:
            self.say("Open an article first, select some text, then press 1-9")
            return
        name = project.theme(theme_id).name
        selected = self.reader.view.selection_range()
        if selected is None:
            passage_id = self.hub.current.passage_id
            if passage_id is None:
                self.say("Select some text in the reader first, then press 1-9")
            else:
                self.add_theme(passage_id, theme_id)
            return
        span = SpanToTag(article_id, *selected, (theme_id,))
        existing = project.passage_at(article_id, *selected) is not None
        announce = "Tagged the passage also as" if existing else "Tagged 1 passage as"
        edit = self.hub.run(
            lambda: tag_or_add(project, span), f"{announce} {name} - Ctrl+Z to undo"
        )
        if edit is not None or existing:  # done, or the passage is tagged so already
            self.reader.view.clear_selection()
        if edit:
            self.hub.current.choose_passage(edit.changes[0].id)

    def add_theme(self, passage_id: int, theme_id: int) -> None:
        project = self.hub.project
        if project is None:
            return
        name = project.theme(theme_id).name
        if theme_id in project.passage(passage_id).theme_ids:
            self.say(f"That passage is already tagged as {name}")
            return
        self.hub.run(
            lambda: project.add_passage_theme(passage_id, theme_id),
            f"Tagged the passage also as {name} - Ctrl+Z to undo",
        )
        self.hub.current.choose_passage(passage_id)

    def delete_current_passage(self) -> None:
        project, passage_id = self.hub.project, self.hub.current.passage_id
        if project is None or passage_id is None:
            self.say("Click a highlighted passage (or pick one in Passages) to delete it")
            return
        self.hub.run(
            lambda: project.delete_passage(passage_id), "Deleted 1 passage - Ctrl+Z to undo"
        )

    def show_range(self, article_id: int, start: int, end: int, focus: bool) -> None:
        """Select text of an article in the reader (a suggestion to trim before tagging)."""
        self.hub.current.show_article(article_id)
        self.reader.catch_up()  # a long article is shown a turn later: its text now
        self.reader.view.show_range(start, end, focus)

    # ----- articles -----------------------------------------------------------------------

    def edit_article(self, article_id: int | None) -> None:
        project = self.hub.project
        if project is None or article_id is None:
            return
        from briefing.gui.article_dialog import SourceAccess

        source = SourceAccess(
            lambda: project.original(article_id), project.passage_count(article_id)
        )
        edit = dialogs.edit_article(self.parent, project.article(article_id), source)
        if edit is None:
            return
        if edit.reread is not None:
            self.read_again(article_id, edit.reread)
        self.hub.run(lambda: project.update_article(article_id, **edit.fields))

    def read_again(self, article_id: int, options: ReadOptions) -> None:
        """Read an article's kept original again another way; one undoable edit."""
        from briefing.importers import read_again
        from briefing.importers.errors import ContentRefused

        project = self.hub.project
        if project is None:
            return
        article, original = project.article(article_id), project.original(article_id)
        if original is None:
            self.say(f"“{article.title}” has no original in the project to read again")
            return
        try:
            imported = read_again(article, original, options)
        except ContentRefused as refused:
            QMessageBox.warning(self.parent, "Read again", f"“{article.title}”: {refused.reason}")
            return
        self.hub.run(lambda: project.reread_article(article_id, imported))

    def remove_article(self, article_id: int | None) -> None:
        project = self.hub.project
        if project is None or article_id is None:
            return
        article = project.article(article_id)
        count = len(project.passages_of(article_id))
        answer = QMessageBox.question(
            self.parent,
            "Remove article",
            f"Remove “{article.title}” and its {count} passage(s) from the project?\n"
            "Ctrl+Z brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.hub.run(lambda: project.remove_article(article_id))
