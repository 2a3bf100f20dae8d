"""File > Import articles, and files dropped on the window: read off the UI thread with
progress and cancel, then added in one undoable edit; what was skipped is said per file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from briefing.core.edit import ArticleChange
from briefing.gui.background import BackgroundTask
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.gui.session import Session

if TYPE_CHECKING:
    from briefing.importers.batch import ImportPlan


def article_filter() -> str:
    from briefing.importers import SUPPORTED_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
    return f"Articles ({patterns});;All files (*)"


class Importer:
    def __init__(self, hub: ProjectHub, parent: QWidget) -> None:
        self.hub = hub
        self.parent = parent
        self.runner: BackgroundTask[ImportPlan] | None = None

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

    def import_paths(self, paths: list[Path]) -> None:
        session = self.hub.session
        if session is None or not paths:
            return
        if self.running():
            self.hub.message.emit("An import is already running")
            return
        from briefing.importers.batch import read_files  # the importers load lazily

        known = {a.content_hash for a in session.project.articles()}
        files = list(paths)

        def describe(done: int, total: int) -> str:
            return f"Reading {files[done].name} ({done + 1} of {total})…"

        self.runner = BackgroundTask(
            self.parent, "Import articles", lambda progress: read_files(files, known, progress),
            lambda plan: self._done(session, plan), self._failed, describe=describe,
        )  # fmt: skip
        self.runner.start()

    def running(self) -> bool:
        return self.runner is not None and self.runner.running()

    def wait(self) -> None:
        """Stop a running import (the window is closing)."""
        if self.runner is not None:
            self.runner.wait()

    def _done(self, session: Session, plan: ImportPlan) -> None:
        from briefing.importers.batch import commit_plan

        if session is not self.hub.session:
            return  # the project was closed meanwhile
        project = session.project
        count = len(plan.articles)
        noun = "article" if count == 1 else "articles"
        edit = self.hub.run(
            lambda: commit_plan(project, plan), f"Imported {count} {noun} - Ctrl+Z to undo"
        )
        skipped = [o for o in plan.outcomes if not o.imported]
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
