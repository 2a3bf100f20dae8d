"""Read untrusted files with bounded work: regular files only, never more than a limit.

Every reader of a file someone handed the app (articles, codebooks, exports to verify) goes
through here. A pipe would block for ever, `/dev/zero` never ends, and a zip's directory may
lie about what it unpacks to, so sizes are measured while reading, never taken on trust.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

_MEGABYTE = 1024 * 1024
_CHUNK = 1024 * 1024
# A Word package holds a few dozen parts; a central directory this large is not a document.
MAX_ZIP_DIRECTORY_BYTES = 4 * _MEGABYTE


class FileRefused(Exception):
    """A file that was not read; `reason` is a phrase fit to follow the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, refused if it holds more than `limit`."""
    try:
        kind = _kind(os.stat(path).st_mode)
        if kind:
            raise FileRefused(kind)
        # O_NONBLOCK: should a pipe be swapped in after the check, opening it does not wait.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb", buffering=0) as stream:
            info = os.fstat(stream.fileno())
            kind = _kind(info.st_mode)
            if kind:
                raise FileRefused(kind)
            if info.st_size > limit:
                raise FileRefused(too_big(info.st_size, limit))
            data = _read_at_most(stream, limit + 1)  # one byte more tells it grew past the limit
    except OSError as error:
        raise FileRefused(describe_os_error(error)) from error
    if len(data) > limit:
        raise FileRefused(f"it is larger than the limit of {megabytes(limit)}")
    return data


def _kind(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a device, pipe or socket), so it was not read"
    return None


def _read_at_most(stream: io.RawIOBase, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def unpacked_members(
    data: bytes, limit: int, forbidden: tuple[bytes, ...] = (), forbidden_reason: str = ""
) -> dict[str, int]:
    """Each member of the zip in `data` with the bytes it really unpacks to, counted by
    unpacking it, refused (FileRefused) past `limit` bytes in all, if the zip is damaged, or
    (with `forbidden_reason`) if a member holds one of the `forbidden` byte strings."""
    overlap = max((len(f) for f in forbidden), default=1) - 1
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            sizes: dict[str, int] = {}
            total = 0
            for info in infos:
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(_CHUNK):
                        seen, tail = tail + chunk, chunk[-overlap:] if overlap else b""
                        if any(f in seen for f in forbidden):
                            raise FileRefused(forbidden_reason)
                        total += len(chunk)
                        if total > limit:
                            raise FileRefused(
                                f"it unpacks to more than {megabytes(limit)}, more than a "
                                "document could hold"
                            )
                        sizes[info.filename] = sizes.get(info.filename, 0) + len(chunk)
                sizes.setdefault(info.filename, 0)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            EOFError, OSError, ValueError, RuntimeError) as error:  # fmt: skip
        # Damaged data, a bad CRC, an unknown compression method, an encrypted member.
        raise FileRefused("it is a damaged or unreadable zip file") from error
    return sizes


def check_zip_directory(data: bytes) -> None:
    """Refuse a zip whose directory alone is huge (before `zipfile` builds an object per entry)."""
    tail = data[-(65536 + 22) :]
    found = tail.rfind(b"PK\x05\x06")
    if found < 0 or found + 22 > len(tail):
        return  # zipfile will say it is not a zip
    size = int.from_bytes(tail[found + 12 : found + 16], "little")
    entries = int.from_bytes(tail[found + 10 : found + 12], "little")
    if size == 0xFFFFFFFF or entries == 0xFFFF:
        size = len(data)  # zip64: the real figures are elsewhere; the file size bounds them
    if size > MAX_ZIP_DIRECTORY_BYTES:
        raise FileRefused("it is a zip with far more parts than a document has")


def too_big(size: int, limit: int) -> str:
    return f"it is {megabytes(size, exact=False)}; the limit is {megabytes(limit)}"


def megabytes(size: int, *, exact: bool = True) -> str:
    """A round limit reads "32 MB", a measured size "50.0 MB"; tiny test limits stay readable."""
    if exact and size % _MEGABYTE == 0:
        return f"{size // _MEGABYTE} MB"
    if size < _MEGABYTE // 10:
        return f"{size / _MEGABYTE:.2g} MB"
    return f"{size / _MEGABYTE:.1f} MB"


def describe_os_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "the file does not exist (it may have been moved or deleted)"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, PermissionError):
        return "you do not have permission to read it"
    if error.errno == errno.ELOOP:
        return "it is a link that leads round in a circle"
    return f"it could not be read ({error.strerror or error})"
