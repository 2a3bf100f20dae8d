"""Read an article file into an `ImportedArticle`, or refuse it with a reason the user can act on.

Each format has its own reader module (bytes in, text and format metadata out); this module
checks the file, picks the reader and fills any metadata the format lacked from the text. Every
article keeps the exact bytes it was read from, which reader made its text, and how, so the
reading can be checked or redone later (`read_again`).
Bad input only ever raises `ImportRefused`, so the GUI needs one `except` for a whole batch.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from briefing.core.records import Article, ImportedArticle
from briefing.core.text import normalise_text
from briefing.importers.docx_source import read_docx
from briefing.importers.errors import ContentRefused, ImportRefused
from briefing.importers.extracted import Extracted
from briefing.importers.markdown_source import read_markdown
from briefing.importers.metadata import sniff
from briefing.importers.mhtml_source import read_mhtml
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions
from briefing.importers.pdf_source import read_pdf
from briefing.importers.plain import read_plain
from briefing.importers.versions import own_reader
from briefing.importers.web_page import read_web_page

__all__ = [
    "MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ImportRefused", "ReadOptions", "read_again",
    "read_article", "read_data",
]  # fmt: skip

MAX_FILE_BYTES = 32 * 1024 * 1024
Reader = Callable[[bytes, ReadOptions], Extracted]

# suffix -> (what the reader is called in an article's chain of custody, the reader)
_READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("plain text", read_plain),
    ".md": ("Markdown", read_markdown),
    ".markdown": ("Markdown", read_markdown),
    ".html": ("web page", read_web_page),
    ".htm": ("web page", read_web_page),
    ".xhtml": ("web page", read_web_page),
    ".mhtml": ("web page capture", read_mhtml),
    ".mht": ("web page capture", read_mhtml),
    ".docx": ("Word", lambda data, _options: read_docx(data)),
    ".pdf": ("PDF", lambda data, _options: read_pdf(data)),
}
SUPPORTED_SUFFIXES = tuple(_READERS)
_SUPPORTED_HINT = "use .txt, .md, .html, .mhtml, .docx or .pdf"
_MEGABYTE = 1024 * 1024


def read_article(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportedArticle:
    """Read one article file; raise `ImportRefused` for anything that is not a readable article."""
    path = Path(path)
    _reader_for(path)
    data = _read_bytes(path)
    try:
        return read_data(data, path.name, options)
    except ContentRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal


def read_data(
    data: bytes, name: str, options: ReadOptions = DEFAULT_OPTIONS, source_url: str = "",
    final_url: str = "", retrieved: str = "",
) -> ImportedArticle:  # fmt: skip
    """Read the bytes of a file called `name` (its suffix picks the reader), from a folder or
    fetched from `source_url`; raise `ContentRefused` when they are no readable article."""
    kind, reader = _reader_for(Path(name))
    extracted = reader(data, options)
    text, pages = _normalised(extracted.text, extracted.pages)
    if not text.strip():
        raise ContentRefused("it contains no readable text")
    sniffed = sniff(text)
    return ImportedArticle(
        text=text,
        title=extracted.title or sniffed.title or Path(name).stem,
        source_file=name,
        outlet=extracted.outlet or sniffed.outlet,
        author=extracted.author or sniffed.author,
        published=extracted.published or sniffed.published,
        pages=pages,
        original=data,
        source_url=source_url or extracted.url,
        final_url=final_url or source_url or extracted.url,
        retrieved=retrieved or datetime.now(UTC).isoformat(timespec="seconds"),
        reader=extracted.reader or own_reader(kind),
        view=extracted.view,
        encoding=extracted.encoding,
        notes=extracted.notes,
    )


def read_again(
    article: Article, original: bytes, options: ReadOptions | None = None
) -> ImportedArticle:
    """Read an article's kept original again: as it was first read (to check it gives the same
    text), or with other options (the full page, another encoding). The result carries no
    bytes: the original it came from is already kept."""
    if options is None:
        options = ReadOptions(view=article.view, encoding=article.encoding)
    imported = read_data(original, article.source_file, options, article.source_url,
                         article.final_url, article.retrieved)  # fmt: skip
    return _without_original(imported)


def _without_original(imported: ImportedArticle) -> ImportedArticle:
    from dataclasses import replace

    return replace(imported, original=b"")


def _normalised(text: str, pages: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """`normalise_text`, keeping the page starts of a paged source on their pages."""
    if not pages:
        return normalise_text(text), ()
    bounds = [*pages, len(text)]
    # Only the very start can hold a byte-order mark; line ends are folded page by page.
    parts = [normalise_text(text[bounds[i] : bounds[i + 1]]) for i in range(len(pages))]
    starts, position = [], 0
    for part in parts:
        starts.append(position)
        position += len(part)
    return "".join(parts), tuple(starts)


def _reader_for(path: Path) -> tuple[str, Reader]:
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
