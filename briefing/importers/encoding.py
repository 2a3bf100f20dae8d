"""Turn a text file's bytes into a string, whatever encoding an analyst's tools saved it in.

Text is never refused for its encoding: bytes that are not UTF-8 fall back to cp1252 (what
Windows tools write), which maps every byte. Only content that is not text at all is refused.
"""

from __future__ import annotations

import codecs
import re

from briefing.importers.errors import BINARY, ContentRefused

# Checked longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of files that are commonly renamed or mislabelled as text.
_MAGIC_NUMBERS: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"PK\x03\x04",  # zip, and so .docx, .xlsx, .odt, .epub
    b"PK\x05\x06",  # empty zip
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: old .doc/.xls, encrypted Office files
    b"\x1f\x8b",  # gzip
    b"\x7fELF",
)

# Control characters that ordinary text holds: tab, line feed, vertical tab, form feed, CR.
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_SAMPLE = 65536  # characters; enough to judge, cheap on a 32 MB file
_MAX_CONTROL_RATIO = 0.10

# A UTF-16 file without a BOM: ASCII-range characters leave a NUL in every other byte.
_UTF16_SAMPLE = 8192  # bytes
_MIN_NUL_SHARE = 0.10  # of code units, on the side that holds the NULs (spaces alone reach it)
_MAX_OTHER_NUL_SHARE = 0.02  # U+xx00 characters put a few NULs on the other side

# Declared encodings that are really cp1252 in practice (the WHATWG mapping browsers use), or
# that cannot describe bytes that were just read as ASCII-compatible.
_DECLARED_AS_CP1252 = {"ascii", "latin-1", "iso8859-1"}
_DECLARED_IGNORED = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Codecs Python finds by name that are no encoding of a web page: escapes, IDNA, and UTF-7,
# which browsers refuse because it can hide markup (and decodes to half characters).
_DECLARED_UNSAFE = {
    "utf-7", "idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined",
}  # fmt: skip
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode `data` as text, or raise `ContentRefused` when it is not text.

    `declared` is an encoding the file names for itself (an HTML `<meta charset>`); it is used
    only when the bytes are not valid UTF-8, where it beats the cp1252 guess.
    """
    if looks_like_known_binary(data):
        raise ContentRefused(BINARY)
    text = _decode_unicode_with_bom(data)
    if text is None:
        text = _decode_utf16_without_bom(data)
    if text is None:
        if b"\x00" in data:
            raise ContentRefused(BINARY)
        text = _decode_8bit(data, declared)
    if "\x00" in text or _too_many_controls(text):
        raise ContentRefused(BINARY)
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)  # half a character cannot be stored or shown
    return text


def looks_like_known_binary(data: bytes) -> bool:
    return data.startswith(_MAGIC_NUMBERS)


def _decode_unicode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A damaged tail (say, an odd byte count) should not cost the user the whole article.
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    units = len(sample) // 2
    nul_even = sample[0::2].count(0) / units
    nul_odd = sample[1::2].count(0) / units
    if nul_odd >= _MIN_NUL_SHARE and nul_even <= _MAX_OTHER_NUL_SHARE:
        encoding = "utf-16-le"
    elif nul_even >= _MIN_NUL_SHARE and nul_odd <= _MAX_OTHER_NUL_SHARE:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None  # unpaired surrogates: not UTF-16 after all


def _decode_8bit(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _usable_declared_encoding(declared)
    if encoding is not None:
        try:
            text = data.decode(encoding, errors="replace")
        except (UnicodeError, LookupError, ValueError, TypeError):
            pass  # a codec that cannot replace what it cannot read: detect instead
        else:
            if isinstance(text, str):
                return text
    # cp1252 leaves five bytes undefined; they become U+FFFD rather than failing the import.
    return data.decode("cp1252", errors="replace")


def _usable_declared_encoding(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared.strip())
    except (LookupError, ValueError, TypeError):
        return None
    # hex, base64, rot13, zlib and their kin turn bytes into bytes, not into text.
    if not getattr(codec, "_is_text_encoding", True):
        return None
    name = codec.name
    if name in _DECLARED_IGNORED or name in _DECLARED_UNSAFE or name == "utf-8":
        return None
    return "cp1252" if name in _DECLARED_AS_CP1252 else name


def _too_many_controls(text: str) -> bool:
    sample = text[:_CONTROL_SAMPLE]
    if not sample:
        return False
    return len(_STRAY_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO
