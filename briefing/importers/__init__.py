"""Read an article file into an `ImportedArticle`, or refuse it with a reason the user can act on.

Each format has its own reader module (bytes in, text and format metadata out); this module
checks the file, picks the reader and fills any metadata the format lacked from the text.
Bad input only ever raises `ImportRefused`, so the GUI needs one `except` for a whole batch.
"""

from __future__ import annotations

import bisect
import re
import stat
from collections.abc import Callable
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.core.text import normalise_text
from briefing.importers.docx_source import read_docx
from briefing.importers.errors import ContentRefused, ImportRefused
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import read_html
from briefing.importers.markdown_source import read_markdown
from briefing.importers.metadata import sniff
from briefing.importers.pdf_source import read_pdf
from briefing.importers.plain import read_plain

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ImportRefused", "read_article"]

MAX_FILE_BYTES = 32 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

_READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".txt": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
_SUPPORTED_HINT = "use .txt, .md, .html, .docx or .pdf"
_MEGABYTE = 1024 * 1024


def read_article(path: Path) -> ImportedArticle:
    """Read one article file; raise `ImportRefused` for anything that is not a readable article."""
    path = Path(path)
    reader = _reader_for(path)
    data = _read_bytes(path)
    try:
        extracted = reader(data)
    except ContentRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal
    text = normalise_text(extracted.text)
    if not text.strip():
        raise ImportRefused(path, "it contains no readable text")
    sniffed = sniff(text)
    return ImportedArticle(
        text=text,
        title=extracted.title or sniffed.title or path.stem,
        source_file=path.name,
        outlet=extracted.outlet or sniffed.outlet,
        author=extracted.author or sniffed.author,
        published=extracted.published or sniffed.published,
        pages=_offsets_after_normalising(extracted.text, extracted.pages),
    )


_CRLF = re.compile("\r\n")


def _offsets_after_normalising(raw: str, offsets: tuple[int, ...]) -> tuple[int, ...]:
    """`offsets` into `raw`, moved to the same places in `normalise_text(raw)`, which drops
    a leading BOM and the CR of every CRLF (a lone CR becomes LF, keeping its place)."""
    if not offsets:
        return ()
    removed = [match.start() for match in _CRLF.finditer(raw)]
    bom = 1 if raw.startswith("\ufeff") else 0
    return tuple(
        offset - bisect.bisect_left(removed, offset) - (bom if offset > 0 else 0)
        for offset in offsets
    )


def _reader_for(path: Path) -> Callable[[bytes], Extracted]:
    suffix = path.suffix.lower()
    if suffix in _READERS:
        return _READERS[suffix]
    if not suffix:
        reason = f"it has no file extension, so its type is unknown ({_SUPPORTED_HINT})"
    else:
        reason = f"files of type {suffix} are not supported ({_SUPPORTED_HINT})"
    raise ImportRefused(path, reason)


def _read_bytes(path: Path) -> bytes:
    # Looked up at call time so tests (and a future setting) can lower the limit.
    limit = MAX_FILE_BYTES
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImportRefused(path, "it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # Opening a pipe or device could block for ever or never end.
            raise ImportRefused(path, "it is not a regular file")
        if info.st_size > limit:
            raise ImportRefused(path, _too_big(info.st_size, limit))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # one byte more tells us it grew past the limit
    except OSError as error:
        raise ImportRefused(path, _describe_os_error(error)) from error
    if len(data) > limit:
        raise ImportRefused(path, f"it is larger than the limit of {_megabytes(limit)}")
    if not data:
        raise ImportRefused(path, "the file is empty")
    return data


def _too_big(size: int, limit: int) -> str:
    return f"it is {_megabytes(size, exact=False)}; the limit is {_megabytes(limit)}"


def _megabytes(size: int, *, exact: bool = True) -> str:
    """A round limit reads "32 MB", a measured size "50.0 MB"; tiny test limits stay readable."""
    if exact and size % _MEGABYTE == 0:
        return f"{size // _MEGABYTE} MB"
    if size < _MEGABYTE // 10:
        return f"{size / _MEGABYTE:.2g} MB"
    return f"{size / _MEGABYTE:.1f} MB"


def _describe_os_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "the file does not exist (it may have been moved or deleted)"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, PermissionError):
        return "you do not have permission to read it"
    return f"it could not be read ({error.strerror or error})"
