"""Crafted project files are refused with one clear line by every way in (store, read-only,
CLI), and the file is left exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.store import ProjectFileError, open_project
from tests.robustness.hostile_projects import CASES, make_valid, tamper


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("sql", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_crafted_project_is_refused_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, words: str
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, sql)
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(ProjectFileError) as caught:
            open_project(path, read_only=read_only)
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and "\n" not in message
        assert words in message, message
    assert main(["show", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and words in err, err
    assert digest(path) == before


def test_the_untouched_project_opens(tmp_path: Path) -> None:
    project = open_project(make_valid(tmp_path / "p.briefing")).project
    assert len(project.passages()) == 2 and project.passage(2).corroborates == 1
    assert project.settings.theme_order == (2, 1) and project.rejected()
