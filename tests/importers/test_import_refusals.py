"""Bad input is refused with ImportRefused and a sentence the analyst can act on, never a crash."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import pytest

import briefing.importers as importers
from briefing.importers import SUPPORTED_SUFFIXES, ImportRefused, bounded, read_article

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def refusal(path: Path) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_article(path)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path.name}: {error.reason}"
    return error


def test_public_constants() -> None:
    assert importers.MAX_FILE_BYTES == 32 * 1024 * 1024
    assert set(SUPPORTED_SUFFIXES) >= {
        ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".docx", ".pdf",
    }  # fmt: skip


def test_empty_file(write_file) -> None:
    assert refusal(write_file("empty.txt", b"")).reason == "the file is empty"


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.html"])
def test_whitespace_only(write_file, name: str) -> None:
    error = refusal(write_file(name, " \n\t\r\n  \n"))
    assert error.reason == "it contains no readable text"


def test_html_with_only_invisible_content(write_file) -> None:
    path = write_file("script.html", "<html><head><script>var a = 1;</script></head></html>")
    assert refusal(path).reason == "it contains no readable text"


def test_png_named_txt(write_file) -> None:
    assert refusal(write_file("photo.txt", PNG)).reason == "it looks like a binary file, not text"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"plain start\x00\x01\x02 then binary",
        bytes(range(1, 9)) * 20,
    ],
    ids=["pdf", "gif", "jpeg", "zip", "nul", "controls"],
)
def test_binary_named_txt(write_file, content: bytes) -> None:
    assert "binary" in refusal(write_file("data.txt", content)).reason


def test_nul_in_otherwise_text_is_binary(write_file) -> None:
    path = write_file("nul.txt", "A perfectly normal sentence.\x00 And another one.\n" * 20)
    assert "binary" in refusal(path).reason


def test_png_named_html_and_md(write_file) -> None:
    assert "binary" in refusal(write_file("page.html", PNG)).reason
    assert "binary" in refusal(write_file("notes.md", PNG)).reason


@pytest.mark.parametrize(
    "content",
    [b"this is not a zip at all", PNG, b"PK\x03\x04" + b"\x00" * 40],
    ids=["text", "png", "truncated-zip"],
)
def test_junk_named_docx(write_file, content: bytes) -> None:
    assert refusal(write_file("report.docx", content)).reason == "it is not a valid Word document"


def test_zip_that_is_not_word_named_docx(write_file) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    error = refusal(write_file("report.docx", buffer.getvalue()))
    assert error.reason == "it is not a valid Word document"


def test_old_word_file_named_docx(write_file) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    error = refusal(write_file("old.docx", ole))
    assert error.reason.startswith("it is not a valid Word document")
    assert ".doc" in error.reason


def test_docx_that_unpacks_enormously(write_file, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("briefing.importers.docx_source.MAX_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "x" * 5000)
    assert "unpacks to" in refusal(write_file("bomb.docx", buffer.getvalue())).reason


def test_unsupported_suffix(write_file) -> None:
    error = refusal(write_file("paper.odt", b"PK\x03\x04"))
    assert error.reason.startswith("files of type .odt are not supported (use .txt, .md, .html")
    assert error.reason.endswith(".docx or .pdf)")


def test_no_suffix(write_file) -> None:
    assert "no file extension" in refusal(write_file("README", "hello")).reason


def test_suffix_is_case_insensitive(write_file) -> None:
    assert read_article(write_file("LOUD.TXT", "Shouting headline\n\nBody.")).title == (
        "Shouting headline"
    )
    assert read_article(write_file("Page.HTM", "<p>Hello</p>")).text == "Hello"


def test_oversized_file(write_file, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1024 * 1024)
    path = write_file("big.txt", b"word " * (300 * 1024))  # 1.5 MB
    assert refusal(path).reason == "it is 1.5 MB; the limit is 1 MB"


def test_oversize_message_matches_the_brief(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    assert refusal(path).reason == "it is 50.0 MB; the limit is 32 MB"


def test_file_exactly_at_the_limit_is_read(write_file, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 64)
    assert read_article(write_file("edge.txt", "x" * 64)).text == "x" * 64
    assert "limit" in refusal(write_file("over.txt", "x" * 65)).reason


def test_missing_file(tmp_path: Path) -> None:
    error = refusal(tmp_path / "gone.txt")
    assert error.reason == "the file does not exist (it may have been moved or deleted)"
    assert str(error).startswith("gone.txt: ")


def test_folder_named_like_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert refusal(folder).reason == "it is a folder, not a file"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "you do not have permission to read it"),
        (OSError(5, "Input/output error"), "it could not be read (Input/output error)"),
    ],
)
def test_unreadable_file(
    write_file, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    path = write_file("secret.txt", "classified")

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    # Simulated: chmod does not stop root, and CI often runs as root.
    monkeypatch.setattr(bounded.os, "open", fail)
    assert refusal(path).reason == reason


def test_refusal_pickles(tmp_path: Path) -> None:
    error = ImportRefused(tmp_path / "a.txt", "the file is empty")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))
