"""Citations of paged sources give the page; the sources list gives where each source came
from, when, and a short hash of the bytes it was read from; verify finds fetched sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.export import OutlineOptions, build_outline, export_briefing
from briefing.export.verify import verify_export
from tests.export.samples import EXPORTED_AT

PAGES = ["Page one text: the ministry issued a statement.", "Page two: the missile talks",
         "continued onto page three, officials said."]  # fmt: skip
ORIGINAL = b"%PDF-1.7 pretend original bytes"


def paged_project() -> Project:
    project = Project(themes=default_themes())
    text = "\n\n".join(PAGES)
    starts = [text.index(p) for p in PAGES]
    project.add_articles([
        ImportedArticle(
            text=text, title="Ministry statement", source_file="statement.pdf",
            outlet="Trend", published="2024-06-14", pages=tuple(starts), original=ORIGINAL,
            retrieved="2024-06-15T08:00:00+00:00", reader="pypdfium2 4",
        ),
        ImportedArticle(
            text="G7 leaders warned Iran on Friday.", title="G7 warns", source_file="g7.html",
            source_url="http://example.com/g7", final_url="https://example.com/news/g7",
            retrieved="2024-06-16T09:00:00+00:00", original=b"<p>G7 leaders warned Iran</p>",
        ),
    ])  # fmt: skip
    missiles = project.theme_named("missiles").id
    for quote in ("the ministry issued a statement", "the missile talks\n\ncontinued onto page"):
        start = text.index(quote)
        project.tag(1, start, start + len(quote), [missiles])
    project.tag(2, 0, 10, [missiles])
    return project


def test_citations_of_paged_sources_give_the_page() -> None:
    outline = build_outline(paged_project(), OutlineOptions(), EXPORTED_AT)
    blocks = outline.sections[0].entries
    assert [b.citation.attribution for b in blocks] == [
        "Trend, 14 June 2024, p. 1", "Trend, 14 June 2024, pp. 2–3", "“G7 warns”",
    ]  # fmt: skip


def test_sources_list_gives_custody() -> None:
    sources = build_outline(paged_project(), OutlineOptions(), EXPORTED_AT).sources
    digest = hashlib.sha256(ORIGINAL).hexdigest()
    assert sources[0].short_hash == digest[:12] and sources[0].retrieved_label == "15 June 2024"
    assert sources[1].address == "https://example.com/news/g7"


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_exports_name_custody_and_verify(tmp_path: Path, fmt: str) -> None:
    project = paged_project()
    path = export_briefing(project, tmp_path / f"b.{fmt}", fmt, OutlineOptions())
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    else:
        text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(ORIGINAL).hexdigest()[:12]
    assert f"Imported 15 June 2024, SHA-256 {digest}" in text and "File: statement.pdf" in text
    assert "Retrieved 16 June 2024" in text and "Address: https://example.com/news/g7" in text
    assert "p. 1" in text and "pp. 2–3" in text
    report = verify_export(project, path)
    assert report.ok and report.verified == 3, report.render()


def test_verify_checks_the_originals_of_cited_sources(tmp_path: Path, seed_paths) -> None:
    from briefing.importers.batch import import_files
    from briefing.store import create_project

    project_file = create_project(tmp_path / "p.briefing")
    project = project_file.project
    import_files(project, seed_paths)
    article = project.articles()[0]
    project.tag(article.id, 0, 20, [project.themes()[0].id])
    path = export_briefing(project, tmp_path / "b.md", "md", OutlineOptions())
    report = verify_export(project, path, originals=True)
    assert report.ok and report.custody_summary == "1 of 1 cited source with their original intact"
    assert "read again by Briefing Builder" in report.render()
    # Tamper with the kept original: the hash no longer matches.
    project_file._conn.execute("UPDATE originals SET data = zeroblob(10)")
    report = verify_export(project, path, originals=True)
    assert not report.ok and report.problems[-1].kind == "original"
    assert "missing or no longer matches SHA-256" in report.problems[-1].message
    assert verify_export(project, path).ok  # quotes only: the export dialog's read-back
    project_file.close()


def test_an_article_without_an_original_is_a_note_not_a_failure(tmp_path: Path) -> None:
    project = Project(themes=default_themes())
    project.add_article(ImportedArticle(text="Old article text.", title="Old", source_file="o.txt"))
    project.tag(1, 0, 3, [project.themes()[0].id])
    path = export_briefing(project, tmp_path / "b.md", "md", OutlineOptions())
    report = verify_export(project, path, originals=True)
    assert report.ok and "note: source 1 “Old”: no original was kept" in report.render()


def test_an_original_that_reads_to_other_text_fails(tmp_path: Path) -> None:
    from briefing.importers.versions import own_reader

    project = Project(themes=default_themes())
    project.add_article(ImportedArticle(
        text="Text the article claims.", title="Claim", source_file="c.txt",
        original=b"Text the original holds.", reader=own_reader("plain text"), encoding="utf-8",
    ))  # fmt: skip
    project.tag(1, 0, 4, [project.themes()[0].id])
    path = export_briefing(project, tmp_path / "b.md", "md", OutlineOptions())
    report = verify_export(project, path, originals=True)
    assert [p.kind for p in report.problems] == ["original"]
    assert "reading its original again gives other text" in report.problems[0].message
