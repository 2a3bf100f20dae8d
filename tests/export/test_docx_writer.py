"""The Word export, read back with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from briefing.core.project import Project
from briefing.export import OutlineOptions, build_outline, export_briefing, write_briefing
from tests.export.samples import EXPORTED_AT, HOSTILE, SAMPLE_PASSAGES, hostile_project

W_INSTR = qn("w:instrText")


@pytest.fixture
def exported(sample_project: Project, tmp_path: Path) -> docx.document.Document:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    return docx.Document(str(write_briefing(outline, tmp_path / "b.docx", "docx")))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_uses_word_built_in_styles(exported) -> None:
    assert styled(exported, "Title") == ["Iran and Russia"]
    assert styled(exported, "Subtitle") == ["Prepared by J. Doe · 15 July 2024"]
    assert styled(exported, "TOC Heading") == ["Contents"]
    used = {p.style.name for p in exported.paragraphs}
    assert {"Heading 1", "Quote", "List Number", "Normal"} <= used


def test_headings_in_theme_order(exported, sample_project: Project) -> None:
    themes = [t.name.casefold() for t in sample_project.briefing_theme_order()]
    headings = [h.casefold() for h in styled(exported, "Heading 1")]
    assert headings == ["executive summary", *themes, "sources"]


def test_every_quote_verbatim_in_a_quote_paragraph(exported) -> None:
    quotes = styled(exported, "Quote")
    assert sorted(quotes) == sorted(q for _, q, _, _ in SAMPLE_PASSAGES)


def test_citations_resolve_to_the_sources_list(exported, sample_project: Project) -> None:
    sources = styled(exported, "List Number")
    titles = [a.title for a in sample_project.articles()]
    assert [s.split(".")[0] for s in sources] == [t.split(".")[0] for t in titles]
    assert "Trend, Ingilab Mammadov, 14 June 2024" in sources[0]
    assert "File: nato-warns-iran-ballistic-missiles.txt" in sources[1]

    paragraphs = exported.paragraphs
    for i, paragraph in enumerate(paragraphs):
        if paragraph.style.name != "Quote":
            continue
        citation = paragraphs[i + 1].text
        number = int(re.fullmatch(r"— .+ \[(\d+), [A-F][1-6]\]", citation).group(1))
        article = sample_project.article(sample_project.articles()[number - 1].id)
        assert paragraph.text in article.text
    # Citations are also links to bookmarks on the sources.
    body = exported.element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert {"_Source1", "_Source2"} <= anchors <= marks


def test_notes_and_cross_references(exported) -> None:
    normal = styled(exported, "Normal")
    assert "Analyst’s note: NATO repeats the G7 warning." in normal
    assert any(t.startswith("Also quoted under “Drones”: “uncrewed aerial") for t in normal)


def test_header_footer_and_fields(exported) -> None:
    section = exported.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL – FOR INTERNAL USE"
    footer = section.footer._element
    assert [i.text.strip() for i in footer.iter(W_INSTR)] == ["PAGE", "NUMPAGES"]
    toc = [i.text for i in exported.element.body.iter(W_INSTR)]
    assert toc == [' TOC \\o "1-3" \\h \\z \\u ']
    update = exported.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    assert round(section.page_width.cm, 1) == 21.0  # A4


def test_core_properties(exported) -> None:
    properties = exported.core_properties
    assert properties.title == "Iran and Russia"
    assert properties.author == "J. Doe"
    assert properties.created == EXPORTED_AT
    assert properties.subject == "OFFICIAL – FOR INTERNAL USE"


def test_theme_colour_on_headings(exported, sample_project: Project) -> None:
    colours = [t.colour.lstrip("#") for t in sample_project.briefing_theme_order()]
    bars = []
    for paragraph in exported.paragraphs:
        if paragraph.style.name == "Heading 1":
            left = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:left')}")
            if left is not None:
                bars.append(left.get(qn("w:color")))
    assert bars == colours


def test_control_characters_are_sanitised(tmp_path: Path) -> None:
    nasty = "bell\x07 nul\x00 esc\x1b vt\x0bff\x0c lone\ud800 nonchar\uffff tab\tend"
    project = hostile_project(quote_lines=["A quote with " + nasty], note="note " + nasty)
    project.update_settings(title="Title\x00", handling="HANDLING\x01")
    path = export_briefing(project, tmp_path / "n.docx", "docx", OutlineOptions())
    document = docx.Document(str(path))
    quote = styled(document, "Quote")[0]
    assert quote == "A quote with bell nul esc vt\nff\n lone\ufffd nonchar tab\tend"
    assert styled(document, "Title") == ["Title"]
    assert document.sections[0].header.paragraphs[0].text == "HANDLING"


def test_hostile_text_is_kept_literally(tmp_path: Path) -> None:
    path = export_briefing(hostile_project(), tmp_path / "h.docx", "docx")
    document = docx.Document(str(path))
    quote = styled(document, "Quote")[0]
    assert quote.startswith(HOSTILE)
    assert "\n> leading quote marker\n# leading hash" in quote
    assert f"Analyst’s note: {HOSTILE}" in styled(document, "Normal")


def test_group_by_source_headings_are_articles(sample_project: Project, tmp_path: Path) -> None:
    options = OutlineOptions(group_by="source", include_notes=False)
    document = docx.Document(
        str(export_briefing(sample_project, tmp_path / "s.docx", "docx", options))
    )
    headings = styled(document, "Heading 1")
    assert headings[1].startswith("G7 cautions") and headings[2].startswith("NATO leaders")
    assert not any(t.startswith("Analyst’s note") for t in styled(document, "Normal"))
    assert "Themes: De-dollarisation, Strategic pact" in styled(document, "Normal")


def test_empty_theme_says_so(sample_project: Project, tmp_path: Path) -> None:
    sample_project.add_theme("sanctions")
    options = OutlineOptions(include_empty_themes=True)
    document = docx.Document(
        str(export_briefing(sample_project, tmp_path / "e.docx", "docx", options))
    )
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    index = paragraphs.index(("Heading 1", "Sanctions"))
    assert paragraphs[index + 1] == ("Normal", "No passages tagged with this theme.")
