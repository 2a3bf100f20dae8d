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
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.core.edit import Change, Edit, PassageChange
from briefing.core.errors import ProjectError
from briefing.core.grading import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY
from briefing.core.project import Project
from briefing.core.records import ImportedArticle, Passage
from briefing.core.text import content_hash
from briefing.importers.errors import ContentRefused
from briefing.store import limits
from briefing.store import qdpx_format as fmt
from briefing.store.project_file import write_new_project
from briefing.store.qdpx_archive import ArchiveRefused, QdpxArchive
from briefing.store.qdpx_articles import ArticleMaker, clip, unique_name
from briefing.store.qdpx_passages import Plan, label, restamped, span, targets_first
from briefing.store.qdpx_positions import STANDARD, Counting, PositionMap, choose_counting
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
from briefing.store.qdpx_texts import SourceFiles, SourceText
from briefing.store.safe_xml import XmlRefused

# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]
ANNOTATIONS_THEME = "Annotations"  # for selections that carry a note but no code


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


class _Import:
    def __init__(
        self, path: Path, archive: QdpxArchive, xml: ProjectXml, progress: Progress | None
    ) -> None:
        self._path = path
        self._summary = QdpxSummary(path.name, xml.origin, xml.name or path.stem)
        self._files = SourceFiles(archive, self._summary.read_as)
        self._maker = ArticleMaker(self._files, xml, self._summary.read_as)
        self._xml = xml
        self._progress = progress
        self._ours = xml.origin.startswith(fmt.ORIGIN_PREFIX)
        self._project = Project()
        self._used_notes: set[str] = set()
        self._unknown_codings = 0
        self._uncoded = 0
        self._annotations: int | None = None  # the theme for uncoded annotations, once made

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

    def _texts(self) -> list[SourceText]:
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
                texts.append(self._files.text_of(source))
            except ContentRefused as refused:
                self._summary.left_out.append(f"source “{label}”: {refused.reason}")
        for kind, names in media_names.items():
            self._summary.left_out.append(named(names, f"{MEDIA_KINDS[kind]} source"))
        return texts

    def _counting(self, texts: list[SourceText]) -> Counting:
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
            spans = [span(s) for s in self._selections_of(text.source)]
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
            name = unique_name(clip(entry.name, limits.MAX_NAME_CHARS), taken)
            if name != entry.name:
                self._summary.read_as.append(f"code “{entry.name}” is the theme “{name}”")
            description, keywords = self._code_notes(entry.note_refs)
            description = "\n\n".join(p for p in (entry.description, description) if p)
            edit = self._project.add_theme(
                name, entry.colour, clip(description, limits.MAX_FIELD_CHARS), keywords
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
        try:
            return self._files.note_text(note)
        except ContentRefused as refused:
            self._summary.left_out.append(f"note “{note.name}”: {refused.reason}")
            return ""

    # ----- articles ------------------------------------------------------------------------

    def _articles(
        self, texts: list[SourceText], counting: Counting
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
            item, grade = self._maker.article(text, positions.text)
            title = unique_name(item.title, taken)
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

    # ----- passages ------------------------------------------------------------------------

    def _passages(
        self, texts: list[SourceText], articles: dict[str, tuple[int, PositionMap]],
        themes: dict[str, int],
    ) -> None:  # fmt: skip
        note_links = self._note_links()
        plans: dict[str, Plan] = {}
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
        order, cut = targets_first(plans)
        for guid in cut:
            self._summary.left_out.append(
                f"{plans[guid].label}: its corroboration link closes a circle of links"
            )
        for guid in order:
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
            stamped = restamped(passage, plan)
            if stamped != passage:
                stamps.append(PassageChange(passage.id, passage, stamped))
        self._project.apply(Edit("Keep the file's coding times", tuple(stamps)))
        passages = self._project.passages()
        self._summary.passages = len(passages)
        self._summary.notes = sum(1 for p in passages if p.note)
        self._summary.graded += sum(1 for p in passages if p.credibility != DEFAULT_CREDIBILITY)
        self._summary.links = sum(1 for p in passages if p.corroborates is not None)

    def _plan(
        self, selection: Selection, article_id: int, positions: PositionMap, title: str,
        themes: dict[str, int], note_links: dict[str, list[str]],
    ) -> Plan | None:  # fmt: skip
        where = label(selection, title)
        if selection.start is None or selection.end is None:
            self._summary.left_out.append(f"{where}: its positions are not whole numbers")
            return None
        start, end = positions.to_text(selection.start), positions.to_text(selection.end)
        if start is None or end is None:
            self._summary.left_out.append(
                f"{where}: lies outside its text (0-{positions.length}); refused"
            )
            return None
        if start >= end:
            self._summary.left_out.append(f"{where}: covers no text; refused")
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
        note = clip("\n\n".join(n for n in [*notes, described] if n), limits.MAX_FIELD_CHARS)
        if not theme_ids:
            if not note:
                self._uncoded += 1
                return None
            theme_ids = [self._annotations_theme()]
        return Plan(where, article_id, start, end, theme_ids, note,
                     credibility or DEFAULT_CREDIBILITY, selection.created,
                     selection.modified, self._author(selection.user))  # fmt: skip

    def _author(self, user: str) -> str:
        """The name of the file's user (a GUID) as a passage's author, fit to store."""
        name = " ".join(self._xml.users.get(user, "").split())
        return clip(name, limits.MAX_NAME_CHARS)

    def _annotations_theme(self) -> int:
        """The theme for selections with a note but no code (MAXQDA comments, NVivo
        annotations), made on first need."""
        if self._annotations is None:
            taken = {t.name.casefold() for t in self._project.themes()}
            name = unique_name(ANNOTATIONS_THEME, set(taken))
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

    def _link_corroborations(self, plans: dict[str, Plan]) -> None:
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
            title=clip(self._summary.title, limits.MAX_NAME_CHARS),
            analyst=clip(", ".join(users), limits.MAX_NAME_CHARS),
            summary=clip(xml.description, limits.MAX_FIELD_CHARS),
            handling=clip(handling, limits.MAX_NAME_CHARS),
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
        if self._maker.unknown_variables:
            left_out.append(named(list(self._maker.unknown_variables), "source variable"))
