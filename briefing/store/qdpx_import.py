"""Open a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or Briefing Builder
as a new project.

Every text source (and the text representation of every PDF source) becomes an article, every
code a theme ("Parent / Child" keeps the tree visible; file order, so keys 1-9 go to the first
nine), every text selection a passage whose quote is exactly the source text at its positions,
with its codes and notes. What the project has no place for is named in the summary.

The whole project is read and checked in memory first, then written as a new project file in
one transaction (`write_new_project`): a failure, a cancel or Ctrl-C leaves no file behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from briefing.core.edit import Change, Edit, Kind
from briefing.core.errors import ProjectError
from briefing.core.grading import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY, is_reliability
from briefing.core.project import Project, pages_fit
from briefing.core.records import ImportedArticle, Passage
from briefing.core.text import content_hash
from briefing.importers import MAX_FILE_BYTES
from briefing.importers.docx_source import docx_paragraphs
from briefing.importers.encoding import decode_text, encoding_label
from briefing.importers.errors import ContentRefused
from briefing.importers.metadata import Sniffed, sniff
from briefing.importers.versions import own_reader
from briefing.store import qdpx_format as fmt
from briefing.store import schema
from briefing.store.project_file import write_new_project
from briefing.store.qdpx_archive import ArchiveRefused, MemberTooLarge, QdpxArchive
from briefing.store.qdpx_positions import STANDARD, Counting, PositionMap, Span, choose_counting
from briefing.store.qdpx_reader import (
    MEDIA_KINDS,
    Note,
    ProjectXml,
    Selection,
    Source,
    code_guid,
    parse_project_xml,
)
from briefing.store.qdpx_summary import QdpxSummary, named
from briefing.store.safe_xml import XmlRefused

# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]
ANNOTATIONS_THEME = "Annotations"  # for selections that carry a note but no code
_UTF8_BOM = b"\xef\xbb\xbf"
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")


class QdpxError(ProjectError):
    """A REFI-QDA project that cannot be opened; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class QdpxCancelled(QdpxError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "the import was cancelled; nothing was created")


def import_qdpx(source: Path, target: Path, progress: Progress | None = None) -> QdpxSummary:
    """Create the project file `target` from the REFI-QDA project `source`."""
    target = Path(target)
    if target.exists():
        raise QdpxError(target, "a file of that name already exists")
    project, summary = read_qdpx(source, progress)
    write_new_project(target, project)
    return summary


def read_qdpx(source: Path, progress: Progress | None = None) -> tuple[Project, QdpxSummary]:
    """The REFI-QDA project `source` as a project in memory, and what was brought in."""
    source = Path(source)
    try:
        with QdpxArchive(source) as archive:
            xml = parse_project_xml(archive.read_project_xml())
            return _Import(source, archive, xml, progress).run()
    except (ArchiveRefused, XmlRefused) as refused:
        raise QdpxError(source, refused.reason) from None


@dataclass
class _Text:
    """A source whose text was found: the text as the file has it, and what it was read from."""

    source: Source
    raw: str  # CR LF and any byte-order mark still in, as the positions count them
    original: bytes
    original_name: str  # the file name it was read from, for the chain of custody
    encoding: str = "utf-8"


class _Import:
    def __init__(
        self, path: Path, archive: QdpxArchive, xml: ProjectXml, progress: Progress | None
    ) -> None:
        self._path = path
        self._archive = archive
        self._xml = xml
        self._progress = progress
        self._ours = xml.origin.startswith(fmt.ORIGIN_PREFIX)
        self._project = Project()
        self._summary = QdpxSummary(path.name, xml.origin, xml.name or path.stem)
        self._used_notes: set[str] = set()
        self._unknown_variables: dict[str, None] = {}  # names, in the order met
        self._unknown_codings = 0
        self._uncoded = 0
        self._annotations: int | None = None  # the theme for uncoded annotations, once made
        self._stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self._reader = own_reader(f"REFI-QDA project from {xml.origin or 'another tool'}")

    def run(self) -> tuple[Project, QdpxSummary]:
        texts = self._texts()
        counting = self._counting(texts)
        if counting != STANDARD:
            self._summary.read_as.append(
                f"positions count {counting.describe()}, as the exporting tool does"
            )
        themes = self._themes()
        articles = self._articles(texts, counting)
        self._passages(texts, articles, themes)
        self._settings()
        self._report_unused()
        self._tick(1, 1)
        return self._project, self._summary

    def _tick(self, done: int, total: int) -> None:
        if self._progress is not None and self._progress(done, total) is False:
            raise QdpxCancelled(self._path)

    # ----- texts ---------------------------------------------------------------------------

    def _texts(self) -> list[_Text]:
        texts = []
        media_names: dict[str, list[str]] = {}
        sources = self._xml.sources
        for done, source in enumerate(sources):
            self._tick(done, len(sources) * 2)
            label = source.name or source.guid
            if source.kind in MEDIA_KINDS:
                media_names.setdefault(source.kind, []).append(label)
                continue
            try:
                texts.append(self._text_of(source))
            except ContentRefused as refused:
                self._summary.left_out.append(f"source “{label}”: {refused.reason}")
        for kind, names in media_names.items():
            self._summary.left_out.append(named(names, f"{MEDIA_KINDS[kind]} source"))
        return texts

    def _text_of(self, source: Source) -> _Text:
        if source.inline_text is not None and source.inline_text.strip():
            data = source.inline_text.encode("utf-8", "replace")
            return _Text(source, source.inline_text, data, _file_name(source.name, ".txt"))
        if not (source.plain_path or source.rich_path):
            raise ContentRefused("it names no text file")
        text = None
        if source.plain_path:
            member = self._member(source.plain_path, "text file")
            data = self._read(member)
            raw, encoding = _decoded(data)
            if encoding != "utf-8":
                self._summary.read_as.append(
                    f"“{source.name}” was not UTF-8, as the standard asks; read as "
                    f"{encoding_label(encoding)}"
                )
            text = _Text(source, raw, data, _file_name(source.name, _suffix(member)), encoding)
        if (text is None or not text.raw.strip()) and source.rich_path:
            # NVivo writes an empty .txt beside the .docx that holds the text.
            member = self._member(source.rich_path, "Word file")
            data = self._read(member)
            raw = "\r\n".join(docx_paragraphs(data))
            text = _Text(source, raw, data, _file_name(source.name, _suffix(member)), "")
            if source.plain_path:
                self._summary.read_as.append(
                    f"“{source.name}”: its plain-text file is empty; the text was read from its "
                    "Word file"
                )
        if text is None or not text.raw.strip():
            raise ContentRefused("it has no text")
        return text

    def _member(self, reference: str, what: str) -> str:
        member = self._archive.find(reference)
        if member is None:
            if self._archive.is_external(reference):
                raise ContentRefused(f"its {what} is kept outside the project file ({reference})")
            raise ContentRefused(f"its {what} ({reference}) is not in the archive")
        return member

    def _read(self, member: str) -> bytes:
        limit = MAX_FILE_BYTES  # looked up at call time, so tests can lower it
        try:
            return self._archive.read(member, limit)
        except MemberTooLarge:
            raise ContentRefused(f"its file is larger than {limit // (1024 * 1024)} MB") from None

    def _counting(self, texts: list[_Text]) -> Counting:
        if self._ours:
            return STANDARD  # we count code points of exactly the text we wrote
        preferred = STANDARD
        origin = self._xml.origin.casefold()
        if "atlas" in origin:
            preferred = dataclasses.replace(preferred, crlf_as_two=False)
        if "nvivo" in origin or "maxqda" in origin:  # .NET and Windows tools: UTF-16 strings
            preferred = dataclasses.replace(preferred, utf16=True)
        samples = []
        for text in texts:
            spans = [_span(s) for s in self._selections_of(text.source)]
            samples.append((text.raw, [s for s in spans if s is not None]))
        return choose_counting(samples, preferred)

    def _selections_of(self, source: Source) -> list[Selection]:
        """The source's selections and those of annotation notes attached to it."""
        found = list(source.selections)
        for guid in source.note_refs:
            note = self._xml.notes.get(guid)
            if note is not None and note.selections:
                found.extend(note.selections)
        return found

    # ----- codebook ------------------------------------------------------------------------

    def _themes(self) -> dict[str, int]:
        """Code GUID -> theme id. Structuring codes become themes only if something is coded
        with them (the standard says nothing should be)."""
        coded = {ref for s in self._xml.sources for sel in self._selections_of(s)
                 for ref in sel.code_refs}  # fmt: skip
        themes: dict[str, int] = {}
        taken: set[str] = set()
        for entry in self._xml.codes:
            guid = code_guid(entry)
            if not (entry.codable or guid in coded) or guid in themes:
                continue
            name = _unique(_clip(entry.name, schema.MAX_NAME_CHARS), taken)
            if name != entry.name:
                self._summary.read_as.append(f"code “{entry.name}” is the theme “{name}”")
            description, keywords = self._code_notes(entry.note_refs)
            description = "\n\n".join(p for p in (entry.description, description) if p)
            edit = self._project.add_theme(
                name, entry.colour, _clip(description, schema.MAX_FIELD_CHARS), keywords
            )
            themes[guid] = edit.changes[0].id
        self._summary.themes = len(themes)
        return themes

    def _code_notes(self, refs: Iterable[str]) -> tuple[str, list[str]]:
        """A code's memos (added to its description) and suggestion keywords."""
        memos, keywords = [], []
        for guid in refs:
            note = self._xml.notes.get(guid)
            if note is None:
                continue
            self._used_notes.add(guid)
            text = self._note_text(note)
            if note.name.startswith(fmt.KEYWORDS_NOTE.strip()):
                keywords += [line.strip() for line in text.splitlines() if line.strip()]
            elif text:
                memos.append(text)
        return "\n\n".join(memos), keywords

    def _note_text(self, note: Note) -> str:
        if note.inline_text is not None:
            return note.inline_text.strip()
        try:
            if note.plain_path:
                text, _ = _decoded(self._read(self._member(note.plain_path, "text file")))
                if text.strip():
                    return text.strip()
            if note.rich_path:
                data = self._read(self._member(note.rich_path, "Word file"))
                return "\n".join(docx_paragraphs(data)).strip()
        except ContentRefused as refused:
            self._summary.left_out.append(f"note “{note.name}”: {refused.reason}")
        return ""

    # ----- articles ------------------------------------------------------------------------

    def _articles(
        self, texts: list[_Text], counting: Counting
    ) -> dict[str, tuple[int, PositionMap]]:
        """Source GUID -> (article id, its positions). A source with the same text as an earlier
        one shares that article (a project holds each text once)."""
        imported: list[ImportedArticle] = []
        grades: list[str] = []
        first_of: dict[str, int] = {}  # content hash -> index in `imported`
        index_of: dict[str, tuple[int, PositionMap]] = {}
        taken: set[str] = set()
        for text in texts:
            positions = PositionMap(text.raw, counting)
            digest = content_hash(positions.text)
            if digest in first_of:
                index = first_of[digest]
                self._summary.read_as.append(
                    f"“{text.source.name}” has the same text as “{imported[index].title}”: one "
                    "article holds the passages of both"
                )
                index_of[text.source.guid] = (index, positions)
                continue
            item, grade = self._article(text, positions.text)
            title = _unique(item.title, taken)
            if title != item.title:
                self._summary.read_as.append(
                    f"two sources are named “{item.title}”; the second is “{title}”"
                )
                item = dataclasses.replace(item, title=title)
            first_of[digest] = len(imported)
            index_of[text.source.guid] = (len(imported), positions)
            imported.append(item)
            grades.append(grade)
        if imported:
            self._project.add_articles(imported)
        ids = [a.id for a in self._project.articles()]
        for article_id, grade in zip(ids, grades, strict=True):
            if grade != DEFAULT_RELIABILITY:
                self._project.set_reliability(article_id, grade)
                self._summary.graded += 1
        self._summary.articles = len(ids)
        return {guid: (ids[index], positions) for guid, (index, positions) in index_of.items()}

    def _article(self, text: _Text, body: str) -> tuple[ImportedArticle, str]:
        source = text.source
        fields = self._fields(source)
        title = _clip(source.name.strip() or Path(text.original_name).stem, schema.MAX_NAME_CHARS)
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
            self._summary.read_as.append(f"“{title}”: “{grade}” is no reliability grade; left F")
            grade = DEFAULT_RELIABILITY
        return item, grade

    def _fields(self, source: Source) -> dict[str, str]:
        """The source's values of the variables the project has fields for, by field."""
        found: dict[str, str] = {}
        for guid, value in source.values.items():
            name = self._xml.variables.get(guid, "")
            variable = fmt.VARIABLE_BY_NAME.get(name.casefold())
            if variable is not None:
                found[variable.field] = _clip(value, schema.MAX_NAME_CHARS)
            elif name:
                self._unknown_variables.setdefault(name, None)
        return found

    def _evidence(
        self, text: _Text, fields: dict[str, str], ours: bool, title: str
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
                original = self._read(self._member(reference, "original"))
            except ContentRefused as refused:
                self._summary.read_as.append(f"“{title}”: {refused.reason}; no original kept")
        recorded = fields.get("sha256", "")
        if original and recorded and hashlib.sha256(original).hexdigest() != recorded:
            self._summary.read_as.append(
                f"“{title}”: its original does not match its recorded SHA-256; not kept"
            )
            original = b""
        if ours:
            return original, text.original_name
        if original:
            return original, _file_name(text.source.name, PurePosixPath(reference).suffix)
        return text.original, text.original_name

    def _pages(self, value: str, body: str, title: str) -> tuple[int, ...]:
        if not value:
            return ()
        pages = fmt.parse_pages(value)
        if pages is None or not pages_fit(pages, len(body)):
            self._summary.read_as.append(
                f"“{title}”: its page starts do not fit its text; left out"
            )
            return ()
        return pages

    # ----- passages ------------------------------------------------------------------------

    def _passages(
        self, texts: list[_Text], articles: dict[str, tuple[int, PositionMap]],
        themes: dict[str, int],
    ) -> None:  # fmt: skip
        note_links = self._note_links()
        plans: dict[str, _Plan] = {}
        total = len(self._xml.sources) * 2  # reading the sources was the first half
        for done, text in enumerate(texts):
            self._tick(total - len(texts) + done, total)
            article_id, positions = articles[text.source.guid]
            title = self._project.article(article_id).title
            for selection in self._selections_of(text.source):
                plan = self._plan(selection, article_id, positions, title, themes, note_links)
                if plan is not None:
                    plans.setdefault(selection.guid or f"#{len(plans)}", plan)
        self._link_corroborations(plans)
        created: dict[str, int] = {}
        stamps: list[Change] = []
        for guid in _targets_first(plans):
            plan = plans[guid]
            target = created.get(plan.target or "")
            if plan.target and target is None:
                self._summary.left_out.append(
                    f"{plan.label}: its corroboration link leads to a selection left out"
                )
            try:
                edit = self._project.tag(plan.article_id, plan.start, plan.end, plan.themes,
                                         plan.note, plan.credibility, target)  # fmt: skip
            except ProjectError as refused:
                self._summary.left_out.append(f"{plan.label}: {refused}")
                continue
            passage = edit.changes[0].after
            assert isinstance(passage, Passage)
            created[guid] = passage.id
            restamped = _restamped(passage, plan.created, plan.modified)
            if restamped != passage:
                stamps.append(Change(Kind.PASSAGE, passage.id, passage, restamped))
        self._project.apply(Edit("Keep the file's coding times", tuple(stamps)))
        passages = self._project.passages()
        self._summary.passages = len(passages)
        self._summary.notes = sum(1 for p in passages if p.note)
        self._summary.graded += sum(1 for p in passages if p.credibility != DEFAULT_CREDIBILITY)
        self._summary.links = sum(1 for p in passages if p.corroborates is not None)

    def _plan(
        self, selection: Selection, article_id: int, positions: PositionMap, title: str,
        themes: dict[str, int], note_links: dict[str, list[str]],
    ) -> _Plan | None:  # fmt: skip
        label = _label(selection, title)
        if selection.start is None or selection.end is None:
            self._summary.left_out.append(f"{label}: its positions are not whole numbers")
            return None
        start, end = positions.to_text(selection.start), positions.to_text(selection.end)
        if start is None or end is None:
            self._summary.left_out.append(
                f"{label}: lies outside its text (0-{positions.length}); refused"
            )
            return None
        if start >= end:
            self._summary.left_out.append(f"{label}: covers no text; refused")
            return None
        theme_ids = []
        for ref in selection.code_refs:
            if ref in themes:
                theme_ids.append(themes[ref])
            else:
                self._unknown_codings += 1
        credibility, described = fmt.split_credibility(selection.description)
        notes = [self._note_text(self._xml.notes[guid])
                 for guid in [*selection.note_refs, *note_links.get(selection.guid, ())]
                 if guid in self._xml.notes]  # fmt: skip
        self._used_notes.update([*selection.note_refs, *note_links.get(selection.guid, ())])
        note = _clip("\n\n".join(n for n in [*notes, described] if n), schema.MAX_FIELD_CHARS)
        if not theme_ids:
            if not note:
                self._uncoded += 1
                return None
            theme_ids = [self._annotations_theme()]
        return _Plan(label, article_id, start, end, theme_ids, note,
                     credibility or DEFAULT_CREDIBILITY, selection.created,
                     selection.modified)  # fmt: skip

    def _annotations_theme(self) -> int:
        """The theme for selections with a note but no code (MAXQDA comments, NVivo
        annotations), made on first need."""
        if self._annotations is None:
            taken = {t.name.casefold() for t in self._project.themes()}
            name = _unique(ANNOTATIONS_THEME, set(taken))
            edit = self._project.add_theme(name, description="Passages the other tool had "
                                           "annotated without coding them.")  # fmt: skip
            self._annotations = edit.changes[0].id
            self._summary.themes += 1
            self._summary.read_as.append(
                f"selections with a note but no code are passages of the theme “{name}”"
            )
        return self._annotations

    def _note_links(self) -> dict[str, list[str]]:
        """Selection GUID -> notes linked to it (NVivo links annotations that way)."""
        linked: dict[str, list[str]] = {}
        for link in self._xml.links:
            for note, other in ((link.origin, link.target), (link.target, link.origin)):
                if note in self._xml.notes and other not in self._xml.notes:
                    linked.setdefault(other, []).append(note)
        return linked

    def _link_corroborations(self, plans: dict[str, _Plan]) -> None:
        others: Counter[str] = Counter()
        for link in self._xml.links:
            if link.origin in self._xml.notes or link.target in self._xml.notes:
                continue  # a note attached to something: see _note_links
            origin, target = plans.get(link.origin), plans.get(link.target)
            if link.name.casefold() == fmt.CORROBORATES and origin and target:
                if origin.target is None and origin.article_id != target.article_id:
                    origin.target = link.target
                    continue
            others[link.name or "unnamed"] += 1
        if others:
            listed = ", ".join(f"“{name}” ×{count}" for name, count in others.most_common())
            self._summary.left_out.append(
                f"{sum(others.values())} links other than a passage corroborating a passage of "
                f"another article: {listed}"
            )

    # ----- settings and what was left out --------------------------------------------------

    def _settings(self) -> None:
        xml = self._xml
        creators = [s.user for source in xml.sources for s in self._selections_of(source)]
        users = [xml.users[g] for g in dict.fromkeys(creators) if xml.users.get(g)]
        users = users or [name for name in xml.users.values() if name]
        handling = ""
        for guid in xml.note_refs:
            note = xml.notes.get(guid)
            if note is not None and note.name == fmt.HANDLING_NOTE and not handling:
                handling = " ".join(self._note_text(note).split())
                self._used_notes.add(guid)
        self._summary.analysts = tuple(users)
        self._project.update_settings(
            title=_clip(self._summary.title, schema.MAX_NAME_CHARS),
            analyst=_clip(", ".join(users), schema.MAX_NAME_CHARS),
            summary=_clip(xml.description, schema.MAX_FIELD_CHARS),
            handling=_clip(handling, schema.MAX_NAME_CHARS),
        )

    def _report_unused(self) -> None:
        xml, left_out = self._xml, self._summary.left_out
        if self._uncoded:
            left_out.append(f"{self._uncoded} selections with neither a code nor a note")
        if self._unknown_codings:
            left_out.append(f"{self._unknown_codings} codings with a code the file does not define")
        notes = [n.name or n.guid for g, n in xml.notes.items() if g not in self._used_notes]
        if notes:
            left_out.append(named(notes, "note not attached to a passage",
                                  "notes not attached to a passage"))  # fmt: skip
        for names, noun in ((xml.cases, "case"), (xml.sets, "set"), (xml.graphs, "graph")):
            if names:
                left_out.append(named(names, noun))
        whole = sum(s.whole_codings for s in xml.sources)
        if whole:
            left_out.append(f"{whole} codings of whole sources rather than of passages")
        areas = sum(s.other_selections for s in xml.sources)
        if areas:
            left_out.append(f"{areas} areas selected on PDF pages (text selections are kept)")
        described = [s.name for s in xml.sources if s.description]
        if described:
            left_out.append(named(described, "source description", "source descriptions"))
        if self._unknown_variables:
            left_out.append(named(list(self._unknown_variables), "source variable"))


@dataclass
class _Plan:
    """A selection that will become a passage, once the one it corroborates exists."""

    label: str
    article_id: int
    start: int
    end: int
    themes: list[int]
    note: str
    credibility: int
    created: str
    modified: str
    target: str | None = None  # GUID of the selection this one corroborates


def _targets_first(plans: dict[str, _Plan]) -> list[str]:
    """Selection GUIDs in an order where each comes after the one it corroborates. A cycle of
    links (which no honest file has) is cut where it closes."""
    order: list[str] = []
    done: set[str] = set()
    for start in plans:
        walk: list[str] = []
        guid: str | None = start
        while guid is not None and guid not in done and guid in plans:
            if guid in walk:
                plans[walk[-1]].target = None
                break
            walk.append(guid)
            guid = plans[guid].target
        for guid in reversed(walk):
            if guid not in done:
                done.add(guid)
                order.append(guid)
    return order


def _restamped(passage: Passage, created: str, modified: str) -> Passage:
    """The passage with the file's creation and change times, where it gives them."""
    if not _DATE_TIME.fullmatch(created):
        return passage
    updated = modified if _DATE_TIME.fullmatch(modified) else created
    return dataclasses.replace(passage, created=created, updated=updated)


def _span(selection: Selection) -> Span | None:
    if selection.start is None or selection.end is None:
        return None
    return Span(selection.start, selection.end, selection.name)


def _label(selection: Selection, title: str) -> str:
    name = " ".join(selection.name.split())
    if len(name) > 40:
        name = name[:39] + "…"
    where = f"{selection.start}-{selection.end}"
    return (
        f"selection “{name}” ({where}) in “{title}”" if name else f"selection {where} in “{title}”"
    )


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


def _file_name(name: str, suffix: str) -> str:
    name = name.strip() or "source"
    return name if name.lower().endswith(suffix.lower()) else f"{name}{suffix}"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or "name (2)", "name (3)"... if a name equal but for case is taken; takes it."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} ({number})"
    taken.add(candidate.casefold())
    return candidate


def _clip(value: str, limit: int) -> str:
    """Values past the project file's limits would make it refuse to open; none of a real
    project's come near them."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
