"""How much a PDF's compressed streams unpack to, counted before pdfium parses any of them.

pdfium unpacks a page's content in full when it loads the page: a 750 KB file holding one
deflated content stream of 300 MB took it 40 seconds and 5 GB of memory here. Every deflated
stream except images (which text extraction never decodes) is inflated here in small steps,
only counting, and the count stops at the first limit passed.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

MAX_STREAM_BYTES = 64 * 1024 * 1024  # one content stream, font or object stream
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all of them together
_STEP = 1024 * 1024
# "stream" ends a stream's dictionary; the dictionary is looked for this far back.
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_DICTIONARY_REACH = 4096
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")


@dataclass(frozen=True, slots=True)
class StreamScan:
    too_large: str | None  # a sentence saying what is too large, or None
    object_streams: tuple[bytes, ...]  # the unpacked object streams (PDF 1.5 packs objects)


def scan_streams(data: bytes) -> StreamScan:
    """Count what every deflated stream unpacks to, keeping object streams' contents (they
    hold the dictionaries, such as fonts' encodings, that the file does not show in clear)."""
    total = 0
    view = memoryview(data)
    kept: list[bytes] = []
    for match in _STREAM_START.finditer(data):
        dictionary = _dictionary_before(data, match.start())
        if not _FLATE.search(dictionary) or _IMAGE.search(dictionary):
            continue
        keep = bool(_OBJECT_STREAM.search(dictionary))
        size, content = _inflate(view, match.end(), MAX_STREAM_BYTES + 1, keep)
        if size > MAX_STREAM_BYTES:
            return StreamScan(
                f"one of its parts unpacks to more than {MAX_STREAM_BYTES // 1024 // 1024} MB, "
                "far more than any page of text needs",
                (),
            )
        total += size
        if total > MAX_TOTAL_BYTES:
            return StreamScan(
                f"its text and fonts unpack to more than {MAX_TOTAL_BYTES // 1024 // 1024} MB, "
                "far more than a document of text needs",
                (),
            )
        if content:
            kept.append(content)
    return StreamScan(None, tuple(kept))


def _dictionary_before(data: bytes, end: int) -> bytes:
    start = max(0, end - _DICTIONARY_REACH)
    window = data[start:end]
    # The dictionary starts after the object header ("12 0 obj") nearest the stream.
    header = window.rfind(b" obj")
    return window[header:] if header >= 0 else window


def _inflate(data: memoryview, start: int, limit: int, keep: bool) -> tuple[int, bytes]:
    """Bytes the deflated stream at `start` unpacks to, counting no further than `limit`,
    and, when `keep` is set, those bytes."""
    inflater = zlib.decompressobj()
    size = 0
    parts: list[bytes] = []
    position = start
    try:
        while position < len(data) and size < limit:
            chunk = data[position : position + _STEP]
            position += len(chunk)
            pending: bytes | memoryview = chunk
            while pending and size < limit:
                out = inflater.decompress(pending, limit - size)
                size += len(out)
                if keep:
                    parts.append(out)
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged data: pdfium reads what it can, and so much is already counted
    return size, b"".join(parts)
