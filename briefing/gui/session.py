"""An open project as the GUI holds it: where it is stored, and its undo history.

The session hears of other analysts' edits on a shared project: the store reads them on a
thread of its own, and the session hands them to the store again on the window's thread,
where they enter the project through `Project.receive`, the one path every view follows (the
hub). A project file has no one else to hear of. Only the hub (`briefing.gui.hub`) uses a
session directly; views go through the hub.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from briefing.core.collection import keep_out_of_collections
from briefing.core.edit import Kind
from briefing.core.project import Project
from briefing.core.roles import Role
from briefing.gui.idle import IdleWork
from briefing.gui.undo import History
from briefing.store import ProjectFileError
from briefing.store.opening import StoredProject, server_address
from briefing.store.project_file import ProjectFile

READ_SLICE_SECONDS = 0.020  # of reading a project that opened before all of it was read
FIRST_READ_DELAY_MS = 50  # before the first slice: the window's first paint comes first


class Session(QObject):
    _news = Signal(object)  # from the store's listening thread, taken in on this thread
    # A project that opened before all of it was read was then found damaged: what to tell the
    # analyst (the file was not changed). The window closes it.
    refused = Signal(str)
    read = Signal()  # ...and that project is now all read, and sound

    def __init__(self, stored: StoredProject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stored = stored
        self.project: Project = stored.project
        self.history = History(self)
        self.history.setUndoLimit(1000)
        self._news.connect(self._take_in, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self._held: list[object] | None = None  # news kept out while an export reads
        stored.follow(self._news.emit)
        # The rest of a file opened before all of it was read, in idle moments; what is read
        # stays out of Python's cyclic collections as the project's first records do.
        self._reading = IdleWork(
            self._read_more, READ_SLICE_SECONDS, self, after_slice=keep_out_of_collections
        )

    def start_reading(self) -> None:
        """Read the rest of a project that opened before all of it was read, in idle moments
        from a moment after now: once the window has painted what it shows of it."""
        if self.reading:
            QTimer.singleShot(FIRST_READ_DELAY_MS, self, self._reading.start)

    @property
    def reading(self) -> bool:
        """Whether the project is still being read (it opened before all of it was)."""
        return isinstance(self.stored, ProjectFile) and self.stored.reading()

    def _read_more(self) -> bool:
        stored = self.stored
        if self._closed or not isinstance(stored, ProjectFile):
            return False
        if stored.read_more(0.0):
            return True
        problem = stored.opening_problem()
        if problem is not None:
            self.refused.emit(str(ProjectFileError(stored.path, problem)))
        else:
            self.read.emit()
        return False

    @property
    def saving_later(self) -> bool:
        """Whether edits wait for the opening's checks of the file to be saved (a second or
        two after a large project opened)."""
        return isinstance(self.stored, ProjectFile) and self.stored.queued() > 0

    @property
    def name(self) -> str:
        return self.stored.name

    @property
    def location(self) -> str:
        """The path or the server address (never with a password)."""
        return self.stored.location

    @property
    def path(self) -> Path | None:
        """The project file; None for a project on a server."""
        return None if self.shared else Path(self.stored.location)

    @property
    def shared(self) -> bool:
        return server_address(self.stored.location) is not None

    @property
    def read_only(self) -> bool:
        return self.stored.read_only

    @property
    def role(self) -> Role:
        """What the analyst may change here: their role, or reader on a read-only project."""
        return Role.READER if self.stored.read_only else self.project.role

    def may_change(self, kind: Kind) -> bool:
        return self.role.may_change(kind)

    def hold_news(self) -> None:
        """Keep other analysts' edits out of the project until `release_news`: a worker
        reads it meanwhile (an export), and must not see it change under it."""
        if self._held is None:
            self._held = []

    def release_news(self) -> None:
        """Take in, in order, what came while the news were held."""
        held, self._held = self._held, None
        for news in held or ():
            self._take_in(news)

    def _take_in(self, news: object) -> None:
        if self._held is not None:
            self._held.append(news)
        elif not self._closed:
            self.stored.take_in(news)

    def close(self) -> None:
        self._closed = True
        self._reading.stop()
        self.history.clear()
        self.stored.close()
