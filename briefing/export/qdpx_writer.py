"""Write the whole project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder.

A .qdpx is a zip holding `project.qde` (the XML) and a flat `sources/` folder. Each article is
a UTF-8 plain-text source, `sources/GUID.txt`, exactly the article's text, so every selection's
positions (code points, as the standard counts and as the project stores them) point at the same
characters in every tool; an article read from a PDF is a `PDFSource` whose selections sit on
that plain-text representation. The original an article was read from, where the project keeps
it, goes alongside (`sources/GUID.pdf`, `.html`, ...). Everything the standard has no element
for is spelled as `briefing.store.qdpx_format` says.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import BinaryIO

from briefing import __version__
from briefing.core.grading import DEFAULT_CREDIBILITY
from briefing.core.project import Project
from briefing.core.records import Article, Passage
from briefing.core.xml_text import xml_safe
from briefing.export.saving import save_with
from briefing.export.writer import Progress, Ticker
from briefing.store import qdpx_format as fmt
from briefing.store.refi_qda import codes_element, theme_guid

_SUBJECT = "the project"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
# xsd:dateTime needs seconds; a stamp without them (typed by hand) is left out, not invalid.
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
_NOTE_NAME_CHARS = 60


def export_project(project: Project, path: Path, progress: Progress | None = None) -> Path:
    """Write `project` to `path` as a .qdpx, atomically. Raises ExportError naming the file
    (ExportCancelled when `progress` returned False)."""
    path = Path(path)
    return save_with(path, lambda stream: _write(project, stream, progress), _SUBJECT)


def passage_author(project: Project, passage: Passage) -> str:
    """Who coded the passage: the analyst it records, else (a passage from before passages
    named their author) the briefing's analyst."""
    return passage.created_by.strip() or project.settings.analyst.strip()


def _write(project: Project, stream: BinaryIO, progress: Progress | None) -> None:
    articles = project.articles()
    ticker = Ticker(progress, len(articles) + 1, every=25)
    ticker.start()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        document = _Document(project, archive)
        for article in articles:
            document.add_source(article)
            ticker.step()
        archive.writestr(fmt.PROJECT_MEMBER, document.xml())
    ticker.finish()


class _Document:
    """The project.qde being built, and the source files written beside it as it goes."""

    def __init__(self, project: Project, archive: zipfile.ZipFile) -> None:
        self._project = project
        self._archive = archive
        settings = project.settings
        self._stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self._users: dict[str, str] = {}  # name -> GUID, in order of appearance
        self._sources: list[ET.Element] = []
        self._notes: list[ET.Element] = []
        self._links: list[ET.Element] = []
        self._variables: dict[str, fmt.SourceVariable] = {}  # used ones, by field
        self._codes = {t.id: theme_guid(t.name) for t in project.themes()}
        self._selections = {
            p.id: fmt.guid("selection", self._article_key(p.article_id), p.id)
            for p in project.passages()
        }
        self._root = ET.Element("Project", {
            "xmlns": fmt.NAMESPACE, "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{fmt.NAMESPACE} {fmt.SCHEMA_LOCATION}",
            "name": xml_safe(settings.title) or "Briefing",
            "origin": f"{fmt.ORIGIN_PREFIX} {__version__}",
        })  # fmt: skip
        owner = self._user(settings.analyst.strip())
        if owner:
            self._root.set("creatingUserGUID", owner)
            self._root.set("modifyingUserGUID", owner)
        self._root.set("creationDateTime", self._stamp)
        self._root.set("modifiedDateTime", self._stamp)

    def _article_key(self, article_id: int) -> str:
        return self._project.article(article_id).content_hash

    def _user(self, name: str) -> str:
        """The GUID of the user of that name (added on first use); "" for no name."""
        if not name:
            return ""
        if name not in self._users:
            self._users[name] = fmt.guid("user", name)
        return self._users[name]

    # ----- sources ---------------------------------------------------------------------------

    def add_source(self, article: Article) -> None:
        source_guid = fmt.guid("source", article.content_hash)
        original = self._project.original(article.id) if article.sha256 else None
        text_path = self._write_member(source_guid, ".txt", _text_bytes(article.text))
        selections = [self._selection(p) for p in self._project.passages_of(article.id)]
        values = self._values(article)
        if original is not None and original.startswith(b"%PDF-"):
            source = ET.Element("PDFSource", self._source_attributes(article, source_guid))
            source.set("path", self._write_member(fmt.guid("original", article.sha256), ".pdf",
                                                  original))  # fmt: skip
            representation_guid = fmt.guid("representation", article.content_hash)
            attributes = self._source_attributes(article, representation_guid)
            attributes["plainTextPath"] = text_path
            representation = ET.SubElement(source, "Representation", attributes)
            representation.extend(selections)
        else:
            source = ET.Element("TextSource", self._source_attributes(article, source_guid))
            source.set("plainTextPath", text_path)
            source.extend(selections)
            if original is not None:
                name = fmt.guid("original", article.sha256)
                values.append(("original", self._write_member(name, _suffix(article), original)))
        for field, value in values:
            source.append(self._variable_value(field, value))
        self._sources.append(source)

    def _source_attributes(self, article: Article, element_guid: str) -> dict[str, str]:
        attributes = {"guid": element_guid, "name": xml_safe(article.title)}
        self._stamped(attributes, self._user(self._project.settings.analyst.strip()),
                      article.imported_at)  # fmt: skip
        return attributes

    def _write_member(self, name: str, suffix: str, data: bytes) -> str:
        """Store a file in `sources/` and return how the XML refers to it."""
        member = f"{name}{suffix}"
        self._archive.writestr(f"{fmt.SOURCES_FOLDER}/{member}", data)
        return f"{fmt.INTERNAL}{member}"

    def _values(self, article: Article) -> list[tuple[str, str]]:
        """(field, value) of each variable the article has a value for."""
        found = []
        for variable in fmt.SOURCE_VARIABLES:
            if variable.field == "pages":
                value = fmt.format_pages(article.pages)
            elif variable.field == "original":
                continue  # known only once the original is written
            else:
                value = getattr(article, variable.field) or ""
            if value:
                found.append((variable.field, value))
        return found

    def _variable_value(self, field: str, value: str) -> ET.Element:
        variable = next(v for v in fmt.SOURCE_VARIABLES if v.field == field)
        self._variables[field] = variable
        element = ET.Element("VariableValue")
        ET.SubElement(element, "VariableRef", {"targetGUID": fmt.guid("variable", variable.name)})
        ET.SubElement(element, "TextValue").text = xml_safe(value)
        return element

    # ----- selections, codings, notes, links -------------------------------------------------

    def _selection(self, passage: Passage) -> ET.Element:
        selection_guid = self._selections[passage.id]
        user = self._user(passage_author(self._project, passage))
        attributes = {
            "guid": selection_guid, "name": xml_safe(passage.quote),
            "startPosition": str(passage.start), "endPosition": str(passage.end),
        }  # fmt: skip
        self._stamped(attributes, user, passage.created, passage.updated)
        element = ET.Element("PlainTextSelection", attributes)
        if passage.credibility != DEFAULT_CREDIBILITY:
            ET.SubElement(element, "Description").text = fmt.credibility_line(passage.credibility)
        for theme_id in passage.theme_ids:
            code = self._codes[theme_id]
            coding = {"guid": fmt.guid("coding", selection_guid, code)}
            self._stamped(coding, user, passage.created)
            ET.SubElement(ET.SubElement(element, "Coding", coding), "CodeRef", {"targetGUID": code})
        if passage.note:
            note = self._note(fmt.guid("note", selection_guid), _note_name(passage.note),
                              passage.note, user, passage.updated)  # fmt: skip
            ET.SubElement(element, "NoteRef", {"targetGUID": note})
        target = self._selections.get(passage.corroborates or 0)
        if target is not None:
            self._links.append(ET.Element("Link", {
                "guid": fmt.guid("link", selection_guid, target), "name": fmt.CORROBORATES,
                "direction": "OneWay", "originGUID": selection_guid, "targetGUID": target,
            }))  # fmt: skip
        return element

    def _note(self, note_guid: str, name: str, text: str, user: str = "", when: str = "") -> str:
        attributes = {"guid": note_guid, "name": xml_safe(name)}
        self._stamped(attributes, user, when)
        note = ET.Element("Note", attributes)
        ET.SubElement(note, "PlainTextContent").text = xml_safe(text)
        self._notes.append(note)
        return note_guid

    @staticmethod
    def _stamped(attributes: dict[str, str], user: str, created: str, modified: str = "") -> None:
        """Add who made an element and when, where known (both are optional in the schema)."""
        if user:
            attributes["creatingUser"] = user
        if _DATE_TIME.fullmatch(created):
            attributes["creationDateTime"] = created
        if modified and modified != created and _DATE_TIME.fullmatch(modified):
            if user:
                attributes["modifyingUser"] = user
            attributes["modifiedDateTime"] = modified

    # ----- the document ----------------------------------------------------------------------

    def xml(self) -> bytes:
        root, settings = self._root, self._project.settings
        keyword_notes = {
            theme.id: self._note(fmt.guid("keywords", theme_guid(theme.name)),
                                 f"{fmt.KEYWORDS_NOTE}{theme.name}", "\n".join(theme.keywords))
            for theme in self._project.themes() if theme.keywords
        }  # fmt: skip
        handling = ""
        if settings.handling.strip():
            handling = self._note(fmt.guid("handling"), fmt.HANDLING_NOTE, settings.handling)
        if self._users:
            users = ET.SubElement(root, "Users")
            for name, user_guid in self._users.items():
                ET.SubElement(users, "User", {"guid": user_guid, "name": xml_safe(name)})
        themes = self._project.themes()
        if themes:
            ET.SubElement(root, "CodeBook").append(codes_element(themes, keyword_notes))
        if self._variables:
            variables = ET.SubElement(root, "Variables")
            for variable in fmt.SOURCE_VARIABLES:
                if variable.field in self._variables:
                    element = ET.SubElement(variables, "Variable", {
                        "guid": fmt.guid("variable", variable.name), "name": variable.name,
                        "typeOfVariable": "Text",
                    })  # fmt: skip
                    ET.SubElement(element, "Description").text = variable.description
        _extend(root, "Sources", self._sources)
        _extend(root, "Notes", self._notes)
        _extend(root, "Links", self._links)
        if settings.summary.strip():
            ET.SubElement(root, "Description").text = xml_safe(settings.summary)
        if handling:
            ET.SubElement(root, "NoteRef", {"targetGUID": handling})
        tree = ET.ElementTree(root)
        ET.indent(tree, space=" ")
        buffer = io.BytesIO()
        buffer.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        tree.write(buffer, encoding="utf-8", xml_declaration=False)
        buffer.write(b"\n")
        return buffer.getvalue()


def _extend(root: ET.Element, name: str, children: Sequence[ET.Element]) -> None:
    if children:
        ET.SubElement(root, name).extend(children)


def _text_bytes(text: str) -> bytes:
    # A lone surrogate (half a character, from a damaged file) cannot be UTF-8; "?" keeps every
    # later position where it was.
    return text.encode("utf-8", "replace")


def _suffix(article: Article) -> str:
    suffix = PurePath(article.source_file).suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ".bin"


def _note_name(note: str) -> str:
    first = " ".join(note.split())
    return first if len(first) <= _NOTE_NAME_CHARS else first[: _NOTE_NAME_CHARS - 1] + "…"
