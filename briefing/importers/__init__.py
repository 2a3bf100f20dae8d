"""Read an article file into an `ImportedArticle`, or refuse it with a reason the user can act on.

Each format has its own reader module (bytes in, text and format metadata out); this module
checks the file, picks the reader and fills any metadata the format lacked from the text.
Bad input only ever raises `ImportRefused`, so the GUI needs one `except` for a whole batch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.core.text import normalise_text, shorten
from briefing.importers.bounded import FileRefused, read_file
from briefing.importers.docx_source import read_docx
from briefing.importers.errors import ContentRefused, ImportRefused
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import read_html
from briefing.importers.markdown_source import read_markdown
from briefing.importers.metadata import sniff
from briefing.importers.plain import read_plain
from briefing.store import limits

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ImportRefused", "read_article"]

MAX_FILE_BYTES = 32 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")

_READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".txt": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
}
_SUPPORTED_HINT = "use .txt, .md, .html or .docx"


def read_article(path: Path) -> ImportedArticle:
    """Read one article file; raise `ImportRefused` for anything that is not a readable article.

    Metadata longer than a project can hold is shortened, with a note in `notes`; text longer
    than an article can hold refuses the file.
    """
    path = Path(path)
    reader = _reader_for(path)
    try:
        data = read_file(path, MAX_FILE_BYTES)  # looked up now, so tests can lower it
    except FileRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal
    if not data:
        raise ImportRefused(path, "the file is empty")
    try:
        extracted = reader(data)
    except ContentRefused as refusal:
        raise ImportRefused(path, refusal.reason) from refusal
    text = normalise_text(extracted.text)
    if not text.strip():
        raise ImportRefused(path, "it contains no readable text")
    longest = limits.limit_of("articles", "text")
    if len(text) > longest:
        raise ImportRefused(
            path, f"its text is {len(text):,} characters long; an article holds at most {longest:,}"
        )
    sniffed = sniff(text)
    notes = list(extracted.notes)
    fields = {
        "title": extracted.title or sniffed.title or path.stem,
        "source_file": path.name,
        "outlet": extracted.outlet or sniffed.outlet,
        "author": extracted.author or sniffed.author,
    }
    for name, value in fields.items():
        fields[name] = _fit(value, name, notes)
    published = extracted.published or sniffed.published
    if published and len(published) > limits.limit_of("articles", "published"):
        published = None  # a date cut short is no date
        notes.append("the date was too long to be a date and was left out")
    return ImportedArticle(text=text, published=published, notes=tuple(notes), **fields)


def _fit(value: str, column: str, notes: list[str]) -> str:
    limit = limits.limit_of("articles", column)
    if len(value) <= limit:
        return value
    notes.append(
        f"the {column.replace('_', ' ')} was shortened from {len(value):,} to {limit:,} characters"
    )
    return shorten(value, limit)


def _reader_for(path: Path) -> Callable[[bytes], Extracted]:
    suffix = path.suffix.lower()
    if suffix in _READERS:
        return _READERS[suffix]
    if not suffix:
        reason = f"it has no file extension, so its type is unknown ({_SUPPORTED_HINT})"
    else:
        reason = f"files of type {suffix} are not supported ({_SUPPORTED_HINT})"
    raise ImportRefused(path, reason)
