"""Opening, creating and saving projects: File > New, Open, Open recent, Save as, and the
first run's sample project. A project that opens becomes the hub's session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from briefing.core.errors import ProjectError
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.gui.session import Session
from briefing.store import (
    PROJECT_SUFFIX,
    ProjectFile,
    ProjectNotWritable,
    create_project,
    open_project,
)
from briefing.store.locations import (
    data_dir,
    recent_projects,
    remember_project,
    sample_project_path,
)

log = logging.getLogger(__name__)

PROJECT_FILTER = f"Briefing projects (*{PROJECT_SUFFIX})"


class ProjectLifecycle:
    def __init__(
        self, hub: ProjectHub, parent: QWidget, before_closing: Callable[[], object]
    ) -> None:
        self.hub = hub
        self.parent = parent
        self.before_closing = before_closing  # store what is being typed (settings fields)

    def open_initial(self, path: Path | None = None) -> None:
        """Open `path`, else the last project, else the sample project (made on first run)."""
        if path is not None:
            if self.open_project(Path(path)):
                return
        else:
            recent = recent_projects()
            if recent and self.open_project(recent[0], quiet=True):
                return
        self.open_sample()

    def open_sample(self) -> bool:
        sample = sample_project_path()
        if sample.exists():
            return self.open_project(sample)
        try:
            from briefing.importers.sample import create_sample_project

            project_file = create_sample_project(sample)
        except ProjectError as error:
            self._warn("Could not create the sample project", str(error))
            return False
        self.set_project_file(project_file)
        return True

    def open_project(self, path: Path, quiet: bool = False) -> bool:
        blocked = None
        try:
            try:
                project_file = open_project(Path(path))
            except ProjectNotWritable as error:
                blocked = error  # sound, but on read-only media or a full disk: look only
                project_file = open_project(Path(path), read_only=True)
        except ProjectError as error:
            log.warning("Could not open %s: %s", path, error)
            if not quiet:
                self._warn("Could not open the project", str(error))
            return False
        self.set_project_file(project_file)
        if blocked is not None:
            self._warn(
                "Opened read-only",
                f"{blocked}.\n\nYou can read the project and export its briefing; changes "
                "cannot be saved. To work on it, use File > Save As to make a copy elsewhere.",
            )
        return True

    def set_project_file(self, project_file: ProjectFile | None) -> None:
        """Show another project (None: none); the previous one is closed."""
        if self.hub.session is not None:
            self.before_closing()
        session = Session(project_file, self.hub) if project_file is not None else None
        self.hub.open(session)
        if session is not None:
            remember_project(session.path)
            articles = session.project.articles()
            if articles:  # once every view has the project: open its first article
                self.hub.current.show_article(articles[0].id)

    def new_project_dialog(self) -> None:
        start = str(remembered_folder("projects", data_dir()) / f"Untitled{PROJECT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self.parent, "New project", start, PROJECT_FILTER)
        if not name:
            return
        path = with_project_suffix(Path(name))
        try:
            project_file = create_project(path)
        except ProjectError as error:
            self._warn("Could not create the project", str(error))
            return
        remember_folder("projects", path.parent)
        self.set_project_file(project_file)
        self.hub.message.emit(f"Created {path.name}: import articles to start (Ctrl+I)")

    def open_project_dialog(self) -> None:
        start = str(remembered_folder("projects", data_dir()))
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open project", start, PROJECT_FILTER)
        if name:
            remember_folder("projects", Path(name).parent)
            self.open_project(Path(name))

    def save_as_dialog(self) -> None:
        session = self.hub.session
        if session is None:
            return
        start = str(session.path.with_name(f"{session.name} copy{PROJECT_SUFFIX}"))
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save project as", start, PROJECT_FILTER)
        if not name:
            return
        target = with_project_suffix(Path(name))
        self.before_closing()
        try:
            session.project_file.save_as(target)
        except ProjectError as error:
            self._warn("Could not save the project", str(error))
            return
        remember_folder("projects", target.parent)
        if self.open_project(target):
            self.hub.message.emit(f"Saved as {target.name}; you are now working in it")

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = recent_projects()
        for path in paths:
            action = menu.addAction(path.stem)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not paths:
            menu.addAction("No recent projects").setEnabled(False)

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)


def with_project_suffix(path: Path) -> Path:
    return path if path.suffix == PROJECT_SUFFIX else path.with_name(path.name + PROJECT_SUFFIX)
