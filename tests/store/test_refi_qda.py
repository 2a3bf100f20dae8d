"""REFI-QDA codebooks (.qdc): export valid against the published schema, import from other tools'
files (nested codes, missing colours, unknown elements), merge with undo, hostile files refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from briefing.core.codebook import default_themes
from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.store import create_project, open_project
from briefing.store.refi_qda import (
    CodebookError,
    CodeEntry,
    merge_codebook,
    read_codebook,
    theme_guid,
    write_codebook,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "refi_qda"
XSD = ROOT / "packaging" / "refi-qda" / "Codebook.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def assert_valid(schema: etree.XMLSchema, path: Path) -> None:
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log


def described(project: Project) -> list[tuple[str, str, str]]:
    return [(t.name, t.colour, t.description) for t in project.themes()]


def sample_project() -> Project:
    project = Project(themes=default_themes())
    project.add_theme("Weapons / Drones / Shahed", "#abcdef", "Iranian drones & <other> “kit”")
    project.add_theme("weapons", description="Line one\nline two")
    project.add_theme("تحریم", "#CC79A7")
    return project


# ----- export -------------------------------------------------------------------------------


def test_export_is_valid_against_the_published_schema(tmp_path: Path, schema) -> None:
    path = write_codebook(sample_project(), tmp_path / "codebook.qdc")
    assert_valid(schema, path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert root.get("origin").startswith("Briefing Builder ")
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_export_nests_slash_names_under_structuring_codes(tmp_path: Path) -> None:
    path = write_codebook(sample_project(), tmp_path / "codebook.qdc")
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    root = etree.parse(str(path)).getroot()
    weapons = root.find("q:Codes/q:Code[@name='Weapons']", ns)
    assert weapons.get("isCodable") == "false" and weapons.get("color") is None
    shahed = weapons.find("q:Code[@name='Drones']/q:Code[@name='Shahed']", ns)
    assert shahed.get("isCodable") == "true"
    assert shahed.get("color") == "#ABCDEF"
    assert shahed.get("guid") == theme_guid("Weapons / Drones / Shahed")
    # A theme whose name differs only in case is its own code, not the structuring one.
    assert root.find("q:Codes/q:Code[@name='weapons']", ns).get("isCodable") == "true"


def test_guids_are_stable_and_unique(tmp_path: Path) -> None:
    first = write_codebook(sample_project(), tmp_path / "a.qdc").read_text(encoding="utf-8")
    second = write_codebook(sample_project(), tmp_path / "b.qdc").read_text(encoding="utf-8")
    assert first == second
    guids = etree.fromstring(first.encode()).xpath("//*[local-name()='Code']/@guid")
    assert len(guids) == len(set(guids))


def test_export_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "codebook.qdc"
    target.write_text("old contents", encoding="utf-8")
    write_codebook(sample_project(), target)
    assert read_codebook(target)
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.qdc"]


def test_export_failure_names_the_file_and_keeps_the_old_one(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "codebook.qdc"
    target.write_text("old contents", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefing.store.refi_qda.os.replace", fail)
    with pytest.raises(CodebookError, match="codebook.qdc: could not be written"):
        write_codebook(sample_project(), target)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.qdc"]


def test_an_empty_codebook_is_not_exported(tmp_path: Path) -> None:
    # The schema needs at least one code; an invalid file would be refused by other tools.
    with pytest.raises(CodebookError, match="no themes"):
        write_codebook(Project(), tmp_path / "empty.qdc")


# ----- round trip ---------------------------------------------------------------------------


def test_round_trip_into_a_fresh_project(tmp_path: Path) -> None:
    original = sample_project()
    path = write_codebook(original, tmp_path / "codebook.qdc")
    fresh = Project()
    _, summary = merge_codebook(fresh, read_codebook(path))
    assert described(fresh) == described(original)
    assert summary.added == tuple(t.name for t in original.themes())


def test_round_trip_through_project_files(tmp_path: Path) -> None:
    source = create_project(tmp_path / "source.briefing")
    source.project.add_theme("sanctions", "#56B4E9", "Economic sanctions and their evasion.")
    path = write_codebook(source.project, tmp_path / "codebook.qdc")
    expected = described(source.project)
    source.close()

    target = create_project(tmp_path / "target.briefing")
    for theme in target.project.themes():  # an empty codebook: the file brings everything
        target.project.delete_theme(theme.id)
    merge_codebook(target.project, read_codebook(path))
    target.close()
    reopened = open_project(tmp_path / "target.briefing")
    assert described(reopened.project) == expected
    reopened.close()


def test_reimporting_our_own_export_changes_nothing(tmp_path: Path) -> None:
    project = sample_project()
    path = write_codebook(project, tmp_path / "codebook.qdc")
    edit, summary = merge_codebook(project, read_codebook(path))
    assert not edit
    assert summary.added == summary.updated == ()
    assert len(summary.unchanged) == len(project.themes())


# ----- reading other tools' files -----------------------------------------------------------


def test_nested_codes_missing_colours_and_unknown_elements() -> None:
    guid = "6f1c1a44-2b59-4d3e-9d1e-0a5b7d1e2c0{}".format
    entries = read_codebook(DATA / "nested.qdc")
    # "Weapons" is isCodable="false": it only names its children. "#D50" is widened, "crimson"
    # is no colour, a name's inner whitespace is collapsed as theme names are; a code's memo is
    # referenced by GUID.
    assert entries == [
        CodeEntry(
            "Weapons / Drones", "#0072B2", "Uncrewed aircraft of any size.", guid(2),
            note_refs=("6f1c1a44-2b59-4d3e-9d1e-0a5b7d1e2c99",),
        ),
        CodeEntry(
            "Weapons / Drones / Shahed series", None,
            "Shahed-131 and Shahed-136 loitering munitions.", guid(3),
        ),
        CodeEntry("Weapons / Ballistic missiles", "#DD5500", "", guid(4)),
        CodeEntry("Sanctions", None, "", guid(5)),
    ]  # fmt: skip


def test_a_file_written_like_a_desktop_qda_tool(schema) -> None:
    assert_valid(schema, DATA / "nvivo-style.qdc")
    entries = read_codebook(DATA / "nvivo-style.qdc")
    assert [(e.name, e.colour) for e in entries] == [
        ("DRONES", "#E69F00"),
        ("Économie", None),
        ("Économie / Dédollarisation", "#CC79A7"),
        ("تحریم", "#009E73"),
    ]
    assert entries[0].description == "Drones & UAVs — “kamikaze” included; <b>not</b> markup."
    assert entries[0].guid == "{A3C4E2F0-1B2D-4C5E-8F90-ABCDEF012345}"


def test_utf16_and_unprefixed_files_are_read(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<CodeBook><Codes><Code guid="6f1c1a44-2b59-4d3e-9d1e-0a5b7d1e2c01" name="Öl" '
        'isCodable="true" color="#123456"/></Codes></CodeBook>'
    )
    path = tmp_path / "utf16.qdc"
    path.write_bytes(text.encode("utf-16"))
    assert read_codebook(path) == [
        CodeEntry("Öl", "#123456", "", "6f1c1a44-2b59-4d3e-9d1e-0a5b7d1e2c01")
    ]


def test_a_refi_qda_project_file_gives_its_codebook(tmp_path: Path) -> None:
    path = tmp_path / "project.qde"
    path.write_text(
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
        '<Code guid="6f1c1a44-2b59-4d3e-9d1e-0a5b7d1e2c01" name="drones" isCodable="true"/>'
        "</Codes></CodeBook><Sources/></Project>",
        encoding="utf-8",
    )
    assert [e.name for e in read_codebook(path)] == ["drones"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("billion-laughs.qdc", "DTD or entity declarations"),
        ("external-entity.qdc", "DTD or entity declarations"),
        ("wrong-root.xml", r"not a REFI-QDA codebook \(it starts with <html>\)"),
        ("malformed.qdc", "not well-formed XML"),
    ],
)
def test_bad_files_are_refused_with_a_message_naming_them(name: str, reason: str) -> None:
    with pytest.raises(CodebookError, match=reason) as caught:
        read_codebook(DATA / name)
    assert str(caught.value).startswith(str(DATA / name))


def test_an_entity_bomb_in_utf16_is_refused(tmp_path: Path) -> None:
    # The byte check cannot see "<!DOCTYPE" in UTF-16; the parser-level check must.
    path = tmp_path / "bomb16.qdc"
    text = (DATA / "billion-laughs.qdc").read_text(encoding="utf-8")
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(CodebookError, match="DTD"):
        read_codebook(path)


def test_other_refusals(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="was not read: the file does not exist"):
        read_codebook(tmp_path / "missing.qdc")
    foreign = tmp_path / "foreign.qdc"
    foreign.write_text('<CodeBook xmlns="urn:example:other"><Codes/></CodeBook>', encoding="utf-8")
    with pytest.raises(CodebookError, match="namespace"):
        read_codebook(foreign)
    nameless = tmp_path / "nameless.qdc"
    nameless.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match="a code without a name"):
        read_codebook(nameless)


# ----- merging ------------------------------------------------------------------------------


def test_merge_adds_updates_and_never_deletes() -> None:
    project = Project(themes=default_themes())
    before = {t.name: t for t in project.themes()}
    entries = [
        CodeEntry("DRONES", "#000000", "Any uncrewed aircraft."),  # colour and description
        CodeEntry("Missiles", None, ""),  # nothing to change: keeps colour and description
        CodeEntry("strategic pact", before["strategic pact"].colour, ""),  # same colour
        CodeEntry("sanctions", None, "Economic sanctions."),  # new, gets a palette colour
        CodeEntry("Weapons / Drones", "#123456", ""),  # new
        CodeEntry("Sanctions", "#FFFFFF", "repeated in the file"),  # ignored
    ]
    listened: list[object] = []
    project.subscribe(listened.append)
    edit, summary = merge_codebook(project, entries)

    assert summary.added == ("sanctions", "Weapons / Drones")
    assert summary.updated == ("drones",)  # the project's own spelling
    assert summary.unchanged == ("missiles", "strategic pact")
    assert summary.duplicates == ("Sanctions",)
    assert summary.message() == (
        "Codebook imported: 2 themes added (sanctions, Weapons / Drones); "
        "1 theme updated (drones); 2 unchanged; 1 repeated name(s) ignored."
    )
    drones = project.theme_named("drones")
    assert (drones.colour, drones.description) == ("#000000", "Any uncrewed aircraft.")
    assert drones.keywords == before["drones"].keywords
    assert project.theme_named("missiles") == before["missiles"]
    assert project.theme_named("sanctions").colour.startswith("#")
    assert [t.name for t in project.themes()][:4] == list(before)
    assert edit.description == "Import codebook (2 added, 1 updated)"
    assert len(listened) == 1  # one edit: one transaction, one undo step


def test_merge_is_one_undoable_edit() -> None:
    project = Project(themes=default_themes())
    before = project.themes()
    edit, _ = merge_codebook(project, read_codebook(DATA / "nvivo-style.qdc"))
    assert len(project.themes()) == len(before) + 3  # DRONES matched the existing "drones"
    project.undo(edit)
    assert project.themes() == before
    project.apply(edit)  # redo
    assert project.theme_named("Économie / Dédollarisation").colour == "#CC79A7"


def test_a_failing_merge_leaves_the_project_as_it_was() -> None:
    project = Project(themes=default_themes())
    before = project.themes()
    with pytest.raises(ProjectError, match="not a colour"):
        merge_codebook(project, [CodeEntry("fine", None, ""), CodeEntry("bad", "#12", "")])
    assert project.themes() == before


def test_empty_file_summary() -> None:
    edit, summary = merge_codebook(Project(), [])
    assert not edit
    assert summary.message() == "The codebook file holds no codes; nothing was imported."


def test_theme_guid_depends_on_the_exact_name() -> None:
    assert theme_guid("drones") == theme_guid("drones")
    assert theme_guid("drones") != theme_guid("Drones")
