"""PDF documents (.pdf): the text in reading order, as paragraphs, with where each page starts.

pdfium (through pypdfium2) opens the file, repairs what it can and reads each page's
characters; the rest is ours: lines and columns from the glyph boxes (`pdf_layout`),
paragraphs (`pdf_paragraphs`), page furniture left out (`pdf_furniture`), lines joined and
hyphenated words mended (`pdf_text`). A file that cannot give a reader text (a scan without
a text layer, a password, damage, a text layer of unmapped glyphs, absurd size) is refused
with its own reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pypdfium2.version as pdfium_version

from briefing.importers.errors import ContentRefused
from briefing.importers.extracted import Extracted
from briefing.importers.pdf_encodings import ligature_codes
from briefing.importers.pdf_furniture import PageLines, furniture
from briefing.importers.pdf_glyphs import PageGlyphs, read_glyphs
from briefing.importers.pdf_layout import Line, build_lines, reading_order
from briefing.importers.pdf_metadata import read_metadata
from briefing.importers.pdf_paragraphs import paragraphs, runs_right_to_left, usual_pitch
from briefing.importers.pdf_streams import scan_streams
from briefing.importers.pdf_text import assemble
from briefing.importers.versions import own_reader

# Work one file may cost. Looked up at call time, so tests can lower them.
MAX_PAGES = 2000
MAX_PAGE_CHARS = 200_000  # a dense page of small print holds about 10,000
MAX_CHARS = 5_000_000
MAX_SECONDS = 120.0
# A text layer is unreadable when more of its characters than this stand for nothing.
MAX_UNREADABLE_SHARE = 0.25

_HEADER_REACH = 1024  # pdfium, like other readers, finds "%PDF-" within the first kilobyte
_LOCK = threading.Lock()  # pdfium must not be used from two threads at once

NOT_A_PDF = "it is not a PDF file (it does not start like one)"
DAMAGED = "it is damaged: no page of it can be read"
NEEDS_PASSWORD = (
    "it is protected by a password needed to open it; open it in a PDF reader, "
    "save a copy without the password and import that"
)
UNSUPPORTED_SECURITY = "it is encrypted in a way this reader does not support"
SCANNED = (
    "it is a scanned document with no text layer: its text must be recognised (OCR) first, "
    "for example with OCRmyPDF, and the recognised PDF imported"
)
NO_TEXT = "it contains no text, only drawings or blank pages"
ONLY_FURNITURE = "its pages hold only running headers, footers and page numbers, no text to read"
UNREADABLE = (
    "its text layer does not say which letters its glyphs are (it would import as garbage): "
    "export the PDF again from the program that made it, or recognise its text (OCR)"
)


def read_pdf(data: bytes) -> Extracted:
    if b"%PDF-" not in data[:_HEADER_REACH]:
        raise ContentRefused(NOT_A_PDF)
    streams = scan_streams(data)
    if streams.too_large:
        raise ContentRefused(streams.too_large)
    ligatures = ligature_codes([data, *streams.object_streams])
    with _LOCK, _opened(data) as document:
        metadata = read_metadata(_info(document))
        pages = _read_pages(document, ligatures)
    if not any(page.lines for page in pages):
        raise ContentRefused(_why_no_text(pages))
    readable = sum(page.glyphs.readable for page in pages)
    unreadable = sum(page.glyphs.unreadable for page in pages)
    if unreadable > MAX_UNREADABLE_SHARE * (readable + unreadable):
        raise ContentRefused(UNREADABLE)
    dropped = furniture([page.page_lines for page in pages])
    texts = [page.paragraphs(drop) for page, drop in zip(pages, dropped, strict=True)]
    assembled = assemble(texts)
    if not assembled.text.strip():
        raise ContentRefused(ONLY_FURNITURE)
    return Extracted(
        text=assembled.text,
        title=metadata.title,
        author=metadata.author,
        published=metadata.published,
        pages=assembled.pages,
        reader=pdf_reader(),
    )


def pdf_reader() -> str:
    """Which reader made the text: our layout, on pypdfium2 and its pdfium build."""
    return (
        f"{own_reader('PDF')} on pypdfium2 {pdfium_version.PYPDFIUM_INFO} "
        f"(pdfium {pdfium_version.PDFIUM_INFO.build})"
    )


class _Page:
    """One page's lines (upright text first, then text set at other angles) and its facts."""

    def __init__(self, glyphs: PageGlyphs, bottom: float, top: float, has_images: bool) -> None:
        self.glyphs = glyphs
        self.has_images = has_images
        ordered = sorted(glyphs.by_angle.items(), key=lambda item: (item[0] != 0, item[0]))
        self.frames = [build_lines(frame) for _, frame in ordered]
        self.lines = [line for frame in self.frames for line in frame]
        # Only upright lines are compared with other pages' headers and footers.
        upright = self.frames[0] if ordered and ordered[0][0] == 0 else []
        self.page_lines = PageLines(upright, bottom, top)

    def paragraphs(self, dropped: set[int]) -> list[list[str]]:
        blocks: list[list[Line]] = []
        for frame in self.frames:
            kept = [line for line in frame if id(line) not in dropped]
            blocks += reading_order(kept)
        pitch = usual_pitch(blocks)
        rtl = runs_right_to_left(blocks)
        return [paragraph for block in blocks for paragraph in paragraphs(block, pitch, rtl)]


@contextmanager
def _opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ContentRefused(_why_unopened(error.err_code)) from error
    try:
        yield document
    finally:
        document.close()


def _why_unopened(code: int | None) -> str:
    if code == pdfium_raw.FPDF_ERR_PASSWORD:
        return NEEDS_PASSWORD
    if code == pdfium_raw.FPDF_ERR_SECURITY:
        return UNSUPPORTED_SECURITY
    return DAMAGED


def _info(document: pdfium.PdfDocument) -> dict[str, str]:
    try:
        info: dict[str, str] = document.get_metadata_dict(skip_empty=True)
        return info
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}


def _read_pages(document: pdfium.PdfDocument, ligatures: Mapping[int, str]) -> list[_Page]:
    count = len(document)
    if count == 0:
        raise ContentRefused("it has no pages")
    limit = MAX_PAGES
    if count > limit:
        raise ContentRefused(
            f"it has {count:,} pages; an article can have at most {limit:,} "
            "(split the PDF, or import the part you need)"
        )
    deadline = time.monotonic() + MAX_SECONDS
    pages: list[_Page] = []
    total = 0
    unreadable_pages = 0
    for number in range(count):
        if time.monotonic() > deadline:
            raise ContentRefused(
                f"reading it took longer than {MAX_SECONDS:.0f} seconds (stopped at page "
                f"{number + 1} of {count}); it may be damaged or built to stall readers"
            )
        page = _read_page(document, number, ligatures)
        if page is None:
            unreadable_pages += 1
            pages.append(_Page(PageGlyphs(), 0.0, 1.0, has_images=False))
            continue
        total += page.glyphs.count
        if total > MAX_CHARS:
            raise ContentRefused(
                f"its text is longer than {MAX_CHARS:,} characters, more than an article "
                "can hold (split the PDF, or import the part you need)"
            )
        pages.append(page)
    if unreadable_pages == count:
        raise ContentRefused(DAMAGED)
    return pages


def _read_page(
    document: pdfium.PdfDocument, number: int, ligatures: Mapping[int, str]
) -> _Page | None:
    """The page's text, or None when pdfium cannot load it (a damaged page)."""
    try:
        page = document[number]
    except pdfium.PdfiumError:
        return None
    try:
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            if count > MAX_PAGE_CHARS:
                raise ContentRefused(
                    f"page {number + 1} holds {count:,} characters, far more than a page of "
                    "text; the file may be damaged or built to stall readers"
                )
            glyphs = read_glyphs(textpage.raw, count, ligatures)
        finally:
            textpage.close()
        _, bottom, _, top = page.get_bbox()
        has_images = glyphs.readable == 0 and _has_images(page)
        return _Page(glyphs, bottom, top, has_images)
    except pdfium.PdfiumError:
        return None
    finally:
        page.close()


def _has_images(page: pdfium.PdfPage) -> bool:
    objects = page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=4)
    return next(iter(objects), None) is not None


def _why_no_text(pages: list[_Page]) -> str:
    readable = sum(page.glyphs.readable for page in pages)
    unreadable = sum(page.glyphs.unreadable for page in pages)
    if unreadable and unreadable >= readable:
        return UNREADABLE
    if any(page.has_images for page in pages):
        return SCANNED
    return NO_TEXT
