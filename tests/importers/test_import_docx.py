"""Word documents: paragraphs and tables in reading order, metadata from the core properties."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from briefing.importers import ImportRefused, read_article


def make_docx(path: Path, paragraphs: list[str], *, title: str = "", author: str = "") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    document.core_properties.author = author  # the blank template says "python-docx"
    document.save(str(path))
    return path


def test_paragraph_order_and_core_properties(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "g7.docx",
        ["G7 cautions Iran", "", "First paragraph.", "   ", "Second paragraph."],
        title="Core title",
        author="Ingilab Mammadov",
    )
    article = read_article(path)
    assert article.text == "G7 cautions Iran\n\nFirst paragraph.\n\nSecond paragraph."
    assert article.title == "Core title"
    assert article.author == "Ingilab Mammadov"
    assert article.source_file == "g7.docx"


def test_title_falls_back_to_first_paragraph(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "plain.docx", ["", "The real headline", "Body."])
    article = read_article(path)
    assert article.title == "The real headline"
    assert article.author == ""


def test_tables_headings_and_breaks_in_reading_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Headline", level=1)
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Year"
    table.cell(0, 1).text = "Trade"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Merged cell"
    paragraph = document.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run("line two\tafter a tab")
    document.core_properties.author = ""
    path = tmp_path / "table.docx"
    document.save(str(path))
    article = read_article(path)
    assert article.text == (
        "Headline\n\nBefore the table.\n\nYear\n\nTrade\n\nMerged cell\n\n"
        "Line one\nline two\tafter a tab"
    )


def test_unicode_verbatim_and_metadata_sniffed_from_text(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "fa.docx",
        [
            "سلام دنیا 👋 e\u0301",
            "14 June 2024 23:40 (UTC +04:00)",
            "Jane Doe",
            "Body, Trend reports.",
        ],
    )
    article = read_article(path)
    assert article.text.startswith("سلام دنیا 👋 e\u0301\n\n")
    assert article.published == "2024-06-14T23:40+04:00"
    assert article.author == "Jane Doe"
    assert article.outlet == "Trend"


def test_empty_document_is_refused(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "empty.docx", ["", "  "])
    with pytest.raises(ImportRefused, match="no readable text"):
        read_article(path)
