"""A REFI-QDA source as an article: its fields, grade and original, from its variables when it
carries Briefing Builder's (`qdpx_format.SOURCE_VARIABLES`), else read from its text as a file
import would."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from briefing.core.custody import pages_fit
from briefing.core.grading import DEFAULT_RELIABILITY, is_reliability
from briefing.core.records import ImportedArticle
from briefing.importers.errors import ContentRefused
from briefing.importers.metadata import Sniffed, sniff
from briefing.importers.versions import own_reader
from briefing.store import limits
from briefing.store import qdpx_format as fmt
from briefing.store.qdpx_reader import ProjectXml, Source
from briefing.store.qdpx_texts import SourceFiles, SourceText, file_name


class ArticleMaker:
    """Makes the articles of one import; `remarks` gets what the summary should say."""

    def __init__(self, files: SourceFiles, xml: ProjectXml, remarks: list[str]) -> None:
        self._files = files
        self._variables = xml.variables
        self._remarks = remarks
        self._stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self._reader = own_reader(f"REFI-QDA project from {xml.origin or 'another tool'}")
        self.unknown_variables: dict[str, None] = {}  # names, in the order met

    def article(self, text: SourceText, body: str) -> tuple[ImportedArticle, str]:
        source = text.source
        fields = self._fields(source)
        title = clip(source.name.strip() or Path(text.original_name).stem, limits.MAX_NAME_CHARS)
        title = title or "Untitled source"
        ours = fmt.MARKER_FIELD in fields
        # Another tool's source: what a citation needs is read from the text, as a file import
        # does. Ours: every field is as it was written, empty ones included.
        found = Sniffed() if ours else sniff(body)
        original, source_file = self._evidence(text, fields, ours, title)
        item = ImportedArticle(
            text=body, title=title, source_file=fields.get("source_file") or source_file,
            outlet=fields.get("outlet") or found.outlet,
            author=fields.get("author") or found.author,
            published=fields.get("published") or found.published,
            pages=self._pages(fields.get("pages", ""), body, title), original=original,
            source_url=fields.get("source_url", ""), final_url=fields.get("final_url", ""),
            retrieved=fields.get("retrieved") or self._stamp,
            reader=fields.get("reader") or ("" if ours else self._reader),
            view=fields.get("view", ""),
            encoding=fields.get("encoding", "" if ours else text.encoding),
        )  # fmt: skip
        grade = fields.get(fmt.MARKER_FIELD, DEFAULT_RELIABILITY).strip().upper()
        if not is_reliability(grade):
            self._remarks.append(f"“{title}”: “{grade}” is no reliability grade; left F")
            grade = DEFAULT_RELIABILITY
        return item, grade

    def _fields(self, source: Source) -> dict[str, str]:
        """The source's values of the variables the project has fields for, by field."""
        found: dict[str, str] = {}
        for guid, value in source.values.items():
            name = self._variables.get(guid, "")
            variable = fmt.VARIABLE_BY_NAME.get(name.casefold())
            if variable is not None:
                found[variable.field] = clip(value, limits.MAX_NAME_CHARS)
            elif name:
                self.unknown_variables.setdefault(name, None)
        return found

    def _evidence(
        self, text: SourceText, fields: dict[str, str], ours: bool, title: str
    ) -> tuple[bytes, str]:
        """The bytes to keep as the article's original, and the file name they go by.

        Our own export carries the original beside the text (or is the PDF source's file) with
        its SHA-256; another tool's source keeps the file its text was read from, or its PDF."""
        reference = fields.get("original") or (
            text.source.path if text.source.kind == "PDFSource" else ""
        )
        original = b""
        if reference:
            try:
                original = self._files.read(self._files.member(reference, "original"))
            except ContentRefused as refused:
                self._remarks.append(f"“{title}”: {refused.reason}; no original kept")
        recorded = fields.get("sha256", "")
        if original and recorded and hashlib.sha256(original).hexdigest() != recorded:
            self._remarks.append(
                f"“{title}”: its original does not match its recorded SHA-256; not kept"
            )
            original = b""
        if ours:
            return original, text.original_name
        if original:
            return original, file_name(text.source.name, PurePosixPath(reference).suffix)
        return text.original, text.original_name

    def _pages(self, value: str, body: str, title: str) -> tuple[int, ...]:
        if not value:
            return ()
        pages = fmt.parse_pages(value)
        if pages is None or not pages_fit(pages, len(body)):
            self._remarks.append(f"“{title}”: its page starts do not fit its text; left out")
            return ()
        return pages


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or "name (2)", "name (3)"... if a name equal but for case is taken; takes it."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate.casefold())
    return candidate


def clip(value: str, limit: int) -> str:
    """Values past the project file's limits would make it refuse to open; none of a real
    project's come near them."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
