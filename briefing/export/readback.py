"""Read an exported briefing back: its quotes with their citations, and its sources list.

The counterpart of the writers, used by the verifier. It reads what a reader sees (the
rendered Markdown, the Word paragraphs), not the app's own data, so it checks the real file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

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
    """Quotes and sources by paragraph style, the body's paragraphs read one by one as the
    main part is parsed (and let go): python-docx would hold the whole body as a tree (two
    gigabytes for 100,000 passages) and its `Paragraph.style` and `.text` run XPath queries.
    The parts are found as python-docx finds them, through the package's relationships."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main = _related(archive, "_rels/.rels", "", _OFFICE_DOCUMENT)
        folder = main.rpartition("/")[0]
        rels = f"{folder}/_rels/{main.rpartition('/')[2]}.rels" if folder else f"_rels/{main}.rels"
        names = _style_names(archive, _related(archive, rels, folder, _STYLES_PART, main))
        quotes: list[ExportedQuote] = []
        sources: list[ExportedSource] = []
        pending: str | None = None  # the text of a quote whose citation comes next
        with archive.open(main) as stream:
            for count, (_, element) in enumerate(etree.iterparse(
                stream, events=("end",), tag=_PARAGRAPH, resolve_entities=False
            )):  # fmt: skip
                body = element.getparent()
                if body is None or body.tag != _BODY:
                    continue  # a paragraph inside a table or a text box
                style = names.get(_style_id(element), "")
                if pending is not None:
                    source, grade = _citation(_text(element))
                    quotes.append(ExportedQuote(len(quotes) + 1, pending, source, grade))
                    pending = None
                if style in ("Quote", "Intense Quote"):
                    pending = _text(element)
                elif style == "List Number":
                    sources.append(_docx_source(element, len(sources) + 1))
                # What is read is let go (what follows may be parsed): each paragraph's
                # content at once (freeing it is quicker than moving it out of the tree),
                # the emptied paragraphs now and then.
                element.clear()
                if count % _LET_GO == 0:
                    del body[: body.index(element)]
        if pending is not None:
            quotes.append(ExportedQuote(len(quotes) + 1, pending, None, None))
    return ExportedBriefing(tuple(quotes), tuple(sources))


_NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_STYLES_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_PARAGRAPH, _BODY = f"{{{_NS_W}}}p", f"{{{_NS_W}}}body"
_RUN, _LINK, _TEXT, _TAB = qn("w:r"), qn("w:hyperlink"), qn("w:t"), qn("w:tab")
_PROPERTIES, _STYLE, _VALUE = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_RUN_PROPERTIES, _BOLD = qn("w:rPr"), qn("w:b")
_PARSER = etree.XMLParser(resolve_entities=False)
_LET_GO = 256  # body paragraphs read between two letting go of those read


def _related(
    archive: zipfile.ZipFile, rels: str, folder: str, kind: str, owner: str = "package"
) -> str:
    """The part a relationships part points to with a relationship of `kind`."""
    root = etree.fromstring(archive.read(rels), _PARSER)
    for relationship in root.iter(f"{{{_NS_RELS}}}Relationship"):
        if relationship.get("Type") == kind and relationship.get("TargetMode") != "External":
            target = relationship.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            return posixpath.normpath(path).lstrip("/")
    raise KeyError(f"{owner} has no {kind.rsplit('/', 1)[-1]} part")


def _style_names(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    root = etree.fromstring(archive.read(part), _PARSER)
    names = {}
    for style in root.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            names[style.get(qn("w:styleId"), "")] = name.get(_VALUE, "")
    return names


def _style_id(paragraph: etree._Element) -> str:
    # The schema puts the properties first in a paragraph, and the style first in them.
    if len(paragraph) and paragraph[0].tag == _PROPERTIES:
        for child in paragraph[0]:
            if child.tag == _STYLE:
                return str(child.get(_VALUE, ""))
    return ""


_BREAKS = frozenset({qn("w:br"), qn("w:cr")})


def _text(paragraph: etree._Element, runs: Iterable[etree._Element] | None = None) -> str:
    """What python-docx's `Paragraph.text` gives (runs, and runs inside hyperlinks; tabs and
    breaks as characters), read in one pass; or the text of the `runs` given."""
    parts: list[str] = []
    for run in runs if runs is not None else _runs(paragraph):
        for item in run:
            if item.tag == _TEXT:
                parts.append(item.text or "")
            elif item.tag == _TAB:
                parts.append("\t")
            elif item.tag in _BREAKS:
                parts.append("\n")
    return "".join(parts)


def _runs(paragraph: etree._Element) -> Iterator[etree._Element]:
    for child in paragraph:
        if child.tag == _RUN:
            yield child
        elif child.tag == _LINK:
            yield from child.iterchildren(_RUN)


def _docx_source(paragraph: etree._Element, position: int) -> ExportedSource:
    number = position
    for mark in paragraph.iter(qn("w:bookmarkStart")):
        found = _SOURCE_BOOKMARK.match(mark.get(qn("w:name"), ""))
        if found:
            number = int(found.group(1))
    title = _text(paragraph, _leading_bold(paragraph.iterchildren(_RUN)))
    rest = _text(paragraph)[len(title) :]
    return _source(number, title, rest)


def _leading_bold(runs: Iterable[etree._Element]) -> list[etree._Element]:
    """The paragraph's own runs in bold from its start (python-docx's `run.bold` is True)."""
    bold = []
    for run in runs:
        properties = run.find(_RUN_PROPERTIES)
        mark = properties.find(_BOLD) if properties is not None else None
        if mark is None or mark.get(_VALUE, "true").lower() in ("0", "false", "off", "none"):
            break
        bold.append(run)
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
