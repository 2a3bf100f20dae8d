"""A desk's shared project on the test server, for the store, CLI and window tests: made by
its owner (the `desk_owner` login) with some articles, alice a coder, bob a reader and erin
an editor; omar is a login of the server but no member."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Sequence

from briefing.core.records import ImportedArticle
from briefing.core.roles import Role
from briefing.store.address import ServerAddress
from briefing.store.opening import StoredProject, create_location, open_location
from briefing.store.server_members import add_member
from tests.server_cluster import Cluster

MEMBERS = (("alice", Role.CODER), ("bob", Role.READER), ("erin", Role.EDITOR))


class Desk:
    def __init__(self, cluster: Cluster, url: str) -> None:
        self.cluster = cluster
        self.owner_url = url
        self.address = ServerAddress.parse(url)
        self.database = self.address.database
        self.opened: list[StoredProject] = []

    def url(self, user: str) -> str:
        return self.cluster.url(self.database, user)

    def open(self, user: str, read_only: bool = False) -> StoredProject:
        stored = open_location(self.url(user), read_only=read_only)
        self.opened.append(stored)
        return stored

    def psql(self, user: str, statement: str) -> subprocess.CompletedProcess[str]:
        return self.cluster.psql(self.database, user, statement)


@contextlib.contextmanager
def make_desk(cluster: Cluster, url: str, articles: Sequence[tuple[str, str]]) -> Iterator[Desk]:
    """The project at `url` with these (title, text) articles and the desk's members."""
    owner = create_location(url)
    owner.project.add_articles([
        ImportedArticle(text=text, title=title, source_file=f"{title}.txt")
        for title, text in articles
    ])  # fmt: skip
    owner.close()
    desk = Desk(cluster, url)
    for login, role in MEMBERS:
        add_member(desk.address, login, role)
    try:
        yield desk
    finally:
        for stored in desk.opened:
            stored.close()
