"""The export's layout, pinned by small reference files in tests/reference/ (as novelWriter
does): each XML part of the .docx that the export writes, pretty-printed, and the .md, with
timestamps masked. Reading the files back checks what they say; these check how they are laid
out, so a change to the layout shows up as a diff to review.

After a deliberate change to the layout, write the references again with
`BRIEFING_UPDATE_GOLDEN=1 bash packaging/dev.sh test tests/export/test_golden.py` and review
the diff before committing it.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing.core.project import Project
from briefing.export import OutlineOptions, build_outline, write_briefing
from tests.export.samples import EXPORTED_AT

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"
# The parts the writer fills; the rest (styles, theme, fonts) come from python-docx's template.
DOCX_PARTS = [
    "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/settings.xml",
    "word/numbering.xml", "docProps/core.xml",
]  # fmt: skip
_TIMESTAMP = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
# When each source was imported or fetched: the day the test runs.
_READ_ON = re.compile(r"\b(Imported|Retrieved) \d{1,2} [A-Z][a-z]+ \d{4}\b")
_MD_DATES = [
    (re.compile(r'^date: ".*"$', re.M), 'date: "…"'),
    (re.compile(r"^(\*Prepared by .*) · [^*]*\*$", re.M), r"\1 · …*"),
]

FORMATS = ("docx", "md")
G7_DRONES = "Iran has already provided Russia with hundreds of kamikaze drones"
NATO_DRONES = "Iran has supplied Russia with hundreds of kamikaze drones"


def compare(name: str, text: str) -> None:
    path = REFERENCE / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no reference {path}: write it with BRIEFING_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its reference"


def pretty(xml: bytes) -> str:
    tree = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    text = etree.tostring(tree, pretty_print=True, encoding="unicode")
    return _READ_ON.sub(r"\1 …", _TIMESTAMP.sub(r"\1…\3", text))


@pytest.fixture
def briefing(sample_project: Project, tmp_path: Path) -> dict[str, Path]:
    """The sample briefing with a corroborated passage, exported at a fixed moment."""
    project = sample_project
    [drones] = [p for p in project.passages() if p.quote == G7_DRONES]
    nato = project.find_article("NATO")
    start = nato.text.index(NATO_DRONES)
    project.corroborate(drones.id, nato.id, start, start + len(NATO_DRONES))
    outline = build_outline(project, OutlineOptions(), EXPORTED_AT)
    return {fmt: write_briefing(outline, tmp_path / f"briefing.{fmt}", fmt) for fmt in FORMATS}


def test_the_word_layout_matches_its_reference(briefing: dict[str, Path]) -> None:
    with zipfile.ZipFile(briefing["docx"]) as archive:
        names = archive.namelist()
        compare("docx/parts.txt", "\n".join(names) + "\n")
        for part in DOCX_PARTS:
            compare(f"docx/{part}", pretty(archive.read(part)))
        styles = writer_styles(archive.read("word/styles.xml"))
        compare("docx/word/styles-of-the-writer.xml", styles)


# The styles the writer adds to the template's, or changes in it.
WRITER_STYLES = ("Quote", "Citation", "TOC1")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def writer_styles(xml: bytes) -> str:
    root = etree.fromstring(xml)
    found = [s for s in root.iter(f"{{{W}}}style") if s.get(f"{{{W}}}styleId") in WRITER_STYLES]
    assert len(found) == len(WRITER_STYLES)
    return "".join(pretty(etree.tostring(s)) for s in found)


def test_the_markdown_layout_matches_its_reference(briefing: dict[str, Path]) -> None:
    text = briefing["md"].read_text(encoding="utf-8")
    for pattern, mask in _MD_DATES:
        text, found = pattern.subn(mask, text)
        assert found == 1, pattern.pattern  # the timestamp is where the reference masks it
    compare("briefing.md", _READ_ON.sub(r"\1 …", text))
