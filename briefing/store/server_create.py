"""Making a project on a PostgreSQL server: its database (if the server has none of that
name), its four member groups, its schema and its records, all or nothing; then it is opened.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from briefing.core.codebook import default_themes
from briefing.core.edit import (
    ArticleChange,
    Change,
    Kind,
    PassageChange,
    RejectionChange,
    SettingsChange,
    ThemeChange,
)
from briefing.core.project import SETTINGS_ID, Project
from briefing.core.records import BriefingSettings
from briefing.store import limits, server_search
from briefing.store import server_schema as schema
from briefing.store.address import ServerAddress
from briefing.store.originals import pack_original
from briefing.store.server_connection import NoSuchDatabase, ServerError, connect, server_reason
from briefing.store.server_project import ServerProject, open_server_project
from briefing.store.writers import POSTGRES, Writer

log = logging.getLogger(__name__)


def create_server_project(
    address: ServerAddress,
    project: Project | None = None,
    password: str = "",
    description: str = "Create the project",
) -> ServerProject:
    """Make a project in the address's database (made first if the server has none of that
    name), owned by the connecting role, holding `project` (by default an empty one with
    the default codebook), all in one transaction; then open it."""
    project = project or Project(
        themes=default_themes(), settings=BriefingSettings(title=address.database)
    )
    changes: list[Change] = [
        *(ThemeChange(t.id, None, t) for t in project.themes()),
        *(ArticleChange(a.id, None, a) for a in project.articles()),
        *(PassageChange(p.id, None, p) for p in project.passages()),
        *(RejectionChange(r.id, None, r) for r in project.rejections()),
        SettingsChange(SETTINGS_ID, None, project.settings),
    ]
    for change in changes:
        limits.check_change(change)
    originals = [
        (a.sha256, len(data), pack_original(data))
        for a in project.articles()
        if a.sha256 and (data := project.original(a.id)) is not None
    ]
    for digest, size, packed in originals:
        limits.check_row("originals", {"sha256": digest, "size": size, "data": packed})
    made_database = False
    try:
        conn = connect(address, password)
    except NoSuchDatabase:
        _create_database(address, password)
        made_database = True
        conn = connect(address, password)
    try:
        with conn.transaction():
            cur = conn.cursor()
            _check_empty(cur, address)
            try:
                schema.create_groups(cur, address.database)
            except ValueError as error:
                raise ServerError(address, f"could not be made: {error}") from None
            schema.migrate(cur, address.database, 0)
            cur.execute(
                "INSERT INTO change_log (description, changes) VALUES (%s, %s)",
                (description, Jsonb([[str(c.kind), c.id] for c in changes])),
            )
            writer = Writer(cur, POSTGRES, index=server_search.follow)
            for change in changes:
                writer.write(change)
            cur.executemany(
                "INSERT INTO originals (sha256, size, data) VALUES (%s, %s, %s)"
                " ON CONFLICT (sha256) DO NOTHING",
                originals,
            )
            for kind in (Kind.ARTICLE, Kind.THEME, Kind.PASSAGE, Kind.REJECTION):
                cur.execute(
                    "UPDATE id_counters SET last = %s WHERE kind = %s",
                    (project.next_id(kind) - 1, str(kind)),
                )
    except psycopg.Error as error:
        conn.close()
        if made_database:
            _drop_database(address, password)
        raise ServerError(address, f"could not be made: {_creation_reason(error)}") from error
    except BaseException:
        conn.close()
        if made_database:
            _drop_database(address, password)
        raise
    conn.close()
    return open_server_project(address, password=password)


def _check_empty(cur: Any, address: ServerAddress) -> None:
    cur.execute("SELECT to_regclass('public.briefing_project') IS NOT NULL")
    if cur.fetchone()[0]:
        raise ServerError(address, "already holds a project")
    cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    if cur.fetchone()[0]:
        raise ServerError(address, "is a database of another program; choose another name")


def _maintenance(address: ServerAddress, password: str) -> Any:
    try:
        return connect(address, password, database="postgres")
    except NoSuchDatabase:
        return connect(address, password, database="template1")


def _create_database(address: ServerAddress, password: str) -> None:
    conn = _maintenance(address, password)
    try:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(address.database)))
    except psycopg.Error as error:
        raise ServerError(address, f"could not be made: {_creation_reason(error)}") from error
    finally:
        conn.close()


def _drop_database(address: ServerAddress, password: str) -> None:
    """Take away a database made for a project that could not be made in it."""
    try:
        conn = _maintenance(address, password)
        try:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(address.database)))
        finally:
            conn.close()
    except (psycopg.Error, ServerError) as error:
        log.warning("Could not remove the database %s: %s", address.database, error)


def _creation_reason(error: psycopg.Error) -> str:
    said = str(error)
    if "permission denied to create database" in said:
        return (
            "your role may not create databases; ask the server's administrator to create it "
            "for you (CREATE DATABASE name OWNER you) or to allow it (CREATEDB)"
        )
    if "permission denied to create role" in said:
        return (
            "your role may not create roles, which a project needs for its members; ask the "
            "server's administrator to allow it (ALTER ROLE you CREATEROLE)"
        )
    return server_reason(error)
