"""A throwaway PostgreSQL cluster for the tests and the benchmarks.

`initdb` makes it in a temporary folder and `pg_ctl` starts it with its Unix socket in that
folder, on a free loopback port, fast and unsafe (no fsync): nothing in it outlives the run.
PostgreSQL refuses to run as root, so as root (CI) the server runs as the unprivileged
`postgres` user that Debian's package makes, through `runuser`. Logins over the socket are
trusted; over TCP they need a password (SCRAM), as on a desk's server.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
PASSWORD = "desk-password"  # every test role's, for the TCP logins


class NoServer(Exception):
    """PostgreSQL cannot be run here; the message says why (for the skip reason)."""


@dataclass(frozen=True)
class Cluster:
    socket_dir: Path
    port: int

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """A libpq URL reaching the cluster through its socket."""
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{quote(user)}@/{quote(database)}?host={host}&port={self.port}"

    def tcp_url(self, database: str, user: str) -> str:
        """The same over loopback TCP (a password is needed there)."""
        return f"postgresql://{quote(user)}@127.0.0.1:{self.port}/{quote(database)}"

    def psql(self, database: str, user: str, sql: str) -> subprocess.CompletedProcess[str]:
        """Run SQL through the `psql` client as `user`; the result is returned, not checked."""
        return subprocess.run(
            [_binary("psql"), "-X", "-v", "ON_ERROR_STOP=1", "-d", self.url(database, user),
             "-c", sql],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run SQL as the superuser, or raise with psql's message."""
        result = self.psql(database, SUPERUSER, sql)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")


def _bin_dirs() -> list[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    return [*found, *os.environ.get("PATH", "").split(os.pathsep)]


def _version_key(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def _binary(name: str) -> str:
    for folder in _bin_dirs():
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise NoServer(f"PostgreSQL's {name} was not found (Debian package: postgresql)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster, yield it, and stop it and delete its folder afterwards."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    _binary("psql")
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise NoServer("running as root and there is no unprivileged postgres user") from None
        runuser = shutil.which("runuser")
        if runuser is None:
            raise NoServer("running as root and runuser is missing")
        as_user = [runuser, "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
    data, log = folder / "data", folder / "server.log"
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    folder.chmod(0o700)
    port = _free_port()
    started = False
    try:
        _run([*as_user, initdb, "-D", str(data), "-U", SUPERUSER, "--auth-local=trust",
              "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
              "--no-sync"])  # fmt: skip
        options = (
            f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        _run([*as_user, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w",
              "-t", "60", "start"])  # fmt: skip
        started = True
        cluster = Cluster(folder, port)
        yield cluster
    finally:
        if started:
            subprocess.run(
                [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise NoServer(f"{Path(command[0]).name} failed: {result.stderr.strip()[-500:]}")
