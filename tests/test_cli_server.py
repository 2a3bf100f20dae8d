"""The command line on server projects: `briefing members` and `briefing copy` both ways
(`briefing new URL FILE...` and every other command run on a server in tests/test_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.store import create_project
from briefing.store.address import ServerAddress
from briefing.store.opening import open_location
from tests.conftest import DESK_OWNER
from tests.export.test_qdpx_export import fill
from tests.server_cluster import Cluster


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def everything(location: str) -> tuple:  # type: ignore[type-arg]
    """Every record and every original of a project, as stored."""
    stored = open_location(location, read_only=True)
    project = stored.project
    originals = {a.id: project.original(a.id) for a in project.articles()}
    stored.close()
    return (project.articles(), project.themes(), project.passages(), project.settings,
            project.rejections(), originals)  # fmt: skip


def test_copy_to_a_server_and_back_keeps_everything(
    tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "desk.briefing"
    made = create_project(original)
    fill(made.project)
    made.project.reject_suggestion(1, 0, 5, 1)
    made.close()
    code, out, _ = run(capsys, "copy", original, server_url)
    assert code == 0
    assert out.strip() == f"copied 3 articles, 5 themes and 5 passages to {server_url}"
    back = tmp_path / "back.briefing"
    assert run(capsys, "copy", server_url, back)[0] == 0
    shown = [json.loads(run(capsys, "show", where, "--json")[1])
             for where in (original, server_url, back)]  # fmt: skip
    assert shown[0] == shown[1] == shown[2]
    assert {p["created_by"] for p in shown[0]["passages"]} == {"Ana Lyst"}
    assert everything(str(original)) == everything(server_url) == everything(str(back))
    assert all(everything(server_url)[-1].values())  # the original bytes came along


def test_copy_refuses_a_target_that_exists(
    tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "desk.briefing"
    create_project(original).close()
    assert run(capsys, "copy", original, server_url)[0] == 0
    code, _, err = run(capsys, "copy", original, server_url)
    assert code == 1 and "already holds a project" in err
    code, _, err = run(capsys, "copy", server_url, original)
    assert code == 1 and "already exists" in err


def test_members_add_list_remove(
    server_url: str, pg_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "new", server_url)[0] == 0
    code, out, _ = run(capsys, "members", server_url, "add", "alice", "--role", "coder")
    database = ServerAddress.parse(server_url).database
    assert code == 0 and out.strip() == f"alice is now a coder of {database} on this computer"
    run(capsys, "members", server_url, "add", "bob", "--role", "reader")
    assert run(capsys, "members", server_url, "list")[1].split("\n")[:3] == [
        "alice  coder", "bob  reader", f"{DESK_OWNER}  owner",
    ]  # fmt: skip
    run(capsys, "members", server_url, "add", "bob", "--role", "editor")  # one role at a time
    assert "bob  editor" in run(capsys, "members", server_url, "list")[1]
    assert run(capsys, "members", server_url, "remove", "bob")[0] == 0
    assert "bob" not in run(capsys, "members", server_url, "list")[1]
    # Only an owner changes members; the server says so, not only the app.
    alice = pg_cluster.url(database, "alice")
    code, _, err = run(capsys, "members", alice, "add", "erin", "--role", "owner")
    assert code == 1 and "only an owner of the project can change its members" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "nobody_here", "--role", "coder"], "the server has no role named nobody_here"),
        (["add", "alice"], "Say which role: --role reader|coder|editor|owner"),
        (["remove"], "Say whom to remove"),
    ],
)
def test_members_errors_are_one_clear_line(
    server_url: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run(capsys, "new", server_url)
    code, out, err = run(capsys, "members", server_url, *args)
    assert code == 1 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_members_of_a_file_are_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "members", tmp_path / "p.briefing", "list")
    assert code == 1 and "Members belong to server projects" in err


def test_a_bad_address_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "postgresql://host")
    assert code == 1 and "the address names no database" in err
