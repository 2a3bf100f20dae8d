"""Bad input never crashes and never loses work (issue 5).

A corpus of hostile files, generated here (no checked-in binaries), is imported into a project
that already holds tagged work: each file imports correctly or is refused with a clear reason,
and nothing that was there before changes. What imports can be tagged and exported.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from briefing.core.records import ImportedArticle
from briefing.export import export_briefing
from briefing.export.verify import verify_export
from briefing.importers.batch import import_files
from briefing.store import ProjectFile, create_project, open_project


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def junk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.bin", b"\x00\x01 not a word document")
    return buffer.getvalue()


RTL = "ایران به روسیه پهپاد داده است. Iran gave Russia drones. «ایران» said TASS."
# (file name, bytes, expected: "refused" or the text that must be in the imported article)
CORPUS = [
    ("empty.txt", b"", "refused"),
    ("blank.txt", b" \n\t\r\n  ", "refused"),
    ("picture.txt", png_bytes(), "refused"),
    ("invalid-utf8.txt", b"Caf\xe9 au lait \xff\xfe broken \x80 bytes", "Caf"),
    ("utf16-no-bom.txt", "Drones over Kyiv, said officials.".encode("utf-16-le"),
     "Drones over Kyiv"),
    ("nul.txt", b"Text with a \x00 NUL byte inside", "refused"),
    ("controls.txt", b"Bell\x07 and escape\x1b and form\x0cfeed", "Bell\x07 and escape"),
    ("junk.docx", junk_zip(), "refused"),
    ("hostile.html", b"<html><head><title>Hostile</title><script>alert(1)</script></head>"
     b"<body><iframe src='http://evil.example/'></iframe><img src='http://evil.example/x.png'>"
     b"<p>Visible words only.</p><script>document.write('x')</script></body></html>",
     "Visible words only."),
    ("long-line.txt", ("word " * 200_000).encode(), "word word"),
    ("emoji.txt", "Drones 🚁 and missiles 🚀 with flags 🇮🇷🇷🇺.".encode(), "🇮🇷🇷🇺"),
    ("combining.txt", "Cafe\u0301 nai\u0308ve resume\u0301s Zalgo z\u0351\u0352.".encode(),
     "nai\u0308ve"),
    ("rtl.txt", RTL.encode(), "پهپاد"),
    ("unsupported.pdf", b"%PDF-1.4 whatever", "refused"),
]  # fmt: skip


@pytest.fixture
def project_file(tmp_path: Path) -> ProjectFile:
    """A project with work in it that no import may disturb."""
    project_file = create_project(tmp_path / "work.briefing")
    project = project_file.project
    project.add_article(ImportedArticle(text="Earlier work on drones.", title="Earlier",
                                        source_file="earlier.txt"))  # fmt: skip
    project.tag(1, 15, 21, [2], note="keep me")
    return project_file


def snapshot(project_file: ProjectFile) -> tuple:
    project = project_file.project
    return (project.articles(), project.themes(), project.passages(), project.settings)


@pytest.mark.parametrize(("name", "content", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_each_bad_file_imports_or_is_refused_clearly(
    project_file: ProjectFile, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(project_file)
    edit, (outcome,) = import_files(project_file.project, [path])
    project = project_file.project
    if expected == "refused":
        assert not outcome.imported and outcome.message.startswith("skipped: ")
        assert len(outcome.message) > len("skipped: ") + 10  # a reason a person can read
        assert snapshot(project_file) == before
        return
    assert outcome.imported, outcome.message
    article = project.articles()[-1]
    assert expected in article.text
    assert project.articles()[:-1] == before[0] and project.passages() == before[2]
    # What was imported can be tagged anywhere and exported, and the export verifies.
    middle = len(article.text) // 2
    start = max(0, middle - 20)
    while start < len(article.text) and article.text[start].isspace():
        start += 1
    project.tag(article.id, start, min(len(article.text), start + 40), [1])
    for fmt in ("docx", "md"):
        report = verify_export(project, export_briefing(project, tmp_path / f"b.{fmt}", fmt))
        assert report.ok, report.render()
    project_file.close()
    reopened = open_project(project_file.path, read_only=True).project
    assert reopened.passages() == project.passages()


def test_a_50_mb_file_is_refused_quickly(project_file: ProjectFile, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    before = snapshot(project_file)
    _, (outcome,) = import_files(project_file.project, [path])
    assert not outcome.imported and "50.0 MB" in outcome.message and "limit" in outcome.message
    assert snapshot(project_file) == before


def test_a_batch_with_good_and_bad_files_keeps_the_good(
    project_file: ProjectFile, tmp_path: Path, seed_paths: list[Path]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(png_bytes())
    edit, outcomes = import_files(project_file.project, [seed_paths[0], bad, seed_paths[1]])
    assert [o.imported for o in outcomes] == [True, False, True]
    assert len(project_file.project.articles()) == 3
    project_file.project.undo(edit)  # the whole batch is one undoable step
    assert [a.title for a in project_file.project.articles()] == ["Earlier"]
