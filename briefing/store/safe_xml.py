"""Parse XML that came from someone else's tool: no DTDs, no entities, no fetches, no bombs.

Exchange files (REFI-QDA codebooks and projects) never need a document type declaration, and
a DTD is how entity-expansion bombs ("billion laughs") and external entities (reading local
files, fetching URLs) get in. So anything declaring one is refused before it is parsed, and
what is left is parsed by expat through ElementTree, which never fetches anything.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NoReturn
from xml.parsers import expat

_UTF8_BOM = b"\xef\xbb\xbf"
DECLARATIONS_REFUSED = "contains a DTD or entity declarations, which exchange files never need"


class XmlRefused(Exception):
    """The bytes are not XML we accept; `reason` completes "FILE ..." for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_untrusted(data: bytes) -> ET.Element:
    """The root element of `data`, or XmlRefused saying why not."""
    data = _without_leading_noise(data)
    _refuse_declarations(data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise XmlRefused(f"is not well-formed XML ({error})") from None


def _without_leading_noise(data: bytes) -> bytes:
    """Drop UTF-8 byte-order marks and blank space before the first tag: some tools write a BOM
    (sometimes two, after re-saving) or a newline before `<?xml`, which XML itself forbids."""
    start = 0
    while True:
        if data.startswith(_UTF8_BOM, start):
            start += len(_UTF8_BOM)
        elif data[start : start + 1] in (b" ", b"\t", b"\r", b"\n"):
            start += 1
        else:
            break
    if start and data[start : start + 1] == b"<":
        return data[start:]
    return data


def _refuse_declarations(data: bytes) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XmlRefused(DECLARATIONS_REFUSED)
    # The byte check misses other encodings (UTF-16); expat sees the decoded document and stops
    # at the DOCTYPE, before any entity is declared or expanded.
    scanner = expat.ParserCreate()

    def refuse(*_: object) -> NoReturn:
        raise XmlRefused(DECLARATIONS_REFUSED)

    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse
    try:
        scanner.Parse(data, True)
    except expat.ExpatError as error:
        raise XmlRefused(f"is not well-formed XML ({error})") from None


def local_name(tag: str) -> str:
    """`Code` for `{urn:QDA-XML:project:1.0}Code` (and for `Code`)."""
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""
