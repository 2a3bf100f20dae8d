"""A project on a PostgreSQL server, as a desk of analysts shares it: every edit in one
transaction with its change-log row, other analysts' edits taken in from the log, the later
of two edits to one item refused with who and when, roles enforced by the database itself."""

from __future__ import annotations

import queue
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.edit import Applied, Origin
from briefing.core.errors import EditConflict, NotAllowed
from briefing.core.records import ImportedArticle
from briefing.core.roles import Role
from briefing.store.address import ServerAddress
from briefing.store.opening import StoredProject, open_location
from briefing.store.server_connection import PasswordNeeded, ServerError
from briefing.store.server_members import members, remove_member
from tests.server_cluster import PASSWORD, Cluster
from tests.server_desk import Desk, make_desk
from tests.store.server_writer import WORD

ROOT = Path(__file__).parents[2]
TEXT = "Iran has supplied Russia with hundreds of kamikaze drones and ballistic missiles."


@pytest.fixture
def desk(pg_cluster: Cluster, server_url: str) -> Iterator[Desk]:
    with make_desk(pg_cluster, server_url, [("Drones", TEXT)]) as made:
        yield made


def remote_edits(stored: StoredProject) -> list[Applied]:
    heard: list[Applied] = []
    stored.project.subscribe(lambda a: heard.append(a) if a.origin is Origin.REMOTE else None)
    return heard


def test_each_member_has_the_role_the_owner_gave(desk: Desk) -> None:
    assert members(desk.address) == [
        ("alice", Role.CODER), ("bob", Role.READER), ("desk_owner", Role.OWNER),
        ("erin", Role.EDITOR),
    ]  # fmt: skip
    assert desk.open("alice").project.role is Role.CODER
    assert desk.open("desk_owner").project.role is Role.OWNER
    remove_member(desk.address, "alice")
    with pytest.raises(ServerError, match="alice may not open this project: ask its owner"):
        desk.open("alice")


def test_an_edit_reaches_another_session_through_the_change_log(desk: Desk) -> None:
    alice, owner = desk.open("alice"), desk.open("desk_owner")
    heard = remote_edits(owner)
    edit = alice.project.tag(1, 42, 57, [2], note="kamikaze")
    assert owner.catch_up() == 1  # type: ignore[attr-defined]
    [applied] = heard
    assert applied.author == "alice" and applied.edit.description == edit.description
    [passage] = owner.project.passages()
    assert passage == alice.project.passages()[0]
    assert passage.quote == "kamikaze drones" and passage.created_by == "alice"
    assert owner.catch_up() == 0  # type: ignore[attr-defined]  # each edit once


def test_ids_never_collide_between_analysts_working_at_once(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    first = alice.project.tag(1, 0, 4, [1]).changes[0].id
    second = erin.project.tag(1, 9, 17, [1]).changes[0].id  # erin has not heard of alice's
    assert first != second
    erin.catch_up()  # type: ignore[attr-defined]
    assert {p.id for p in erin.project.passages()} == {first, second}


def test_the_later_of_two_edits_to_one_item_is_refused_with_who_and_when(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    passage = alice.project.tag(1, 0, 4, [1]).changes[0].id
    erin.catch_up()  # type: ignore[attr-defined]
    alice.project.set_note(passage, "alice's note")
    with pytest.raises(EditConflict, match=r"was changed by alice at \d{4}-\d\d-\d\d \d\d:\d\d"):
        erin.project.set_note(passage, "erin's note")
    assert erin.project.passage(passage).note == "alice's note"  # it shows theirs now
    stored = desk.open("bob").project.passage(passage)
    assert stored.note == "alice's note" and stored.updated_by == "alice"
    # A theme renamed twice: the second editor is told and sees the first one's name.
    owner = desk.open("desk_owner")
    erin.project.rename_theme(1, "ballistic missiles")
    with pytest.raises(EditConflict, match="theme “missiles” was changed by erin"):
        owner.project.rename_theme(1, "rockets")
    assert owner.project.theme(1).name == "ballistic missiles"


def test_undo_refuses_once_someone_else_has_changed_the_item(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    tagged = alice.project.tag(1, 0, 4, [1], note="first")
    passage = tagged.changes[0].id
    noted = alice.project.set_note(passage, "second")
    erin.catch_up()  # type: ignore[attr-defined]
    erin.project.set_note(passage, "erin's")
    alice.catch_up()  # type: ignore[attr-defined]
    with pytest.raises(EditConflict, match="“Edit note” cannot be undone: passage .* by erin"):
        alice.project.undo(noted)
    assert alice.project.passage(passage).note == "erin's"
    mine = alice.project.tag(1, 9, 17, [2])  # nobody touched this one: undo works
    alice.project.undo(mine)
    assert len(desk.open("bob").project.passages()) == 1


def test_roles_are_enforced_by_the_app_and_by_the_database(desk: Desk) -> None:
    bob = desk.open("bob")
    assert bob.project.role is Role.READER
    with pytest.raises(NotAllowed, match="As a reader of this project you cannot change passages"):
        bob.project.tag(1, 0, 4, [1])
    alice = desk.open("alice")
    with pytest.raises(NotAllowed, match="cannot change the codebook"):
        alice.project.rename_theme(1, "rockets")
    alice.project.tag(1, 0, 4, [1])


# What each role may not do, tried with psql as that role: the server itself refuses.
REFUSED = {
    "bob": [
        "INSERT INTO passages (id, article_id, start_offset, end_offset, quote)"
        " VALUES (99, 1, 0, 4, 'Iran')",
        "UPDATE passages SET note = 'mine'", "DELETE FROM passage_themes",
        "UPDATE articles SET title = 'mine'", "DELETE FROM themes",
        "UPDATE settings SET title = 'x'",
        "INSERT INTO rejections VALUES (9, 1, 0, 4, 1)", "DELETE FROM originals",
        "INSERT INTO change_log (description, changes) VALUES ('x', '[]')",
        "UPDATE id_counters SET last = 0", "DELETE FROM search_words",
        "UPDATE briefing_project SET schema_version = 1", "CREATE TABLE mine (x int)",
    ],
    "alice": [
        "UPDATE articles SET reliability = 'A'", "UPDATE themes SET name = 'rockets'",
        "UPDATE settings SET title = 'x'", "UPDATE change_log SET author = 'bob'",
        "DELETE FROM change_log",
    ],
    "erin": ["UPDATE settings SET title = 'x'", "DELETE FROM change_log"],
    "desk_owner": ["UPDATE change_log SET author = 'bob'", "DELETE FROM change_log",
                   "TRUNCATE change_log"],
}  # fmt: skip


def test_a_role_cannot_write_what_it_may_not_even_with_psql(desk: Desk) -> None:
    alice = desk.open("alice")
    alice.project.tag(1, 0, 4, [1], note="kept")
    for user, statements in REFUSED.items():
        for statement in statements:
            result = desk.psql(user, statement)
            assert result.returncode != 0, f"{user} could: {statement}"
            assert "permission denied" in result.stderr or "append-only" in result.stderr
        read = desk.psql(user, "SELECT count(*) FROM passages")  # every member reads
        assert read.returncode == 0 and read.stdout.split()[2] == "1"
    # Row-level security: a coder reserves passage ids, never the codebook's (no row to
    # change is visible), while what each may do works from psql too.
    hidden = desk.psql("alice", "UPDATE id_counters SET last = 0 WHERE kind = 'theme'")
    assert hidden.returncode == 0 and hidden.stdout.strip() == "UPDATE 0"
    assert desk.psql("alice", "UPDATE id_counters SET last = last WHERE kind = 'passage'"
                     ).stdout.strip() == "UPDATE 1"  # fmt: skip
    assert desk.psql("alice", "UPDATE passages SET note = 'by psql'").returncode == 0
    log = desk.psql("bob", "SELECT author FROM change_log ORDER BY id")
    assert log.stdout.split()[2:5] == ["desk_owner", "desk_owner", "alice"]
    stored = desk.open("bob").project.passages()[0]
    assert stored.note == "by psql"


def test_a_stranger_cannot_open_the_project(desk: Desk) -> None:
    with pytest.raises(ServerError, match="omar may not open this project"):
        desk.open("omar")
    result = desk.psql("omar", "SELECT 1")
    assert result.returncode != 0 and "permission denied for database" in result.stderr


def test_a_newer_or_foreign_database_is_refused_clearly(desk: Desk, pg_cluster: Cluster) -> None:
    pg_cluster.admin("UPDATE briefing_project SET schema_version = 99", desk.database)
    with pytest.raises(ServerError, match=r"newer version of Briefing Builder \(format 99"):
        desk.open("alice")
    pg_cluster.admin("DROP TABLE briefing_project", desk.database)
    with pytest.raises(ServerError, match="a database of another program"):
        desk.open("desk_owner")
    pg_cluster.admin("CREATE DATABASE empty_one")
    try:
        with pytest.raises(ServerError, match="holds no project yet .make one with: briefing new"):
            open_location(pg_cluster.url("empty_one", "desk_owner"))
    finally:
        pg_cluster.admin("DROP DATABASE empty_one")


def test_an_older_server_project_is_brought_up_to_date_by_its_owner(desk: Desk) -> None:
    desk.cluster.admin("UPDATE briefing_project SET schema_version = 4", desk.database)
    desk.cluster.admin(
        "ALTER TABLE passages DROP COLUMN created_by, DROP COLUMN updated_by;"
        " DROP TABLE change_log, id_counters; DROP FUNCTION stamp_change;"
        + "".join(f" ALTER TABLE {t} DROP COLUMN revision;"
                  for t in ("articles", "themes", "passages", "settings", "rejections")),
        desk.database,
    )  # fmt: skip
    with pytest.raises(ServerError, match=r"older format \(4\); its owner opens it once"):
        desk.open("alice")
    owner = desk.open("desk_owner")
    assert [a.title for a in owner.project.articles()] == ["Drones"]
    owner.project.tag(1, 0, 4, [1])
    assert desk.open("alice").project.passages()[0].created_by == "desk_owner"


def test_a_lost_connection_catches_up_from_the_log(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    desk.cluster.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'alice'"
    )
    erin.project.tag(1, 0, 4, [1])
    erin.project.rename_theme(2, "UAVs")
    assert alice.catch_up() == 2  # type: ignore[attr-defined]
    assert alice.project.theme(2).name == "UAVs" and len(alice.project.passages()) == 1


def test_the_listener_reads_news_off_the_callers_thread(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    news: queue.Queue[object] = queue.Queue()
    alice.follow(news.put)
    news.get(timeout=10)  # read once when it starts listening: what was missed meanwhile
    heard = remote_edits(alice)
    erin.project.rename_theme(2, "UAVs")
    while not heard:
        alice.take_in(news.get(timeout=10))
    assert heard[0].author == "erin" and alice.project.theme(2).name == "UAVs"


def test_late_news_never_winds_back_a_newer_edit_of_this_window(desk: Desk) -> None:
    alice, erin = desk.open("alice"), desk.open("erin")
    news: queue.Queue[object] = queue.Queue()
    passage = erin.project.tag(1, 0, 4, [1], note="erin's").changes[0].id
    alice.follow(news.put)
    late = news.get(timeout=10)  # holds erin's passage as it was
    alice.catch_up()  # type: ignore[attr-defined]
    alice.project.set_note(passage, "alice's")
    alice.take_in(late)
    assert alice.project.passage(passage).note == "alice's"


def test_four_processes_make_100_edits_each_at_once(desk: Desk) -> None:
    words = " ".join(f"w{n:04d}" for n in range(400)) + " "
    assert len(words) == 400 * WORD
    erin = desk.open("erin")
    erin.project.add_article(ImportedArticle(text=words, title="Words", source_file="w"))
    article = erin.project.articles()[-1].id
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store.server_writer",
                desk.url("alice"),
                str(article),
                str(n * 100),
                "100",
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(4)
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    passages = [p for p in desk.open("bob").project.passages() if p.article_id == article]
    assert len(passages) == 400 and len({p.id for p in passages}) == 400
    assert sorted(p.quote for p in passages) == [f"w{n:04d}" for n in range(400)]
    log = desk.psql("bob", "SELECT count(*), count(DISTINCT id) FROM change_log"
                    " WHERE description LIKE 'Tag%'")  # fmt: skip
    assert log.stdout.split()[4:7] == ["400", "|", "400"]


def test_sslmode_is_honoured(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test server speaks no SSL: asked to require it (over TCP: libpq never uses SSL on
    # a local socket), libpq refuses to go on without.
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = desk.cluster.tcp_url(desk.database, "alice")
    with pytest.raises(ServerError, match="SSL"):
        open_location(url + "?sslmode=require")
    open_location(url + "?sslmode=disable").close()


def test_a_password_comes_from_libpq_or_a_prompt_and_nowhere_else(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = desk.cluster.tcp_url(desk.database, "alice")  # over TCP the server asks for one
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(Path("/nonexistent")))
    with pytest.raises(PasswordNeeded, match="the server asks for a password for alice"):
        open_location(url)
    asked: list[bool] = []

    def ask(address: ServerAddress, wrong: bool) -> str:
        asked.append(wrong)
        return "wrong" if len(asked) == 1 else PASSWORD

    stored = open_location(url, ask=ask)
    assert asked == [False, True] and stored.location == url  # no password in its name
    stored.close()
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    open_location(url).close()


def test_a_server_project_saves_a_file_copy_and_opens_a_reader(desk: Desk, tmp_path: Path) -> None:
    alice = desk.open("alice")
    alice.project.tag(1, 0, 4, [1], note="in the copy")
    copy = open_location(str(alice.save_as(tmp_path / "copy.briefing")), read_only=True)
    assert copy.project.passages() == alice.project.passages()
    assert copy.project.articles() == alice.project.articles()
    copy.close()
    reader = alice.reader()  # for work on another thread: its own connection, read-only
    assert reader.read_only and reader.project.passages() == alice.project.passages()
    with pytest.raises(ServerError, match="read-only"):
        reader.project.set_note(alice.project.passages()[0].id, "no")
    reader.close()
