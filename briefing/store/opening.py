"""Open, create and copy a project wherever it lives: a `.briefing` file or a server database.

Everything above the store (the CLI, the window) names a project by its location, a path or
a `postgresql://` address, and gets back an open project of either backend; nothing above
this module needs to know which. Server modules (and so psycopg) are imported only when a
server address is used, so opening a file costs what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from briefing.core.project import Project
from briefing.store.address import ServerAddress, is_server_address
from briefing.store.change_log import Logged
from briefing.store.errors import ProjectFileError
from briefing.store.project_file import create_project, open_project


class StoredProject(Protocol):
    """An open project of either backend (`ProjectFile`, `ServerProject`)."""

    project: Project
    read_only: bool

    @property
    def name(self) -> str: ...

    @property
    def location(self) -> str:
        """The path or the server address (never with a password)."""

    def follow(self, deliver: Callable[[object], None]) -> None:
        """Hear of edits other analysts store: `deliver` gets news (from another thread) to
        hand to `take_in` where the project lives. A file has no one else to hear of."""

    def take_in(self, news: object) -> int:
        """Take in delivered news through `Project.receive`; how many edits it held."""

    def history(self, limit: int) -> list[Logged]:
        """The last `limit` stored edits, newest first: who made each, and when."""

    def save_as(self, target: Path) -> Path:
        """Copy the project, with everything, to a project file at `target`."""

    def reader(self) -> StoredProject:
        """The same project opened again read-only, for work on another thread."""

    def close(self) -> None: ...


# Asked for a password libpq found nowhere (the address, and whether the last one was
# wrong); returns it, or None to give up.
AskPassword = Callable[[ServerAddress, bool], str | None]
T = TypeVar("T")


def server_address(location: str | Path) -> ServerAddress | None:
    """The parsed address if `location` names a server project, else None (a file).
    ProjectFileError for an address that cannot be one."""
    if not is_server_address(str(location)):
        return None
    try:
        return ServerAddress.parse(str(location))
    except ValueError as error:
        raise ProjectFileError(str(location).split("?", 1)[0], str(error)) from None


def open_location(
    location: str | Path,
    read_only: bool = False,
    ask: AskPassword | None = None,
    deferred: bool = False,
) -> StoredProject:
    """Open the project at a path or a server address; `deferred`: a file's records not shown
    first are read (and checked) afterwards, a batch at a time (`ProjectFile.read_more`)."""
    address = server_address(location)
    if address is None:
        return open_project(Path(location), read_only=read_only, deferred=deferred)
    from briefing.store.server_project import open_server_project

    return with_password(
        address, ask, lambda password: open_server_project(address, read_only, password)
    )


def create_location(
    location: str | Path, project: Project | None = None, ask: AskPassword | None = None
) -> StoredProject:
    """A new project at a path or a server address (refusing one that exists), holding
    `project` if given (a copy, an import), else empty with the default codebook."""
    address = server_address(location)
    if address is None:
        path = Path(location)
        if project is None:
            return create_project(path)
        from briefing.store.project_file import write_new_project

        return open_project(write_new_project(path, project))
    from briefing.store.server_create import create_server_project

    return with_password(
        address, ask, lambda password: create_server_project(address, project, password)
    )


def copy_project(
    source: str | Path, target: str | Path, ask: AskPassword | None = None
) -> StoredProject:
    """Copy a project, with everything it holds, from a file or a server to a new file or
    server project; the copy is returned open."""
    if str(source) == str(target):
        raise ProjectFileError(str(target), "is the project being copied")
    original = open_location(source, read_only=True, ask=ask)
    try:
        return create_location(target, original.project, ask=ask)
    finally:
        original.close()


def with_password(
    address: ServerAddress, ask: AskPassword | None, attempt: Callable[[str], T]
) -> T:
    """Run `attempt` with no password (libpq's own sources), then, while the server says it
    needs one, with what `ask` gives; the password lives only in this call and the open
    project, never in settings or a file."""
    from briefing.store.server_connection import PasswordNeeded

    password = ""
    while True:
        try:
            return attempt(password)
        except PasswordNeeded as needed:
            given = ask(address, bool(password) or needed.wrong) if ask is not None else None
            if not given:
                raise
            password = given
