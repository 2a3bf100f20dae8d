"""A corroborated passage cites every report and says how many origins stand behind it."""

from __future__ import annotations

from pathlib import Path

import docx
import markdown
import pytest

from briefing.core.project import Project
from briefing.export import OutlineOptions, PassageBlock, build_outline, export_briefing
from briefing.export.verify import verify_export

NATO_DRONES = "Iran has supplied Russia with hundreds of kamikaze drones"
G7_DRONES = "Iran has already provided Russia with hundreds of kamikaze drones"
NATO_REUTERS = "In February, Reuters reported that Iran had provided Russia with"
G7_REUTERS = "In February, Reuters reported that Iran had supplied Russia with"


def tag(project: Project, title: str, quote: str, theme: str) -> int:
    article = project.find_article(title)
    start = article.text.index(quote)
    edit = project.tag(article.id, start, start + len(quote), [project.theme_named(theme).id])
    return edit.changes[0].id


def corroborate(project: Project, passage_id: int, title: str, quote: str) -> int:
    article = project.find_article(title)
    start = article.text.index(quote)
    return project.corroborate(passage_id, article.id, start, start + len(quote)).changes[0].id


@pytest.fixture
def corroborated(sample_project: Project) -> Project:
    drones = tag(sample_project, "NATO", NATO_DRONES, "drones")
    corroborate(sample_project, drones, "G7", G7_DRONES)
    reuters = tag(sample_project, "NATO", NATO_REUTERS, "missiles")
    corroborate(sample_project, reuters, "G7", G7_REUTERS)
    return sample_project


def blocks(project: Project) -> dict[str, PassageBlock]:
    outline = build_outline(project, OutlineOptions())
    found = {}
    for section in outline.sections:
        for entry in section.entries:
            if isinstance(entry, PassageBlock):
                found[entry.quote] = entry
    return found


def test_outline_folds_corroborations_into_their_passage(corroborated: Project) -> None:
    found = blocks(corroborated)
    drones = found[NATO_DRONES]
    assert [c.quote for c in drones.corroborations] == [G7_DRONES]
    assert drones.reports == 2 and len(drones.origins) == 2  # two outlets, no common origin
    linked = {p.id for p in corroborated.passages() if p.corroborates is not None}
    assert linked and not linked & {b.passage_id for b in found.values()}  # not quoted twice
    reuters = found[NATO_REUTERS]
    assert reuters.reports == 2 and reuters.origins == ("Reuters",)
    assert {c.citation.source for c in reuters.corroborations} == {1}  # the G7 article


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_both_formats_cite_all_reports_and_origins(
    corroborated: Project, tmp_path: Path, fmt: str
) -> None:
    path = export_briefing(corroborated, tmp_path / f"b.{fmt}", fmt)
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    else:
        text = markdown.markdown(path.read_text(encoding="utf-8"))
    assert "Reported by 2 sources; 1 independent origin: Reuters." in text
    assert "Reported by 2 sources; 2 independent origins" in text
    assert "also reported by Trend, 14 June 2024 [1, F6]" in text
    assert G7_DRONES in text and G7_REUTERS in text
    report = verify_export(corroborated, path)
    assert report.ok, report.render()
    assert report.checked == 10  # six sample passages, two more, two corroborating quotes


def test_chains_loops_and_self_links_never_drop_a_passage(tmp_path: Path) -> None:
    # Through the app a report can corroborate a report; a crafted or old file could hold a
    # passage corroborating itself or two corroborating each other. Each is quoted once.
    from briefing.core.codebook import default_themes
    from briefing.core.records import Article, Passage

    texts = ["Alpha said drones.", "Beta said drones.", "Gamma said drones.", "Delta said."]
    articles = [Article(n + 1, f"Article {n + 1}", t) for n, t in enumerate(texts)]

    def passage(pid: int, article: int, corroborates: int | None) -> Passage:
        quote = texts[article - 1][:5]
        return Passage(pid, article, 0, 5, quote, (1,), corroborates=corroborates)

    project = Project(
        articles=articles, themes=default_themes(),
        passages=[passage(1, 1, None), passage(2, 2, 1), passage(3, 3, 2),  # a chain
                  passage(4, 4, 4),  # itself
                  passage(5, 1, 6), passage(6, 2, 5)],  # a loop
    )  # fmt: skip
    outline = build_outline(project)
    [section] = [s for s in outline.sections if s.entries]
    blocks = {b.passage_id: b for b in section.entries if isinstance(b, PassageBlock)}
    assert sorted(blocks) == [1, 4, 5, 6]
    assert [c.citation.passage_id for c in blocks[1].corroborations] == [2, 3]
    for fmt in ("md", "docx"):
        report = verify_export(project, export_briefing(project, tmp_path / f"b.{fmt}", fmt))
        assert report.ok and report.checked == 6, report.render()
