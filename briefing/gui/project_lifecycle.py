"""Opening, creating and saving projects: File > New, Open, the same for a project on a
PostgreSQL server, Open recent, Save as, and the first run's sample project. A project that
opens becomes the hub's session, whichever kind it is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from briefing.core.collection import (
    collection_paused,
    keep_out_of_collections,
    let_collections_in,
)
from briefing.core.errors import ProjectError
from briefing.gui.gui_settings import remember_folder, remembered_folder
from briefing.gui.hub import ProjectHub
from briefing.gui.server_dialog import ask_password, ask_server_address
from briefing.gui.session import Session
from briefing.store import PROJECT_SUFFIX, ProjectNotWritable
from briefing.store.address import ServerAddress
from briefing.store.locations import (
    Recent,
    data_dir,
    recent_projects,
    remember_project,
    sample_project_path,
)
from briefing.store.opening import StoredProject, create_location, open_location, server_address

log = logging.getLogger(__name__)

PROJECT_FILTER = f"Briefing projects (*{PROJECT_SUFFIX})"
OPEN_SERVER_INTRO = (
    "A project a desk shares lives in a database on a PostgreSQL server. Ask its owner for "
    "the address and to make you a member; a password is asked for when ~/.pgpass or "
    "PGPASSWORD do not give it, and is never saved."
)
NEW_SERVER_INTRO = (
    "The project is made in this database (created if the server has none of that name), "
    "and you become its owner: add the desk's analysts with briefing members. Your role "
    "needs the right to create roles (CREATEROLE)."
)


class ProjectLifecycle:
    def __init__(
        self, hub: ProjectHub, parent: QWidget, before_closing: Callable[[], object]
    ) -> None:
        self.hub = hub
        self.parent = parent
        self.before_closing = before_closing  # store what is being typed (settings fields)

    def open_initial(self, path: Recent | None = None) -> None:
        """Open `path`, else the last project, else the sample project (made on first run)."""
        if path is not None:
            if self.open_project(path):
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

    def open_project(self, location: Recent, quiet: bool = False) -> bool:
        """Open a project file or a server project (by its address); False if it did not
        open (said in a dialog unless `quiet`: a recent project that went away). A server's
        password is asked for if libpq's sources do not give it, quiet or not."""
        # What opening makes stays (the records, the views' rows): no cyclic collection walks
        # it before `set_project_file` leaves it out of them all (a collection or two of a
        # few hundred thousand young objects, at scale 10, before the first article showed).
        with collection_paused():
            return self._open_project(location, quiet)

    def _open_project(self, location: Recent, quiet: bool) -> bool:
        blocked = None
        try:
            try:
                stored = open_location(location, ask=self._ask_password, deferred=True)
            except ProjectNotWritable as error:
                blocked = error  # sound, but on read-only media or a full disk: look only
                stored = open_location(location, read_only=True)
        except ProjectError as error:
            log.warning("Could not open %s: %s", location, error)
            if not quiet:
                self._warn("Could not open the project", str(error))
            return False
        self.set_project_file(stored)
        if blocked is not None:
            self._warn(
                "Opened read-only",
                f"{blocked}.\n\nYou can read the project and export its briefing; changes "
                "cannot be saved. To work on it, use File > Save As to make a copy elsewhere.",
            )
        return True

    def set_project_file(self, stored: StoredProject | None) -> None:
        """Show another project (None: none); the previous one is closed."""
        if self.hub.session is not None:
            self.before_closing()
        let_collections_in()  # the project going may leave cycles to collect
        session = Session(stored, self.hub) if stored is not None else None
        self.hub.open(session)
        if session is not None:
            session.refused.connect(self._refused)
            remember_project(session.path or session.location)
            articles = session.project.articles()
            if articles:  # once every view has the project: open its first article
                self.hub.current.show_article(articles[0].id)
            keep_out_of_collections()  # its records and views stay: not garbage
            session.start_reading()  # the rest of a large project, once that is painted

    def _refused(self, message: str) -> None:
        """The project opened before all of it was read, and the rest was found damaged."""
        log.warning("Closed %s", message)
        self.set_project_file(None)
        self._warn("Could not open the project", message)

    def new_project_dialog(self) -> None:
        start = str(remembered_folder("projects", data_dir()) / f"Untitled{PROJECT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self.parent, "New project", start, PROJECT_FILTER)
        if not name:
            return
        path = with_project_suffix(Path(name))
        try:
            project_file = create_location(path)
        except ProjectError as error:
            self._warn("Could not create the project", str(error))
            return
        remember_folder("projects", path.parent)
        self.set_project_file(project_file)
        self.hub.message.emit(f"Created {path.name}: import articles to start (Ctrl+I)")

    def new_server_project_dialog(self) -> None:
        address = ask_server_address(self.parent, "New server project", NEW_SERVER_INTRO,
                                     self._last_server())  # fmt: skip
        if not address:
            return
        try:
            stored = create_location(address, ask=self._ask_password)
        except ProjectError as error:
            self._warn("Could not create the project", str(error))
            return
        self.set_project_file(stored)
        self.hub.message.emit(
            f"Created {stored.name} on the server: import articles (Ctrl+I), then add the "
            "desk's analysts (briefing members)"
        )

    def open_server_project_dialog(self) -> None:
        address = ask_server_address(self.parent, "Open server project", OPEN_SERVER_INTRO,
                                     self._last_server())  # fmt: skip
        if address:
            self.open_project(address)

    def _last_server(self) -> str:
        return next((e for e in recent_projects() if isinstance(e, str)), "")

    def _ask_password(self, address: ServerAddress, wrong: bool) -> str | None:
        return ask_password(self.parent, address, wrong)

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
        folder = session.path.parent if session.path else remembered_folder("projects", data_dir())
        start = str(folder / f"{session.name} copy{PROJECT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save project as", start, PROJECT_FILTER)
        if not name:
            return
        target = with_project_suffix(Path(name))
        self.before_closing()
        try:
            session.stored.save_as(target)
        except ProjectError as error:
            self._warn("Could not save the project", str(error))
            return
        remember_folder("projects", target.parent)
        if self.open_project(target):
            self.hub.message.emit(f"Saved as {target.name}; you are now working in it")

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        entries = recent_projects()
        for entry in entries:
            address = server_address(entry) if isinstance(entry, str) else None
            label = address.display() if address is not None else Path(entry).stem
            action = menu.addAction(label)
            action.setToolTip(str(entry))
            action.triggered.connect(lambda _=False, e=entry: self.open_project(e))
        if not entries:
            menu.addAction("No recent projects").setEnabled(False)

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)


def with_project_suffix(path: Path) -> Path:
    return path if path.suffix == PROJECT_SUFFIX else path.with_name(path.name + PROJECT_SUFFIX)
