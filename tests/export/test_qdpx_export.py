"""The whole project as a REFI-QDA project (.qdpx): valid against the published schema, every
article a UTF-8 source whose selections count code points, originals alongside, grades and
corroboration where the standard has room; and back again unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing.cli import main
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.export.errors import ExportCancelled, ExportError
from briefing.export.qdpx_writer import export_project
from briefing.store import create_project
from briefing.store.qdpx_format import KEYWORDS_NOTE

ROOT = Path(__file__).resolve().parents[2]
XSD = ROOT / "packaging" / "refi-qda" / "Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}

# Emoji (beyond U+FFFF), combining marks, right-to-left text and a zero-width joiner.
WORLD = (
    "Tehran 🚀 announced new drones on Tuesday. Café owners (cafe\u0301) shrugged; "
    "the ministry said: «پهپادهای جدید» آماده است. 👩\u200d🔬 analysts doubt the missiles."
)
REPORT = "Report page one about sanctions.\fPage two: the missiles were shipped by sea. 🇺🇦"
PAGE = "<html><body><p>The drones were filmed over the port.</p></body></html>"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def fill(project: Project) -> None:
    """Articles of three kinds, passages with notes, grades, links, keywords and settings."""
    project.update_settings(title="Drones desk ✈", analyst="Ana Lyst", handling="OFFICIAL",
                            summary="Two lines\nof summary.")  # fmt: skip
    project.add_theme("Weapons / Drones / Shahed", "#ABCDEF", "Loitering munitions", ["Shahed"])
    project.add_articles([
        ImportedArticle(text=WORLD, title="وزارت دفاع: پهپاد", source_file="world.txt",
                        outlet="Trend", author="Ayşe Ünal", published="2024-06-14",
                        original=WORLD.encode("utf-8"), reader="plain text test",
                        encoding="utf-8"),
        ImportedArticle(text=REPORT, title="Sanctions report", source_file="report.pdf",
                        pages=(0, REPORT.index("Page two")), original=b"%PDF-1.7 report",
                        reader="pypdfium2 test"),
        ImportedArticle(text="Filmed over the port: the drones.", title="Port page",
                        source_file="page.html", source_url="https://example.org/a",
                        final_url="https://example.org/b", original=PAGE.encode("utf-8"),
                        reader="trafilatura test", view="page"),
    ])  # fmt: skip
    world, report, page = (a.id for a in project.articles())
    drones = project.theme_named("drones").id
    shahed = project.theme_named("Weapons / Drones / Shahed").id
    first = project.tag(world, WORLD.index("🚀"), WORLD.index(" on Tuesday"), [drones, shahed],
                        note="Emoji 🚀 and RTL «پهپاد» in a note", credibility=2)  # fmt: skip
    target = first.changes[0].id
    start = WORLD.index("«")
    project.tag(world, start, WORLD.index("است") + 3, [drones], credibility=3)
    project.tag(world, WORLD.index("cafe\u0301"), WORLD.index("cafe\u0301") + 5, [drones])
    project.corroborate(target, page, 22, 32)
    missiles = project.theme_named("missiles").id
    project.tag(report, REPORT.index("the missiles"), REPORT.index(" by sea"), [missiles],
                note="p. 2")  # fmt: skip
    project.set_reliability(world, "B")
    project.set_reliability(page, "D")


def sample_project() -> Project:
    from briefing.core.codebook import default_themes

    project = Project(themes=default_themes())
    fill(project)
    return project


def test_the_export_is_valid_against_the_published_schema(tmp_path: Path, schema) -> None:
    path = export_project(sample_project(), tmp_path / "desk.qdpx")
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(document), schema.error_log
    assert document.get("origin").startswith("Briefing Builder ")


def test_even_an_empty_project_is_valid(tmp_path: Path, schema) -> None:
    path = export_project(Project(), tmp_path / "empty.qdpx")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["project.qde"]
        assert schema.validate(etree.fromstring(archive.read("project.qde"))), schema.error_log


def test_sources_selections_and_originals(tmp_path: Path) -> None:
    project = sample_project()
    path = export_project(project, tmp_path / "desk.qdpx")
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    assert {n.split("/")[0] for n in archive.namelist()} == {"project.qde", "sources"}

    def member(reference: str) -> bytes:
        assert reference.startswith("internal://")
        return archive.read("sources/" + reference.removeprefix("internal://"))

    texts = root.xpath("//q:TextSource | //q:Representation", namespaces=NS)
    assert len(texts) == 3
    by_title = {a.title: a for a in project.articles()}
    for source in texts:
        article = by_title[source.get("name")]
        text = member(source.get("plainTextPath")).decode("utf-8")
        assert text == article.text  # UTF-8, no BOM, exactly the article's text
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == selection.get("name")  # code points, not UTF-16 units
    # The PDF is a PDFSource: the PDF itself, its text as its representation.
    (pdf,) = root.xpath("//q:PDFSource", namespaces=NS)
    assert member(pdf.get("path")) == b"%PDF-1.7 report"
    assert pdf.find("q:Representation", NS).get("name") == "Sanctions report"
    # Other originals travel beside their text, named by a variable.
    original = root.xpath("//q:Variable[@name='Original file']/@guid", namespaces=NS)[0]
    refs = root.xpath(f"//q:VariableValue[q:VariableRef/@targetGUID='{original}']/q:TextValue",
                      namespaces=NS)  # fmt: skip
    assert sorted(member(r.text) for r in refs) == sorted([WORLD.encode(), PAGE.encode()])


def test_grades_notes_links_users_and_keywords(tmp_path: Path) -> None:
    project = sample_project()
    root = etree.fromstring(zipfile.ZipFile(export_project(project, tmp_path / "d.qdpx"))
                            .read("project.qde"))  # fmt: skip
    (user,) = root.iterfind("q:Users/q:User", NS)
    assert user.get("name") == "Ana Lyst"
    selections = root.xpath("//q:PlainTextSelection", namespaces=NS)
    assert {s.get("creatingUser") for s in selections} == {user.get("guid")}
    descriptions = [s.findtext("q:Description", namespaces=NS) for s in selections]
    assert "Credibility (Admiralty 1-6): 2 - probably true" in descriptions
    reliability = root.xpath("//q:Variable[starts-with(@name, 'Source reliability')]/@guid",
                             namespaces=NS)[0]  # fmt: skip
    values = root.xpath(f"//q:VariableValue[q:VariableRef/@targetGUID='{reliability}']"
                        "/q:TextValue/text()", namespaces=NS)  # fmt: skip
    assert sorted(values) == ["B", "D", "F"]
    (link,) = root.iterfind("q:Links/q:Link", NS)
    assert (link.get("name"), link.get("direction")) == ("corroborates", "OneWay")
    guid_of = {s.get("guid"): s.get("name") for s in selections}
    assert guid_of[link.get("originGUID")] == "the drones"
    assert guid_of[link.get("targetGUID")] == "🚀 announced new drones"
    notes = {n.get("name"): n.findtext("q:PlainTextContent", namespaces=NS)
             for n in root.iterfind("q:Notes/q:Note", NS)}  # fmt: skip
    assert notes[f"{KEYWORDS_NOTE}Weapons / Drones / Shahed"] == "Shahed"
    assert notes["Handling"] == "OFFICIAL"
    assert "Emoji 🚀 and RTL «پهپاد» in a note" in notes.values()
    assert root.findtext("q:Description", namespaces=NS) == "Two lines\nof summary."
    shahed = root.xpath("//q:Code[@name='Shahed']", namespaces=NS)[0]
    assert [c.get("name") for c in shahed.iterancestors(f"{{{NS['q']}}}Code")] == [
        "Drones", "Weapons"
    ]  # fmt: skip


def test_an_export_that_fails_or_is_cancelled_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.qdpx"
    path.write_bytes(b"old")
    with pytest.raises(ExportCancelled, match="Could not export the project"):
        export_project(sample_project(), path, lambda done, total: False)
    assert path.read_bytes() == b"old"
    with pytest.raises(ExportError, match="does not exist"):
        export_project(sample_project(), tmp_path / "missing" / "desk.qdpx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.qdpx"]


# ----- round trip -------------------------------------------------------------------------------


def comparable(data: dict) -> dict:
    """`show --json` without ids (and custody timestamps): articles by position, passages by
    where they are, corroboration by the passage it points at."""
    position = {a["id"]: n for n, a in enumerate(data["articles"])}
    where = {p["id"]: (position[p["article_id"]], p["start"], p["end"]) for p in data["passages"]}
    articles = [{k: v for k, v in a.items() if k not in ("id", "retrieved")}
                for a in data["articles"]]  # fmt: skip
    themes = [{k: v for k, v in t.items() if k != "id"} for t in data["themes"]]
    passages = sorted(
        ({**{k: v for k, v in p.items() if k != "id"}, "article_id": position[p["article_id"]],
          "corroborates": where.get(p["corroborates"])} for p in data["passages"]),
        key=lambda p: (p["article_id"], p["start"], p["end"]),
    )  # fmt: skip
    return {"articles": articles, "themes": themes, "passages": passages}


def show(capsys, project: Path) -> dict:
    assert main(["show", str(project), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_export_then_import_gives_the_same_project(tmp_path: Path, capsys) -> None:
    original = tmp_path / "desk.briefing"
    project_file = create_project(original)
    fill(project_file.project)
    project_file.close()
    exported = tmp_path / "desk.qdpx"
    assert main(["export", str(original), "--format", "qdpx", "-o", str(exported)]) == 0
    assert capsys.readouterr().out.strip() == f"exported {exported}"
    copy = tmp_path / "copy.briefing"
    assert main(["new", str(copy), str(exported)]) == 0
    out = capsys.readouterr().out
    assert f"created {copy}" in out and "Nothing was left out." in out
    before, after = show(capsys, original), show(capsys, copy)
    assert comparable(after) == comparable(before)
    # Nothing was lost on the way, ids apart: same counts, every sha256 and page kept.
    assert len(after["passages"]) == 5 and all(a["sha256"] for a in after["articles"])
    assert [a["pages"] for a in after["articles"]] == [None, 2, None]
    from briefing.store import open_project

    reopened = open_project(copy)
    settings = reopened.project.settings
    assert (settings.title, settings.analyst, settings.handling, settings.summary) == (
        "Drones desk ✈", "Ana Lyst", "OFFICIAL", "Two lines\nof summary.",
    )  # fmt: skip
    for article in reopened.project.articles():
        assert reopened.project.original(article.id) is not None
    reopened.close()


def test_the_command_line_refuses_briefing_options_for_a_project_export(
    tmp_path: Path, capsys
) -> None:
    project = tmp_path / "p.briefing"
    create_project(project).close()
    code = main(["export", str(project), "--format", "qdpx", "-o", str(tmp_path / "p.qdpx"),
                 "--group-by", "source"])  # fmt: skip
    assert code == 1 and "shape a briefing" in capsys.readouterr().err
    assert not (tmp_path / "p.qdpx").exists()


def test_new_from_a_qdpx_reports_what_was_left_out_and_imports_other_files(
    tmp_path: Path, capsys, seed_paths: list[Path]
) -> None:
    from tests.store.qdpx_samples import project_xml, write_qdpx

    body = '<Cases><Case guid="6f1c1a44-2b59-4d3e-9d1e-000000000001" name="Officer"/></Cases>'
    archive = write_qdpx(tmp_path / "other.qdpx", project_xml(body, "MAXQDA 2022"))
    target = tmp_path / "new.briefing"
    assert main(["new", str(target), str(archive), str(seed_paths[0])]) == 0
    out = capsys.readouterr().out
    assert "a REFI-QDA project (from MAXQDA 2022)" in out
    assert "  - 1 case: “Officer”" in out
    assert f"{seed_paths[0].name}: imported as" in out
    code = main(["new", str(tmp_path / "two.briefing"), str(archive), str(archive)])
    assert code == 1 and "one REFI-QDA project" in capsys.readouterr().err


def test_a_pdf_travels_as_a_pdf_source_and_its_custody_survives(qapp, tmp_path: Path) -> None:
    from briefing.export.custody import check_originals
    from briefing.store import open_project
    from briefing.store.qdpx_import import import_qdpx
    from tests.importers.pdf_factory import column, write_pdf

    pdf = write_pdf(tmp_path / "statement.pdf", [
        column(72, 90, ["Ministry statement on drones", "", "The drones were delivered in May."]),
        column(72, 90, ["Second page: the missiles were not."]),
    ], title="Ministry statement")  # fmt: skip
    original = tmp_path / "desk.briefing"
    assert main(["new", str(original), str(pdf)]) == 0
    project_file = open_project(original)
    project = project_file.project
    (article,) = project.articles()
    assert len(article.pages) == 2
    start = article.text.index("the missiles")
    project.tag(article.id, start, start + len("the missiles"), [1], note="page two")
    export_project(project, tmp_path / "desk.qdpx")
    project_file.close()
    with zipfile.ZipFile(tmp_path / "desk.qdpx") as archive:
        root = etree.fromstring(archive.read("project.qde"))
        (source,) = root.iterfind("q:Sources/q:PDFSource", NS)
        member = "sources/" + source.get("path").removeprefix("internal://")
        assert archive.read(member) == pdf.read_bytes()
    import_qdpx(tmp_path / "desk.qdpx", tmp_path / "copy.briefing")
    copy = open_project(tmp_path / "copy.briefing")
    (again,) = copy.project.articles()
    assert (again.text, again.pages, again.sha256) == (article.text, article.pages, article.sha256)
    (passage,) = copy.project.passages()
    assert (passage.quote, again.page_of(passage.start)) == ("the missiles", 2)
    (check,) = check_originals(copy.project, {1: again})
    assert check.intact, check.message
    copy.close()
