"""Word documents (.docx): body paragraphs and table text, in reading order."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefing.importers.bounded import FileRefused, check_zip_directory, unpacked_members
from briefing.importers.errors import ContentRefused
from briefing.importers.extracted import Extracted

# A .docx is a zip; what it unpacks to is counted while unpacking (a zip's directory may lie),
# and a file that inflates past this is refused before python-docx holds it all in memory.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_WORD = "it is not a valid Word document"
# Word never writes a DTD. With one, entity references stay unexpanded (safely) in the parsed
# XML, and python-docx then silently drops the text after each of them.
_DTD = tuple("<!DOCTYPE".encode(encoding) for encoding in ("ascii", "utf-16-le", "utf-16-be"))
_DTD_REASON = "it declares XML entities (a DTD), which Word documents never hold; refused"


def read_docx(data: bytes) -> Extracted:
    document = _open(data)
    try:
        paragraphs = [text for text in _texts(document.iter_inner_content()) if text.strip()]
        title = author = ""
        if _has_core_properties(document):
            # Without them python-docx makes up a title, "Word Document".
            properties = document.core_properties
            title, author = (properties.title or "").strip(), (properties.author or "").strip()
    except Exception as error:
        # python-docx lets through whatever zipfile, lxml or its own package reader raise
        # for a damaged file (KeyError, ValueError, XMLSyntaxError, ...), with no common base.
        raise ContentRefused(_NOT_WORD) from error
    return Extracted(text="\n\n".join(paragraphs), title=title, author=author)


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the document in reading order, empty ones included: the text as
    another tool's plain-text view of it has one line per paragraph."""
    document = _open(data)
    try:
        return list(_texts(document.iter_inner_content()))
    except Exception as error:  # as in read_docx
        raise ContentRefused(_NOT_WORD) from error


def _open(data: bytes) -> Document:
    _check_container(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # as in read_docx
        raise ContentRefused(_NOT_WORD) from error


def _check_container(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise ContentRefused(
            f"{_NOT_WORD} (it may be an old .doc file or password-protected; "
            "save it from Word as .docx first)"
        )
    try:
        check_zip_directory(data)
        unpacked_members(data, MAX_UNPACKED_BYTES, _DTD, _DTD_REASON)
    except FileRefused as refused:
        damaged = refused.reason.startswith("it is a damaged")
        raise ContentRefused(_NOT_WORD if damaged else refused.reason) from refused


def _has_core_properties(document: Document) -> bool:
    try:
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        return False
    return True


def _texts(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        # Merged cells come back once per grid position they cover; read each once. The dict
        # holds the elements so their ids cannot be reused while the table is being read.
        seen: dict[int, object] = {}
        for row in block.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen[id(cell._tc)] = cell._tc
                    yield from _texts(cell.iter_inner_content())
