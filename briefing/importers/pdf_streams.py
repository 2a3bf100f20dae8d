"""How much a PDF's compressed streams unpack to, counted before pdfium parses any of them.

pdfium unpacks a page's content in full when it loads the page: a 750 KB file holding one
deflated content stream of 300 MB took it 40 seconds and 5 GB of memory here. Every deflated
stream except images (which text extraction never decodes) is inflated here in small steps,
only counting, and the count stops at the first limit passed.
"""

from __future__ import annotations

import re
import zlib

MAX_STREAM_BYTES = 64 * 1024 * 1024  # one content stream, font or object stream
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all of them together
_STEP = 1024 * 1024
# "stream" ends a stream's dictionary; the dictionary is looked for this far back.
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_DICTIONARY_REACH = 4096
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def unpacked_too_large(data: bytes) -> str | None:
    """A sentence saying what is too large, or None when everything stays within limits."""
    total = 0
    view = memoryview(data)
    for match in _STREAM_START.finditer(data):
        dictionary = _dictionary_before(data, match.start())
        if not _FLATE.search(dictionary) or _IMAGE.search(dictionary):
            continue
        size = _inflated_size(view, match.end(), MAX_STREAM_BYTES + 1)
        if size > MAX_STREAM_BYTES:
            return (
                f"one of its parts unpacks to more than {MAX_STREAM_BYTES // 1024 // 1024} MB, "
                "far more than any page of text needs"
            )
        total += size
        if total > MAX_TOTAL_BYTES:
            return (
                f"its text and fonts unpack to more than {MAX_TOTAL_BYTES // 1024 // 1024} MB, "
                "far more than a document of text needs"
            )
    return None


def _dictionary_before(data: bytes, end: int) -> bytes:
    start = max(0, end - _DICTIONARY_REACH)
    window = data[start:end]
    # The dictionary starts after the object header ("12 0 obj") nearest the stream.
    header = window.rfind(b" obj")
    return window[header:] if header >= 0 else window


def _inflated_size(data: memoryview, start: int, limit: int) -> int:
    """Bytes the deflated stream at `start` unpacks to, counting no further than `limit`."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    try:
        while position < len(data) and size < limit:
            chunk = data[position : position + _STEP]
            position += len(chunk)
            size += len(inflater.decompress(chunk, limit - size))
            while inflater.unconsumed_tail and size < limit:
                size += len(inflater.decompress(inflater.unconsumed_tail, limit - size))
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged data: pdfium reads what it can, and so much is already counted
    return size
