"""Write the outline as a Word document built on Word's own styles.

Body paragraphs are generated as WordprocessingML text and written straight into the package
(`_stream_package`): python-docx's `add_paragraph(style=...)` resolves the style by name on
every call, builds each element through its proxies and looks for the section settings among
all the body's paragraphs (so adding them grows with their square), and its save serialises
the whole tree at once. Styles are looked up once per document; everything else (page setup,
header and footer, properties, settings) goes through python-docx's API.

What every quote or citation shares (spacing, indents, keeping a quote with its citation, the
citation's small grey type) is in its paragraph style, not repeated in each paragraph: the
document is 30 % smaller, and quicker to write and to read back. Only the bar in the theme's
colour is set quote by quote.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC
from typing import BinaryIO
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, Twips
from docx.text.paragraph import Paragraph

from briefing.core.collection import collection_paused
from briefing.core.text import shorten
from briefing.core.xml_text import xml_safe
from briefing.export.outline import (
    CONTENTS_HEADING,
    EMPTY_SECTION,
    NOTE_LABEL,
    SOURCES_HEADING,
    SUMMARY_HEADING,
    Citation,
    CrossReference,
    Outline,
    PassageBlock,
    Section,
    Source,
    byline,
    corroboration_lead,
    cross_reference_lead,
    grading_legend,
    source_details,
    support_line,
    theme_line,
)
from briefing.export.writer import Progress, Ticker

_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "heading": "Heading 1",
    "toc_heading": "TOC Heading",
    "quote": "Quote",
    "citation": "Citation",
    "source": "List Number",
    "normal": "Normal",
}
_TOC_ENTRY_STYLE = ("TOC1", "toc 1")  # Word's built-in style id and name for TOC level 1
_CITATION_STYLE = ("Citation", "Citation")  # ours: the line under each quote
_GREY = "595959"
CORE_PROPERTY_CHARS = 255
_DOCUMENT_PART = "word/document.xml"
Sink = Callable[[str], object]  # takes a piece of the body's WordprocessingML


class DocxWriter:
    suffix = ".docx"
    label = "Word document"

    def write(self, outline: Outline, stream: BinaryIO, progress: Progress | None = None) -> None:
        with collection_paused():
            self._write(outline, stream, progress)

    def _write(self, outline: Outline, stream: BinaryIO, progress: Progress | None) -> None:
        document = docx.Document()
        ticker = Ticker(progress, outline.entry_count)
        ticker.start()
        _page_setup(document, outline)
        _passage_styles(document)
        _core_properties(document, outline)
        _ask_word_to_update_fields(document)
        body = _Body(document, outline, ticker)
        _stream_package(document, stream, body.write)
        ticker.finish()


def text_runs(text: str, rpr: str = "") -> str:
    """Runs showing `text` exactly: line breaks and tabs become Word's own break and tab."""
    text = xml_safe(text)
    if "\n" not in text and "\t" not in text:
        return f"<w:r>{rpr}{_text(text)}</w:r>"
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(_text(piece))
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _text(piece: str) -> str:
    """A text element; marked to keep its spaces only where a reader would drop some (at
    either end, or two in a row), as Word itself writes it."""
    if piece[:1] == " " or piece[-1:] == " " or "  " in piece:
        return f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
    return f"<w:t>{escape(piece)}</w:t>"


def _rpr(*, bold: bool = False, italic: bool | None = None, colour: str = "", size: int = 0) -> str:
    """Run properties in schema order; `italic=False` switches off a style's italics."""
    parts = []
    if bold:
        parts.append("<w:b/>")
    if italic is not None:
        parts.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _tint(colour: str, amount: float = 0.88) -> str:
    """`colour` mixed with white: a shade light enough to put black text on."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _shade(colour: str, amount: float = 0.4) -> str:
    """`colour` mixed with black: dark enough to read on its own tint."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "".join(f"{round(c * (1 - amount)):02X}" for c in rgb)


def _stream_package(
    document: Document, stream: BinaryIO, write_body: Callable[[Sink], None]
) -> None:
    """Save the document with its body written straight into the package as it is made.

    python-docx saves the document as one tree serialised at once: a briefing of 100,000
    passages held as lxml elements, then as text, took gigabytes. Here python-docx saves the
    rest of the package around a placeholder paragraph, and the body goes in its place in the
    archive, a few thousand paragraphs at a time."""
    placeholder = f"briefing-body-{uuid.uuid4().hex}"
    body = document.element.body
    marker = parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>{placeholder}</w:t></w:r></w:p>")
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(marker)
    else:
        body.append(marker)
    template = io.BytesIO()
    document.save(template)
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != _DOCUMENT_PART:
                target.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            at = xml.index(placeholder)
            start, end = xml.rindex("<w:p>", 0, at), xml.index("</w:p>", at) + len("</w:p>")
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w") as out:
                out.write(xml[:start].encode("utf-8"))
                write_body(lambda text: out.write(text.encode("utf-8")))
                out.write(xml[end:].encode("utf-8"))


class _Body:
    """Generates the body's paragraphs as WordprocessingML, handed to `sink` in pieces."""

    def __init__(self, document: Document, outline: Outline, ticker: Ticker) -> None:
        self.outline = outline
        self.ticker = ticker
        self.style = {key: document.styles[name].style_id for key, name in _STYLES.items()}
        self.parts: list[str] = []
        self._bookmark_id = 0
        self._sink: Sink = lambda _text: None

    def write(self, sink: Sink) -> None:
        self._sink = sink
        outline = self.outline
        self.paragraph("title", text_runs(outline.title))
        line = byline(outline)
        if line:
            self.paragraph("subtitle", text_runs(line))
        self.contents()
        if outline.summary:
            self.heading(SUMMARY_HEADING, "_Summary")
            for text in outline.summary:
                self.paragraph("normal", text_runs(text))
        for index, section in enumerate(outline.sections, 1):
            self.section(section, f"_Section{index}")
        if outline.sources:
            self.heading(SOURCES_HEADING, "_Sources")
            for source in outline.sources:
                self.source(source)
            legend = text_runs(grading_legend(), _rpr(italic=True, colour=_GREY, size=9))
            self.paragraph("normal", legend, '<w:spacing w:before="240"/>')
        self.flush()

    # ----- building blocks ------------------------------------------------------------------

    def paragraph(self, style: str, content: str, ppr: str = "") -> None:
        if style == "normal" and not ppr:  # the default style: nothing to say
            self.parts.append(f"<w:p>{content}</w:p>")
            return
        self.parts.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self.style[style]}"/>{ppr}</w:pPr>{content}</w:p>'
        )

    def bookmark(self, name: str, content: str) -> str:
        self._bookmark_id += 1
        number = self._bookmark_id
        return (
            f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{content}'
            f'<w:bookmarkEnd w:id="{number}"/>'
        )

    @staticmethod
    def link(anchor: str, content: str) -> str:
        return f'<w:hyperlink w:anchor="{anchor}" w:history="1">{content}</w:hyperlink>'

    def heading(self, text: str, anchor: str, colour: str | None = None) -> None:
        ppr = ""
        if colour:
            # A bar in the theme's colour down the left of a lightly tinted heading.
            hex_colour = colour.lstrip("#").upper()
            ppr = (
                f'<w:pBdr><w:left w:val="single" w:sz="48" w:space="8" w:color="{hex_colour}"/>'
                f'</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="{_tint(colour)}"/>'
                '<w:spacing w:after="120"/><w:ind w:left="170"/>'
            )
            rpr = _rpr(colour=_shade(colour))
        else:
            rpr = ""
        self.paragraph("heading", self.bookmark(anchor, text_runs(text, rpr)), ppr)

    def contents(self) -> None:
        """A TOC field: Word fills it in on opening (updateFields); until then it lists the
        headings, so the document reads well in viewers that never update fields."""
        entries = []
        if self.outline.summary:
            entries.append((SUMMARY_HEADING, "_Summary"))
        entries += [(s.heading, f"_Section{i}") for i, s in enumerate(self.outline.sections, 1)]
        if self.outline.sources:
            entries.append((SOURCES_HEADING, "_Sources"))
        if not entries:
            return
        self.paragraph("toc_heading", text_runs(CONTENTS_HEADING))
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        last = len(entries) - 1
        for i, (text, anchor) in enumerate(entries):
            content = (begin if i == 0 else "") + self.link(anchor, text_runs(text))
            content += end if i == last else ""
            self.parts.append(
                f'<w:p><w:pPr><w:pStyle w:val="{_TOC_ENTRY_STYLE[0]}"/></w:pPr>{content}</w:p>'
            )

    def section(self, section: Section, anchor: str) -> None:
        self.heading(section.heading, anchor, section.colour)
        if section.description:
            self.paragraph("normal", text_runs(section.description, _rpr(italic=True)))
        if not section.entries:
            self.paragraph("normal", text_runs(EMPTY_SECTION, _rpr(italic=True, colour=_GREY)))
        show_themes = section.kind == "source"
        for entry in section.entries:
            if isinstance(entry, PassageBlock):
                self.passage(entry, show_themes)
            else:
                self.cross_reference(entry)
            self.ticker.step()
            if len(self.parts) >= 3000:
                self.flush()

    def passage(self, entry: PassageBlock, show_themes: bool) -> None:
        colour = entry.colour.lstrip("#").upper()
        if show_themes and entry.theme_names:
            themes = text_runs(theme_line(entry), _rpr(colour=_GREY, size=9))
            self.paragraph("normal", themes, '<w:keepNext/><w:spacing w:after="0"/>')
        anchor = f"_Passage{entry.passage_id}"
        more = bool(entry.note or entry.corroborations)
        self.quote(self.bookmark(anchor, text_runs(entry.quote)), colour, 18)
        self.citation(f"— {entry.citation.attribution} ", entry.citation, keep=more)
        for index, other in enumerate(entry.corroborations, 1):
            last = index == len(entry.corroborations)
            self.quote(text_runs(other.quote), colour, 6)
            self.citation(f"{corroboration_lead(other)} ", other.citation, keep=not last)
        if entry.corroborations:
            support = text_runs(support_line(entry), _rpr(italic=True, colour=_GREY, size=9))
            keep = "<w:keepNext/>" if entry.note else ""
            self.paragraph("normal", support, f'{keep}<w:ind w:left="580"/>')
        if entry.note:
            label = text_runs(NOTE_LABEL + " ", _rpr(bold=True))
            self.paragraph("normal", label + text_runs(entry.note))

    def quote(self, content: str, colour: str, bar: int) -> None:
        """A Quote paragraph with a bar in the theme colour. The citation is a paragraph of
        its own, outside: the quote holds the source's words only, and adjacent quotes do not
        merge into one bar."""
        self.paragraph(
            "quote",
            content,
            f'<w:pBdr><w:left w:val="single" w:sz="{bar}" w:space="8" w:color="{colour}"/>'
            "</w:pBdr>",
        )

    def citation(self, lead: str, citation: Citation, keep: bool) -> None:
        content = text_runs(lead) + self.link(
            f"_Source{citation.source}", text_runs(citation.reference)
        )
        self.paragraph("citation", content, "<w:keepNext/>" if keep else "")

    def cross_reference(self, entry: CrossReference) -> None:
        lead = text_runs(cross_reference_lead(entry) + " ", _rpr(italic=True))
        body = text_runs(f"“{entry.excerpt}” ")
        ref = self.link(f"_Source{entry.citation.source}", text_runs(entry.citation.reference))
        home = f"_Passage{entry.passage_id}"
        self.paragraph("normal", self.link(home, lead) + body + ref)

    def source(self, source: Source) -> None:
        title = text_runs(source.title or "(untitled)", _rpr(bold=True))
        details = source_details(source)
        content = title + (text_runs(f". {details}") if details else "")
        self.paragraph("source", self.bookmark(f"_Source{source.number}", content))

    def flush(self) -> None:
        """Hand what was generated to the sink."""
        if self.parts:
            self._sink("".join(self.parts))
            self.parts.clear()


def _page_setup(document: Document, outline: Outline) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)
    _add_toc_entry_style(document)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if outline.handling:
        run = header.add_run(xml_safe(outline.handling))
        run.bold = True

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(9)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in its own runs."""
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText>'
            "</w:r>"
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
    )
    paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>{shown}</w:t></w:r>"))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _passage_styles(document: Document) -> None:
    """Word's Quote style with the spacing and indents of a quoted passage (kept with the
    citation under it), and a Citation style for that line: indented, small and grey."""
    quote = document.styles["Quote"].paragraph_format
    quote.keep_with_next = True
    quote.space_before, quote.space_after = Twips(120), Twips(20)
    quote.left_indent = quote.right_indent = Twips(400)
    style_id, name = _CITATION_STYLE
    document.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" '
            f'w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
            '<w:next w:val="Normal"/><w:uiPriority w:val="30"/><w:qFormat/>'
            '<w:pPr><w:spacing w:after="120"/><w:ind w:left="580"/></w:pPr>'
            f"{_rpr(colour=_GREY, size=9)}</w:style>"
        )
    )


def _add_toc_entry_style(document: Document) -> None:
    """Word's "toc 1" style, which the default template lacks; Word keeps it when updating."""
    styles = document.styles.element
    style_id, name = _TOC_ENTRY_STYLE
    if any(s.get(qn("w:styleId")) == style_id for s in styles.findall(qn("w:style"))):
        return
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
            '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
            '<w:pPr><w:spacing w:after="60"/><w:ind w:left="0"/></w:pPr></w:style>'
        )
    )


def _core_properties(document: Document, outline: Outline) -> None:
    properties = document.core_properties
    moment = outline.exported_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    properties.title = _property(outline.title)
    properties.author = _property(outline.analyst)
    properties.last_modified_by = _property(outline.analyst)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    properties.subject = _property(outline.handling)
    properties.keywords = _property(", ".join(s.heading for s in outline.sections))
    properties.comments = "Exported by Briefing Builder"


def _property(text: str) -> str:
    """A core property as Word allows it: python-docx refuses more than 255 characters (and
    the section headings of an ordinary briefing easily add up to that)."""
    return shorten(xml_safe(text), CORE_PROPERTY_CHARS)


def _ask_word_to_update_fields(document: Document) -> None:
    """Have Word refresh the table of contents (and page counts) when the file is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    # The schema puts updateFields just before these; Word refuses a file with it elsewhere.
    for follower in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat"):
        found = settings.find(qn(follower))
        if found is not None:
            found.addprevious(element)
            return
    settings.append(element)
