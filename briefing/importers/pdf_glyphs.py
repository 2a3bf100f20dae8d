"""The characters pdfium reads off one page, as glyphs with boxes, and what could not be read.

pdfium reports one character at a time; this is the only module that talks to its text API.
Characters it made up itself (spaces between words drawn apart, line breaks) become word
breaks; its mark for a hyphen at a line end becomes a hyphen again; combining marks stay
with their base letter; characters that stand for no letter (unmapped glyphs, private-use
codes, control codes) are counted, so a text layer of them can be refused as unreadable.
"""

from __future__ import annotations

import ctypes
import math
import struct
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium

from briefing.importers.pdf_layout import Glyph

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "\u017ft",  # long s + t, as pdfium decomposes it
    "\ufb06": "st",
}
_SPACES = {0x20, 0x09}
_LINE_BREAKS = {0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029}
# What pdfium reports for a hyphen it found at a line end (per character, and in its text).
_LINE_END_HYPHEN = {0x02, 0xFFFE}
_DROPPED = {0xFEFF, 0x00AD, 0x200B}  # invisible: no-break zero width, soft hyphen, zero width
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_UPRIGHT = 0.02  # radians; text turned by more than this is laid out in its own frame


@dataclass(slots=True)
class PageGlyphs:
    """A page's glyphs grouped by the angle they are written at, upright ones first."""

    by_angle: dict[int, list[Glyph]] = field(default_factory=dict)
    readable: int = 0  # characters that stand for a letter, digit, mark or sign
    unreadable: int = 0  # characters that stand for nothing a reader could use

    @property
    def count(self) -> int:
        return self.readable + self.unreadable


def read_glyphs(
    textpage: pdfium.FPDF_TEXTPAGE, count: int, ligatures: Mapping[int, str]
) -> PageGlyphs:
    """The first `count` characters of `textpage` (the caller has checked the count).
    `ligatures` names the ligatures pdfium cannot name, by code (see `pdf_encodings`)."""
    is_hyphen = pdfium.FPDFText_IsHyphen
    has_map_error = pdfium.FPDFText_HasUnicodeMapError
    get_box = pdfium.FPDFText_GetLooseCharBox
    get_angle = pdfium.FPDFText_GetCharAngle
    get_size = pdfium.FPDFText_GetFontSize
    codes = _codes(textpage, count)
    box = pdfium.FS_RECTF()
    unpack = _RECT.unpack_from  # one call, where reading the four fields costs four
    page = PageGlyphs()
    previous: Glyph | None = None
    angle, size = 0, 0.0
    space = False
    index = 0
    while index < count:
        code = codes[index]
        position = index
        index += 1
        if code in _SPACES or code == 0:
            space = True  # a space, drawn or put by pdfium between words drawn apart
            continue
        if code in _LINE_BREAKS:
            # pdfium's guess at a line end; the boxes tell lines (and words) apart better,
            # and it sometimes guesses one after every glyph of words set far apart.
            continue
        if code in _LINE_END_HYPHEN and is_hyphen(textpage, position):
            code = 0x2D
        elif 0xD800 <= code <= 0xDBFF and index < count and 0xDC00 <= codes[index] <= 0xDFFF:
            # Characters beyond the BMP come as two UTF-16 halves, one index each.
            code = 0x10000 + ((code - 0xD800) << 10) + (codes[index] - 0xDC00)
            index += 1
        if code in _DROPPED:
            continue
        char = chr(code)
        if code in ligatures and has_map_error(textpage, position):
            char = ligatures[code]
        # Without a map pdfium falls back on the glyph's code: right for the ASCII codes of a
        # simple font (TeX's typewriter fonts), a guess for anything else.
        elif not _readable(code) or (code > 0x7E and has_map_error(textpage, position)):
            page.unreadable += 1
            space = True  # an icon or unreadable glyph stands between words, not inside one
            continue
        page.readable += 1
        if code >= 0x300 and previous is not None and not space and _attaches(char[0]):
            previous.text += char  # a combining mark, or a joiner inside an emoji sequence
            continue
        if not get_box(textpage, position, box):
            continue
        left, top, right, bottom = unpack(box)
        # Angle and size hold along a run of glyphs; ask pdfium again where the run breaks.
        if previous is None or not _continues_run(previous, left, bottom, right, top):
            angle = _angle_bucket(get_angle(textpage, position))
            size = get_size(textpage, position)
        glyph = Glyph(LIGATURES.get(char, char), left, bottom, right, top, space, size)
        if angle:
            glyph = _upright(glyph, angle)
        page.by_angle.setdefault(angle, []).append(glyph)
        previous, space = glyph, False
    return page


def _codes(textpage: pdfium.FPDF_TEXTPAGE, count: int) -> Sequence[int]:
    """Every character's code in one call; pdfium's text has one unit per character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium.FPDFText_GetText(textpage, 0, count, buffer)
    if written == count + 1:
        return memoryview(buffer).cast("B").cast("H")[:count]
    get_unicode = pdfium.FPDFText_GetUnicode
    return [get_unicode(textpage, index) for index in range(count)]


def _continues_run(previous: Glyph, left: float, bottom: float, right: float, top: float) -> bool:
    height = previous.top - previous.bottom
    if abs(top - bottom - height) > 0.01 * height or abs(bottom - previous.bottom) > 0.01 * height:
        return False
    return previous.right - height <= left <= previous.right + height or (
        previous.left - height <= right <= previous.left + height
    )


def _readable(code: int) -> bool:
    if code < 0x20 or 0x7F <= code < 0xA0 or code in (0xFFFD, 0xFFFE, 0xFFFF):
        return False
    if 0xE000 <= code <= 0xF8FF or code >= 0xF0000:  # private use: icon fonts, unmapped glyphs
        return False
    return not 0xD800 <= code <= 0xDFFF  # a lone surrogate half


def _attaches(char: str) -> bool:
    if unicodedata.combining(char):
        return True
    category = unicodedata.category(char)
    # Enclosing marks, joiners and variation selectors belong to the character before them.
    return category in ("Mn", "Me", "Mc") or char in "\u200c\u200d" or "\ufe00" <= char <= "\ufe0f"


def _angle_bucket(radians: float) -> int:
    """The angle in whole degrees, 0 for upright text (pdfium says -1 when it cannot tell)."""
    if radians < _UPRIGHT or radians > 2 * math.pi - _UPRIGHT:
        return 0
    degrees = round(math.degrees(radians)) % 360
    return 0 if min(degrees, 360 - degrees) <= math.degrees(_UPRIGHT) else degrees


def _upright(glyph: Glyph, degrees: int) -> Glyph:
    """The glyph's box turned back by `degrees` about the origin, so turned text lines up."""
    theta = -math.radians(degrees)
    cos, sin = math.cos(theta), math.sin(theta)
    x, y = (glyph.left + glyph.right) / 2, (glyph.bottom + glyph.top) / 2
    cx, cy = x * cos - y * sin, x * sin + y * cos
    width, height = glyph.right - glyph.left, glyph.top - glyph.bottom
    if 45 <= degrees % 180 < 135:
        width, height = height, width
    glyph.left, glyph.right = cx - width / 2, cx + width / 2
    glyph.bottom, glyph.top = cy - height / 2, cy + height / 2
    return glyph
