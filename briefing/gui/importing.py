"""File > Import articles and Import from web address, and files or links dropped or pasted
on the window: read off the UI thread with
progress and cancel, then added in one undoable edit; what was skipped is said per file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from briefing.core.edit import ArticleChange, Edit
from briefing.gui import dialogs
from briefing.gui.background import BackgroundTask
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.gui.session import Session
from briefing.gui.stepwise import StepwiseEdit

if TYPE_CHECKING:
    from briefing.core.records import ImportedArticle
    from briefing.importers.batch import ImportPlan, Progress

_ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def addresses_in(text: str) -> tuple[str, ...]:
    """The web addresses in some text (what was pasted or typed), each once, in order."""
    return tuple(dict.fromkeys(_ADDRESS.findall(text)))


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


def article_filter() -> str:
    from briefing.importers import SUPPORTED_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
    return f"Articles ({patterns});;All files (*)"


class Importer:
    def __init__(self, hub: ProjectHub, parent: QWidget) -> None:
        self.hub = hub
        self.parent = parent
        self.runner: BackgroundTask[ImportPlan] | None = None
        self.committing: StepwiseEdit[ImportedArticle] | None = None

    def import_dialog(self) -> None:
        if self.hub.session is None:
            return
        start = str(remembered_folder("import", Path.home()))
        names, _ = QFileDialog.getOpenFileNames(
            self.parent, "Import articles", start, article_filter()
        )
        if names:
            remember_folder("import", Path(names[0]).parent)
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: Sequence[Path | str]) -> None:
        """Import files and web addresses (http:// or https://), in that order."""
        session = self.hub.session
        if session is None or not paths:
            return
        if self.running():
            self.hub.message.emit("An import is already running")
            return
        known = {a.content_hash for a in session.project.articles()}
        files = list(paths)

        def describe(done: int, total: int) -> str:
            source = files[min(done, total - 1)]
            name = source if isinstance(source, str) else source.name
            verb = "Fetching" if isinstance(source, str) else "Reading"
            return f"{verb} {name} ({min(done + 1, total)} of {total})…"

        def read(progress: Progress) -> ImportPlan:
            # The importers load lazily, here off the UI thread: their first import (web
            # fetching, worker processes, metadata) held the window 87 ms at scale 10.
            from briefing.importers.batch import read_files

            # Left out of collections, as the window keeps its project (see read_files).
            return read_files(files, known, progress, keep_out=True)

        self.runner = BackgroundTask(
            self.parent, "Import articles", read, lambda plan: self._done(session, plan),
            self._failed, describe=describe,
        )  # fmt: skip
        self.runner.start()

    def import_address_dialog(self) -> None:
        """File > Import from web address: one or more addresses, one per line."""
        if self.hub.session is None:
            return
        text = dialogs.ask_web_addresses(self.parent, addresses_in(clipboard_text()))
        if text is None:
            return
        addresses = addresses_in(text)
        if not addresses:
            QMessageBox.information(
                self.parent, "Import from web address",
                "No web address found: addresses start with http:// or https://",
            )  # fmt: skip
            return
        self.import_paths(list(addresses))

    def paste_addresses(self) -> None:
        """Ctrl+V on the window (not in a text field): import the links on the clipboard."""
        addresses = addresses_in(clipboard_text())
        if not addresses:
            self.hub.message.emit("Nothing to paste: copy a web address (http:// or https://)")
            return
        self.import_paths(list(addresses))

    def running(self) -> bool:
        reading = self.runner is not None and self.runner.running()
        return reading or (self.committing is not None and self.committing.running())

    def wait(self) -> None:
        """Stop reading files, and add what was read (the window is closing)."""
        if self.runner is not None:
            self.runner.wait()
        if self.committing is not None:
            self.committing.complete()

    def _done(self, session: Session, plan: ImportPlan) -> None:
        if session is not self.hub.session:
            return  # the project was closed meanwhile
        project = session.project
        count = len(plan.articles)
        if not count:
            self._report(plan, None)
            return
        noun = "article" if count == 1 else "articles"
        first = plan.articles[0].title
        self.committing = StepwiseEdit(
            self.hub, self.parent, f"Adding {count:,} {noun} to the project…", plan.articles,
            project.add_articles,
            f"Import “{first}”" if count == 1 else f"Import {count} {noun}",
            f"Imported {count} {noun} - Ctrl+Z to undo", lambda edit: self._report(plan, edit),
        )  # fmt: skip
        self.committing.start()

    def _report(self, plan: ImportPlan, edit: Edit | None) -> None:
        count = len(plan.articles) if edit else 0
        noun = "article" if count == 1 else "articles"
        skipped = [o for o in plan.outcomes if not o.imported or "(note:" in o.message]
        if skipped or plan.cancelled:
            lines = [f"{o.label}: {o.message}" for o in skipped]
            if plan.cancelled:
                lines.append("The import was cancelled; the files read so far were imported.")
            QMessageBox.information(
                self.parent, "Import articles", f"Imported {count} {noun}.\n\n" + "\n".join(lines)
            )
        if edit:
            self.hub.current.show_article(min(c.id for c in edit.of(ArticleChange)))

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.parent, "Import articles", message)
