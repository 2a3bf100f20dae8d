"""Plain-text articles (.txt): the text is kept exactly as written, only decoded."""

from __future__ import annotations

from briefing.importers.encoding import decode_text
from briefing.importers.extracted import Extracted
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions


def read_plain(data: bytes, options: ReadOptions = DEFAULT_OPTIONS) -> Extracted:
    # No metadata lives in a .txt file itself; the sniffer reads it from the text.
    decoded = decode_text(data, forced=options.encoding)
    return Extracted(text=decoded.text, encoding=decoded.encoding, notes=decoded.notes())
