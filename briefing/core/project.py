"""The project: articles, codebook, passages and briefing settings, changed only through edits.

Every operation builds an `Edit` (a list of record swaps), hands it to the backend to store in
one transaction, then updates memory and tells listeners. If storing fails, memory is left as it
was, so what the app shows always matches what is on disk.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

from briefing.core.edit import Change, Edit, Kind
from briefing.core.errors import DuplicateArticle, NotFound, ProjectError, ThemeInUse
from briefing.core.grading import RELIABILITY, is_credibility, is_reliability
from briefing.core.palette import fresh_colours, is_valid_colour, next_colour
from briefing.core.records import (
    Article,
    BriefingSettings,
    ImportedArticle,
    Passage,
    Rejection,
    Theme,
)
from briefing.core.text import content_hash, quote_selector

SETTINGS_ID = 1


class Backend(Protocol):
    def write(self, changes: Sequence[Change]) -> None:
        """Store each change's `after` record (None deletes) in one transaction, or raise."""

    def keep_originals(self, originals: Mapping[str, bytes]) -> None:
        """Keep the exact bytes articles were read from, by their SHA-256, or raise.

        Kept apart from edits: an undo stack holding every imported file would hold hundreds
        of megabytes, and an original outlives an undone import (the redo needs it)."""

    def original(self, sha256: str) -> bytes | None:
        """The bytes kept under that SHA-256, or None."""


class MemoryBackend:
    """A backend that stores nothing on disk: for tests and throw-away projects."""

    def __init__(self) -> None:
        self._originals: dict[str, bytes] = {}

    def write(self, changes: Sequence[Change]) -> None:
        pass

    def keep_originals(self, originals: Mapping[str, bytes]) -> None:
        self._originals.update(originals)

    def original(self, sha256: str) -> bytes | None:
        return self._originals.get(sha256)


class OrphanPolicy(Enum):
    """What deleting a theme does to the passages it tags."""

    UNTAG = "untag"  # remove the theme; passages left with no theme are deleted
    MOVE = "move"  # tag them with another theme instead


def _reading_order(passage: Passage) -> tuple[int, int]:
    return passage.start, passage.end


def _by_id(passage: Passage) -> int:
    return passage.id


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _custody(item: ImportedArticle, stamp: str, originals: dict[str, bytes]) -> dict:
    """An article's chain-of-custody fields from what the importer read; queues its bytes."""
    digest = ""
    if item.original:
        digest = hashlib.sha256(item.original).hexdigest()
        originals[digest] = item.original
    return {
        "pages": tuple(item.pages), "source_url": item.source_url,
        "final_url": item.final_url or item.source_url, "retrieved": item.retrieved or stamp,
        "sha256": digest, "original_size": len(item.original), "reader": item.reader,
        "view": item.view, "encoding": item.encoding,
    }  # fmt: skip


def _check_pages(pages: Sequence[int], size: int) -> None:
    if pages and (pages[0] != 0 or any(b < a for a, b in zip(pages, pages[1:], strict=False))
                  or pages[-1] > size):  # fmt: skip
        raise ProjectError("The page starts of a paged source are out of order")


class Project:
    def __init__(
        self,
        backend: Backend | None = None,
        articles: Iterable[Article] = (),
        themes: Iterable[Theme] = (),
        passages: Iterable[Passage] = (),
        settings: BriefingSettings | None = None,
        rejections: Iterable[Rejection] = (),
    ) -> None:
        self.backend: Backend = backend or MemoryBackend()
        self._articles = {a.id: a for a in articles}
        self._themes = {t.id: t for t in themes}
        self._passages: dict[int, Passage] = {}
        self._by_article: dict[int, dict[int, Passage]] = {a: {} for a in self._articles}
        # Sorted views, made on first ask and kept in order by each edit after that, and
        # passage counts per theme: asked after every edit, by views of every size.
        self._sorted_of: dict[int, list[Passage]] = {}
        self._sorted_passages: list[Passage] | None = None
        self._theme_counts: Counter[int] = Counter()
        self._supporters: dict[int, set[int]] = {}  # passage id -> ids corroborating it
        self._sorted_articles: list[Article] | None = None
        for passage in passages:
            self._index_passage(passage)
        self._settings = settings or BriefingSettings()
        self._rejections = {r.id: r for r in rejections}
        self._listeners: list[Callable[[Edit], None]] = []
        self._last_id = {
            Kind.ARTICLE: max(self._articles, default=0),
            Kind.THEME: max(self._themes, default=0),
            Kind.PASSAGE: max(self._passages, default=0),
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
        if self._sorted_passages is None:
            self._sorted_passages = sorted(self._passages.values(), key=_by_id)
        return list(self._sorted_passages)

    def passage(self, passage_id: int) -> Passage:
        try:
            return self._passages[passage_id]
        except KeyError:
            raise NotFound(f"No passage with id {passage_id}") from None

    def passages_of(self, article_id: int) -> list[Passage]:
        """An article's passages in reading order."""
        found = self._sorted_of.get(article_id)
        if found is None:
            found = sorted(self._by_article.get(article_id, {}).values(), key=_reading_order)
            self._sorted_of[article_id] = found
        return list(found)

    def corroborators(self, passage_id: int) -> list[Passage]:
        """Passages added as corroborating reports of this one, by id."""
        return [self._passages[i] for i in sorted(self._supporters.get(passage_id, ()))]

    def rejected(self) -> set[tuple[int, int, int, int]]:
        """Turned-down suggestions as (article_id, start, end, theme_id)."""
        return {(r.article_id, r.start, r.end, r.theme_id) for r in self._rejections.values()}

    def passage_counts_by_theme(self) -> Counter[int]:
        return +self._theme_counts  # a copy, without zero counts

    def passage_count(self, article_id: int) -> int:
        return len(self._by_article.get(article_id, ()))

    def briefing_theme_order(self) -> list[Theme]:
        """Themes in the briefing's order: the explicit order first, then the rest by codebook."""
        order = [self._themes[t] for t in self._settings.theme_order if t in self._themes]
        return order + [t for t in self.themes() if t not in order]

    # ----- listeners and applying edits ----------------------------------------------------

    def subscribe(self, listener: Callable[[Edit], None]) -> None:
        """Call `listener(edit)` after every applied edit (undo applies the inverse edit)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Edit], None]) -> None:
        self._listeners.remove(listener)

    def apply(self, edit: Edit) -> Edit:
        """Store the edit, then make it visible in memory and to listeners. Returns the edit."""
        if not edit:
            return edit
        self.backend.write(edit.changes)
        for change in edit.changes:
            self._set(change.kind, change.id, change.after)
        for listener in list(self._listeners):
            listener(edit)
        return edit

    def undo(self, edit: Edit) -> Edit:
        return self.apply(edit.inverse())

    def _set(self, kind: Kind, record_id: int, record: object) -> None:
        if kind is Kind.PASSAGE:
            old = self._passages.pop(record_id, None)
            if old is not None:
                self._by_article[old.article_id].pop(record_id, None)
                self._unlist(old)
            if record is not None:
                assert isinstance(record, Passage)
                self._index_passage(record)
        elif kind is Kind.ARTICLE:
            self._store(self._articles, record_id, record)
            self._sorted_of.pop(record_id, None)
            self._sorted_articles = None
            if record is None:
                self._by_article.pop(record_id, None)
            else:
                self._by_article.setdefault(record_id, {})
        elif kind is Kind.THEME:
            self._store(self._themes, record_id, record)
        elif kind is Kind.REJECTION:
            self._store(self._rejections, record_id, record)
        elif kind is Kind.SETTINGS:
            assert isinstance(record, BriefingSettings)
            self._settings = record
        if kind in self._last_id:
            self._last_id[kind] = max(self._last_id[kind], record_id)

    @staticmethod
    def _store(table: dict, record_id: int, record: object) -> None:
        if record is None:
            table.pop(record_id, None)
        else:
            table[record_id] = record

    def _index_passage(self, passage: Passage) -> None:
        self._passages[passage.id] = passage
        self._by_article.setdefault(passage.article_id, {})[passage.id] = passage
        self._theme_counts.update(passage.theme_ids)
        if passage.corroborates is not None:
            self._supporters.setdefault(passage.corroborates, set()).add(passage.id)
        ordered = self._sorted_of.get(passage.article_id)
        if ordered is not None:
            # After any equal ones: where a stable sort of the dict (new ones last) puts it.
            bisect.insort_right(ordered, passage, key=_reading_order)
        if self._sorted_passages is not None:
            bisect.insort_right(self._sorted_passages, passage, key=_by_id)

    def _unlist(self, passage: Passage) -> None:
        """Take a passage out of the counts and sorted views (it is leaving or changing)."""
        self._theme_counts.subtract(passage.theme_ids)
        if passage.corroborates is not None:
            self._supporters.get(passage.corroborates, set()).discard(passage.id)
        ordered = self._sorted_of.get(passage.article_id)
        if ordered is not None:
            index = bisect.bisect_left(ordered, _reading_order(passage), key=_reading_order)
            while index < len(ordered) and ordered[index].id != passage.id:
                index += 1
            if index < len(ordered):
                del ordered[index]
        everything = self._sorted_passages
        if everything is not None:
            index = bisect.bisect_left(everything, passage.id, key=_by_id)
            if index < len(everything) and everything[index].id == passage.id:
                del everything[index]

    def _new_id(self, kind: Kind) -> int:
        return self._last_id[kind] + 1

    def _edit(self, description: str, changes: Iterable[Change]) -> Edit:
        return self.apply(Edit(description, tuple(changes)))

    # ----- articles ------------------------------------------------------------------------

    def add_article(self, imported: ImportedArticle) -> Edit:
        return self.add_articles([imported])

    def add_articles(self, imported: Sequence[ImportedArticle]) -> Edit:
        """Add articles in one edit; raises DuplicateArticle before storing anything.

        The bytes each was read from are kept first, so an article never names a missing
        original (one left over by a failed edit is dropped when the project is next opened)."""
        known = {a.content_hash: a for a in self._articles.values()}
        changes = []
        originals: dict[str, bytes] = {}
        next_id = self._new_id(Kind.ARTICLE)
        stamp = now()
        for item in imported:
            digest = content_hash(item.text)
            if digest in known:
                raise DuplicateArticle(item.source_file, known[digest].title)
            _check_pages(item.pages, len(item.text))
            article = Article(
                id=next_id, title=item.title, text=item.text, outlet=item.outlet,
                author=item.author, published=item.published, source_file=item.source_file,
                content_hash=digest, imported_at=stamp, **_custody(item, stamp, originals),
            )  # fmt: skip
            known[digest] = article
            changes.append(Change(Kind.ARTICLE, next_id, None, article))
            next_id += 1
        if originals:
            self.backend.keep_originals(originals)
        noun = f"“{imported[0].title}”" if len(imported) == 1 else f"{len(imported)} articles"
        return self._edit(f"Import {noun}", changes)

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
        _check_pages(imported.pages, len(imported.text))
        originals: dict[str, bytes] = {}
        custody = _custody(imported, old.retrieved, originals)
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
        return self._edit(
            f"Read “{old.title}” as {how}", [Change(Kind.ARTICLE, article_id, old, new)]
        )

    def original(self, article_id: int) -> bytes | None:
        """The exact bytes an article was read from, if the project keeps them."""
        article = self.article(article_id)
        return self.backend.original(article.sha256) if article.sha256 else None

    def duplicate_of(self, text: str) -> Article | None:
        digest = content_hash(text)
        return next((a for a in self._articles.values() if a.content_hash == digest), None)

    def update_article(self, article_id: int, **fields: str | None) -> Edit:
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
        return self._edit(f"Edit “{new.title}”", [Change(Kind.ARTICLE, article_id, old, new)])

    def set_reliability(self, article_id: int, grade: str) -> Edit:
        grade = grade.strip().upper()
        edit = self.update_article(article_id, reliability=grade)
        return dataclasses.replace(edit, description=f"Grade source {grade} ({RELIABILITY[grade]})")

    def remove_article(self, article_id: int) -> Edit:
        article = self.article(article_id)
        changes = [Change(Kind.PASSAGE, p.id, p, None) for p in self.passages_of(article_id)]
        changes.append(Change(Kind.ARTICLE, article_id, article, None))
        return self._edit(f"Remove “{article.title}”", changes)

    # ----- themes --------------------------------------------------------------------------

    def add_theme(
        self, name: str, colour: str | None = None, description: str = "",
        keywords: Sequence[str] = (),
    ) -> Edit:  # fmt: skip
        name = self._check_theme_name(name)
        colour = colour or next_colour({t.colour for t in self._themes.values()})
        self._check_colour(colour)
        position = max((t.position for t in self._themes.values()), default=-1) + 1
        theme = Theme(self._new_id(Kind.THEME), name, colour.upper(), description,
                      tuple(keywords), position)  # fmt: skip
        return self._edit(f"Add theme “{name}”", [Change(Kind.THEME, theme.id, None, theme)])

    def add_themes(
        self,
        new: Sequence[tuple[str, str | None, str]],
        replaced: Sequence[Theme] = (),
        description: str = "Add themes",
    ) -> Edit:
        """Add themes (name, colour or None for a fresh one, description) and replace existing
        ones, all as one edit: one transaction and one undo step, however many there are."""
        names = {t.name.casefold(): t for t in self._themes.values()}
        colours = fresh_colours(t.colour for t in self._themes.values())
        position = max((t.position for t in self._themes.values()), default=-1) + 1
        next_id = self._new_id(Kind.THEME)
        changes = []
        for offset, (raw_name, colour, text) in enumerate(new):
            name = " ".join(raw_name.split())
            if not name:
                raise ProjectError("A theme needs a name")
            if name.casefold() in names:
                raise ProjectError(
                    f"There is already a theme named “{names[name.casefold()].name}”"
                )
            colour = colour or next(colours)
            self._check_colour(colour)
            theme = Theme(next_id + offset, name, colour.upper(), text, (), position + offset)
            names[name.casefold()] = theme
            changes.append(Change(Kind.THEME, theme.id, None, theme))
        for theme in replaced:
            self._check_colour(theme.colour)
            changes.append(Change(Kind.THEME, theme.id, self.theme(theme.id), theme))
        return self._edit(description, changes)

    def rename_theme(self, theme_id: int, name: str) -> Edit:
        old = self.theme(theme_id)
        name = self._check_theme_name(name, ignore=theme_id)
        return self._replace_theme(old, f"Rename “{old.name}” to “{name}”", name=name)

    def recolour_theme(self, theme_id: int, colour: str) -> Edit:
        self._check_colour(colour)
        old = self.theme(theme_id)
        return self._replace_theme(old, f"Recolour “{old.name}”", colour=colour.upper())

    def describe_theme(
        self, theme_id: int, description: str | None = None, keywords: Sequence[str] | None = None
    ) -> Edit:
        old = self.theme(theme_id)
        fields: dict[str, object] = {}
        if description is not None:
            fields["description"] = description
        if keywords is not None:
            fields["keywords"] = tuple(k.strip() for k in keywords if k.strip())
        return self._replace_theme(old, f"Edit “{old.name}”", **fields)

    def set_theme_visible(self, theme_id: int, visible: bool) -> Edit:
        old = self.theme(theme_id)
        verb = "Show" if visible else "Hide"
        return self._replace_theme(old, f"{verb} “{old.name}” highlights", visible=visible)

    def move_theme(self, theme_id: int, index: int) -> Edit:
        """Put a theme at `index` in the codebook order; positions become 0..n-1."""
        ordered = self.themes()
        theme = self.theme(theme_id)
        ordered.remove(theme)
        ordered.insert(max(0, min(index, len(ordered))), theme)
        changes = [
            Change(Kind.THEME, t.id, t, dataclasses.replace(t, position=i))
            for i, t in enumerate(ordered)
            if t.position != i
        ]
        return self._edit(f"Move “{theme.name}”", changes)

    def delete_theme(
        self, theme_id: int, policy: OrphanPolicy | None = None, move_to: int | None = None
    ) -> Edit:
        """Delete a theme. If it tags passages, `policy` says what happens to them."""
        theme = self.theme(theme_id)
        count = self.passage_counts_by_theme()[theme_id]
        if count and policy is None:
            raise ThemeInUse(theme.name, count)
        if policy is OrphanPolicy.MOVE:
            if move_to is None or move_to == theme_id:
                raise ProjectError("Choose another theme to move the passages to")
            self.theme(move_to)
        replacement = move_to if policy is OrphanPolicy.MOVE else None
        return self._edit(f"Delete theme “{theme.name}”", self._theme_removal(theme, replacement))

    def merge_themes(self, source_id: int, target_id: int) -> Edit:
        """Move every passage of `source` to `target`, then delete `source`."""
        source, target = self.theme(source_id), self.theme(target_id)
        if source_id == target_id:
            raise ProjectError("A theme cannot be merged into itself")
        changes = self._theme_removal(source, target_id)
        return self._edit(f"Merge “{source.name}” into “{target.name}”", changes)

    def _theme_removal(self, theme: Theme, replacement: int | None) -> list[Change]:
        """Changes that delete `theme`, retagging its passages with `replacement` or untagging."""
        changes = []
        for passage in self.passages():
            if theme.id in passage.theme_ids:
                swapped = (replacement if t == theme.id else t for t in passage.theme_ids)
                themes = [t for t in dict.fromkeys(swapped) if t is not None]
                changes.append(self._retag(passage, themes))
        changes.append(Change(Kind.THEME, theme.id, theme, None))
        return changes

    def _replace_theme(self, old: Theme, label: str, **fields: object) -> Edit:
        new = dataclasses.replace(old, **fields)
        if new == old:
            return Edit(label, ())
        return self._edit(label, [Change(Kind.THEME, old.id, old, new)])

    def _check_theme_name(self, name: str, ignore: int | None = None) -> str:
        name = " ".join(name.split())
        if not name:
            raise ProjectError("A theme needs a name")
        for theme in self._themes.values():
            if theme.id != ignore and theme.name.casefold() == name.casefold():
                raise ProjectError(f"There is already a theme named “{theme.name}”")
        return name

    @staticmethod
    def _check_colour(colour: str) -> None:
        if not is_valid_colour(colour):
            raise ProjectError(f"“{colour}” is not a colour; use #RRGGBB")

    # ----- passages ------------------------------------------------------------------------

    def tag(
        self,
        article_id: int,
        start: int,
        end: int,
        theme_ids: Sequence[int],
        note: str = "",
        credibility: int = 6,
        corroborates: int | None = None,
    ) -> Edit:
        """Create a passage over text[start:end] tagged with the given themes."""
        article = self.article(article_id)
        self._check_credibility(credibility)
        if corroborates is not None:
            self.passage(corroborates)
        if not 0 <= start < end <= len(article.text):
            size = len(article.text)
            raise ProjectError(f"Selection {start}-{end} is outside the article (0-{size})")
        if not article.text[start:end].strip():
            raise ProjectError("Select some text to tag, not only blank space")
        themes = self._check_theme_ids(theme_ids)
        selector = quote_selector(article.text, start, end)
        stamp = now()
        passage = Passage(
            id=self._new_id(Kind.PASSAGE), article_id=article_id, start=start, end=end,
            quote=selector.exact, theme_ids=themes, note=note, prefix=selector.prefix,
            suffix=selector.suffix, created=stamp, updated=stamp, credibility=credibility,
            corroborates=corroborates,
        )  # fmt: skip
        names = ", ".join(self._themes[t].name for t in themes)
        change = Change(Kind.PASSAGE, passage.id, None, passage)
        return self._edit(f"Tag passage as {names}", [change])

    def set_passage_themes(self, passage_id: int, theme_ids: Sequence[int]) -> Edit:
        passage = self.passage(passage_id)
        themes = self._check_theme_ids(theme_ids)
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
        new = dataclasses.replace(old, note=note, updated=now())
        return self._edit("Edit note", [Change(Kind.PASSAGE, passage_id, old, new)])

    def set_credibility(self, passage_id: int, grade: int) -> Edit:
        self._check_credibility(grade)
        old = self.passage(passage_id)
        if old.credibility == grade:
            return Edit("Grade passage", ())
        new = dataclasses.replace(old, credibility=grade, updated=now())
        return self._edit(f"Grade passage {grade}", [Change(Kind.PASSAGE, passage_id, old, new)])

    @staticmethod
    def _check_credibility(grade: int) -> None:
        if not is_credibility(grade):
            raise ProjectError(f"Credibility is a grade from 1 to 6, not “{grade}”")

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
        rejection = Rejection(self._new_id(Kind.REJECTION), article_id, start, end, theme_id)
        change = Change(Kind.REJECTION, rejection.id, None, rejection)
        return self._edit(f"Reject suggestion for {theme.name}", [change])

    def delete_passage(self, passage_id: int) -> Edit:
        return self.delete_passages([passage_id])

    def delete_passages(self, passage_ids: Sequence[int]) -> Edit:
        changes = [Change(Kind.PASSAGE, pid, self.passage(pid), None) for pid in passage_ids]
        noun = "passage" if len(changes) == 1 else f"{len(changes)} passages"
        return self._edit(f"Delete {noun}", changes)

    def _retag(self, passage: Passage, theme_ids: list[int]) -> Change:
        if not theme_ids:
            return Change(Kind.PASSAGE, passage.id, passage, None)
        new = dataclasses.replace(passage, theme_ids=tuple(theme_ids), updated=now())
        return Change(Kind.PASSAGE, passage.id, passage, new)

    def _check_theme_ids(self, theme_ids: Sequence[int]) -> tuple[int, ...]:
        themes = tuple(dict.fromkeys(theme_ids))
        if not themes:
            raise ProjectError("Choose at least one theme")
        for theme_id in themes:
            self.theme(theme_id)
        return themes

    # ----- briefing settings ---------------------------------------------------------------

    def update_settings(self, **fields: object) -> Edit:
        old = self._settings
        if "theme_order" in fields:
            fields["theme_order"] = tuple(fields["theme_order"])  # type: ignore[arg-type]
        new = dataclasses.replace(old, **fields)
        if new == old:
            return Edit("Edit briefing settings", ())
        changed = ", ".join(sorted(fields))
        change = Change(Kind.SETTINGS, SETTINGS_ID, old, new)
        return self._edit(f"Edit briefing {changed}", [change])
