"""Who the members of a server project are: login roles granted one of its four groups.

Only the database can say who is a member, and only a project owner (who holds the groups
with the right to grant them) can change it; the server refuses anyone else.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from briefing.core.roles import Role
from briefing.store.address import ServerAddress
from briefing.store.server_connection import ServerError, connect, server_reason
from briefing.store.server_schema import group_role


def members(address: ServerAddress, password: str = "") -> list[tuple[str, Role]]:
    """Every member and its role (its highest, should it have been granted two), by name."""
    conn = connect(address, password)
    try:
        groups = _groups(address)
        rows = conn.execute(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a"
            " JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"
            " WHERE g.rolname = ANY(%s) AND NOT m.rolname = ANY(%s)",
            (list(groups), list(groups)),
        ).fetchall()
    except psycopg.Error as error:
        reason = server_reason(error)
        raise ServerError(address, f"its members could not be read: {reason}") from error
    finally:
        conn.close()
    found: dict[str, Role] = {}
    for member, group in rows:
        role = groups[group]
        if member not in found or role.rank > found[member].rank:
            found[member] = role
    return sorted(found.items())


def add_member(address: ServerAddress, login: str, role: Role, password: str = "") -> None:
    """Give an existing login role one role on the project (replacing any other it had)."""
    _change(address, password, login, role)


def remove_member(address: ServerAddress, login: str, password: str = "") -> None:
    _change(address, password, login, None)


def _groups(address: ServerAddress) -> dict[str, Role]:
    return {group_role(address.database, role): role for role in Role}


def _change(address: ServerAddress, password: str, login: str, role: Role | None) -> None:
    conn = connect(address, password)
    try:
        with conn.transaction():
            cur = conn.cursor()
            _check_login(cur, address, login, role is None)
            member = sql.Identifier(login)
            for group in _groups(address):
                cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), member))
            if role is not None:
                admin = sql.SQL(" WITH ADMIN OPTION" if role is Role.OWNER else "")
                cur.execute(
                    sql.SQL("GRANT {} TO {}{}").format(
                        sql.Identifier(group_role(address.database, role)), member, admin
                    )
                )
    except psycopg.errors.InsufficientPrivilege as error:
        raise ServerError(
            address, f"only an owner of the project can change its members ({error})"
        ) from None
    except psycopg.Error as error:
        reason = server_reason(error)
        raise ServerError(address, f"its members were not changed: {reason}") from error
    finally:
        conn.close()


def _check_login(cur: Any, address: ServerAddress, login: str, removing: bool) -> None:
    cur.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login,))
    row = cur.fetchone()
    if row is None:
        raise ServerError(
            address,
            f"the server has no role named {login}; its administrator makes one first "
            f"(CREATE ROLE {login} LOGIN PASSWORD '...')",
        )
    if not row[0] and not removing:
        raise ServerError(address, f"{login} is not a login role (a group cannot be a member)")
    if login in _groups(address):
        raise ServerError(address, f"{login} is one of the project's own groups")
