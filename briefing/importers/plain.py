"""Plain-text articles (.txt): the text is kept exactly as written, only decoded."""

from __future__ import annotations

from briefing.importers.encoding import decode
from briefing.importers.extracted import Extracted


def read_plain(data: bytes) -> Extracted:
    # No metadata lives in a .txt file itself; the sniffer reads it from the text.
    return Extracted(text=decode(data))
