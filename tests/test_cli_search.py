"""`briefing search`: hits as exact spans, filters, clear refusals, and tagging what is found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, seed_paths: list[Path], capsys) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.briefing"
    run(capsys, "new", path, *seed_paths)
    return path


def test_json_hits_are_exact_spans_of_the_stored_text(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "search", project, '"kamikaze drones"', "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 2 and len(data["hits"]) == 2
    _, shown, _ = run(capsys, "show", project, "--json")
    texts = {a["id"]: a for a in json.loads(shown)["articles"]}
    from briefing.store import open_project

    opened = open_project(project, read_only=True)
    for hit in data["hits"]:
        text = opened.project.article(hit["article_id"]).text
        assert text[hit["start"] : hit["end"]] == hit["text"] == "kamikaze drones"
        assert text[: hit["start"]].endswith(hit["before"]) and hit["article_id"] in texts
        assert text[hit["end"] :].startswith(hit["after"])
    opened.close()


def test_limit_filters_and_the_human_listing(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "search", project, "missil*", "--limit", "2")
    assert code == 0 and "(first 2 shown)" in out and out.count("[") >= 3
    _, out, _ = run(capsys, "search", project, "missil*", "--outlet", "Trend", "--json")
    trend = json.loads(out)
    _, out, _ = run(capsys, "search", project, "missil*", "--json")
    assert 0 < trend["total"] < json.loads(out)["total"]
    _, out, _ = run(capsys, "search", project, "missil*", "--since", "2030-01-01", "--json")
    assert json.loads(out) == {"total": 0, "hits": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"unclosed'], "missing its closing quotation mark"),
        (["--", "-drones"], "-word only leaves articles out"),  # after --, as argparse wants
        (["drones", "--limit", "0"], "--limit must be 1 or more"),
        (["drones", "--sentence"], "--theme and --sentence go with --tag"),
        (["drones", "--tag", "nope"], "No theme named “nope”"),
    ],
)
def test_refusals_are_one_line(project: Path, capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "search", project, *args)
    assert code == 1 and out == "" and message in err and err.count("\n") == 1


def test_tag_the_hits_once_then_skip_them(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "search", project, "drones", "--tag", "drones", "--sentence")
    assert code == 0 and out.startswith("Tagged 2 passages as drones;")
    code, out, _ = run(capsys, "search", project, "drones", "--tag", "drones", "--sentence")
    assert out.startswith("Tagged 0 passages as drones (2 already tagged)")
    _, shown, _ = run(capsys, "show", project, "--json")
    passages = json.loads(shown)["passages"]
    assert len(passages) == 2 and all(p["quote"].endswith(".") for p in passages)  # sentences
    code, out, _ = run(capsys, "search", project, '"kamikaze drones"', "--tag", "missiles")
    assert out.startswith("Tagged 2 passages as missiles")
