"""How a project file keeps the exact bytes each article was read from."""

from __future__ import annotations

import zlib


def pack_original(data: bytes) -> bytes:
    """zlib, level 6: a saved page shrinks about fivefold, and any SQLite tool can undo it."""
    return zlib.compress(data, 6)
