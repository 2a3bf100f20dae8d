"""Find and read the text of a REFI-QDA source or note among the files of its archive.

A source's text is in the XML (`PlainTextContent`), in a `.txt` (UTF-8 as the standard asks,
something else from older tools), or, when NVivo leaves the `.txt` empty, in the `.docx` beside
it. The text is kept as the file has it (CR LF, a byte-order mark) because that is what the
selections' positions count; `qdpx_positions` folds it into the article text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from briefing.importers import MAX_FILE_BYTES
from briefing.importers.docx_source import docx_paragraphs
from briefing.importers.encoding import decode_text, encoding_label
from briefing.importers.errors import ContentRefused
from briefing.store.qdpx_archive import MemberTooLarge, QdpxArchive
from briefing.store.qdpx_reader import Note, Source

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source whose text was found: the text as the file has it, and what it was read from."""

    source: Source
    raw: str  # CR LF and any byte-order mark still in, as the positions count them
    original: bytes
    original_name: str  # the file name it was read from, for the chain of custody
    encoding: str = "utf-8"


class SourceFiles:
    """Reads sources' and notes' files, adding to `remarks` what the summary should say about
    how something was read."""

    def __init__(self, archive: QdpxArchive, remarks: list[str]) -> None:
        self._archive = archive
        self.remarks = remarks

    def text_of(self, source: Source) -> SourceText:
        """The source's text, or ContentRefused saying why it has none."""
        if source.inline_text is not None and source.inline_text.strip():
            data = source.inline_text.encode("utf-8", "replace")
            return SourceText(source, source.inline_text, data, file_name(source.name, ".txt"))
        if not (source.plain_path or source.rich_path):
            raise ContentRefused("it names no text file")
        text = None
        if source.plain_path:
            member = self.member(source.plain_path, "text file")
            data = self.read(member)
            raw, encoding = _decoded(data)
            if encoding != "utf-8":
                self.remarks.append(
                    f"“{source.name}” was not UTF-8, as the standard asks; read as "
                    f"{encoding_label(encoding)}"
                )
            text = SourceText(source, raw, data, file_name(source.name, _suffix(member)), encoding)
        if (text is None or not text.raw.strip()) and source.rich_path:
            # NVivo writes an empty .txt beside the .docx that holds the text, and counts its
            # positions in that text: one line per paragraph.
            member = self.member(source.rich_path, "Word file")
            data = self.read(member)
            raw = "\r\n".join(docx_paragraphs(data))
            text = SourceText(source, raw, data, file_name(source.name, _suffix(member)), "")
            if source.plain_path:
                self.remarks.append(
                    f"“{source.name}”: its plain-text file is empty; the text was read from its "
                    "Word file"
                )
        if text is None or not text.raw.strip():
            raise ContentRefused("it has no text")
        return text

    def note_text(self, note: Note) -> str:
        """A note's text (inline, in a .txt or in a .docx); ContentRefused if unreadable."""
        if note.inline_text is not None:
            return note.inline_text.strip()
        if note.plain_path:
            text, _ = _decoded(self.read(self.member(note.plain_path, "text file")))
            if text.strip():
                return text.strip()
        if note.rich_path:
            data = self.read(self.member(note.rich_path, "Word file"))
            return "\n".join(docx_paragraphs(data)).strip()
        return ""

    def member(self, reference: str, what: str) -> str:
        """The archive member `reference` names; ContentRefused naming `what` if it is not
        there."""
        member = self._archive.find(reference)
        if member is None:
            if self._archive.is_external(reference):
                raise ContentRefused(f"its {what} is kept outside the project file ({reference})")
            raise ContentRefused(f"its {what} ({reference}) is not in the archive")
        return member

    def read(self, member: str) -> bytes:
        limit = MAX_FILE_BYTES  # the limit of imported files; looked up now, so tests can lower it
        try:
            return self._archive.read(member, limit)
        except MemberTooLarge:
            raise ContentRefused(f"its file is larger than {limit // (1024 * 1024)} MB") from None


def _decoded(data: bytes) -> tuple[str, str]:
    """The text as the positions count it (a UTF-8 byte-order mark kept as U+FEFF), and its
    encoding. UTF-8 is what the standard asks for; anything else is detected."""
    bom = ""
    if data.startswith(_UTF8_BOM):
        bom, data = "\ufeff", data[len(_UTF8_BOM) :]
    decoded = decode_text(data)
    return bom + decoded.text, decoded.encoding


def _suffix(member: str) -> str:
    return PurePosixPath(member).suffix.lower() or ".txt"


def file_name(name: str, suffix: str) -> str:
    """The file name an article read from `name`'s file goes by ("Interview 1.txt")."""
    name = name.strip() or "source"
    return name if name.lower().endswith(suffix.lower()) else f"{name}{suffix}"
