"""How a Briefing Builder project is spelled in a REFI-QDA project file (.qdpx), both ways.

The standard has no place for some of what a briefing keeps, so those travel in forms it does
have (docs/refi-qda.md lists them for colleagues in other tools):

- article metadata, the source reliability grade and the chain of custody: **variables** of the
  source (`Variable`/`VariableValue`, type Text), one per field, named below;
- the information credibility grade of a passage: the first line of its selection's
  **Description** ("Credibility (Admiralty 1-6): 2 - probably true");
- "this passage corroborates that one": a one-way **Link** named "corroborates" from the one
  selection to the other;
- a theme's suggestion keywords: a **Note** named "Suggestion keywords: THEME" referenced from
  its code; the handling line: a project Note named "Handling"; the summary: the project's
  Description.

GUIDs are derived from what they name (UUID 5), so exporting a project twice gives the same
GUIDs and a tool re-importing the file can recognise what it has seen before.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

from briefing.core.grading import CREDIBILITY

SUFFIX = ".qdpx"
PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources"
INTERNAL = "internal://"
NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
ORIGIN_PREFIX = "Briefing Builder"

CORROBORATES = "corroborates"
KEYWORDS_NOTE = "Suggestion keywords: "
HANDLING_NOTE = "Handling"

_GUID_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://briefingbuilder.github.io/refi-qda/project"
)
_NAMESPACE_BYTES = _GUID_NAMESPACE.bytes


def guid(kind: str, *parts: object) -> str:
    """A GUID for a `kind` of element ("source", "selection", ...) named by `parts`: the UUID 5
    of that name, computed without `uuid.UUID` objects (an export makes tens of thousands)."""
    name = "\x1f".join([kind, *map(str, parts)]).encode("utf-8", "surrogatepass")
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, slots=True)
class SourceVariable:
    field: str  # the Article field it carries ("pages" and "original" are special)
    name: str  # the variable's name, as the other tool shows it
    description: str


SOURCE_VARIABLES = (
    SourceVariable("outlet", "Outlet", "The publication or site the article appeared in."),
    SourceVariable("author", "Author", "Who wrote the article."),
    SourceVariable("published", "Published", "When it was published (ISO 8601)."),
    SourceVariable(
        "reliability", "Source reliability (Admiralty A-F)",
        "A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, "
        "E unreliable, F reliability cannot be judged.",
    ),
    SourceVariable("source_file", "Source file", "The file the article was read from."),
    SourceVariable("source_url", "Source address", "The web address it was fetched from."),
    SourceVariable("final_url", "Final address", "The address after redirects."),
    SourceVariable("retrieved", "Retrieved (UTC)", "When the file was read or the page fetched."),
    SourceVariable(
        "sha256", "SHA-256 of the original", "Hash of the exact bytes the text was read from."
    ),
    SourceVariable("reader", "Read by", "The reader (and version) that made the text."),
    SourceVariable("view", "Reading", "“page” when a web page was read whole."),
    SourceVariable("encoding", "Encoding", "The text encoding the original was decoded from."),
    SourceVariable(
        "pages", "Page starts", "Where each page of a paged source starts, in characters."
    ),
    SourceVariable(
        "original", "Original file", "The original in this archive (internal://GUID.ext)."
    ),
)  # fmt: skip
VARIABLE_BY_NAME = {v.name.casefold(): v for v in SOURCE_VARIABLES}
# A source carrying this variable was written by Briefing Builder (or kept its variables), so
# its other fields are trusted as they are rather than guessed from the text.
MARKER_FIELD = "reliability"


def credibility_line(grade: int) -> str:
    return f"Credibility (Admiralty 1-6): {grade} - {CREDIBILITY[grade]}"


_CREDIBILITY = re.compile(r"\s*Credibility \(Admiralty 1-6\):\s*([1-6])\b[^\n]*\n?")


def split_credibility(description: str) -> tuple[int | None, str]:
    """The credibility grade a selection's description starts with, if any, and the rest."""
    found = _CREDIBILITY.match(description)
    if found is None:
        return None, description.strip()
    return int(found.group(1)), description[found.end() :].strip()


def format_pages(pages: tuple[int, ...]) -> str:
    return " ".join(map(str, pages))


def parse_pages(value: str) -> tuple[int, ...] | None:
    """Page starts written by `format_pages`, or None if the value is not a list of numbers."""
    parts = value.split()
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)
