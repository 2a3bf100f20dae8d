"""Word exports never crash on ordinary projects (issue 12): python-docx refuses core
properties over 255 characters, and many themes or long headlines reach that easily."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.export import OutlineOptions, export_briefing
from briefing.export.docx_writer import CORE_PROPERTY_CHARS
from briefing.export.verify import verify_export


def big_ordinary_project() -> Project:
    """30 themes, 20 articles with 200-character headlines, 1,000-character settings."""
    project = Project(themes=default_themes())
    for number in range(26):
        project.add_theme(f"Theme number {number} about regional security")
    for number in range(20):
        headline = f"Headline {number:02d} " + "about missiles and drones " * 8
        text = f"{headline[:200]}\n\nIran supplied Russia with drones, report {number} says."
        project.add_article(ImportedArticle(text=text, title=headline[:200],
                                            source_file=f"a{number}.txt"))  # fmt: skip
        body = text.index("Iran")
        themes = [t.id for t in project.themes()][number : number + 11]
        project.tag(number + 1, body, body + 28, themes, note="n" * 300)
    project.update_settings(title="T" * 1000, analyst="A" * 1000, handling="H" * 1000,
                            summary="S " * 500)  # fmt: skip
    return project


@pytest.mark.parametrize("group_by", ["theme", "source"])
def test_long_ordinary_projects_export_with_core_properties_cut_to_fit(
    tmp_path: Path, group_by: str
) -> None:
    project = big_ordinary_project()
    assert len(project.themes()) == 30
    path = export_briefing(project, tmp_path / "b.docx", "docx", OutlineOptions(group_by=group_by))
    properties = docx.Document(str(path)).core_properties
    for value in (properties.title, properties.author, properties.subject, properties.keywords):
        assert 200 < len(value) <= CORE_PROPERTY_CHARS and value.endswith("…")
    assert properties.title.startswith("TTT") and properties.subject.startswith("HHH")
    report = verify_export(project, path)
    assert report.ok and report.checked == 20, report.render()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_long_export(tmp_path: Path) -> None:
    path = export_briefing(big_ordinary_project(), tmp_path / "b.docx", "docx")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "b.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
