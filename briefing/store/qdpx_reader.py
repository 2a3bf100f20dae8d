"""The REFI-QDA project XML (`project.qde`) read into plain records, nothing resolved yet.

Only the structure is read here: which sources, selections, codes, notes and links there are,
with the GUIDs that tie them together. Turning them into articles and passages (reading the
source files, fixing positions, naming what is left out) is `qdpx_import`'s job.
Unknown elements and attributes are ignored; the namespace may be missing or another version.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from briefing.store.refi_qda import CodeEntry, code_entries
from briefing.store.safe_xml import XmlRefused, local_name, namespace_of, parse_untrusted

_NAMESPACE_PREFIX = "urn:QDA-XML:project:"
UNNAMED_CODE = "Unnamed code"
MEDIA_KINDS = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass(slots=True)
class Selection:
    guid: str
    start: int | None  # None: not a whole number in the file
    end: int | None
    name: str = ""
    description: str = ""
    code_refs: list[str] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    user: str = ""  # GUID of the creating user
    created: str = ""
    modified: str = ""


@dataclass(slots=True)
class Source:
    guid: str
    kind: str  # element name: TextSource, PDFSource, PictureSource, AudioSource, VideoSource
    name: str  # as written, outer space trimmed
    plain_path: str = ""
    rich_path: str = ""
    path: str = ""  # the PDF (or media) file itself
    inline_text: str | None = None  # PlainTextContent, when the text is in the XML
    selections: list[Selection] = field(default_factory=list)
    other_selections: int = 0  # PDF areas, picture regions, time spans: not text
    whole_codings: int = 0  # codings of the whole source rather than of a selection
    note_refs: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable GUID -> value
    description: str = ""
    user: str = ""
    created: str = ""


@dataclass(slots=True)
class Note:
    guid: str
    name: str
    inline_text: str | None
    plain_path: str = ""
    rich_path: str = ""
    selections: list[Selection] = field(default_factory=list)  # annotation notes carry these


@dataclass(frozen=True, slots=True)
class Link:
    guid: str
    name: str
    origin: str
    target: str


@dataclass(slots=True)
class ProjectXml:
    name: str = ""
    origin: str = ""
    description: str = ""
    note_refs: list[str] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: list[CodeEntry] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # GUID -> name
    sources: list[Source] = field(default_factory=list)
    notes: dict[str, Note] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)  # names
    sets: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)


def parse_project_xml(data: bytes) -> ProjectXml:
    """Raises XmlRefused when `data` is not a REFI-QDA project."""
    root = parse_untrusted(data)
    namespace, name = namespace_of(root.tag), local_name(root.tag)
    if name != "Project":
        raise XmlRefused(f"is not a REFI-QDA project (its XML starts with <{name}>)")
    if namespace and not namespace.startswith(_NAMESPACE_PREFIX):
        raise XmlRefused(f"is not a REFI-QDA project (namespace “{namespace}”)")
    for element in root.iter():
        # One vocabulary from here on, whichever version of the namespace the file used.
        if isinstance(element.tag, str):
            element.tag = local_name(element.tag)
    project = ProjectXml(
        name=" ".join(root.get("name", "").split()),
        origin=" ".join(root.get("origin", "").split()),
        description=(root.findtext("Description") or "").strip(),
        note_refs=_refs(root, "NoteRef"),
    )
    for user in root.iterfind("Users/User"):
        project.users[_guid(user.get("guid"))] = " ".join(user.get("name", "").split())
    codes = root.find("CodeBook/Codes")
    if codes is not None:
        project.codes = list(code_entries(codes, "", unnamed=UNNAMED_CODE))
    for variable in root.iterfind("Variables/Variable"):
        project.variables[_guid(variable.get("guid"))] = " ".join(variable.get("name", "").split())
    sources = root.find("Sources")
    for element in sources if sources is not None else ():
        project.sources.append(_source(element))
    for element in root.iterfind("Notes/Note"):
        note = _note(element)
        project.notes[note.guid] = note
    for link in root.iterfind("Links/Link"):
        ends = _guid(link.get("originGUID")), _guid(link.get("targetGUID"))
        project.links.append(Link(_guid(link.get("guid")), link.get("name", "").strip(), *ends))
    project.cases = [_label(case) for case in root.iterfind("Cases/Case")]
    project.sets = [_label(item) for item in root.iterfind("Sets/Set")]
    project.graphs = [_label(graph) for graph in root.iterfind("Graphs/Graph")]
    return project


def _source(element: ET.Element) -> Source:
    kind = str(element.tag)
    source = Source(
        guid=_guid(element.get("guid")), kind=kind, name=element.get("name", "").strip(),
        path=element.get("path", "") or element.get("currentPath", ""),
        description=(element.findtext("Description") or "").strip(),
        user=_guid(element.get("creatingUser")), created=element.get("creationDateTime", ""),
    )  # fmt: skip
    text_element = element
    if kind == "PDFSource":
        # Selections in a PDF are made on its plain-text representation (REFI-QDA 1.5).
        representation = element.find("Representation")
        source.other_selections = len(element.findall("PDFSelection"))
        if representation is not None:
            text_element = representation
            source.whole_codings += len(representation.findall("Coding"))
    elif kind in MEDIA_KINDS:
        return source
    source.plain_path = text_element.get("plainTextPath", "")
    source.rich_path = text_element.get("richTextPath", "")
    if kind == "TextSource" and not source.plain_path:
        source.plain_path = element.get("path", "")  # some tools write `path` here too
    source.inline_text = text_element.findtext("PlainTextContent")
    source.selections = [_selection(s) for s in text_element.iterfind("PlainTextSelection")]
    source.whole_codings += len(element.findall("Coding"))
    source.note_refs = _refs(element, "NoteRef") + (
        _refs(text_element, "NoteRef") if text_element is not element else []
    )
    for value in element.iterfind("VariableValue"):
        ref = value.find("VariableRef")
        if ref is None:
            continue
        texts = [child.text or "" for child in value if child.tag != "VariableRef"]
        source.values[_guid(ref.get("targetGUID"))] = texts[0].strip() if texts else ""
    return source


def _selection(element: ET.Element) -> Selection:
    return Selection(
        guid=_guid(element.get("guid")),
        start=_integer(element.get("startPosition")),
        end=_integer(element.get("endPosition")),
        name=element.get("name", ""),
        description=(element.findtext("Description") or "").strip(),
        code_refs=[
            ref for coding in element.iterfind("Coding") for ref in _refs(coding, "CodeRef")
        ],
        note_refs=_refs(element, "NoteRef"),
        user=_guid(element.get("creatingUser") or element.get("modifyingUser")),
        created=element.get("creationDateTime", ""),
        modified=element.get("modifiedDateTime", ""),
    )


def _note(element: ET.Element) -> Note:
    return Note(
        guid=_guid(element.get("guid")),
        name=" ".join(element.get("name", "").split()),
        inline_text=element.findtext("PlainTextContent"),
        plain_path=element.get("plainTextPath", ""),
        rich_path=element.get("richTextPath", ""),
        selections=[_selection(s) for s in element.iterfind("PlainTextSelection")],
    )


def _refs(element: ET.Element, tag: str) -> list[str]:
    found = (_guid(ref.get("targetGUID")) for ref in element.iterfind(tag))
    return [guid for guid in found if guid]


def _guid(value: str | None) -> str:
    """GUIDs compared as the schema allows them: either case, with or without braces."""
    return (value or "").strip().strip("{}").lower()


def code_guid(entry: CodeEntry) -> str:
    return _guid(entry.guid)


def _integer(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def _label(element: ET.Element) -> str:
    return " ".join(element.get("name", "").split()) or _guid(element.get("guid"))
