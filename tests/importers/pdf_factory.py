"""PDFs written on the fly for the importer tests, with Qt's own PDF writer (as an office
suite or a browser would write them: embedded font subsets, a ToUnicode map, glyphs placed
one run at a time) or, for what Qt cannot write, as raw PDF objects.

Every line is drawn at a position the test chooses, so a test knows exactly which text
belongs to which column, page and paragraph, whatever the font's metrics.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter, QPen

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points; the writer's resolution is 72 dpi


@dataclass(frozen=True)
class Text:
    """One line of text whose baseline starts at (x, y), y measured down from the top."""

    x: float
    y: float
    text: str
    size: int = 10
    family: str = "DejaVu Serif"
    invisible: bool = False  # drawn fully transparent, as OCR tools lay their text layer


@dataclass(frozen=True)
class Picture:
    """A grey picture with dark strokes, standing in for a scanned page."""

    x: float
    y: float
    width: float
    height: float


Item = Text | Picture


def column(x: float, y: float, lines: Sequence[str], size: int = 10, pitch: float = 13):
    """Lines set one under the other from (x, y); an empty string leaves a blank line."""
    return [Text(x, y + pitch * index, line, size) for index, line in enumerate(lines) if line]


def write_pdf(
    path: Path, pages: Sequence[Sequence[Item]], *, title: str = "", author: str = ""
) -> Path:
    """Draw `pages` into a PDF at `path` with QPdfWriter (a QGuiApplication must exist)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setTitle(title)
    writer.setAuthor(author)
    writer.setCreator("Briefing Builder tests")
    painter = QPainter(writer)
    for number, items in enumerate(pages):
        if number:
            writer.newPage()
        for item in items:
            if isinstance(item, Picture):
                _draw_picture(painter, item)
            else:
                _draw_text(painter, item)
    painter.end()
    return path


def _draw_text(painter: QPainter, item: Text) -> None:
    font = QFont(item.family)
    font.setPixelSize(item.size)
    painter.setFont(font)
    painter.setPen(QPen(QColor(0, 0, 0, 0 if item.invisible else 255)))
    painter.drawText(QPointF(item.x, item.y), item.text)


def _draw_picture(painter: QPainter, item: Picture) -> None:
    image = QImage(int(item.width), int(item.height), QImage.Format.Format_RGB32)
    image.fill(QColor(235, 235, 228))
    strokes = QPainter(image)
    strokes.setPen(QPen(QColor(40, 40, 40), 2))
    for row in range(20, int(item.height) - 20, 14):
        strokes.drawLine(20, row, int(item.width) - 20 - (row * 7) % 90, row)
    strokes.end()
    painter.drawImage(QRectF(item.x, item.y, item.width, item.height), image)
    painter.setPen(Qt.PenStyle.NoPen)


def raw_pdf(
    pages: Sequence[bytes], *, font: bytes | None = None, extra: dict[int, bytes] | None = None
) -> bytes:
    """A PDF built object by object: `pages` are content streams using font /F1 (object 3,
    Helvetica unless `font` says otherwise); `extra` adds numbered objects (4 to 9)."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = b" ".join(b"%d 0 R" % (10 + 2 * index) for index in range(len(pages)))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    for index, content in enumerate(pages):
        packed = zlib.compress(content)
        objects[10 + 2 * index] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (11 + 2 * index)
        )
        objects[11 + 2 * index] = (
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )
    objects.update(extra or {})
    return serialise(objects)


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def serialise(objects: dict[int, bytes]) -> bytes:
    """Numbered objects as a PDF file with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def to_unicode_font(mapping: dict[int, str]) -> tuple[bytes, bytes]:
    """A Helvetica font whose ToUnicode map (object 4) gives each one-byte code `mapping`'s
    text: the way a PDF says which characters its glyphs are."""
    entries = b"\n".join(
        b"<%02X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode())
        for code, text in sorted(mapping.items())
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def "
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"%d beginbfchar\n%s\nendbfchar\n"
        % (len(mapping), entries)
        + b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>"
    return font, stream(cmap)
