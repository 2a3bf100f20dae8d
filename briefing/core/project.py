"""The project: articles, codebook, passages and briefing settings, changed only through edits.

Every operation builds an `Edit` (a list of record swaps), hands it to the backend to store in
one transaction, then updates memory and tells listeners. If storing fails, memory is left as it
was, so what the app shows always matches what is on disk.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar, runtime_checkable

from briefing.core.claim_index import ClaimSource
from briefing.core.claim_words import prepare_filed
from briefing.core.codebook_edits import CodebookEdits
from briefing.core.custody import check_pages, custody_fields
from briefing.core.edit import (
    Applied,
    ArticleChange,
    Change,
    Edit,
    Kind,
    Origin,
    PassageChange,
    RejectionChange,
    SettingsChange,
    Stamp,
    ThemeChange,
    item_name,
)
from briefing.core.errors import (
    DuplicateArticle,
    EditConflict,
    NotAllowed,
    NotFound,
    ProjectError,
)
from briefing.core.grading import DEFAULT_CREDIBILITY, RELIABILITY, is_reliability
from briefing.core.passage_index import PassageIndex
from briefing.core.records import (
    Article,
    BriefingSettings,
    ImportedArticle,
    Original,
    Passage,
    Rejection,
    Theme,
    now,
)
from briefing.core.roles import WHAT, Role
from briefing.core.tagging import SpanToTag, check_credibility, check_theme_ids, new_passage
from briefing.core.text import content_hash

SETTINGS_ID = 1
# An edit of more changes than this (a theme merged or deleted, an import) lets the passage
# index sort its views again when next asked, instead of keeping them in order change by change.
BULK_CHANGES = 1_000


class Backend(Protocol):
    def write(self, edit: Edit) -> None:
        """Store each change's `after` record (None deletes) in one transaction, or raise.
        A shared project refuses (EditConflict) a change to an item someone else changed
        since this project last heard of it."""

    def keep_originals(self, originals: Mapping[str, Original]) -> None:
        """Keep the exact bytes articles were read from, by their SHA-256, or raise.

        Kept apart from edits: an undo stack holding every imported file would hold hundreds
        of megabytes, and an original outlives an undone import (the redo needs it)."""

    def original(self, sha256: str) -> bytes | None:
        """The bytes kept under that SHA-256, or None."""

    def reserve_ids(self, kind: Kind, first: int, count: int) -> int:
        """The first of `count` unused ids for new records of a kind, `first` or above (the
        one after the highest this project has seen). A file has one writer, so `first` is
        free; a shared project's server hands out blocks, so analysts working at once never
        pick the same id."""

    def identity(self) -> str | None:
        """Whom this backend's edits are attributed to (a server's database role), or None:
        then the analyst named in the briefing settings."""

    def last_change(self, kind: Kind, record_id: int) -> Stamp | None:
        """Who last changed a record and when, if the project's change log says."""

    def search_candidates(self, expression: str) -> Iterable[int] | None:
        """Articles that may match a full-text query (a superset) in id order, perhaps read
        as they are taken, or None to scan them all."""

    def unindexed(self) -> int:
        """Articles the full-text index does not hold yet."""

    def index_more(self, limit: int) -> int:
        """Index up to `limit` more articles (one transaction); how many are still to do."""

    def claims(self) -> ClaimSource | None:
        """The corroboration index the backend keeps, up to date with every stored edit; None
        if it keeps none (the caller then indexes the articles itself)."""

    def index_claims(self, limit: int) -> int:
        """Bring up to `limit` more articles into that index (a project from before it, or
        whose index was damaged); how many are still to do."""

    def settled(self, wait: float = 0.0) -> bool:
        """Whether `claims` and edits answer without waiting for checks still at work (a file
        opened before all of it was checked), waiting up to `wait` seconds for them."""


class ArticlesRead(NamedTuple):
    """A step of an import stored as it is read (`Project.add_articles_as_read`)."""

    changes: Sequence[ArticleChange]  # articles added
    originals: Mapping[str, Original]  # the bytes they were read from, by SHA-256


@runtime_checkable
class StoresAsRead(Protocol):
    """A backend that stores an import while it is still being read (a project file)."""

    def write_as_read(self, steps: Iterable[ArticlesRead], edit: Callable[[], Edit]) -> Edit:
        """Store each step as it comes, and `edit()` (the whole import, asked for once the
        steps are over) in one transaction with them, or raise and store nothing; the edit."""


@runtime_checkable
class MergesIndexes(Protocol):
    """A backend whose full-text indexes are merged in idle moments, not in the commits of
    edits (a project file: `store/index_merging.py`)."""

    def merge_indexes(self, pages: int) -> bool:
        """Merge about `pages` pages of each index (one short transaction), commits merging
        nothing from then on; whether more is left to merge."""


class MemoryBackend:
    """A backend that stores nothing on disk: for tests and throw-away projects."""

    def __init__(self) -> None:
        self._originals: dict[str, bytes] = {}

    def write(self, edit: Edit) -> None:
        pass

    def keep_originals(self, originals: Mapping[str, Original]) -> None:
        self._originals.update((digest, kept.data) for digest, kept in originals.items())

    def original(self, sha256: str) -> bytes | None:
        return self._originals.get(sha256)

    def reserve_ids(self, kind: Kind, first: int, count: int) -> int:
        return first

    def identity(self) -> str | None:
        return None

    def last_change(self, kind: Kind, record_id: int) -> Stamp | None:
        return None

    def search_candidates(self, expression: str) -> list[int] | None:
        return None  # no index in memory: the search reads every article

    def unindexed(self) -> int:
        return 0

    def index_more(self, limit: int) -> int:
        return 0

    def claims(self) -> ClaimSource | None:
        return None  # indexed in memory by whoever asks (see analysis.corroboration)

    def index_claims(self, limit: int) -> int:
        return 0

    def settled(self, wait: float = 0.0) -> bool:
        return True


T = TypeVar("T")


def _store(table: dict[int, T], record_id: int, record: T | None) -> None:
    if record is None:
        table.pop(record_id, None)
    else:
        table[record_id] = record


class Project(CodebookEdits):
    def __init__(
        self,
        backend: Backend | None = None,
        articles: Iterable[Article] = (),
        themes: Iterable[Theme] = (),
        passages: Iterable[Passage] | PassageIndex = (),
        settings: BriefingSettings | None = None,
        rejections: Iterable[Rejection] = (),
        role: Role = Role.OWNER,
    ) -> None:
        self.backend: Backend = backend or MemoryBackend()
        self.role = role  # what this analyst may change (a shared project's member role)
        self._articles = {a.id: a for a in articles}
        self._themes = {t.id: t for t in themes}
        # An index already made (one still filling as the project opens) is used as it is.
        self._passages = passages if isinstance(passages, PassageIndex) else PassageIndex(passages)
        self._sorted_articles: list[Article] | None = None
        # Articles by the hash of their text, made when an import first asks, then kept up
        # to date: made again for each step of an import, it took 5-10 ms at 10,000 articles.
        self._by_hash: dict[str, Article] | None = None
        self._settings = settings or BriefingSettings()
        self._rejections = {r.id: r for r in rejections}
        self._listeners: list[Callable[[Applied], None]] = []
        self._last_id = {
            Kind.ARTICLE: max(self._articles, default=0),
            Kind.THEME: max(self._themes, default=0),
            Kind.PASSAGE: self._passages.highest_id(),
            Kind.REJECTION: max(self._rejections, default=0),
        }

    # ----- queries -------------------------------------------------------------------------

    @property
    def settings(self) -> BriefingSettings:
        return self._settings

    def articles(self) -> list[Article]:
        if self._sorted_articles is None:
            self._sorted_articles = sorted(self._articles.values(), key=lambda a: a.id)
        return list(self._sorted_articles)

    def article_count(self) -> int:
        return len(self._articles)

    def article(self, article_id: int) -> Article:
        try:
            return self._articles[article_id]
        except KeyError:
            raise NotFound(f"No article with id {article_id}") from None

    def find_article(self, ref: str) -> Article:
        """An article by id, or by a part of its title that only one article has."""
        if ref.strip().isdigit() and int(ref) in self._articles:
            return self._articles[int(ref)]
        matches = [a for a in self.articles() if ref.casefold() in a.title.casefold()]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"No article matches “{ref}”")
        listed = "; ".join(f"{a.id}: {a.title}" for a in matches)
        raise ProjectError(f"“{ref}” matches {len(matches)} articles ({listed}); give an id")

    def themes(self) -> list[Theme]:
        return sorted(self._themes.values(), key=lambda t: (t.position, t.id))

    def theme(self, theme_id: int) -> Theme:
        try:
            return self._themes[theme_id]
        except KeyError:
            raise NotFound(f"No theme with id {theme_id}") from None

    def theme_named(self, name: str) -> Theme:
        key = name.strip().casefold()
        for theme in self._themes.values():
            if theme.name.casefold() == key:
                return theme
        known = ", ".join(t.name for t in self.themes())
        raise NotFound(f"No theme named “{name}” (themes: {known})")

    def passages(self) -> list[Passage]:
        return self._passages.all()

    def passage(self, passage_id: int) -> Passage:
        found = self._passages.get(passage_id)
        if found is None:
            raise NotFound(f"No passage with id {passage_id}")
        return found

    def passages_of(self, article_id: int) -> list[Passage]:
        """An article's passages in reading order."""
        return self._passages.of(article_id)

    def passage_at(self, article_id: int, start: int, end: int) -> Passage | None:
        """The passage spanning exactly text[start:end] of an article, if there is one."""
        return self._passages.at(article_id, start, end)

    def corroborators(self, passage_id: int) -> list[Passage]:
        """Passages added as corroborating reports of this one, by id."""
        found = (self._passages.get(i) for i in self._passages.supporters(passage_id))
        return [passage for passage in found if passage is not None]

    def rejections(self) -> list[Rejection]:
        return sorted(self._rejections.values(), key=lambda r: r.id)

    def rejected(self) -> set[tuple[int, int, int, int]]:
        """Turned-down suggestions as (article_id, start, end, theme_id)."""
        return {(r.article_id, r.start, r.end, r.theme_id) for r in self._rejections.values()}

    def passage_authors(self) -> list[str]:
        """Everyone who made a passage of this project ("" for those that name nobody)."""
        return self._passages.authors()

    def passage_authors_known(self) -> bool:
        """Whether `passage_authors` answers at once (else it waits for the file's count)."""
        return self._passages.authors_known()

    def passage_total(self) -> int:
        return self._passages.total()

    def passage_counts_by_theme(self) -> Counter[int]:
        return self._passages.counts_by_theme()

    def passage_count(self, article_id: int) -> int:
        return self._passages.count_of(article_id)

    def record(self, kind: Kind, record_id: int) -> object | None:
        """The record of a kind with that id as this project holds it, or None."""
        if kind is Kind.PASSAGE:
            return self._passages.get(record_id)
        if kind is Kind.ARTICLE:
            return self._articles.get(record_id)
        if kind is Kind.THEME:
            return self._themes.get(record_id)
        if kind is Kind.REJECTION:
            return self._rejections.get(record_id)
        return self._settings

    @property
    def analyst(self) -> str:
        """Whom new edits are attributed to: a server project's database role, else the
        analyst named in the briefing settings ("" if none)."""
        return self.backend.identity() or self._settings.analyst

    def briefing_theme_order(self) -> list[Theme]:
        """Themes in the briefing's order: the explicit order first, then the rest by codebook."""
        order = [self._themes[t] for t in self._settings.theme_order if t in self._themes]
        return order + [t for t in self.themes() if t not in order]

    # ----- listeners and applying edits ----------------------------------------------------

    def subscribe(self, listener: Callable[[Applied], None]) -> None:
        """Call `listener(applied)` after every edit takes effect, whoever started it."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Applied], None]) -> None:
        self._listeners.remove(listener)

    def apply(self, edit: Edit, origin: Origin = Origin.USER) -> Edit:
        """Store the edit, then make it visible in memory and to listeners. Returns the edit.
        Refused (NotAllowed) before anything is stored if the analyst's role may not make it."""
        if edit:
            self._check_role(edit)
            self.backend.write(edit)
            self._take(edit, origin)
        return edit

    def undo(self, edit: Edit) -> Edit:
        """Apply the inverse of an applied edit; refused (EditConflict) when someone else has
        changed one of its items since."""
        inverse = edit.inverse()
        self._check_unchanged(inverse, "undone")
        return self.apply(inverse, Origin.UNDO)

    def redo(self, edit: Edit) -> Edit:
        """Apply an undone edit again (refused like `undo` if its items changed since)."""
        self._check_unchanged(edit, "redone")
        return self.apply(edit, Origin.REDO)

    def receive(self, edit: Edit, author: str = "") -> Edit:
        """Take an edit someone else has already stored (a shared project's change log):
        memory and listeners only, nothing is written."""
        if edit:
            self._take(edit, Origin.REMOTE, author)
        return edit

    def _check_role(self, edit: Edit) -> None:
        for kind in {change.kind for change in edit.changes}:
            self._check_kind(kind)

    def _check_kind(self, kind: Kind) -> None:
        if not self.role.may_change(kind):
            raise NotAllowed(
                f"As a {self.role} of this project you cannot change {WHAT[kind]}; "
                "ask its owner for another role"
            )

    def _check_unchanged(self, edit: Edit, done: str) -> None:
        """Every item an undo or redo puts back must be as that edit left it: otherwise
        someone (another analyst) changed it since, and putting it back would lose that."""
        seen: set[tuple[Kind, int]] = set()
        for change in edit.changes:
            key = (change.kind, change.id)
            if key in seen:
                continue
            seen.add(key)
            if self.record(change.kind, change.id) != change.before:
                stamp = self.backend.last_change(change.kind, change.id)
                since = f" {stamp.phrase()}" if stamp else ""
                raise EditConflict(
                    f"“{edit.description}” cannot be {done}: {item_name(change)} was "
                    f"changed since{since}"
                )

    def _take(self, edit: Edit, origin: Origin, author: str = "") -> None:
        bulk = len(edit.changes) > BULK_CHANGES
        if bulk:
            self._passages.forget_order()
        for change in edit.changes:
            self._set(change)
        if bulk:
            self._passages.order_again()
        applied = Applied(edit, origin, author)
        for listener in list(self._listeners):
            listener(applied)

    def _articles_by_hash(self) -> dict[str, Article]:
        if self._by_hash is None:
            self._by_hash = {a.content_hash: a for a in self._articles.values()}
        return self._by_hash

    def _set(self, change: Change) -> None:
        record_id = change.id
        if isinstance(change, PassageChange):
            if change.after is None:
                self._passages.remove(record_id)
            else:
                self._passages.replace(change.after)
        elif isinstance(change, ArticleChange):
            _store(self._articles, record_id, change.after)
            self._passages.forget_article(record_id)
            self._sorted_articles = None
            if self._by_hash is not None:
                if change.before is not None:
                    self._by_hash.pop(change.before.content_hash, None)
                if change.after is not None:
                    self._by_hash[change.after.content_hash] = change.after
        elif isinstance(change, ThemeChange):
            _store(self._themes, record_id, change.after)
        elif isinstance(change, RejectionChange):
            _store(self._rejections, record_id, change.after)
        elif change.after is not None:
            self._settings = change.after
        if change.kind in self._last_id:
            self._last_id[change.kind] = max(self._last_id[change.kind], record_id)

    def next_id(self, kind: Kind, count: int = 1) -> int:
        """The first of `count` ids for new records of a kind (ids are never reused; on a
        shared project the server hands them out)."""
        return self.backend.reserve_ids(kind, self._last_id[kind] + 1, count)

    def _edit(self, description: str, changes: Iterable[Change]) -> Edit:
        return self.apply(Edit(description, tuple(changes)))

    # ----- articles ------------------------------------------------------------------------

    def add_article(self, imported: ImportedArticle) -> Edit:
        return self.add_articles([imported])

    def add_articles(self, imported: Sequence[ImportedArticle]) -> Edit:
        """Add articles in one edit; raises DuplicateArticle before storing anything.

        The bytes each was read from are kept first, so an article never names a missing
        original (one left over by a failed edit is dropped when the project is next opened)."""
        adding = _Adding(self, self.next_id(Kind.ARTICLE, len(imported)))
        originals: dict[str, Original] = {}
        adding.add(imported, originals)
        if originals:
            self.backend.keep_originals(originals)
        return self.apply(adding.edit())

    def add_articles_as_read(self, batches: Iterable[Sequence[ImportedArticle]]) -> Edit:
        """`add_articles` for articles still being read, a batch at a time: one edit, which a
        backend that can (a file: `StoresAsRead`) stores as the batches come, in one
        transaction, while the next are read; any other is given them all at once. Refused
        as `add_articles` is, storing nothing."""
        backend = self.backend
        if not isinstance(backend, StoresAsRead):
            return self.add_articles([item for batch in batches for item in batch])
        self._check_kind(Kind.ARTICLE)
        # One writer (a file): the ids after the highest are free, however many come.
        adding = _Adding(self, self.next_id(Kind.ARTICLE))

        def steps() -> Iterator[ArticlesRead]:
            for batch in batches:
                originals: dict[str, Original] = {}
                changes = adding.add(batch, originals)
                if changes:
                    yield ArticlesRead(changes, originals)

        edit = backend.write_as_read(steps(), adding.edit)
        if edit:
            self._take(edit, Origin.USER)
        return edit

    def reread_article(self, article_id: int, imported: ImportedArticle) -> Edit:
        """Replace an article's text with another reading of its original (the full page
        instead of the article body, another encoding). Only while no passage quotes it, so
        every quote stays verbatim; the analyst's title, outlet, author and date stay."""
        old = self.article(article_id)
        count = self.passage_count(article_id)
        if count:
            noun = "passage quotes" if count == 1 else "passages quote"
            raise ProjectError(
                f"“{old.title}” cannot be read again: {count} {noun} its text. "
                "Delete them first (Ctrl+Z brings them back)"
            )
        digest = content_hash(imported.text)
        same = next((a for a in self._articles.values() if a.content_hash == digest), None)
        if same is not None and same.id != article_id:
            raise DuplicateArticle(imported.source_file or old.source_file, same.title)
        check_pages(imported.pages, len(imported.text))
        originals: dict[str, Original] = {}
        custody = custody_fields(imported, old.retrieved, originals)
        if not imported.original:  # read again from the kept original: the evidence is unchanged
            custody.update(sha256=old.sha256, original_size=old.original_size)
        custody.update(source_url=old.source_url, final_url=old.final_url)
        new = dataclasses.replace(old, text=imported.text, content_hash=digest, **custody)
        if new == old:
            return Edit("Read again", ())
        if originals:
            self.backend.keep_originals(originals)
        how = "the full page" if new.view == "page" else "the article body"
        if new.view == old.view and new.encoding != old.encoding:
            how = new.encoding
        return self._edit(f"Read “{old.title}” as {how}", [ArticleChange(article_id, old, new)])

    def original(self, article_id: int) -> bytes | None:
        """The exact bytes an article was read from, if the project keeps them."""
        article = self.article(article_id)
        return self.backend.original(article.sha256) if article.sha256 else None

    def update_article(self, article_id: int, **fields: Any) -> Edit:
        """Change metadata (title, outlet, author, published); the text never changes."""
        allowed = {"title", "outlet", "author", "published", "reliability"}
        if not set(fields) <= allowed:
            raise ProjectError(f"Article fields that can change: {', '.join(sorted(allowed))}")
        if "title" in fields and not (fields["title"] or "").strip():
            raise ProjectError("An article needs a title")
        if "reliability" in fields and not is_reliability(fields["reliability"]):
            raise ProjectError(f"Reliability is a grade from A to F, not “{fields['reliability']}”")
        old = self.article(article_id)
        new = dataclasses.replace(old, **fields)
        if new == old:
            return Edit("Edit article", ())
        return self._edit(f"Edit “{new.title}”", [ArticleChange(article_id, old, new)])

    def set_reliability(self, article_id: int, grade: str) -> Edit:
        grade = grade.strip().upper()
        edit = self.update_article(article_id, reliability=grade)
        return dataclasses.replace(edit, description=f"Grade source {grade} ({RELIABILITY[grade]})")

    def remove_article(self, article_id: int) -> Edit:
        article = self.article(article_id)
        changes: list[Change] = [PassageChange(p.id, p, None) for p in self.passages_of(article_id)]
        changes.append(ArticleChange(article_id, article, None))
        return self._edit(f"Remove “{article.title}”", changes)

    # ----- passages ------------------------------------------------------------------------

    def tag(
        self,
        article_id: int,
        start: int,
        end: int,
        theme_ids: Sequence[int],
        note: str = "",
        credibility: int = DEFAULT_CREDIBILITY,
        corroborates: int | None = None,
    ) -> Edit:
        """Create a passage over text[start:end] tagged with the given themes."""
        span = SpanToTag(article_id, start, end, tuple(theme_ids))
        passage = new_passage(
            self, self.next_id(Kind.PASSAGE), span, note, credibility, corroborates
        )
        names = ", ".join(self._themes[t].name for t in passage.theme_ids)
        change = PassageChange(passage.id, None, passage)
        return self._edit(f"Tag passage as {names}", [change])

    def set_passage_themes(self, passage_id: int, theme_ids: Sequence[int]) -> Edit:
        passage = self.passage(passage_id)
        themes = check_theme_ids(self, theme_ids)
        change = self._retag(passage, list(themes))
        if change.after == passage:
            return Edit("Change themes", ())
        return self._edit("Change passage themes", [change])

    def add_passage_theme(self, passage_id: int, theme_id: int) -> Edit:
        passage = self.passage(passage_id)
        if theme_id in passage.theme_ids:
            return Edit("Add theme", ())
        edit = self.set_passage_themes(passage_id, [*passage.theme_ids, theme_id])
        return dataclasses.replace(edit, description=f"Tag passage as {self.theme(theme_id).name}")

    def remove_passage_theme(self, passage_id: int, theme_id: int) -> Edit:
        """Untag; a passage that loses its last theme is deleted."""
        passage = self.passage(passage_id)
        name = self.theme(theme_id).name
        change = self._retag(passage, [t for t in passage.theme_ids if t != theme_id])
        return self._edit(f"Untag {name}", [change])

    def set_note(self, passage_id: int, note: str) -> Edit:
        old = self.passage(passage_id)
        if old.note == note:
            return Edit("Edit note", ())
        new = dataclasses.replace(old, note=note, updated=now(), updated_by=self.analyst)
        return self._edit("Edit note", [PassageChange(passage_id, old, new)])

    def set_credibility(self, passage_id: int, grade: int) -> Edit:
        check_credibility(grade)
        old = self.passage(passage_id)
        if old.credibility == grade:
            return Edit("Grade passage", ())
        new = dataclasses.replace(old, credibility=grade, updated=now(), updated_by=self.analyst)
        return self._edit(f"Grade passage {grade}", [PassageChange(passage_id, old, new)])

    def corroborate(self, passage_id: int, article_id: int, start: int, end: int) -> Edit:
        """Add text of another article as a corroborating report of a passage (same themes)."""
        original = self.passage(passage_id)
        if article_id == original.article_id:
            raise ProjectError("A corroborating report must come from another article")
        edit = self.tag(article_id, start, end, original.theme_ids, corroborates=passage_id)
        source = self.article(article_id).title
        return dataclasses.replace(edit, description=f"Add corroboration from “{source}”")

    def reject_suggestion(self, article_id: int, start: int, end: int, theme_id: int) -> Edit:
        self.article(article_id)
        theme = self.theme(theme_id)
        if (article_id, start, end, theme_id) in self.rejected():
            return Edit("Reject suggestion", ())
        rejection = Rejection(self.next_id(Kind.REJECTION), article_id, start, end, theme_id)
        change = RejectionChange(rejection.id, None, rejection)
        return self._edit(f"Reject suggestion for {theme.name}", [change])

    def delete_passage(self, passage_id: int) -> Edit:
        return self.delete_passages([passage_id])

    def delete_passages(self, passage_ids: Sequence[int]) -> Edit:
        changes = [PassageChange(pid, self.passage(pid), None) for pid in passage_ids]
        noun = "passage" if len(changes) == 1 else f"{len(changes)} passages"
        return self._edit(f"Delete {noun}", changes)

    def _retag(self, passage: Passage, theme_ids: list[int]) -> PassageChange:
        if not theme_ids:
            return PassageChange(passage.id, passage, None)
        new = dataclasses.replace(
            passage, theme_ids=tuple(theme_ids), updated=now(), updated_by=self.analyst
        )
        return PassageChange(passage.id, passage, new)

    # ----- briefing settings ---------------------------------------------------------------

    def update_settings(self, **fields: Any) -> Edit:
        old = self._settings
        if "theme_order" in fields:
            fields["theme_order"] = tuple(fields["theme_order"])
        new = dataclasses.replace(old, **fields)
        if new == old:
            return Edit("Edit briefing settings", ())
        changed = ", ".join(sorted(fields))
        change = SettingsChange(SETTINGS_ID, old, new)
        return self._edit(f"Edit briefing {changed}", [change])


class _Adding:
    """Imported articles made into the project's new articles, a batch at a time, for one
    edit: ids from `first` on, one import time, no text twice (DuplicateArticle)."""

    def __init__(self, project: Project, first: int) -> None:
        self._stored = project._articles_by_hash()  # (not changed until the edit is applied)
        self._known: dict[str, Article] = {}  # this edit's own
        self._next_id = first
        self._stamp = now()
        self._changes: list[ArticleChange] = []
        self._first_title = ""

    def add(
        self, imported: Sequence[ImportedArticle], originals: dict[str, Original]
    ) -> list[ArticleChange]:
        """The batch's changes (also kept for `edit`); the bytes they name go in `originals`."""
        changes = []
        stamp, known = self._stamp, self._known
        for item in imported:
            if item.claim_terms is not None:
                prepare_filed(item.text, item.claim_terms)
            digest = content_hash(item.text)
            same = known.get(digest) or self._stored.get(digest)
            if same is not None:
                raise DuplicateArticle(item.source_file, same.title)
            check_pages(item.pages, len(item.text))
            article = Article(
                id=self._next_id, title=item.title, text=item.text, outlet=item.outlet,
                author=item.author, published=item.published, source_file=item.source_file,
                content_hash=digest, imported_at=stamp, **custody_fields(item, stamp, originals),
            )  # fmt: skip
            known[digest] = article
            changes.append(ArticleChange(article.id, None, article))
            self._next_id += 1
        if changes and not self._changes:
            self._first_title = imported[0].title
        self._changes += changes
        return changes

    def edit(self) -> Edit:
        count = len(self._changes)
        noun = f"“{self._first_title}”" if count == 1 else f"{count} articles"
        return Edit(f"Import {noun}", tuple(self._changes))
