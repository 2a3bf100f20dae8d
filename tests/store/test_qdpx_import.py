"""Opening other tools' REFI-QDA projects (.qdpx): every text source an article, nested codes as
themes, every selection a passage quoting exactly its text, and the known pitfalls handled.
Each sample is built here, the way the tool in question writes it."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from briefing.core.project import Project
from briefing.store import open_project
from briefing.store.qdpx_import import QdpxError, import_qdpx, read_qdpx
from tests.store.qdpx_samples import (
    code,
    codebook,
    g,
    note,
    project_xml,
    selection,
    text_source,
    write_qdpx,
)

INTERVIEW = (
    "Interview with a procurement officer\n\n"
    "He said the drones came from Iran in crates marked as farm equipment. "
    "The missiles, he said, never arrived."
)
CODES = codebook(
    code(1, "Weapons", code(2, "Drones", color="#0072b2"), code(3, "Missiles"), codable=False),
    code(4, "Logistics", code(5, "Cover stories", color="#D50")),
)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def quotes(project: Project) -> list[tuple[str, tuple[str, ...]]]:
    names = {t.id: t.name for t in project.themes()}
    return [(p.quote, tuple(names[t] for t in p.theme_ids)) for p in project.passages()]


def interview_project(tmp_path: Path, folder: str = "sources") -> Path:
    drones, farm = span(INTERVIEW, "drones"), span(INTERVIEW, "farm equipment")
    body = CODES + (
        "<Sources>"
        + text_source(
            10, "Officer interview", f"internal://{g(10)}.txt",
            selection(11, *drones, 2), selection(12, *farm, 5, 2, name="farm equipment"),
        )
        + "</Sources>"
    )  # fmt: skip
    return write_qdpx(tmp_path / "study.qdpx", project_xml(body),
                      {f"{folder}/{g(10)}.txt": INTERVIEW})  # fmt: skip


def test_a_project_becomes_articles_themes_and_passages(tmp_path: Path) -> None:
    target = tmp_path / "study.briefing"
    summary = import_qdpx(interview_project(tmp_path), target)
    project_file = open_project(target)
    project = project_file.project
    (article,) = project.articles()
    assert (article.title, article.text) == ("Officer interview", INTERVIEW)
    # Nested codes keep their tree in the names, in file order (keys 1-9 follow it); the
    # structuring "Weapons" is no theme of its own; "#D50" is widened.
    assert [(t.name, t.colour, t.position) for t in project.themes()] == [
        ("Weapons / Drones", "#0072B2", 0), ("Weapons / Missiles", project.themes()[1].colour, 1),
        ("Logistics", project.themes()[2].colour, 2),
        ("Logistics / Cover stories", "#DD5500", 3),
    ]  # fmt: skip
    assert quotes(project) == [
        ("drones", ("Weapons / Drones",)),
        ("farm equipment", ("Logistics / Cover stories", "Weapons / Drones")),
    ]
    for passage in project.passages():
        assert article.text[passage.start : passage.end] == passage.quote
    # The chain of custody: the article keeps the file it was read from.
    assert project.original(article.id) == INTERVIEW.encode("utf-8")
    assert article.reader.endswith("(REFI-QDA project from A desktop QDA tool 1.0)")
    assert summary.articles == 1 and summary.passages == 2 and summary.themes == 4
    assert "Nothing was left out." in summary.lines()
    project_file.close()


@pytest.mark.parametrize("folder", ["sources", "Sources"])
def test_the_sources_folder_in_either_case(tmp_path: Path, folder: str) -> None:
    project, _ = read_qdpx(interview_project(tmp_path, folder))
    assert [a.text for a in project.articles()] == [INTERVIEW]


def test_sources_named_by_internal_guid_or_by_plain_file_name(tmp_path: Path) -> None:
    second = "A second interview: the drones were Shahed-136."
    body = CODES + "<Sources>" + (
        text_source(10, "By GUID", f"internal://{g(10)}.txt",
                    selection(11, *span(INTERVIEW, "drones"), 2))
        + text_source(20, "By name", "Second interview.txt",
                      selection(21, *span(second, "Shahed-136"), 2))
        + text_source(30, "Path with a folder", "sources/third.TXT")
    ) + "</Sources>"  # fmt: skip
    files = {f"sources/{g(10)}.txt": INTERVIEW, "sources/Second interview.txt": second,
             "Sources/Third.txt": "Third text."}  # fmt: skip
    project, summary = read_qdpx(write_qdpx(tmp_path / "names.qdpx", project_xml(body), files))
    assert [a.title for a in project.articles()] == ["By GUID", "By name", "Path with a folder"]
    assert [p.quote for p in project.passages()] == ["drones", "Shahed-136"]
    assert summary.left_out == []


@pytest.mark.parametrize("crlf_as", [2, 1])
def test_windows_line_breaks_counted_as_one_or_two_characters(tmp_path: Path, crlf_as: int) -> None:
    raw = "Header line\r\n\r\nThe drones came by sea.\r\nLater, missiles.\r\nThe end."
    counted = raw if crlf_as == 2 else raw.replace("\r\n", "\n")
    body = CODES + "<Sources>" + text_source(
        10, "Windows text", f"internal://{g(10)}.txt",
        selection(11, *span(counted, "drones"), 2), selection(12, *span(counted, "missiles"), 3),
        selection(13, *span(counted, "The end"), 4),
    ) + "</Sources>"  # fmt: skip
    path = write_qdpx(tmp_path / "crlf.qdpx", project_xml(body), {f"sources/{g(10)}.txt": raw})
    project, summary = read_qdpx(path)
    assert [p.quote for p in project.passages()] == ["drones", "missiles", "The end"]
    assert project.articles()[0].text == raw.replace("\r\n", "\n")
    said = any("CR LF) as one character" in line for line in summary.read_as)
    assert said == (crlf_as == 1)


def test_emoji_counted_as_two_utf16_units(tmp_path: Path) -> None:
    text = "Reaction 😀😀 online: the drones 🚀 were filmed over the port, then missiles."
    units = text.encode("utf-16-le")

    def utf16_span(quote: str) -> tuple[int, int]:
        start = len(text[: text.index(quote)].encode("utf-16-le")) // 2
        return start, start + len(quote.encode("utf-16-le")) // 2

    assert len(units) // 2 > len(text)
    body = CODES + "<Sources>" + text_source(
        10, "Post", f"internal://{g(10)}.txt",
        selection(11, *utf16_span("drones"), 2), selection(12, *utf16_span("missiles"), 3),
        selection(13, *utf16_span("the port"), 4),
    ) + "</Sources>"  # fmt: skip
    path = write_qdpx(tmp_path / "emoji.qdpx", project_xml(body, "NVivo 14"),
                      {f"sources/{g(10)}.txt": text})  # fmt: skip
    project, summary = read_qdpx(path)
    assert [p.quote for p in project.passages()] == ["drones", "missiles", "the port"]
    assert any("UTF-16" in line for line in summary.read_as)


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("prefix", [BOM, BOM + BOM, BOM + b"\n"])
def test_a_byte_order_mark_before_the_xml_declaration(tmp_path: Path, prefix: bytes) -> None:
    body = CODES + "<Sources>" + text_source(
        10, "BOM", f"internal://{g(10)}.txt", selection(11, *span(INTERVIEW, "drones"), 2)
    ) + "</Sources>"  # fmt: skip
    data = prefix + project_xml(body).encode("utf-8")
    path = write_qdpx(tmp_path / "bom.qdpx", data, {f"sources/{g(10)}.txt": INTERVIEW})
    project, _ = read_qdpx(path)
    assert [p.quote for p in project.passages()] == ["drones"]


def test_a_byte_order_mark_in_a_text_file_is_not_text(tmp_path: Path) -> None:
    body = CODES + "<Sources>" + text_source(
        10, "BOM text", f"internal://{g(10)}.txt", selection(11, *span(INTERVIEW, "drones"), 2)
    ) + "</Sources>"  # fmt: skip
    files = {f"sources/{g(10)}.txt": b"\xef\xbb\xbf" + INTERVIEW.encode("utf-8")}
    project, _ = read_qdpx(write_qdpx(tmp_path / "bom.qdpx", project_xml(body), files))
    assert project.articles()[0].text == INTERVIEW
    assert [p.quote for p in project.passages()] == ["drones"]


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_empty_txt_placeholder_with_the_text_in_the_word_file(tmp_path: Path) -> None:
    # NVivo: the .txt is empty, the .docx has the text; positions count its paragraph breaks.
    paragraphs = ["Interview with a procurement officer", "", "He said the drones came by sea."]
    counted = "\r\n".join(paragraphs)
    body = CODES + "<Sources>" + text_source(
        10, "Officer", f"internal://{g(10)}.txt", selection(11, *span(counted, "drones"), 2),
        selection(12, *span(counted, "came by sea"), 5),
        extra=f' richTextPath="internal://{g(10)}.docx"',
    ) + "</Sources>"  # fmt: skip
    files = {f"sources/{g(10)}.txt": b"", f"sources/{g(10)}.docx": word_file(*paragraphs)}
    path = write_qdpx(tmp_path / "nvivo.qdpx", project_xml(body, "NVivo 14.23"), files)
    project, summary = read_qdpx(path)
    (article,) = project.articles()
    assert article.text == "\n".join(paragraphs)
    assert [p.quote for p in project.passages()] == ["drones", "came by sea"]
    assert any("read from its Word file" in line for line in summary.read_as)
    assert article.source_file == "Officer.docx"
    assert project.original(article.id) == files[f"sources/{g(10)}.docx"]


def test_duplicate_source_names_and_duplicate_texts(tmp_path: Path) -> None:
    other = "A different interview, about missiles."
    body = CODES + "<Sources>" + (
        text_source(10, "Interview", "a.txt", selection(11, *span(INTERVIEW, "drones"), 2))
        + text_source(20, "Interview", "b.txt", selection(21, *span(other, "missiles"), 3))
        + text_source(30, "interview", "c.txt", selection(31, *span(INTERVIEW, "Iran"), 2))
    ) + "</Sources>"  # fmt: skip
    files = {"sources/a.txt": INTERVIEW, "sources/b.txt": other, "sources/c.txt": INTERVIEW}
    project, summary = read_qdpx(write_qdpx(tmp_path / "dupes.qdpx", project_xml(body), files))
    assert [a.title for a in project.articles()] == ["Interview", "Interview (2)"]
    first = project.articles()[0]
    # The third source has the first one's text: one article holds the passages of both.
    assert [(p.article_id, p.quote) for p in project.passages_of(first.id)] == [
        (first.id, "drones"), (first.id, "Iran"),
    ]  # fmt: skip
    assert any("the second is “Interview (2)”" in line for line in summary.read_as)
    assert any("same text as “Interview”" in line for line in summary.read_as)


def test_selections_out_of_range_are_refused_one_by_one(tmp_path: Path) -> None:
    size = len(INTERVIEW)
    body = CODES + "<Sources>" + text_source(
        10, "Officer", "a.txt",
        selection(11, *span(INTERVIEW, "drones"), 2),
        selection(12, size - 3, size + 40, 2, name="past the end"),
        selection(13, -5, 4, 3), selection(14, 30, 30, 3), selection(15, 50, 20, 3),
        f'<PlainTextSelection guid="{g(16)}" startPosition="ten" endPosition="20">'
        f'<Coding guid="{g(17)}"><CodeRef targetGUID="{g(3)}"/></Coding></PlainTextSelection>',
        selection(18, *span(INTERVIEW, "missiles"), 3),
    ) + "</Sources>"  # fmt: skip
    path = write_qdpx(tmp_path / "range.qdpx", project_xml(body), {"sources/a.txt": INTERVIEW})
    project, summary = read_qdpx(path)
    assert [p.quote for p in project.passages()] == ["drones", "missiles"]
    refused = [line for line in summary.left_out if line.startswith("selection")]
    assert len(refused) == 5
    assert f"selection “past the end” ({size - 3}-{size + 40}) in “Officer”" in refused[0]
    assert "outside its text" in refused[0] and "outside its text" in refused[1]
    assert "covers no text" in refused[2] and "covers no text" in refused[3]
    assert "not whole numbers" in refused[4]


def test_what_has_no_place_in_a_briefing_is_named(tmp_path: Path) -> None:
    body = CODES + (
        '<Cases><Case guid="{0}" name="Officer A"/><Case guid="{1}" name="Officer B"/></Cases>'
        "<Sources>"
        + text_source(10, "Officer", "a.txt", selection(11, *span(INTERVIEW, "drones"), 2))
        + '<PictureSource guid="{2}" name="Crate photo" path="internal://{2}.jpg"/>'
        '<AudioSource guid="{3}" name="Call recording" path="internal://{3}.m4a"/>'
        '<VideoSource guid="{4}" name="Port footage" path="internal://{4}.mp4"/>'
        + text_source(20, "Elsewhere", "relative:///interviews/elsewhere.txt")
        + "</Sources>"
        '<Notes><Note guid="{5}" name="Research journal"><PlainTextContent>Day one.'
        "</PlainTextContent></Note></Notes>"
        '<Sets><Set guid="{6}" name="Coastal sources"/></Sets>'
    ).format(*(g(n) for n in range(100, 107)))  # fmt: skip
    path = write_qdpx(tmp_path / "mixed.qdpx", project_xml(body), {"sources/a.txt": INTERVIEW})
    project, summary = read_qdpx(path)
    assert [a.title for a in project.articles()] == ["Officer"]
    text = "\n".join(summary.lines())
    for expected in (
        "1 picture source: “Crate photo”", "1 audio source: “Call recording”",
        "1 video source: “Port footage”", "2 cases: “Officer A”, “Officer B”",
        "1 set: “Coastal sources”", "1 note not attached to a passage: “Research journal”",
        "source “Elsewhere”: its text file is kept outside the project file",
    ):  # fmt: skip
        assert expected in text


def test_notes_reach_their_passages_however_the_tool_attached_them(tmp_path: Path) -> None:
    drones, farm, iran = (span(INTERVIEW, q) for q in ("drones", "farm equipment", "Iran"))
    missiles = span(INTERVIEW, "missiles")
    body = CODES + (
        "<Sources>"
        + text_source(
            10, "Officer", "a.txt",
            # A note referenced from the selection (the standard's way):
            selection(11, *drones, 2, inner=f'<NoteRef targetGUID="{g(50)}"/>'),
            # A description, which tools use as a coding memo:
            selection(12, *farm, 5, inner="<Description>Cover story.</Description>"),
            # A note linked to the selection (NVivo's annotations):
            selection(13, *iran, 2),
            # A comment on text that has no code (MAXQDA):
            selection(14, *missiles, inner="<Description>Check this claim.</Description>"),
        )
        + "</Sources>"
        + "<Notes>" + note(50, "Memo", "Seen in two other reports.")
        + note(51, "Annotation", "Origin per the officer.") + "</Notes>"
        + f'<Links><Link guid="{g(60)}" originGUID="{g(51)}" targetGUID="{g(13)}"/></Links>'
    )  # fmt: skip
    path = write_qdpx(tmp_path / "notes.qdpx", project_xml(body), {"sources/a.txt": INTERVIEW})
    project, summary = read_qdpx(path)
    assert [(p.quote, p.note) for p in project.passages()] == [
        ("drones", "Seen in two other reports."), ("farm equipment", "Cover story."),
        ("Iran", "Origin per the officer."), ("missiles", "Check this claim."),
    ]  # fmt: skip
    annotated = project.passages()[3]
    assert [project.theme(t).name for t in annotated.theme_ids] == ["Annotations"]
    assert summary.notes == 4 and summary.left_out == []


def test_several_analysts_and_their_names(tmp_path: Path) -> None:
    users = f'<Users><User guid="{g(1)}" name="Ana"/><User guid="{g(2)}" name="Ben"/></Users>'
    body = users + CODES + "<Sources>" + text_source(
        10, "Officer", "a.txt", selection(11, *span(INTERVIEW, "drones"), 2, user=2),
        selection(12, *span(INTERVIEW, "Iran"), 2, user=1),
    ) + "</Sources>"  # fmt: skip
    path = write_qdpx(tmp_path / "team.qdpx", project_xml(body), {"sources/a.txt": INTERVIEW})
    project, summary = read_qdpx(path)
    assert project.settings.analyst == "Ben, Ana"
    assert summary.analysts == ("Ben", "Ana")
    assert project.settings.title == "Field study"


# ----- refused archives and failures ------------------------------------------------------------


def refused(tmp_path: Path, path: Path, reason: str) -> None:
    target = tmp_path / "out.briefing"
    with pytest.raises(QdpxError, match=reason) as caught:
        import_qdpx(path, target)
    assert str(path) in str(caught.value)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("member", ["../../escape.txt", "sources/../../escape.txt",
                                    "/etc/escape.txt", "C:/Windows/escape.txt",
                                    "sources\\..\\..\\escape.txt"])  # fmt: skip
def test_member_names_that_leave_the_archive_are_refused(tmp_path: Path, member: str) -> None:
    path = write_qdpx(tmp_path / "traversal.qdpx", project_xml(""), {member: "x"})
    refused(tmp_path, path, "points outside the archive")


@pytest.mark.parametrize(("headers", "reason"), [
    ("honest", "unpacks to more than 1 MB"),
    # Headers claiming 100 bytes: reading stops there and the checksum gives the lie away.
    ("lying", "is damaged"),
])  # fmt: skip
def test_a_zip_bomb_is_refused_whatever_its_headers_claim(
    tmp_path: Path, monkeypatch, headers: str, reason: str
) -> None:
    from briefing.store import qdpx_archive

    monkeypatch.setattr(qdpx_archive, "MAX_PROJECT_XML_BYTES", 1024 * 1024)
    padding = "<!-- " + "x" * (4 * 1024 * 1024) + " -->"
    path = write_qdpx(tmp_path / "bomb.qdpx", project_xml(padding))
    assert path.stat().st_size < 64 * 1024
    if headers == "lying":
        _lie_about_sizes(path)
    refused(tmp_path, path, reason)


def test_many_members_that_together_inflate_too_far_are_refused(
    tmp_path: Path, monkeypatch
) -> None:
    from briefing.store import qdpx_archive

    monkeypatch.setattr(qdpx_archive, "MAX_TOTAL_BYTES", 3 * 1024 * 1024)
    sources = "".join(text_source(10 + n, f"S{n}", f"s{n}.txt") for n in range(8))
    files = {f"sources/s{n}.txt": "drones " * 100_000 + str(n) for n in range(8)}
    path = write_qdpx(tmp_path / "bombs.qdpx", project_xml(f"<Sources>{sources}</Sources>"), files)
    refused(tmp_path, path, "zip bomb")


def _lie_about_sizes(path: Path) -> None:
    """Make every header claim its member unpacks to 100 bytes."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 4] = (100).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>', "DTD or entity"),
        ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>', "DTD or entity"),
        ("<Project name='unclosed'>", "not well-formed"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "starts with <CodeBook>"),
        ('<Project xmlns="urn:example:other" name="x"/>', "namespace"),
    ],
)  # fmt: skip
def test_hostile_or_broken_project_xml_is_refused(tmp_path: Path, xml: str, reason: str) -> None:
    refused(tmp_path, write_qdpx(tmp_path / "bad.qdpx", xml), reason)


def test_an_entity_bomb_in_utf16_is_refused(tmp_path: Path) -> None:
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE P [<!ENTITY a "aaaa">]>'
           '<Project name="&a;"/>').encode("utf-16")  # fmt: skip
    refused(tmp_path, write_qdpx(tmp_path / "bomb16.qdpx", xml), "DTD or entity")


def test_files_that_are_no_project(tmp_path: Path) -> None:
    (tmp_path / "plain.qdpx").write_text("not a zip")
    refused(tmp_path, tmp_path / "plain.qdpx", "zip archives; this one is not")
    import zipfile

    with zipfile.ZipFile(tmp_path / "empty.qdpx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    refused(tmp_path, tmp_path / "empty.qdpx", "holds no project.qde")
    refused(tmp_path, tmp_path / "missing.qdpx", "does not exist")


def test_an_existing_project_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "study.briefing"
    target.write_bytes(b"precious")
    with pytest.raises(QdpxError, match="already exists"):
        import_qdpx(interview_project(tmp_path), target)
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError])
def test_an_interrupted_import_leaves_nothing_behind(
    tmp_path: Path, monkeypatch, interruption: type[BaseException]
) -> None:
    from briefing.store import ProjectFileError, writers

    source = interview_project(tmp_path)
    calls = []

    def fail(*args: object) -> None:
        calls.append(args)
        raise interruption("stopped")

    monkeypatch.setattr(writers.Writer, "_write_passage", fail)
    target = tmp_path / "out" / "study.briefing"
    target.parent.mkdir()
    with pytest.raises((KeyboardInterrupt, ProjectFileError)):
        import_qdpx(source, target)
    assert calls and list(target.parent.iterdir()) == []


def test_cancelling_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.briefing"
    seen = []

    def cancel(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    with pytest.raises(QdpxError, match="cancelled"):
        import_qdpx(interview_project(tmp_path), target, cancel)
    assert seen and not target.exists()


def test_a_pdf_source_from_another_tool_reads_its_text_representation(tmp_path: Path) -> None:
    text = "Page one of the report.\nPage two: drones."
    body = CODES + (
        f'<Sources><PDFSource guid="{g(10)}" name="Report.pdf" path="internal://{g(10)}.pdf">'
        f'<PDFSelection guid="{g(11)}" page="1" firstX="1" firstY="1" secondX="5" secondY="5"/>'
        f'<Representation guid="{g(12)}" plainTextPath="internal://{g(12)}.txt">'
        + selection(13, *span(text, "drones"), 2)
        + "</Representation></PDFSource></Sources>"
    )  # fmt: skip
    files = {f"sources/{g(10)}.pdf": b"%PDF-1.4 the report", f"sources/{g(12)}.txt": text}
    project, summary = read_qdpx(write_qdpx(tmp_path / "pdf.qdpx", project_xml(body), files))
    (article,) = project.articles()
    assert (article.title, article.text, article.source_file) == ("Report.pdf", text, "Report.pdf")
    assert project.original(article.id) == b"%PDF-1.4 the report"
    assert [p.quote for p in project.passages()] == ["drones"]
    assert "1 areas selected on PDF pages (text selections are kept)" in summary.left_out


def test_unreadable_sources_are_left_out_one_by_one(tmp_path: Path, monkeypatch) -> None:
    from briefing.store import qdpx_texts

    monkeypatch.setattr(qdpx_texts, "MAX_FILE_BYTES", 1024)
    body = CODES + "<Sources>" + (
        text_source(10, "Good", "good.txt", selection(11, *span(INTERVIEW, "drones"), 2))
        + text_source(20, "Huge", "huge.txt") + text_source(30, "Missing", "missing.txt")
        + text_source(40, "Binary", "binary.txt")
        + text_source(50, "Latin-1", "latin.txt", selection(51, 0, 4, 2))
    ) + "</Sources>"  # fmt: skip
    files = {"sources/good.txt": INTERVIEW, "sources/huge.txt": "x" * 5000,
             "sources/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
             "sources/latin.txt": "Café crème: drones au menu.".encode("cp1252")}  # fmt: skip
    project, summary = read_qdpx(write_qdpx(tmp_path / "bad.qdpx", project_xml(body), files))
    assert [a.title for a in project.articles()] == ["Good", "Latin-1"]
    assert project.articles()[1].text == "Café crème: drones au menu."
    assert [p.quote for p in project.passages()] == ["drones", "Café"]
    left_out = "\n".join(summary.left_out)
    assert "source “Huge”: its file is larger than" in left_out
    assert "source “Missing”: its text file (missing.txt) is not in the archive" in left_out
    assert "source “Binary”: it looks like a binary file" in left_out
    assert any("“Latin-1” was not UTF-8" in line for line in summary.read_as)


def test_codes_nested_past_any_real_codebook_are_refused(tmp_path: Path) -> None:
    nested = "".join(f'<Code guid="{g(n)}" name="Level {n}" isCodable="true">' for n in range(70))
    xml = project_xml(f"<CodeBook><Codes>{nested}{'</Code>' * 70}</Codes></CodeBook>")
    refused(tmp_path, write_qdpx(tmp_path / "deep.qdpx", xml), "more than 64 levels deep")


def test_a_password_protected_member_is_refused(tmp_path: Path) -> None:
    path = interview_project(tmp_path)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1  # the "encrypted" flag
            start += 4
    path.write_bytes(bytes(data))
    refused(tmp_path, path, "password-protected")
