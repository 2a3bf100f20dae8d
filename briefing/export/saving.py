"""Write a briefing file atomically: a reader never finds half a briefing under its name."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from briefing.export.errors import ExportCancelled, ExportError
from briefing.export.outline import Outline
from briefing.export.writer import Cancelled, Progress, Writer
from briefing.store.atomic_file import create_temporary, shared_file_mode


def save_atomically(
    outline: Outline, path: Path, writer: Writer, progress: Progress | None = None
) -> Path:
    """Render the outline into `path` atomically (see `save_with`)."""
    return save_with(Path(path), lambda stream: writer.write(outline, stream, progress))


def save_with(
    path: Path, render: Callable[[BinaryIO], None], subject: str = "the briefing"
) -> Path:
    """Let `render` write into a temporary file beside `path`, then rename it over `path`.

    The rename is atomic on one file system, so `path` holds the old file or the new one,
    never a mixture; on any failure (or Ctrl-C) the temporary file is removed. `render` raises
    `Cancelled` to stop; ExportError (naming `subject`) reports every failure.
    """
    folder = path.parent
    if path.is_dir():
        raise ExportError(path, "that is a folder, not a file name", subject)
    if not folder.is_dir():
        raise ExportError(path, f"the folder {folder} does not exist", subject)
    try:
        # Named for this process, so a later export removes it should this one be killed.
        handle, temporary = create_temporary(path)
    except OSError as error:
        raise ExportError(path, _reason(error), subject) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            render(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, shared_file_mode(path))
        os.replace(temporary, path)
    except Cancelled:
        temporary.unlink(missing_ok=True)
        raise ExportCancelled(path, subject) from None
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(path, _reason(error), subject) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return (
            "permission denied. The folder may be read-only, or the file may be open in "
            "another program; close it there or choose another name"
        )
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return error.strerror or str(error)
