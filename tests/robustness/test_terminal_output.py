"""What the CLI prints from data can never drive the terminal (issue 12): control characters
in titles, names, quotes and file names are shown escaped; `--json` stays exact. Commands that
only read work while another program holds the project open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import main, terminal_safe
from briefing.store import open_project

ESC_TITLE = "Drones \x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m end"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_safe(text: str) -> None:
    assert not any(char in text for char in RAW), repr(text)


@pytest.fixture
def project(tmp_path: Path, seed_paths: list[Path]) -> Path:
    path = tmp_path / "p.briefing"
    assert main(["new", str(path), *map(str, seed_paths)]) == 0
    return path


def test_escapes_are_shown_not_obeyed() -> None:
    assert terminal_safe("a\x1b[2Jb\nc\td\x9be\u2028f\u202eg") == (
        "a\\x1b[2Jb\\nc\\td\\x9be\\u2028f\\u202eg"
    )
    assert terminal_safe("Iran’s 😀 ایران") == "Iran’s 😀 ایران"  # text stays text


def test_import_and_show_print_hostile_titles_and_file_names_escaped(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = tmp_path / "report\nx.txt: imported as “Forged”\u202etxt.exe.txt"
    forged.write_text(f"{ESC_TITLE}\n\nIran supplied Russia with drones.", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(project), str(forged)]) == 0
    out = capsys.readouterr().out
    assert_safe(out)
    assert out.count("\n") == 1 and "report\\nx.txt" in out and "\\x1b]52;c;" in out

    assert main(["show", str(project)]) == 0
    shown = capsys.readouterr().out
    assert_safe(shown)
    assert "\\x1b]0;pwned\\x07" in shown

    assert main(["show", str(project), "--json"]) == 0
    printed = capsys.readouterr().out
    assert_safe(printed)
    data = json.loads(printed)
    assert data["articles"][-1]["title"] == ESC_TITLE  # exact, once parsed
    assert data["articles"][-1]["source_file"] == forged.name


def test_error_messages_and_usage_errors_stay_one_safe_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["tag", str(project), "--article", "no\nsuch\x1b[2J", "--quote", "x",
                 "--theme", "drones"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert_safe(err)
    assert err.count("\n") == 1 and "no\\nsuch\\x1b[2J" in err
    with pytest.raises(SystemExit):
        main(["export", str(project), "--format", "pdf\x1b[2J", "-o", "x"])
    err = capsys.readouterr().err
    assert_safe(err) and "pdf\\x1b[2J" in err


def test_reading_commands_work_while_the_app_holds_the_project(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = open_project(project)  # as the app holds it: the writer's lock is taken
    writer.project.tag(2, 0, 4, [1])
    try:
        briefing = tmp_path / "b.md"
        qdc = tmp_path / "c.qdc"
        for args in (
            ["show", str(project)],
            ["show", str(project), "--json"],
            ["export", str(project), "--format", "md", "-o", str(briefing)],
            ["verify", str(project), str(briefing)],
            ["suggest", str(project)],
            ["corroborate", str(project)],
            ["codebook", "export", str(project), str(qdc)],
        ):
            assert main(args) == 0, (args, capsys.readouterr().err)
        assert main(["tag", str(project), "--article", "2", "--quote", "NATO",
                     "--occurrence", "1", "--theme", "drones"]) == 1  # fmt: skip
        assert "is already open here" in capsys.readouterr().err
    finally:
        writer.close()
