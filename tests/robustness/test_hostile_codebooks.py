"""Hostile and huge REFI-QDA codebooks (issue 12): bounded reading, one atomic edit, clear
refusals; the project always opens afterwards with its codebook whole or as it was."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from briefing.cli import main
from briefing.store import create_project, limits, open_project, writers
from briefing.store.refi_qda import CodebookError, merge_codebook, read_codebook

ROOT = Path(__file__).resolve().parents[2]


def codebook(names: list[str], depth: int = 1) -> str:
    """A .qdc with a code per name; `depth` > 1 nests that many codes inside the first one."""
    codes = "".join(f"<Code name={quoteattr(n)} isCodable='true'/>" for n in names)
    nested = "<Code name='level' isCodable='true'>" * (depth - 1) + "</Code>" * (depth - 1)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{nested}{codes}</Codes></CodeBook>'
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.briefing"
    create_project(path).close()
    return path


def test_an_over_long_code_name_is_shortened_with_a_note(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.qdc"
    path.write_text(codebook(["N" * 10_001, "fine"]), encoding="utf-8")
    assert main(["codebook", "import", str(project), str(path)]) == 0
    assert "1 code shortened to fit" in capsys.readouterr().out
    names = [t.name for t in open_project(project).project.themes()]
    assert len(names[-2]) == limits.limit_of("themes", "name") and names[-1] == "fine"


def test_20000_codes_are_one_edit_and_one_undo_step(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.qdc"
    path.write_text(codebook([f"code {n}" for n in range(20_000)]), encoding="utf-8")
    opened = open_project(project)
    before = opened.project.themes()
    edit, summary = merge_codebook(opened.project, read_codebook(path))
    assert len(summary.added) == 20_000 and "and 19,990 more" in summary.message()
    assert len(opened.project.themes()) == len(before) + 20_000
    assert len({t.colour for t in opened.project.themes()}) > 1000  # spread, and it ends
    opened.project.undo(edit)
    opened.close()
    assert open_project(project).project.themes() == before


def test_ctrl_c_in_the_middle_leaves_the_codebook_as_it_was(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.qdc"
    path.write_text(codebook([f"code {n}" for n in range(5_000)]), encoding="utf-8")
    opened = open_project(project)
    before = opened.project.themes()
    written = []
    real = writers.Writer._write_theme

    def interrupted(writer, record_id, theme) -> None:  # type: ignore[no-untyped-def]
        written.append(record_id)
        if len(written) == 2_500:
            raise KeyboardInterrupt
        real(writer, record_id, theme)

    monkeypatch.setattr(writers.Writer, "_write_theme", interrupted)
    with pytest.raises(KeyboardInterrupt):
        merge_codebook(opened.project, read_codebook(path))
    assert opened.project.themes() == before
    opened.close()
    assert open_project(project).project.themes() == before


CHILD = """
import sys
from pathlib import Path
from briefing.store import open_project
from briefing.store.refi_qda import merge_codebook, read_codebook
entries = read_codebook(Path(sys.argv[2]))
opened = open_project(Path(sys.argv[1]))
print("ready", flush=True)
merge_codebook(opened.project, entries)
print("done", flush=True)
"""


def test_sigkill_during_an_import_leaves_all_or_nothing(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.qdc"
    path.write_text(codebook([f"code {n}" for n in range(20_000)]), encoding="utf-8")
    rng = random.Random(12)
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(project), str(path)], stdout=subprocess.PIPE,
            text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )  # fmt: skip
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.5))  # wherever it is by then; the outcome is checked
        child.send_signal(signal.SIGKILL)
        child.wait()
        opened = open_project(project)
        assert opened.integrity_check() == "ok"
        assert len(opened.project.themes()) in (4, 20_004)
        opened.close()


def test_ten_thousand_levels_of_nesting_are_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "deep.qdc"
    path.write_text(codebook(["leaf"], depth=10_000), encoding="utf-8")
    with pytest.raises(CodebookError, match="more than 64 levels deep"):
        read_codebook(path)
    path.write_text(codebook(["leaf"], depth=64), encoding="utf-8")
    assert read_codebook(path)[-1].name == "leaf"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    ("command", "suffix"),
    [(["codebook", "import"], ".qdc"), (["verify"], ".md"), (["verify"], ".docx")],
)
def test_devices_and_pipes_are_refused_at_once_without_holding_the_project(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str],
    suffix: str,
) -> None:  # fmt: skip
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    zero = tmp_path / f"zero{suffix}"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        assert main([*command, str(project), str(path)]) == 1
        err = capsys.readouterr().err
        assert "is not a regular file" in err and err.count("\n") == 1
    open_project(project).close()  # nothing was left holding it
