"""How a project (a file or a server) keeps the exact bytes each article was read from."""

from __future__ import annotations

import hashlib
import zlib


def pack_original(data: bytes) -> bytes:
    """zlib, level 6: a saved page shrinks about fivefold, and any SQLite tool can undo it."""
    return zlib.compress(data, 6)


def unpack_original(sha256: str, size: object, data: object) -> bytes | None:
    """The bytes of a stored original, or None if they are not what they claim to be."""
    if not isinstance(size, int) or not isinstance(data, bytes | memoryview):
        return None
    try:
        # Never inflate past the size it claims: a hostile project could hold a zip bomb.
        inflater = zlib.decompressobj()
        original = inflater.decompress(bytes(data), size + 1)
    except (zlib.error, TypeError, ValueError, OverflowError):
        return None
    if len(original) != size or hashlib.sha256(original).hexdigest() != sha256:
        return None  # damaged: no evidence is better than wrong evidence
    return original
