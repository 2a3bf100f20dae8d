"""Exports are atomic: a failure leaves neither a half-written briefing nor a temporary file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from briefing.core.project import Project
from briefing.export import (
    FORMATS,
    ExportCancelled,
    ExportError,
    OutlineOptions,
    build_outline,
    export_briefing,
)
from briefing.export.saving import save_atomically


class Exploding:
    suffix = ".md"
    label = "Exploding"

    def write(self, outline, stream, progress=None) -> None:
        stream.write(b"half a briefing")
        raise RuntimeError("writer bug")


def test_writer_failure_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    with pytest.raises(RuntimeError):
        save_atomically(build_outline(Project()), target, Exploding())
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_briefing(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError):
        save_atomically(build_outline(Project()), target, Exploding())
    assert target.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_an_export_error(tmp_path: Path, sample_project: Project) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="locked/b.docx.*permission denied"):
            export_briefing(sample_project, folder / "b.docx", "docx", OutlineOptions())
    finally:
        folder.chmod(0o755)


def test_permission_error_names_the_file(
    tmp_path: Path, sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source, target) -> None:  # what Windows does when Word holds the file open
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "out" / "b.docx"
    target.parent.mkdir()
    with pytest.raises(ExportError) as caught:
        export_briefing(sample_project, target, "docx", OutlineOptions())
    assert str(target) in str(caught.value)
    assert "open in another program" in str(caught.value)
    assert list(target.parent.iterdir()) == []


def test_unwritable_folder_as_seen_by_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match="b.md: permission denied. The folder may be read-only"):
        export_briefing(Project(), tmp_path / "b.md", "md")


def test_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="the disk is full"):
        export_briefing(Project(), tmp_path / "b.md", "md")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_briefing(Project(), tmp_path / "nowhere" / "b.md", "md")
    with pytest.raises(ExportError, match="is a folder"):
        export_briefing(Project(), tmp_path, "md")


def test_cancel_from_progress_leaves_nothing(tmp_path: Path, sample_project: Project) -> None:
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    target = tmp_path / "out" / "b.docx"
    target.parent.mkdir()
    with pytest.raises(ExportCancelled):
        export_briefing(sample_project, target, "docx", progress=progress)
    assert calls == [(0, 8)]
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_progress_reaches_the_total(tmp_path: Path, sample_project: Project, fmt: str) -> None:
    calls = []
    path = export_briefing(
        sample_project, tmp_path / f"b{FORMATS[fmt].suffix}", fmt,
        progress=lambda done, total: calls.append((done, total)),
    )  # fmt: skip
    assert calls[0] == (0, 8) and calls[-1] == (8, 8)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="formats: docx, md"):
        export_briefing(Project(), tmp_path / "b.pdf", "pdf")
    assert FORMATS["docx"].suffix == ".docx" and FORMATS["md"].label == "Markdown"


def test_export_package_does_not_import_qt() -> None:
    root = Path(__file__).resolve().parents[2] / "briefing" / "export"
    for module in root.rglob("*.py"):
        assert "PySide6" not in module.read_text(encoding="utf-8"), module
