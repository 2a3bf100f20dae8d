"""Turn a text file's bytes into a string, whatever encoding an analyst's tools saved it in.

Text is never refused for its encoding. A byte-order mark or UTF-16 pattern decides first, then
valid UTF-8, then an encoding the file declares for itself; anything else is detected by
charset-normalizer (windows-1251, KOI8-R, windows-1256, windows-1250, Shift_JIS, ...), with
cp1252 (what Windows tools write, which maps every byte) as the last resort. `Decoded` says
which encoding was used and whether the detector was sure, so the analyst can be told and can
choose another. Only content that is not text at all is refused.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass

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

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_ARTICLE_ENCODINGS = {
    "idna", "punycode", "raw-unicode-escape", "unicode-escape", "utf-7", "undefined",
}  # fmt: skip

# Detection: the best candidate is a guess worth naming if its "chaos" (charset-normalizer's
# measure of how garbled the decoded text looks) is high, or another reads nearly as well.
_SURE_CHAOS = 0.2
_RIVAL_CHAOS = 0.01
_LANGUAGE_COHERENCE = 0.3
# What detection chooses from: the encodings analysts' sources are really saved in. Without
# this list the detector prefers DOS and Mac code pages (cp775, cp850) for Western text.
_CANDIDATES = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "koi8_r", "koi8_u", "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_9", "iso8859_15", "cp874", "cp932", "shift_jis", "euc_jp", "iso2022_jp",
    "gb18030", "gbk", "big5", "euc_kr", "cp949",
)  # fmt: skip
_MULTIBYTE = frozenset({
    "shift_jis", "shift_jis_2004", "shift_jisx0213", "cp932", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs",
    "cp950", "euc_kr", "cp949", "johab", "iso2022_kr", "utf_16_be", "utf_16_le", "utf_32_be",
    "utf_32_le", "utf_16", "utf_32",
})  # fmt: skip
_LABELS = {
    "utf-8": "UTF-8", "cp1250": "windows-1250", "cp1251": "windows-1251",
    "cp1252": "windows-1252", "cp1253": "windows-1253", "cp1254": "windows-1254",
    "cp1255": "windows-1255", "cp1256": "windows-1256", "cp1257": "windows-1257",
    "cp1258": "windows-1258", "cp932": "Shift_JIS (Windows)", "shift_jis": "Shift_JIS",
    "euc_jp": "EUC-JP", "gb2312": "GB2312", "gbk": "GBK", "gb18030": "GB18030", "big5": "Big5",
    "euc_kr": "EUC-KR", "mac-cyrillic": "Mac Cyrillic", "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE", "utf-32-le": "UTF-32 LE", "utf-32-be": "UTF-32 BE",
    "latin-1": "ISO-8859-1", "iso8859-2": "ISO-8859-2", "iso8859-5": "ISO-8859-5",
    "iso8859-6": "ISO-8859-6",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name: "utf-8", "cp1251", "koi8_r", ...
    sure: bool = True  # False: the detector found other encodings about as likely
    alternatives: tuple[str, ...] = ()  # those, best first

    def notes(self) -> tuple[str, ...]:
        return (self.note(),) if not self.sure else ()

    def note(self) -> str:
        """What to tell the analyst when the encoding was a guess; "" when it was not."""
        if self.sure:
            return ""
        others = ", ".join(encoding_label(e) for e in self.alternatives[:3])
        also = f" (it could also be {others})" if others else ""
        return (
            f"the text encoding was not declared; assumed {encoding_label(self.encoding)}{also}."
            " If the text looks wrong, choose another encoding in the article's Properties"
        )


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode `data` as text, or raise `ContentRefused` when it is not text."""
    return decode_text(data, declared).text


def decode_text(data: bytes, declared: str | None = None, forced: str = "") -> Decoded:
    """Decode `data` as text, or raise `ContentRefused` when it is not text.

    `declared` is an encoding the file names for itself (an HTML `<meta charset>`); it is used
    only when the bytes are not valid UTF-8, where it beats detection. `forced` is one the
    analyst chose (or the one an article was first read with, when its original is read again).
    """
    if looks_like_known_binary(data):
        raise ContentRefused(BINARY)
    if forced:
        decoded = Decoded(_decode_forced(data, forced), codecs.lookup(forced).name)
    else:
        decoded = _decode_detected(data, declared)
    if "\x00" in decoded.text or _too_many_controls(decoded.text):
        raise ContentRefused(BINARY)
    if not decoded.text.isascii() and _SURROGATE.search(decoded.text):
        # Half a character cannot be stored or shown; no codec in use should make one.
        decoded = dataclasses.replace(decoded, text=_SURROGATE.sub("\ufffd", decoded.text))
    return decoded


def declared_encoding(name: str) -> str:
    """The codec for an encoding a source names for itself, or "" if it names no usable one."""
    return _usable_declared_encoding(name) or ""


def encoding_label(encoding: str) -> str:
    """The name people know an encoding by: "windows-1251" rather than Python's "cp1251"."""
    name = codecs.lookup(encoding).name
    return _LABELS.get(name, name.upper().replace("_", "-") if name.startswith("koi8") else name)


def _decode_forced(data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise ContentRefused(f"“{encoding}” is not a text encoding this app knows") from None
    if not _is_text_encoding(codec.name):
        raise ContentRefused(f"“{encoding}” is not a text encoding this app knows")
    for bom, name in _BOMS:
        if data.startswith(bom) and codecs.lookup(name).name == codec.name:
            data = data[len(bom) :]
    return data.decode(codec.name, errors="replace")


def _decode_detected(data: bytes, declared: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A damaged tail (say, an odd byte count) should not cost the user the whole article.
            return Decoded(data[len(bom) :].decode(encoding, errors="replace"), encoding)
    utf16 = _decode_utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise ContentRefused(BINARY)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    usable = _usable_declared_encoding(declared)
    if usable:
        return Decoded(data.decode(usable, errors="replace"), usable)
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    # Imported here: charset-normalizer loads its language tables on first use.
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data, cp_isolation=list(_CANDIDATES))
               if _is_text_encoding(m.encoding)]  # fmt: skip
    if matches and not matches[0].languages and _is_multibyte(matches[0].encoding):
        # Short single-byte text (a headline in KOI8-R) can pass for CJK that reads as no
        # language at all: a single-byte encoding that reads as a language wins then.
        single = [m for m in matches if not _is_multibyte(m.encoding)]
        if single and single[0].coherence >= _LANGUAGE_COHERENCE:
            matches = single + [m for m in matches if _is_multibyte(m.encoding)]
    if not matches:
        # cp1252 leaves five bytes undefined; they become U+FFFD rather than failing.
        return Decoded(data.decode("cp1252", errors="replace"), "cp1252", sure=False)
    # The detector ranks by how garbled each reading looks ("chaos"); among readings about as
    # clean, the one that reads most like a language wins, and on a tie the Western default.
    cleanest = matches[0].chaos
    close = [m for m in matches if m.chaos <= cleanest + _RIVAL_CHAOS]
    best = max(close, key=lambda m: (round(m.coherence, 2), _is_western_default(m.encoding)))
    text = data.decode(best.encoding, errors="replace")
    rivals = tuple(
        codecs.lookup(m.encoding).name for m in close
        if m is not best and data.decode(m.encoding, "replace") != text
    )  # fmt: skip
    sure = best.chaos <= _SURE_CHAOS and not rivals
    return Decoded(text, codecs.lookup(best.encoding).name, sure, rivals)


def _is_western_default(name: str) -> bool:
    return codecs.lookup(name).name == "cp1252"


def _is_multibyte(name: str) -> bool:
    return codecs.lookup(name).name.replace("-", "_") in _MULTIBYTE


def _is_text_encoding(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    # Codecs such as hex, base64, rot13 or zlib turn bytes into bytes or text into text;
    # others encode host names or Python literals, or decode to lone surrogates (UTF-7).
    return (
        getattr(info, "_is_text_encoding", True)
        and info.name not in _DECLARED_IGNORED
        and info.name not in _NOT_ARTICLE_ENCODINGS
    )


def looks_like_known_binary(data: bytes) -> bool:
    return data.startswith(_MAGIC_NUMBERS)


def _decode_utf16_without_bom(data: bytes) -> Decoded | None:
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
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return None  # unpaired surrogates: not UTF-16 after all


def _usable_declared_encoding(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip()).name
    except LookupError:
        return None
    if name in _DECLARED_IGNORED or name == "utf-8" or not _is_text_encoding(name):
        return None  # a codec such as hex or base64 is no text encoding: detect instead
    return "cp1252" if name in _DECLARED_AS_CP1252 else name


def _too_many_controls(text: str) -> bool:
    sample = text[:_CONTROL_SAMPLE]
    if not sample:
        return False
    return len(_STRAY_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO
