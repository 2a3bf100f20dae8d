"""The quote verifier: clean exports verify; tampered ones are caught with precise messages."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.export import OutlineOptions, export_briefing
from briefing.export.verify import _LONG_SOURCE, verify_export
from tests.export.samples import SAMPLE_PASSAGES


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize(
    "options",
    [OutlineOptions(), OutlineOptions(group_by="source", include_notes=False),
     OutlineOptions(order="date", include_empty_themes=True)],
)  # fmt: skip
def test_exports_of_every_kind_verify_clean(
    sample_project: Project, tmp_path: Path, fmt: str, options: OutlineOptions
) -> None:
    path = export_briefing(sample_project, tmp_path / f"b.{fmt}", fmt, options)
    report = verify_export(sample_project, path)
    assert report.ok, report.render()
    assert report.checked == report.verified == len(SAMPLE_PASSAGES)
    assert (
        report.summary
        == f"{len(SAMPLE_PASSAGES)} of {len(SAMPLE_PASSAGES)} quotes verified against their sources"
    )


def tamper_markdown(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_a_changed_word_is_caught(sample_project: Project, tmp_path: Path) -> None:
    path = export_briefing(sample_project, tmp_path / "b.md", "md")
    tamper_markdown(path, "hundreds of kamikaze drones", "thousands of kamikaze drones")
    report = verify_export(sample_project, path)
    assert not report.ok and report.verified == report.checked - 1
    (problem,) = report.problems
    assert problem.kind == "mismatch"
    assert "the source has “hundreds” where the export has “thousands”" in problem.message


def test_an_unknown_citation_is_caught(sample_project: Project, tmp_path: Path) -> None:
    path = export_briefing(sample_project, tmp_path / "b.md", "md")
    tamper_markdown(path, "\\[2, F6\\]", "\\[7, F6\\]")
    (problem,) = verify_export(sample_project, path).problems
    assert problem.kind == "unknown citation" and "cites [7]" in problem.message


def test_a_quote_moved_under_another_source_is_caught(
    sample_project: Project, tmp_path: Path
) -> None:
    path = export_briefing(sample_project, tmp_path / "b.md", "md")
    # The first G7 quote now claims to come from the NATO article (source 2).
    tamper_markdown(path, "\\[1, F6\\]", "\\[2, F6\\]")
    problems = verify_export(sample_project, path).problems
    assert problems and problems[0].kind == "moved"
    assert "cites source 2 but appears verbatim only in source 1" in problems[0].message


def test_tampered_word_document_is_caught(sample_project: Project, tmp_path: Path) -> None:
    path = export_briefing(sample_project, tmp_path / "b.docx", "docx")
    document = docx.Document(str(path))
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    run = next(r for r in quotes[0].runs if "Seven" in r.text)
    run.text = run.text.replace("Seven", "Eight")
    document.save(str(path))
    report = verify_export(sample_project, path)
    assert [p.kind for p in report.problems] == ["mismatch"]
    assert "“Seven” where the export has “Eight”" in report.problems[0].message


def test_a_source_not_in_the_project_is_reported(sample_project: Project, tmp_path: Path) -> None:
    path = export_briefing(sample_project, tmp_path / "b.md", "md")
    tamper_markdown(path, "**G7 cautions Iran", "**G8 cautions Iran")
    report = verify_export(sample_project, path)
    kinds = {p.kind for p in report.problems}
    assert "unknown source" in kinds
    assert any("source 1 “G8 cautions Iran" in p.message for p in report.problems)


HARD_TEXT = (
    "Emoji 😀🚀 and flags 🇮🇷 here. Combining: cafe\u0301 nai\u0308ve. "
    "Persian: هواپیماهای بدون سرنشین ایران. Mixed: the word “drone” is پهپاد in Persian. "
    "Control\x01chars\x0bhere and *stars* <script>x</script> | pipes."
)


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_unicode_and_xml_unsafe_quotes_verify(tmp_path: Path, fmt: str) -> None:
    project = Project(themes=default_themes())
    project.add_article(ImportedArticle(text=HARD_TEXT, title="Hard text", source_file="h.txt"))
    for quote in (
        "😀🚀 and flags 🇮🇷",
        "cafe\u0301 nai\u0308ve",
        "هواپیماهای بدون سرنشین",
        "“drone” is پهپاد",
        "Control\x01chars\x0bhere and *stars* <script>x</script>",
    ):
        start = HARD_TEXT.index(quote)
        project.tag(1, start, start + len(quote), [1])  # fmt: skip
    path = export_briefing(project, tmp_path / f"h.{fmt}", fmt)
    report = verify_export(project, path)
    assert report.ok, report.render()
    assert report.checked == 5


def test_unreadable_file_is_a_clear_error(sample_project: Project, tmp_path: Path) -> None:
    from briefing.export.readback import ReadBackError

    junk = tmp_path / "b.docx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ReadBackError, match="could not be read as a briefing"):
        verify_export(sample_project, junk)
    with pytest.raises(ReadBackError, match="not a briefing export"):
        verify_export(sample_project, tmp_path / "b.pdf")


@pytest.mark.parametrize("sentences", [200, 600])  # a source shorter than 20,000 characters, longer
def test_a_long_edited_word_document_is_read_to_its_end(tmp_path: Path, sentences: int) -> None:
    # Enough paragraphs that the reader lets go of those read several times over, a table
    # (with a quote-styled paragraph inside, which is not the briefing's) put in the middle
    # by hand, and the first and the last quotes altered: exactly those two are caught.
    # In a source that long, quotes are first looked for where its passages begin.
    text = " ".join(f"Sentence number {n} of the long dossier." for n in range(sentences))
    assert (len(text) >= _LONG_SOURCE) == (sentences == 600)
    project = Project(themes=default_themes())
    project.add_article(ImportedArticle(text=text, title="Dossier", source_file="d.txt"))
    for n in range(sentences):
        quote = f"Sentence number {n} of the long dossier."
        start = text.index(quote)
        project.tag(1, start, start + len(quote), [1], note=f"note {n}")
    path = export_briefing(project, tmp_path / "long.docx", "docx")
    document = docx.Document(str(path))
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == sentences and len(document.paragraphs) > 2 * 256
    for paragraph, word in ((quotes[0], "first"), (quotes[-1], "last")):
        paragraph.runs[0].text = paragraph.runs[0].text.replace("long", word)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].style = document.styles["Quote"]
    table.cell(0, 0).paragraphs[0].text = "Not a quote of the briefing."
    quotes[100]._p.addprevious(table._tbl)
    # Another of the source's quotes in place of one: verbatim in it still, so verified.
    quotes[50].runs[0].text = quotes[60].runs[0].text
    document.save(str(path))
    report = verify_export(project, path)
    assert report.checked == sentences and report.verified == sentences - 2
    assert [p.kind for p in report.problems] == ["mismatch", "mismatch"]
    assert "“long” where the export has “first”" in report.problems[0].message
    assert "“long” where the export has “last”" in report.problems[1].message
