"""Codebooks in and out as REFI-QDA `.qdc` files, the exchange format of NVivo, ATLAS.ti, MAXQDA,
QualCoder and Taguette.

A `.qdc` holds a tree of codes (name, colour, description, GUID). The project's codebook is flat,
so nested codes are flattened into path names, "Parent / Child", and exports rebuild the tree
from those names: a theme named "Weapons / Drones" is written as a code "Drones" inside a code
"Weapons", so other tools show the hierarchy and a round trip gives back the same names.

Files come from other people's tools, so they are untrusted: anything with a DTD or entity
declarations is refused before it is parsed (no entity expansion, no external fetches).
"""

from __future__ import annotations

import dataclasses
import os
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing import __version__
from briefing.core.edit import Edit
from briefing.core.errors import ProjectError
from briefing.core.palette import is_valid_colour
from briefing.core.project import Project
from briefing.core.records import Theme
from briefing.core.text import shorten
from briefing.core.xml_text import xml_safe
from briefing.importers.bounded import FileRefused, read_file
from briefing.store import limits
from briefing.store.atomic_file import create_temporary
from briefing.store.safe_xml import XmlRefused, local_name, namespace_of, parse_untrusted

NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"  # a whole-project .qde also carries a CodeBook
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
SUFFIX = ".qdc"
SEPARATOR = " / "  # joins a nested code's ancestors' names to its own

# Names GUIDs are derived from: the same theme name gives the same GUID in every export and
# every project, so a tool re-importing our file recognises codes it has seen before.
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://briefingbuilder.github.io/refi-qda/code")
_MAX_BYTES = 20 * 1024 * 1024  # codebooks are kilobytes; anything this large is not one
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
MAX_CODE_DEPTH = 64  # codebooks nest a few levels; a deeper tree is a hostile file


class CodebookError(ProjectError):
    """A codebook file that cannot be read or written; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One code read from a codebook, already flattened to a theme-like record."""

    name: str  # "Parent / Child" for nested codes
    colour: str | None  # "#RRGGBB", or None when the file gives none (or an unusable one)
    description: str = ""
    guid: str | None = None
    codable: bool = True  # False: only a level of the tree in the other tool
    note_refs: tuple[str, ...] = ()  # GUIDs of the notes (memos) attached to the code
    notes: tuple[str, ...] = ()  # what was shortened to fit a project


@dataclass(frozen=True, slots=True)
class CodebookSummary:
    """What an import did, by theme name (the project's spelling for existing themes)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = field(default=())  # repeated names in the file, ignored
    shortened: tuple[str, ...] = ()  # names (as stored) of codes shortened to fit

    def message(self) -> str:
        """One line for a status bar, a message box or the CLI."""
        if not (self.added or self.updated or self.unchanged):
            return "The codebook file holds no codes; nothing was imported."
        parts = []
        for label, names in (("added", self.added), ("updated", self.updated)):
            if names:
                noun = "theme" if len(names) == 1 else "themes"
                parts.append(f"{len(names)} {noun} {label} ({_listed(names)})")
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} repeated name(s) ignored")
        if self.shortened:
            noun = "code" if len(self.shortened) == 1 else "codes"
            parts.append(
                f"{len(self.shortened)} {noun} shortened to fit ({_listed(self.shortened)})"
            )
        return "Codebook imported: " + "; ".join(parts) + "."


def _listed(names: Sequence[str], most: int = 10) -> str:
    shown = ", ".join(shorten(name, 60) for name in names[:most])
    return shown + (f" and {len(names) - most:,} more" if len(names) > most else "")


# ----- reading ------------------------------------------------------------------------------


def read_codebook(path: Path) -> list[CodeEntry]:
    """The codable codes of a `.qdc` file (or a REFI-QDA project's codebook), in file order.

    Nested codes are named "Parent / Child". Codes marked isCodable="false" only structure the
    tree in the other tool (nothing can be tagged with them), so they lend their name to their
    children but do not become entries. Unknown elements and attributes are ignored.
    """
    path = Path(path)
    data = _read_bytes(path)
    try:
        root = parse_untrusted(data)
        codes = _codes_element(root)
        if codes is None:
            return []
        entries = list(code_entries(codes, namespace_of(root.tag)))
    except XmlRefused as refused:
        raise CodebookError(path, refused.reason) from None
    return [_fitted(entry) for entry in entries if entry.codable]


def _read_bytes(path: Path) -> bytes:
    try:
        return read_file(path, _MAX_BYTES)
    except FileRefused as refused:
        raise CodebookError(path, f"was not read: {refused.reason}") from None


def _codes_element(root: ET.Element) -> ET.Element | None:
    namespace, name = namespace_of(root.tag), local_name(root.tag)
    if name not in ("CodeBook", "Project"):
        raise XmlRefused(f"is not a REFI-QDA codebook (it starts with <{name}>)")
    # No namespace is tolerated: some exporters leave it out, and the names are unambiguous.
    if namespace not in (NAMESPACE, PROJECT_NAMESPACE, ""):
        raise XmlRefused(f"is not a REFI-QDA codebook (namespace “{namespace}”)")
    codebook = root.find(_qualified(namespace, "CodeBook")) if name == "Project" else root
    return None if codebook is None else codebook.find(_qualified(namespace, "Codes"))


def _qualified(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def code_entries(
    parent: ET.Element, namespace: str, unnamed: str | None = None,
    ancestors: tuple[str, ...] = (),
) -> Iterator[CodeEntry]:  # fmt: skip
    """Every code under `parent` (a `Codes` or `Code` element), depth first, in file order,
    structuring ones included (`codable` False). A code without a name is refused, or called
    `unnamed` when given. Raises XmlRefused for a tree too deep to be a codebook."""
    if len(ancestors) >= MAX_CODE_DEPTH:
        raise XmlRefused(f"nests codes more than {MAX_CODE_DEPTH} levels deep")
    for code in parent.iterfind(_qualified(namespace, "Code")):
        name = " ".join(code.get("name", "").split())
        if not name:
            if unnamed is None:
                raise XmlRefused(f"has a code without a name (inside “{_join(ancestors)}”)")
            name = unnamed
        trail = (*ancestors, name)
        description = code.findtext(_qualified(namespace, "Description"), default="")
        refs = code.iterfind(_qualified(namespace, "NoteRef"))
        notes = [ref.get("targetGUID", "") for ref in refs]
        yield CodeEntry(
            name=_join(trail),
            colour=_colour(code.get("color")),
            description=description.strip(),
            guid=code.get("guid"),
            codable=code.get("isCodable", "true").strip().lower() not in ("false", "0"),
            note_refs=tuple(n for n in notes if n),
        )
        yield from code_entries(code, namespace, unnamed, trail)


def _fitted(entry: CodeEntry) -> CodeEntry:
    """The entry with a name and description a project can hold, noting what was shortened."""
    notes = []
    name, description = entry.name, entry.description
    for label, column in (("name", "name"), ("description", "description")):
        value = name if column == "name" else description
        limit = limits.limit_of("themes", column)
        if len(value) > limit:
            notes.append(f"{label} shortened from {len(value):,} to {limit:,} characters")
            value = shorten(value, limit)
        if column == "name":
            name = value
        else:
            description = value
    if not notes:
        return entry
    return dataclasses.replace(entry, name=name, description=description, notes=tuple(notes))


def _join(trail: Sequence[str]) -> str:
    return SEPARATOR.join(trail) if trail else "the top level"


def _colour(value: str | None) -> str | None:
    """#RRGGBB in capitals; the schema's short #RGB is widened; anything else counts as none."""
    if value is None:
        return None
    value = value.strip()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper() if is_valid_colour(value) else None


# ----- merging into a project ---------------------------------------------------------------


def merge_codebook(project: Project, entries: Sequence[CodeEntry]) -> tuple[Edit, CodebookSummary]:
    """Add new themes and update same-name ones (case-insensitive); never delete anything.

    An entry updates a theme when it brings a different colour or a different, non-empty
    description: a file that simply lacks a colour or description leaves the theme's own alone.
    Everything is one edit, already applied: one transaction (a kill or Ctrl-C leaves the
    codebook as it was) and one step on the undo stack.
    """
    existing = {t.name.casefold(): t for t in project.themes()}
    added: list[tuple[str, str | None, str]] = []
    replaced: list[Theme] = []
    updated: list[str] = []
    unchanged: list[str] = []
    duplicates: list[str] = []
    shortened: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        name = " ".join(entry.name.split())  # as the project will store it
        if name.casefold() in seen:
            duplicates.append(name)
            continue
        seen.add(name.casefold())
        if entry.notes:
            shortened.append(name)
        theme = existing.get(name.casefold())
        if theme is None:
            added.append((name, entry.colour, entry.description))
            continue
        new = _updated(theme, entry)
        if new == theme:
            unchanged.append(theme.name)
        else:
            replaced.append(new)
            updated.append(theme.name)
    summary = CodebookSummary(
        tuple(n for n, _, _ in added), tuple(updated), tuple(unchanged), tuple(duplicates),
        tuple(shortened),
    )  # fmt: skip
    counts = [f"{len(added)} added"] if added else []
    counts += [f"{len(updated)} updated"] if updated else []
    label = f"Import codebook ({', '.join(counts)})" if counts else "Import codebook"
    return project.add_themes(added, replaced, label), summary


def _updated(theme: Theme, entry: CodeEntry) -> Theme:
    colour = entry.colour.upper() if entry.colour is not None else theme.colour
    description = entry.description or theme.description
    if colour == theme.colour.upper() and description == theme.description:
        return theme
    return dataclasses.replace(theme, colour=colour, description=description)


# ----- writing ------------------------------------------------------------------------------


def theme_guid(name: str) -> str:
    """The GUID a theme (or a structuring code) of this full name is exported with.

    Derived from the name, not random, so every export of every project writes the same GUID
    for the same theme and a tool re-importing the file can recognise codes it already has.
    GUIDs read from a file are not kept (a theme has no field for one); a theme named as the
    code it came from is exported under our GUID for that name.
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, name))


def write_codebook(project: Project, path: Path) -> Path:
    """Write the project's codebook as a REFI-QDA codebook, atomically. Returns the path."""
    path = Path(path)
    themes = project.themes()
    if not themes:
        raise CodebookError(path, "not written: the codebook has no themes")
    tree = ET.ElementTree(_codebook_element(themes))
    ET.indent(tree, space="  ")
    try:
        handle, temporary = create_temporary(path)
    except OSError as error:
        raise CodebookError(path, f"could not be written ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            tree.write(stream, encoding="utf-8", xml_declaration=False)
            stream.write(b"\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a codebook is meant to be shared
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CodebookError(path, f"could not be written ({error.strerror})") from None
    return path


@dataclass
class _Node:
    """A code in the tree being written: a theme, or only a named level above some."""

    name: str
    path: str
    theme: Theme | None = None
    children: dict[str, _Node] = field(default_factory=dict)


def _codebook_element(themes: Sequence[Theme]) -> ET.Element:
    # ElementTree cannot write a default namespace next to plain attribute names, so the tree is
    # built unqualified and the declarations are written as ordinary attributes.
    root = ET.Element(
        "CodeBook",
        {
            "xmlns": NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{NAMESPACE} {SCHEMA_LOCATION}",
            "origin": f"Briefing Builder {__version__}",
        },
    )
    root.append(codes_element(themes))
    return root


def codes_element(themes: Sequence[Theme], notes: Mapping[int, str] | None = None) -> ET.Element:
    """A `Codes` element (unqualified, for the caller's default namespace) holding the themes as
    a tree; `notes` maps a theme id to the GUID of a note to reference from its code."""
    codes = ET.Element("Codes")
    for node in _tree(themes).children.values():
        _append(codes, node, notes or {})
    return codes


def _tree(themes: Sequence[Theme]) -> _Node:
    """Themes nested by their " / " names, in codebook order; levels without a theme of their
    own become structuring codes. Levels match exactly (case included), so reading the file back
    gives every theme its name unchanged."""
    top = _Node("", "")
    for theme in themes:
        node = top
        parts = theme.name.split(SEPARATOR)
        for depth, part in enumerate(parts):
            if part not in node.children:
                node.children[part] = _Node(part, SEPARATOR.join(parts[: depth + 1]))
            node = node.children[part]
        node.theme = theme
    return top


def _append(parent: ET.Element, node: _Node, notes: Mapping[int, str]) -> None:
    attributes = {
        "guid": theme_guid(node.path),
        "name": xml_safe(node.name),
        "isCodable": "true" if node.theme else "false",
    }
    if node.theme:
        attributes["color"] = node.theme.colour.upper()
    element = ET.SubElement(parent, "Code", attributes)
    if node.theme and node.theme.description:
        ET.SubElement(element, "Description").text = xml_safe(node.theme.description)
    if node.theme and node.theme.id in notes:
        ET.SubElement(element, "NoteRef", {"targetGUID": notes[node.theme.id]})
    for child in node.children.values():
        _append(element, child, notes)
