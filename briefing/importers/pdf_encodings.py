"""Ligature glyphs that pdfium cannot name, named from the fonts' encodings in the file.

A font without a ToUnicode map says which glyph a code draws through its encoding's
/Differences, by glyph name. pdfium reads the usual names (/fi, /quoteright) but not the
Adobe convention for ligatures, letters joined by underscores (/f_i, /f_f_l), which pdfTeX
writes for many fonts: "first" then comes out as "\x1brst". pdfium does not say which
encoding belongs to which font, so the names are gathered from every /Differences array in
the file (in clear, or in its object streams), and a code is read as a ligature only when
all arrays that name a ligature at that code agree on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIFFERENCES = re.compile(rb"/Differences\s*\[([^\]]*)\]")
_TOKEN = re.compile(rb"(\d+)|/([^\s/\[\]()<>{}%]+)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STANDARD_LIGATURES = {"ff": "ff", "fi": "fi", "fl": "fl", "ffi": "ffi", "ffl": "ffl"}


def ligature_codes(sources: Iterable[bytes]) -> dict[int, str]:
    """Codes that every encoding naming a ligature there names the same ligature, with its
    letters ({27: "fi"})."""
    seen: dict[int, set[str]] = {}
    for source in sources:
        for array in _DIFFERENCES.finditer(source):
            for code, name in _entries(array.group(1)):
                letters = _ligature_letters(name)
                if letters:
                    seen.setdefault(code, set()).add(letters)
    return {code: next(iter(texts)) for code, texts in seen.items() if len(texts) == 1}


def _entries(array: bytes) -> Iterable[tuple[int, str]]:
    """(code, glyph name) pairs of a /Differences array: a number, then names from it on."""
    code = None
    for number, name in _TOKEN.findall(array):
        if number:
            code = int(number)
        elif code is not None and 0 <= code <= 255:
            decoded = _NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), name)
            yield code, decoded.decode("latin-1")
            code += 1


def _ligature_letters(name: str) -> str:
    base = name.split(".", 1)[0]  # "f_i.alt", "f_f.sc": the variant is the same letters
    if base in _STANDARD_LIGATURES:
        return _STANDARD_LIGATURES[base]
    parts = base.split("_")
    if len(parts) >= 2 and all(
        len(part) == 1 and part.isascii() and part.isalpha() for part in parts
    ):
        return "".join(parts)
    return ""
