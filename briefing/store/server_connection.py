"""Connecting to a project's server (psycopg 3 over libpq) and saying what went wrong.

libpq does the connecting, so everything an analyst's psql honours is honoured here: the
URL's options (`sslmode`, `sslrootcert`, a socket folder as `host`), the PG* environment,
~/.pgpass and PGPASSWORD. A password typed at a prompt is passed for that connection only.
libpq reports a failed connection in words, not codes, so they are read here once.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from briefing.core.text import shorten
from briefing.store.address import ServerAddress
from briefing.store.errors import ProjectFileError

APPLICATION_NAME = "Briefing Builder"
CONNECT_TIMEOUT_S = 10


class ServerError(ProjectFileError):
    """A server project that cannot be reached, opened or written; the message names it."""

    def __init__(self, address: ServerAddress, reason: str) -> None:
        super().__init__(address.display(), reason)
        self.address = address


class PasswordNeeded(ServerError):
    """The server wants a password that none of libpq's sources gave (or a wrong one)."""

    def __init__(self, address: ServerAddress, wrong: bool) -> None:
        who = address.user or "your login name"
        said = "the password was not accepted" if wrong else "the server asks for a password"
        super().__init__(
            address,
            f"{said} for {who}; give it when asked, or put it in ~/.pgpass or PGPASSWORD",
        )
        self.wrong = wrong


class NoSuchDatabase(ServerError):
    """The server has no database of that name (a new project can be made there)."""


def connect(address: ServerAddress, password: str = "", database: str = "") -> Any:
    """An autocommit connection to the project's database (or another on the same server),
    or a ServerError saying in words why not."""
    conninfo = address.for_database(database) if database else address.url
    secret = password or address.password
    if secret:
        conninfo = make_conninfo(conninfo, password=secret)
    try:
        return psycopg.connect(
            conninfo, autocommit=True, application_name=APPLICATION_NAME,
            connect_timeout=CONNECT_TIMEOUT_S,
        )  # fmt: skip
    except psycopg.Error as error:
        raise connection_error(address, error) from None


def connection_error(address: ServerAddress, error: psycopg.Error) -> ServerError:
    said = str(error)
    if "no password supplied" in said:
        return PasswordNeeded(address, wrong=False)
    if "password authentication failed" in said:
        return PasswordNeeded(address, wrong=True)
    if re.search(r'database "[^"]*" does not exist', said):
        return NoSuchDatabase(address, "the server has no such database")
    if "permission denied for database" in said:
        return ServerError(
            address,
            f"{address.user or 'you'} may not open this project: ask its owner to add you "
            f"(briefing members URL add {address.user or 'NAME'} --role coder)",
        )
    if "Connection refused" in said or "failed to resolve host" in said or "timeout" in said:
        return ServerError(address, f"the server could not be reached ({_first_line(said)})")
    return ServerError(address, f"could not be opened: {_first_line(said)}")


def server_reason(error: psycopg.Error) -> str:
    """What a failed statement means, in words (a lost connection, a refused right)."""
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return "your role on this project does not allow that change"
    if isinstance(error, psycopg.OperationalError):
        return f"the connection to the server was lost ({_first_line(str(error))})"
    if isinstance(error, psycopg.errors.UntranslatableCharacter | psycopg.DataError):
        return f"the server cannot hold a value ({_first_line(str(error))})"
    return _first_line(str(error))


def _first_line(text: str) -> str:
    line = text.split("\n", 1)[0].removeprefix("connection failed: ")
    return shorten(re.sub(r"\s+", " ", line.replace("FATAL:", "")).strip(), 200)
