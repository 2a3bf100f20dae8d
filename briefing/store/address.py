"""Where a project lives: a `.briefing` file, or a database on a PostgreSQL server.

A server project is named the way libpq names a database, `postgresql://user@host:port/db`
with options after `?` (`sslmode=verify-full`, `host=/run/postgresql` for a socket), so the
address the analyst already uses with psql works here. A password is never part of what is
remembered or shown: it comes from ~/.pgpass, PGPASSWORD or a prompt, each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")


def is_server_address(text: object) -> bool:
    """Whether a project location names a server project (a libpq URL) rather than a file."""
    return isinstance(text, str) and text.split("://", 1)[0].lower() in SCHEMES and "://" in text


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """A parsed server project address; `url` is it without any password."""

    url: str
    database: str
    user: str  # "" when libpq picks it (PGUSER, the login name)
    host: str  # "" for libpq's default (a local socket); a path for a socket folder
    port: str
    password: str = ""  # only when the URL carried one: used, never remembered
    sslmode: str = ""  # libpq's (prefer when empty)

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """Raise ValueError with a message fit to show for an address that cannot be one."""
        text = text.strip()
        if not is_server_address(text):
            raise ValueError("a server project's address starts with postgresql://")
        try:
            parts = urlsplit(text)
            port = str(parts.port or "")
        except ValueError as error:
            raise ValueError(f"the address is not a valid postgresql:// URL ({error})") from None
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        database = unquote(parts.path.lstrip("/")) or options.get("dbname", "")
        if not database:
            raise ValueError(
                "the address names no database (postgresql://host/DATABASE): a database "
                "holds one project"
            )
        user = unquote(parts.username or "") or options.get("user", "")
        host = unquote(parts.hostname or "") or options.get("host", "")
        password = unquote(parts.password or "") or options.pop("password", "")
        netloc = parts.netloc.rsplit("@", 1)[-1]
        if parts.username:
            netloc = f"{quote(user, safe='')}@{netloc}"
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in options.items())
        url = urlunsplit((parts.scheme.lower(), netloc, parts.path, query, ""))
        port = port or options.get("port", "")
        return cls(url, database, user, host, port, password, options.get("sslmode", ""))

    @property
    def name(self) -> str:
        """The project's short name: its database."""
        return self.database

    def display(self) -> str:
        """ "iran-desk on db.example.org" for titles and messages (no password, ever)."""
        where = self.host if self.host and not self.host.startswith("/") else "this computer"
        return f"{self.database} on {where}"

    def for_database(self, database: str) -> str:
        """This address naming another database on the same server (to create a database
        from the server's maintenance database)."""
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + quote(database, safe="")))
