"""Read an article file into an `ImportedArticle`, or refuse it with a reason the user can act on.

Each format has its own reader module (bytes in, text and format metadata out); this module
checks the file, picks the reader and fills any metadata the format lacked from the text. Every
article keeps the exact bytes it was read from, which reader made its text, and how, so the
reading can be checked or redone later (`read_again`).
Bad input only ever raises `ImportRefused`, so the GUI needs one `except` for a whole batch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from briefing.core.records import Article, ImportedArticle
from briefing.core.text import normalise_text, shorten
from briefing.importers.bounded import FileRefused, read_file
from briefing.importers.errors import ContentRefused, ImportRefused
from briefing.importers.extracted import Extracted
from briefing.importers.metadata import sniff
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions
from briefing.importers.plain import read_plain
from briefing.importers.versions import own_reader
from briefing.store import limits

__all__ = [
    "MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ImportRefused", "ReadOptions", "read_again",
    "read_article", "read_data",
]  # fmt: skip

MAX_FILE_BYTES = 32 * 1024 * 1024
Reader = Callable[[bytes, ReadOptions], Extracted]


def _later(module: str, name: str, takes_options: bool = True) -> Reader:
    """A reader that loads its module (and its libraries) when first used: starting the window
    or reading text files never waits for the PDF, Word or web-page readers."""

    def read(data: bytes, options: ReadOptions) -> Extracted:
        found = getattr(importlib.import_module(f"briefing.importers.{module}"), name)
        return cast(Extracted, found(data, options) if takes_options else found(data))

    return read


read_markdown = _later("markdown_source", "read_markdown")
read_web_page = _later("web_page", "read_web_page")
read_mhtml = _later("mhtml_source", "read_mhtml")
read_docx = _later("docx_source", "read_docx", takes_options=False)
read_pdf = _later("pdf_source", "read_pdf", takes_options=False)

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
    ".docx": ("Word", read_docx),
    ".pdf": ("PDF", read_pdf),
}
SUPPORTED_SUFFIXES = tuple(_READERS)
_SUPPORTED_HINT = "use .txt, .md, .html, .mhtml, .docx or .pdf"


def read_article(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> ImportedArticle:
    """Read one article file; raise `ImportRefused` for anything that is not a readable article.

    Only a regular file is read, and never more than MAX_FILE_BYTES of it (looked up now, so
    tests can lower it).
    """
    path = Path(path)
    _reader_for(path)
    try:
        data = read_file(path, MAX_FILE_BYTES)
    except FileRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal
    if not data:
        raise ImportRefused(path, "the file is empty")
    try:
        return read_data(data, path.name, options)
    except ContentRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal


def read_data(
    data: bytes, name: str, options: ReadOptions = DEFAULT_OPTIONS, source_url: str = "",
    final_url: str = "", retrieved: str = "",
) -> ImportedArticle:  # fmt: skip
    """Read the bytes of a file called `name` (its suffix picks the reader), from a folder or
    fetched from `source_url`; raise `ContentRefused` when they are no readable article.

    Metadata longer than a project can hold is shortened, with a note in `notes`; text longer
    than an article can hold refuses the file (see `briefing.store.limits`).
    """
    kind, reader = _reader_for(Path(name))
    extracted = reader(data, options)
    text, pages = _normalised(extracted.text, extracted.pages)
    if not text.strip():
        raise ContentRefused("it contains no readable text")
    longest = limits.limit_of("articles", "text")
    if len(text) > longest:
        raise ContentRefused(
            f"its text is {len(text):,} characters long; an article holds at most {longest:,}"
        )
    for address in (source_url, final_url, extracted.url):
        if len(address) > limits.limit_of("articles", "source_url"):
            raise ContentRefused("its web address is too long to keep")
    sniffed = sniff(text)
    notes = list(extracted.notes)
    title = _fit(extracted.title or sniffed.title or Path(name).stem, "title", notes)
    source_file = _fit(name, "source_file", notes)
    outlet = _fit(extracted.outlet or sniffed.outlet, "outlet", notes)
    author = _fit(extracted.author or sniffed.author, "author", notes)
    published = extracted.published or sniffed.published
    if published and len(published) > limits.limit_of("articles", "published"):
        published = None  # a date cut short is no date
        notes.append("the date was too long to be a date and was left out")
    return ImportedArticle(
        text=text,
        title=title,
        source_file=source_file,
        outlet=outlet,
        author=author,
        published=published,
        pages=pages,
        original=data,
        source_url=source_url or extracted.url,
        final_url=final_url or source_url or extracted.url,
        retrieved=retrieved or datetime.now(UTC).isoformat(timespec="seconds"),
        reader=extracted.reader or own_reader(kind),
        view=extracted.view,
        encoding=extracted.encoding,
        notes=tuple(notes),
    )


def _fit(value: str, column: str, notes: list[str]) -> str:
    limit = limits.limit_of("articles", column)
    if len(value) <= limit:
        return value
    what = column.replace("_", " ").replace("source file", "file name")
    notes.append(f"the {what} was shortened from {len(value):,} to {limit:,} characters")
    return shorten(value, limit)


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
