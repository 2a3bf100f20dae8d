"""Read an exported briefing back: its quotes with their citations, and its sources list.

The counterpart of the writers, used by the verifier. It reads what a reader sees (the
rendered Markdown, the Word paragraphs), not the app's own data, so it checks the real file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from docx.oxml.ns import qn
from docx.styles import BabelFish
from lxml import etree
from lxml.etree import _Element as BaseOxmlElement

from briefing.core.errors import ProjectError
from briefing.importers.bounded import (
    FileRefused,
    check_zip_directory,
    read_file,
    unpacked_members,
)
from briefing.importers.markdown_source import (
    MAX_MARKUP_WEIGHT,
    feed_rendering,
    markup_weight,
    render,
)

# "— Trend, 14 June 2024 [1, B2]": the citation line under every quote.
CITATION = re.compile(r"\[(\d+)(?:,\s*([A-F][1-6]))?\]\s*$")
_FILE = re.compile(r"File:\s*(.+?)\s*$")
_ADDRESS = re.compile(r"Address:\s*(\S+)\s*$")
_SOURCE_BOOKMARK = re.compile(r"_Source(\d+)$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
MAX_EXPORT_BYTES = 512 * 1024 * 1024  # a briefing of 200,000 passages is about 100 MB
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024


class ReadBackError(ProjectError):
    """A file that cannot be read as a briefing export; the message names it."""


@dataclass(frozen=True, slots=True)
class ExportedQuote:
    number: int  # position among the export's quotes, from 1
    text: str
    source: int | None  # the cited source number, None when no citation follows the quote
    grade: str | None  # "B2", when the citation carries one


@dataclass(frozen=True, slots=True)
class ExportedSource:
    number: int
    title: str
    source_file: str
    address: str = ""  # the web address a fetched source names instead of a file


@dataclass(frozen=True, slots=True)
class ExportedBriefing:
    quotes: tuple[ExportedQuote, ...]
    sources: tuple[ExportedSource, ...]


def read_export(path: Path) -> ExportedBriefing:
    """The quotes and sources of the export at `path`. The file is untrusted: it is read
    through the bounded reader, a Word file's unpacking is counted, and Markdown is parsed by
    cmark, which is linear in its input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".md", ".markdown"):
        raise ReadBackError(f"{path}: not a briefing export (use a .docx or .md file)")
    try:
        data = read_file(path, MAX_EXPORT_BYTES)
        if suffix == ".docx":
            check_zip_directory(data)
            unpacked_members(data, MAX_UNPACKED_BYTES)
            return _read_docx(data)
        return _read_markdown(data.decode("utf-8"))
    except FileRefused as refused:
        raise ReadBackError(f"{path}: could not be read as a briefing: {refused.reason}") from None
    except (UnicodeDecodeError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as error:  # fmt: skip
        raise ReadBackError(f"{path}: could not be read as a briefing ({error})") from error


def _citation(text: str) -> tuple[int | None, str | None]:
    match = CITATION.search(text.strip())
    if match is None or not text.strip().startswith("—"):
        return None, None
    return int(match.group(1)), match.group(2)


def _source(number: int, title: str, rest: str) -> ExportedSource:
    found, address = _FILE.search(rest), _ADDRESS.search(rest)
    return ExportedSource(
        number, " ".join(title.split()), found.group(1) if found else "",
        address.group(1) if address else "",
    )  # fmt: skip


# ----- Word ---------------------------------------------------------------------------------


def _read_docx(data: bytes) -> ExportedBriefing:
    """Quotes and sources by paragraph style, read paragraph by paragraph as the document's
    XML streams past: a tree of a 100,000-passage briefing held 2 GB (python-docx's own
    `Paragraph.style` and `.text` also ran XPath queries that took most of ten minutes on
    200,000 passages). The package is the one python-docx would open: its main part and
    styles found through the relationships, entities never resolved."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        main = _related(package, "_rels/.rels", "officeDocument", "")
        names = _style_names(package, _related(package, _rels_of(main), "styles", _folder(main)))
        quotes: list[ExportedQuote] = []
        sources: list[ExportedSource] = []
        waiting: BaseOxmlElement | None = None  # a quote, until the paragraph after it is read
        with package.open(main) as stream:
            for element in _body_paragraphs(stream):
                if waiting is not None:
                    quotes.append(_quote(waiting, element, len(quotes) + 1))
                    waiting = None
                style = names.get(_style_id(element), "")
                if style in ("Quote", "Intense Quote"):
                    waiting = element
                    continue
                if style == "List Number":
                    sources.append(_docx_source(element, len(sources) + 1))
                _drop(element)
        if waiting is not None:
            quotes.append(_quote(waiting, None, len(quotes) + 1))
    return ExportedBriefing(tuple(quotes), tuple(sources))


def _quote(
    element: BaseOxmlElement, following: BaseOxmlElement | None, number: int
) -> ExportedQuote:
    source, grade = _citation(_text(following) if following is not None else "")
    quote = ExportedQuote(number, _text(element), source, grade)
    _drop(element)
    return quote


_SAFE_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": True}
_BODY = qn("w:body")


def _body_paragraphs(stream: IO[bytes]) -> Iterator[BaseOxmlElement]:
    """The body's paragraphs, each whole, in order (tables and the like are passed by)."""
    for _, element in etree.iterparse(stream, events=("end",), tag=_PARAGRAPH, **_SAFE_XML):
        parent = element.getparent()
        if parent is not None and parent.tag == _BODY:
            yield element


def _drop(element: BaseOxmlElement) -> None:
    """Forget a paragraph once read (and the emptied ones before it), so memory stays flat."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _related(package: zipfile.ZipFile, rels: str, kind: str, folder: str) -> str:
    """The part a relationship of `kind` in the `rels` part points to (KeyError if none)."""
    root = etree.fromstring(package.read(rels), etree.XMLParser(**_SAFE_XML))
    for relation in root.iter(_RELATIONSHIP):
        if relation.get("Type") == _TYPES + kind:
            target = posixpath.normpath(posixpath.join(folder, relation.get("Target", "")))
            return target.lstrip("/")
    raise KeyError(f"no {kind} part")


def _folder(part: str) -> str:
    return posixpath.dirname(part)


def _rels_of(part: str) -> str:
    return posixpath.join(_folder(part), "_rels", posixpath.basename(part) + ".rels")


def _style_names(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    root = etree.fromstring(package.read(part), etree.XMLParser(**_SAFE_XML))
    names = {}
    for style in root.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            # python-docx's names for Word's built-in styles ("heading 1" is "Heading 1")
            names[style.get(qn("w:styleId"), "")] = _ui_name(name.get(qn("w:val"), ""))
    return names


def _ui_name(name: str) -> str:
    return BabelFish.internal2ui(name)


_PARAGRAPH, _RUN = qn("w:p"), qn("w:r")
_TEXT, _TAB = qn("w:t"), qn("w:tab")
_VALUE = qn("w:val")
_RUN_PROPERTIES, _BOLD = qn("w:rPr"), qn("w:b")


_PROPERTIES, _STYLE = qn("w:pPr"), qn("w:pStyle")


def _style_id(paragraph: BaseOxmlElement) -> str:
    # Direct child access: find() parses its path on every call (5 us a paragraph).
    for properties in paragraph:
        if properties.tag == _PROPERTIES:
            for style in properties:
                if style.tag == _STYLE:
                    return str(style.get(_VALUE, ""))
        return ""  # properties, when there are any, come first
    return ""


_BREAKS = frozenset({qn("w:br"), qn("w:cr")})
_READ = (_TEXT, _TAB, *_BREAKS)


def _text(element: BaseOxmlElement) -> str:
    """What python-docx's `Paragraph.text` (or `Run.text`) gives: the text, tabs and breaks
    as characters, read in one pass over the element's text, tab and break elements."""
    parts: list[str] = []
    for item in element.iter(*_READ):
        if item.tag == _TEXT:
            parts.append(item.text or "")
        else:
            parts.append("\t" if item.tag == _TAB else "\n")
    return "".join(parts)


def _docx_source(paragraph: BaseOxmlElement, position: int) -> ExportedSource:
    number = position
    for mark in paragraph.iter(qn("w:bookmarkStart")):
        found = _SOURCE_BOOKMARK.match(mark.get(qn("w:name"), ""))
        if found:
            number = int(found.group(1))
    title = "".join(_leading_bold(paragraph))
    rest = _text(paragraph)[len(title) :]
    return _source(number, title, rest)


def _leading_bold(paragraph: BaseOxmlElement) -> list[str]:
    """The text of the paragraph's first runs that are bold (python-docx's `Run.bold`)."""
    bold = []
    for run in paragraph.iterchildren(_RUN):
        properties = run.find(_RUN_PROPERTIES)
        mark = properties.find(_BOLD) if properties is not None else None
        if mark is None or mark.get(_VALUE, "true").lower() in ("0", "false", "off"):
            break
        bold.append(_text(run))
    return bold


# ----- Markdown -----------------------------------------------------------------------------


def _read_markdown(text: str) -> ExportedBriefing:
    """Rendered block by block (an export puts a blank line between blocks), so cmark's memory
    follows the largest block, not the file; a block with more markup than cmark is given on
    import is read as a plain paragraph."""
    parser = _BriefingHtml()
    for block in _BLANK_LINES.split(text):
        if markup_weight(block) > MAX_MARKUP_WEIGHT:
            parser.handle_starttag("p", [])
            parser.handle_data(block)
            parser.handle_endtag("p")
        elif block.strip():
            feed_rendering(render(block), parser, keep_inline=True)
    parser.close()
    quotes: list[ExportedQuote] = []
    for index, (kind, body) in enumerate(parser.blocks):
        if kind != "blockquote":
            continue
        following = parser.blocks[index + 1][1] if index + 1 < len(parser.blocks) else ""
        source, grade = _citation(following)
        quotes.append(ExportedQuote(len(quotes) + 1, body, source, grade))
    sources = [_source(n, title, rest) for n, (title, rest) in enumerate(parser.sources, 1)]
    return ExportedBriefing(tuple(quotes), tuple(sources))


class _BriefingHtml(HTMLParser):
    """Top-level blocks in order (blockquote bodies and paragraphs as text), and the items of
    the list under the "Sources" heading as (bold title, rest)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.sources: list[tuple[str, str]] = []
        self._depth = 0  # inside a top-level block
        self._kind = ""
        self._text: list[str] = []
        self._heading = ""
        self._in_item = False
        self._in_bold = False
        self._title: list[str] = []
        self._item: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0 and tag in ("p", "blockquote", "h1", "h2", "h3", "ol", "ul"):
            self._kind, self._text = tag, []
        if tag in ("p", "blockquote", "h1", "h2", "h3", "ol", "ul", "li"):
            self._depth += 1
        if tag == "p" and self._kind == "blockquote" and self._text:
            self._text.append("\n\n")
        if tag == "br":
            self._text.append("\n")
        if tag == "li" and self._heading == "Sources":
            self._in_item, self._title, self._item = True, [], []
        if tag == "strong" and self._in_item and not self._item:
            self._in_bold = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self._in_bold = False
        if tag == "li" and self._in_item:
            self._in_item = False
            self.sources.append(("".join(self._title), "".join(self._item)))
        if tag in ("p", "blockquote", "h1", "h2", "h3", "ol", "ul", "li"):
            self._depth -= 1
            if self._depth == 0:
                text = "".join(self._text)
                if self._kind in ("h1", "h2", "h3"):
                    self._heading = text.strip()
                self.blocks.append((self._kind, text))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)
        if self._in_item:
            (self._title if self._in_bold else self._item).append(data)
