"""Word documents (.docx): body paragraphs and table text, in reading order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefing.importers.errors import ContentRefused
from briefing.importers.extracted import Extracted

# A .docx is a zip; a small one that inflates to gigabytes would exhaust memory in python-docx.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_WORD = "it is not a valid Word document"


def read_docx(data: bytes) -> Extracted:
    document = _open(data)
    try:
        paragraphs = [text for text in _texts(document.iter_inner_content()) if text.strip()]
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
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ContentRefused(_NOT_WORD) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ContentRefused(
            f"it unpacks to {unpacked / 1024 / 1024:.0f} MB, more than a Word article could hold"
        )


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
