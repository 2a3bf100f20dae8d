"""Shared fixtures: every test runs with its own empty user folders and headless Qt."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server_cluster import PASSWORD, Cluster, NoServer, running_cluster
from tests.store.deferred_reading import HeldChecks

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point appdirs (XDG folders) at a fresh temporary home for each test."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ]:
        (home / folder).mkdir()
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# ----- a PostgreSQL server for the server-project tests ----------------------------------------

DESK_OWNER = "desk_owner"  # a login role that may create databases and roles, not a superuser
# Login roles of a desk's analysts (members of no project until an owner adds them).
ANALYSTS = ("alice", "bob", "erin", "omar")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the whole run (tests/server_cluster.py), or a skip
    that says why there is none."""
    try:
        with running_cluster() as cluster:
            cluster.admin(
                f"CREATE ROLE {DESK_OWNER} LOGIN CREATEDB CREATEROLE PASSWORD '{PASSWORD}'"
            )
            for analyst in ANALYSTS:
                cluster.admin(f"CREATE ROLE {analyst} LOGIN PASSWORD '{PASSWORD}'")
            yield cluster
    except NoServer as reason:
        pytest.skip(f"no PostgreSQL server for the server-project tests: {reason}")


@pytest.fixture
def server_url(pg_cluster: Cluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """The address of a database no project is in yet (made by `briefing new` or
    `create_project`), owned by a desk's owner; dropped afterwards."""
    name = f"t{uuid.uuid4().hex[:12]}"
    yield pg_cluster.url(name, DESK_OWNER)
    pg_cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for role in ("reader", "coder", "editor", "owner"):
        pg_cluster.admin(f'DROP ROLE IF EXISTS "{name}_{role}"')


@pytest.fixture(params=["file", "server"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new project goes: a file, and (in a second run of the test) a database on the
    test server. Tests taking this run against both backends."""
    if request.param == "file":
        return str(tmp_path / "p.briefing")
    return str(request.getfixturevalue("server_url"))


def tamper(location: str, statement: str, *params: object) -> None:
    """Change a stored project behind the app's back (written with ? marks): with sqlite3 for
    a file, with psycopg as the project's owner for a server project."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(statement.replace("?", "%s").encode(), params)
        return
    import sqlite3

    conn = sqlite3.connect(location)
    conn.execute(statement, params)
    conn.commit()
    conn.close()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldChecks]:
    """A deferred open's integrity check held till `release`d (and after the test, so the
    checks of a test that failed end)."""
    checks = HeldChecks(monkeypatch)
    yield checks
    checks.release()
