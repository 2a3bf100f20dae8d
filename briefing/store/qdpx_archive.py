"""Read the files inside a REFI-QDA project archive (.qdpx) without trusting the archive.

A .qdpx is a zip from someone else's tool. Nothing is extracted to disk; members are read into
memory one at a time, and every read is bounded by counting the bytes actually inflated (the
sizes an archive claims for its members can lie). Member names that climb out of the archive
(`../`, absolute paths, drive letters) get the whole archive refused: no honest tool writes them.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from briefing.store import qdpx_format as fmt

MAX_MEMBERS = 200_000
MAX_PROJECT_XML_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # all reads together: a bomb spread over many members
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"[A-Za-z]:")
_EXTERNAL_SCHEMES = ("relative://", "absolute://", "file:", "http://", "https://")


class ArchiveRefused(Exception):
    """The archive as a whole cannot be read; `reason` completes "FILE ..."."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MemberTooLarge(Exception):
    """One member inflates past the limit it was read with (only that member is lost)."""


class QdpxArchive:
    """An open .qdpx: the project XML and the files its sources refer to."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise ArchiveRefused("does not exist") from None
        except IsADirectoryError:
            raise ArchiveRefused("is a folder, not a REFI-QDA project file") from None
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise ArchiveRefused(
                "is not a REFI-QDA project (.qdpx files are zip archives; this one is not)"
            ) from None
        except OSError as error:
            raise ArchiveRefused(f"could not be read ({error.strerror or error})") from None
        try:
            self._members = self._checked_members()
        except ArchiveRefused:
            self._zip.close()
            raise
        self._by_key: dict[str, str] = {}
        for name in self._members:
            self._by_key.setdefault(_key(name), name)
        self._read_so_far = 0

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _checked_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveRefused(f"holds {len(infos):,} files, more than a project could need")
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or _DRIVE.match(name) or ".." in parts:
                raise ArchiveRefused(
                    f"holds a file named “{info.filename}”, which points outside the archive; "
                    "refused (an honest export never does this)"
                )
            if name in members:
                raise ArchiveRefused(f"holds two files named “{info.filename}”; refused")
            if not info.is_dir():
                members[name] = info
        return members

    # ----- finding members ---------------------------------------------------------------

    def project_member(self) -> str:
        """The project XML: `project.qde`, or the only `.qde` at the top (some tools name it
        after the project)."""
        top = [name for name in self._members if "/" not in name]
        exact = [name for name in top if name.casefold() == fmt.PROJECT_MEMBER]
        if exact:
            return exact[0]
        others = [name for name in top if name.casefold().endswith(".qde")]
        if len(others) == 1:
            return others[0]
        if not others:
            raise ArchiveRefused("holds no project.qde, so it is not a REFI-QDA project")
        raise ArchiveRefused(f"holds several project files ({', '.join(sorted(others))})")

    def find(self, reference: str) -> str | None:
        """The member a source refers to, by `internal://NAME`, a plain file name or a path
        inside the archive; folder and file names match whatever their case (tools write both
        `sources` and `Sources`). None when the archive does not hold it."""
        reference = reference.strip().replace("\\", "/")
        if reference.lower().startswith(fmt.INTERNAL):
            reference = reference[len(fmt.INTERNAL) :]
        elif reference.lower().startswith(_EXTERNAL_SCHEMES):
            # Kept outside the archive by the other tool; it may still have packed a copy.
            reference = PurePosixPath(reference.split(":", 1)[1]).name
        reference = reference.lstrip("/")
        if not reference:
            return None
        name = PurePosixPath(reference).name
        for candidate in (f"{fmt.SOURCES_FOLDER}/{reference}", reference,
                          f"{fmt.SOURCES_FOLDER}/{name}"):  # fmt: skip
            if candidate in self._members:
                return candidate
            found = self._by_key.get(_key(candidate))
            if found is not None:
                return found
        return None

    @staticmethod
    def is_external(reference: str) -> bool:
        return reference.strip().lower().startswith(_EXTERNAL_SCHEMES)

    # ----- reading -----------------------------------------------------------------------

    def read_project_xml(self) -> bytes:
        try:
            return self.read(self.project_member(), MAX_PROJECT_XML_BYTES)
        except MemberTooLarge:
            limit = MAX_PROJECT_XML_BYTES // (1024 * 1024)
            raise ArchiveRefused(
                f"holds a project.qde that unpacks to more than {limit} MB; refused"
            ) from None

    def read(self, member: str, limit: int) -> bytes:
        """The member's bytes; MemberTooLarge past `limit`. Refuses the archive when all reads
        together pass MAX_TOTAL_BYTES, or when the member is encrypted or damaged."""
        info = self._members[member]
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"is password-protected (“{member}”); export it again without")
        chunks, size = [], 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self._read_so_far += len(chunk)
                    if self._read_so_far > MAX_TOTAL_BYTES:
                        raise ArchiveRefused(
                            "unpacks to far more than its size suggests (a zip bomb?); refused"
                        )
                    if size > limit:
                        raise MemberTooLarge(member)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ArchiveRefused(f"is damaged (“{member}”: {error})") from None
        except NotImplementedError:
            raise ArchiveRefused(
                f"stores “{member}” with a compression method this app cannot read"
            ) from None
        return b"".join(chunks)


def _key(name: str) -> str:
    # macOS writes file names decomposed (NFD); other tools compose them (NFC).
    return unicodedata.normalize("NFC", name).casefold()
