"""Files written under a temporary name beside their target, then renamed into place.

A reader never finds half a file under the real name. The temporary name carries this
machine's name and the writing process's id, so the next write beside the same target can
tell a file left behind by a process that was killed (and remove it) from one that another
process, perhaps on another machine sharing the folder, is still writing.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from pathlib import Path

_SUFFIX = ".part"


def _owner() -> str:
    host = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
    return f"{host}-{os.getpid()}"


def create_temporary(target: Path) -> tuple[int, Path]:
    """An open descriptor and the path of a new, empty, private file beside `target`."""
    folder = target.parent if str(target.parent) else Path(".")
    sweep_stale(target)
    handle, name = tempfile.mkstemp(
        dir=folder, prefix=f".{target.name}.{_owner()}.", suffix=_SUFFIX
    )
    return handle, Path(name)


def sweep_stale(target: Path) -> None:
    """Remove temporary files of `target` whose writer, on this machine, no longer runs."""
    if os.name != "posix":
        return  # os.kill(pid, 0) does not merely probe on Windows
    folder = target.parent if str(target.parent) else Path(".")
    host = _owner().rsplit("-", 1)[0]
    pattern = re.compile(
        rf"\.{re.escape(target.name)}\.{re.escape(host)}-(\d+)\..+{re.escape(_SUFFIX)}"
        r"(?:-wal|-shm|-journal)?"
    )
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = pattern.fullmatch(name)
        if found and not _running(int(found.group(1))):
            try:
                (folder / name).unlink()
            except OSError:
                pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def shared_file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (mkstemp's 0600
    would hide it from colleagues on a shared drive)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
