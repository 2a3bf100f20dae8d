"""Hostile article files (issue 12): each imports or is refused with its reason, in bounded
time and memory, and the project always opens again afterwards.

Every file is made here. Imports run through the CLI in a child process whose address space
is capped (a guard against blow-ups, like the hang guards; the benchmarks measure the figures).
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from briefing.cli import main
from briefing.importers import ImportRefused, read_article
from briefing.store import limits, open_project

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("limited_child.py")
MEMORY_GUARD_MB = 400  # address space; the old code needed 2 to 7.6 GB, the fixed one < 150 MB
HANG_GUARD_S = 120


def run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHILD), str(MEMORY_GUARD_MB), "--", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=HANG_GUARD_S,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, seed_paths: list[Path]) -> Path:
    path = tmp_path / "p.briefing"
    assert main(["new", str(path), *map(str, seed_paths)]) == 0
    assert main(["tag", str(path), "--article", "2", "--quote", "NATO", "--occurrence", "1",
                 "--theme", "missiles"]) == 0  # fmt: skip
    return path


def docx_bytes(body: str = "", core: str | None = None, drop_core: bool = False,
               doctype: str = "") -> bytes:  # fmt: skip
    """A real python-docx document with its body paragraphs (and core properties) replaced."""
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    original = io.BytesIO()
    document.save(original)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                text = text.replace("<w:p><w:r><w:t>PLACEHOLDER</w:t></w:r></w:p>", body)
                data = text.replace("?>", "?>" + doctype, 1).encode()
            elif info.filename == "docProps/core.xml":
                if drop_core:
                    continue
                data = core.encode() if core is not None else data
            elif info.filename == "_rels/.rels" and drop_core:
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            target.writestr(info.filename, data)
    return out.getvalue()


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def core_with_title(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title></cp:coreProperties>"
    )


def lying_zip(real: int, claimed: int) -> bytes:
    """A zip whose directory says its document unpacks to `claimed` bytes; it holds `real`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:t>" + b"A" * (1024 * 1024) + b"</w:t>"
            for _ in range(real // len(chunk)):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    entry = data.rfind(b"PK\x01\x02")  # the central directory entry of document.xml
    struct.pack_into("<I", data, entry + 24, claimed)
    return bytes(data)


LONG = "T" * 20_000
TITLE_LIMIT = limits.limit_of("articles", "title")

# (file name, content, the field that is too long)
METADATA = [
    ("title.html", f"<title>{LONG}</title><p>Body words.</p>", "title"),
    # trafilatura itself cuts a headline read from <h1> to 10,000 characters: no note then.
    ("h1.html", f"<h1>{LONG}</h1><p>Body words.</p>", "headline"),
    ("author.html", f'<meta name="author" content="{LONG}"><p>Body words.</p>', "author"),
    ("outlet.html", f'<meta property="og:site_name" content="{LONG}"><p>Body words.</p>',
     "outlet"),
    ("front-matter.md", f"---\ntitle: {LONG}\n---\n\nBody words.\n", "title"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "field"), METADATA, ids=[m[0] for m in METADATA])
def test_over_long_metadata_is_shortened_with_a_note_and_the_project_opens(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    content: str, field: str,
) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["import", str(project), str(path)]) == 0
    out = capsys.readouterr().out
    if field != "headline":
        assert f"the {field} was shortened from 20,000 to {TITLE_LIMIT:,} characters" in out
    article = open_project(project, read_only=True).project.articles()[-1]
    value = getattr(article, "title" if field == "headline" else field)
    assert len(value) == TITLE_LIMIT and value.endswith("…") and value.startswith("TTT")
    assert main(["show", str(project)]) == 0


def test_a_docx_title_of_20000_characters_is_shortened(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "long-title.docx"
    path.write_bytes(docx_bytes(paragraph("Body words."), core=core_with_title(LONG)))
    assert main(["import", str(project), str(path)]) == 0
    assert len(open_project(project).project.articles()[-1].title) == TITLE_LIMIT


def test_a_docx_without_core_properties_takes_its_title_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bare.docx"
    path.write_bytes(docx_bytes(paragraph("Drones over Kyiv") + paragraph("Body."), drop_core=True))
    assert read_article(path).title == "Drones over Kyiv"  # python-docx says "Word Document"


def test_a_docx_with_entity_declarations_is_refused_rather_than_losing_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "entities.docx"
    doctype = '<!DOCTYPE w:document [<!ENTITY e "EXPANDED">]>'
    path.write_bytes(docx_bytes(paragraph("before &e; after"), doctype=doctype))
    with pytest.raises(ImportRefused, match="DTD"):
        read_article(path)  # python-docx kept only "before "


def test_a_docx_whose_text_is_too_long_for_an_article_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # 107 KB that expand to more text than an article holds (at the real limit: 70 MB of
    # text, about 2 s; here the limit is lowered so the test stays quick).
    [column] = [c for c in limits.columns("articles") if c.column == "text"]
    monkeypatch.setitem(limits._COLUMNS, "articles", [
        c if c is not column else limits.Column(**{**_fields(c), "max_chars": 100_000})
        for c in limits._COLUMNS["articles"]
    ])  # fmt: skip
    path = tmp_path / "expands.docx"
    path.write_bytes(docx_bytes(paragraph("word " * 2000) * 20))
    assert main(["import", str(project), str(path)]) == 1
    assert "its text is 200,038 characters long; an article holds at most 100,000" in (
        capsys.readouterr().out
    )
    assert len(open_project(project).project.articles()) == 2


def _fields(column: limits.Column) -> dict:
    return {name: getattr(column, name) for name in column.__dataclass_fields__}


def test_a_docx_whose_directory_lies_is_refused_without_unpacking_it_all(
    project: Path, tmp_path: Path
) -> None:
    lying = tmp_path / "lying.docx"
    lying.write_bytes(lying_zip(real=300 * 1024 * 1024, claimed=1000))
    honest = tmp_path / "honest-bomb.docx"
    honest.write_bytes(lying_zip(real=300 * 1024 * 1024, claimed=300 * 1024 * 1024))
    result = run_limited("import", str(project), str(lying), str(honest))
    assert result.returncode == 1, result.stderr
    assert "lying.docx: skipped: it is not a valid Word document" in result.stdout
    assert "honest-bomb.docx: skipped: it unpacks to more than 128 MB" in result.stdout


HOSTILE_CHARSETS = ["hex", "base64", "rot13", "zlib", "idna", "utf-7", "bz2", "uu",
                    "quopri", "punycode", "unicode_escape", "undefined"]  # fmt: skip


def test_non_text_charsets_fall_back_to_detection_file_by_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = []
    for number, charset in enumerate(HOSTILE_CHARSETS):
        path = tmp_path / f"{number}-{charset}.html"
        body = f"<p>Caf\xe9 number {number} +AGEAYgBj- \\u0041</p>".encode("cp1252")
        path.write_bytes(f'<meta charset="{charset}">'.encode() + body)
        paths.append(str(path))
    assert main(["import", str(project), *paths]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(HOSTILE_CHARSETS) and all("imported as" in line for line in lines)
    texts = [a.text for a in open_project(project).project.articles()[2:]]
    assert all(text.startswith("Café number") for text in texts)


def test_utf7_cannot_smuggle_half_characters_into_the_project(
    project: Path, tmp_path: Path
) -> None:
    path = tmp_path / "utf7.html"
    path.write_bytes(b'<meta charset="utf-7"><p>Lone +2D3- half \xff</p>')
    assert main(["import", str(project), str(path)]) == 0
    assert "\ud83d" not in open_project(project).project.articles()[-1].text


PATHOLOGICAL_MARKDOWN = {
    "brackets.md": "[" * 1_000_000,
    "link-openers.md": "[a](" * 200_000,
    "entities.md": "&amp;" * 200_000,
    "backticks.md": "`" * 1_000_000,
    "backtick-words.md": "`a" * 500_000,
    "stars.md": "*" * 1_000_000,
    "star-words.md": "*a" * 500_000,
    "images.md": "![" * 400_000,
    "nested-quotes.md": "> " * 100_000 + "deep",
    "nested-lists.md": "\n".join(" " * (2 * n) + f"- item{n}" for n in range(3000)),
    "list-items.md": "- a\n" * 200_000,
}


def test_pathological_markdown_imports_in_bounded_time_and_memory(
    project: Path, tmp_path: Path
) -> None:
    paths = []
    for name, content in PATHOLOGICAL_MARKDOWN.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        paths.append(str(path))
    result = run_limited("import", str(project), *paths)
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths), result.stderr
    for name, line in zip(PATHOLOGICAL_MARKDOWN, lines, strict=True):
        # Some render to the same text as another ("aaa..."), or to no text at all.
        outcomes = ("imported as", "skipped: already in the project", "skipped: it contains no")
        assert line.startswith(f"{name}: ") and any(o in line for o in outcomes), line
    assert len(open_project(project).project.articles()) > 2


def test_one_tag_with_15_million_attributes_stays_small(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "attributes.html"
    path.write_text("<p " + "a " * 15_000_000 + ">Kept words</p><p>After</p>", encoding="ascii")
    result = run_limited("import", str(project), str(path))
    assert result.returncode == 0 and "imported as “Kept words”" in result.stdout, result.stderr
    assert open_project(project).project.articles()[-1].text == "Kept words\n\nAfter"

    # Within the cap a parser that blew up could still fall back; check that lxml (through
    # trafilatura) is handed the tag without its attributes, valueless ones included.
    from briefing.importers.web_page import _LONG_TAG, _tame_attributes

    for attribute in ("a ", 'a="1" ', "a=1 "):
        markup = "<p " + attribute * 1_000_000 + ">Kept</p>"
        assert _LONG_TAG.sub(_tame_attributes, markup) == "<p>Kept</p>"
    real = '<meta name="description" content="' + "many words " * 1000 + '">'
    assert _LONG_TAG.sub(_tame_attributes, real) == real


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_devices_pipes_and_links_to_them_are_never_read(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    result = run_limited("import", str(project), str(fifo), str(zero))
    assert result.returncode == 1
    for name in ("pipe.txt", "zero.txt"):
        assert f"{name}: skipped: it is not a regular file" in result.stdout
