"""Theme suggestions grouped by theme: a tree model over the analysis engine's cache.

Top-level rows are the themes in codebook order, each with its count; under each, the sentences
suggested for it, in article then reading order. The scope is one article or all of them.

What the suggestions are is `briefing.analysis.suggestion_cache`'s business; this model keeps
rows and roles. An edit that changes a few sentences changes only their rows, so the selection
and the scroll position survive. Codebook changes and imports are worked out a moment later
(a burst costs one pass), and the first "all articles" of a big project is listed over several
turns of the event loop, never freezing the window.
"""

from __future__ import annotations

import bisect
import html
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPalette

from briefing.analysis.keywords import compile_keywords
from briefing.analysis.suggestion_cache import Found, SuggestionCache, within
from briefing.analysis.suggestions import Suggestion
from briefing.core.collection import keep_out_of_collections
from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.gui.idle import IdleWork
from briefing.gui.swatches import swatch_icon
from briefing.gui.theme_groups import ThemeGroupsModel

SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1
THEME_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3  # the sentence with the matched keywords in bold
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 4  # the article's title, for the all-articles scope

DEBOUNCE_MS = 120
SYNC_SECONDS = 0.1  # "all articles": what is not worked out by then is listed a moment later
FILL_SECONDS = 0.015  # then per turn of the event loop
# Longer articles have their suggestions worked out in idle slices when first shown (a 1 MB
# article with 20 themes took two seconds): the reader underlines them, and the pane lists
# them, a moment later.
PREPARE_MIN_CHARS = 200_000
# So is, in the window, the first article shown after a project opens, whatever its length:
# its themes' keyword matchers are compiled then (~30 ms for 20 themes), after its text shows.
GROUPED_PER_STEP = 5_000  # suggestions put in their theme's rows between two steps
PREPARE_SECONDS = 0.012

Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, int]  # (article_id, start, end): reading order within a theme
Groups = dict[int, tuple[list[Key], dict[Key, Suggestion]]]  # theme id -> keys, rows


def _key(suggestion: Suggestion) -> Key:
    return suggestion.article_id, suggestion.start, suggestion.end


def keyword_html(text: str, keywords: tuple[str, ...]) -> str:
    """The text as HTML with every keyword hit in bold."""
    parts, last = [], 0
    for hit in compile_keywords(keywords).find(text):
        parts.append(html.escape(text[last : hit.start]))
        parts.append(f"<b>{html.escape(text[hit.start : hit.end])}</b>")
        last = hit.end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class SuggestionsChanged:
    """After an update or a reset: article id -> (start, end) of the sentences whose
    suggestions changed, or None for the whole article."""

    spans: dict[int, tuple[int, int] | None]


class SuggestionsModel(ThemeGroupsModel):
    suggestions_changed = Signal(SuggestionsChanged)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(1)
        self._removing: tuple[int, int] | None = None
        self.rowsRemoved.connect(self._forget_removed)
        self.project: Project | None = None
        self.article_id: int | None = None  # the open article
        self.show_all = False  # scope: every article, or only the open one
        self.cache: SuggestionCache | None = None
        # article id -> (its suggestions, their rows per theme): see _grouped
        self._groups: dict[int, tuple[tuple[Suggestion, ...], Groups]] = {}
        self._themes: list[int] = []
        self._row_of_theme: dict[int, int] = {}
        self._keys: dict[int, list[Key]] = {}  # theme id -> sorted keys of its rows
        self._rows: dict[int, dict[Key, Suggestion]] = {}
        self._html: dict[tuple[str, tuple[str, ...]], str] = {}
        self._listed: set[int] = set()  # articles whose suggestions are rows now
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        # Articles in scope whose suggestions are still to be worked out and listed: the
        # first "all articles" of a big project fills in over several turns of the event
        # loop instead of freezing the window.
        self._backlog: list[int] = []
        self._filled: dict[int, tuple[int, int] | None] = {}  # listed by this turn's slice
        self._filler = IdleWork(self._list_one, FILL_SECONDS, self, self._after_filling)
        self._preparing: dict[int, Iterator[None]] = {}  # long articles being worked out
        self._opening = False  # no article's suggestions asked for since the project opened
        # What a long article's preparing makes (35,000 suggestions and their sentences for a
        # 1 MB one) is kept: out of Python's cyclic collections, as the project's records are.
        # Each full collection walked it again, 11-18 ms at a time between two idle steps.
        self._preparer = IdleWork(
            self._prepare_step, PREPARE_SECONDS, self, after_slice=keep_out_of_collections
        )

    # ----- scope --------------------------------------------------------------------------

    def set_project(self, project: Project | None, first_in_idle: bool = False) -> None:
        """Show another project; with `first_in_idle`, the first article asked about is
        worked out in idle slices as a long one is (`preparing`)."""
        self._timer.stop()
        self.project = project
        self.cache = SuggestionCache(project) if project is not None else None
        self._opening = first_in_idle and project is not None
        self._preparing.clear()
        self._preparer.stop()
        self._groups.clear()
        self._html.clear()
        self._rebuild()

    def set_article(self, article_id: int | None) -> None:
        """The open article: the scope unless every article is shown."""
        if article_id == self.article_id:
            return
        self.article_id = article_id
        if not self.show_all:
            self._rebuild()

    def set_show_all(self, show_all: bool) -> None:
        if show_all != self.show_all:
            self.show_all = show_all
            self._rebuild()

    def scope(self) -> list[int]:
        """Ids of the articles listed."""
        if self.project is None:
            return []
        if self.show_all:
            return [a.id for a in self.project.articles()]
        if self.article_id is not None and self.cache and self.cache.exists(self.article_id):
            return [self.article_id]
        return []

    # ----- suggestions ----------------------------------------------------------------------

    def suggestions_of(self, article_id: int) -> Found:
        """An article's current suggestions, worked out now if not cached; for a long
        article not worked out yet, () while it is worked out in idle slices (then
        `suggestions_changed` says so)."""
        if self.cache is None:
            return ()
        if self.cache.stale():
            self.flush()
        if self.preparing(article_id):
            return ()
        return self.cache.of(article_id)

    def preparing(self, article_id: int) -> bool:
        """Whether a long article's suggestions are being worked out in idle slices (they
        are started here if they need to be)."""
        cache = self.cache
        if cache is None or cache.known(article_id) is not None or not cache.exists(article_id):
            return False
        if article_id not in self._preparing:
            first, self._opening = self._opening, False
            if not first and len(cache.project.article(article_id).text) < PREPARE_MIN_CHARS:
                return False
            self._preparing[article_id] = itertools.chain(
                cache.prepare(article_id), self._grouping_steps(article_id)
            )
            # The first article's underlines are what the analyst waits for after opening:
            # the rest of the file is read after them, not in the same turns of the loop.
            self._preparer.urgent = first
            self._preparer.start()
        return True

    def _prepare_step(self) -> bool:
        """One step of the long article worked out first; whether any are left."""
        if not self._preparing:
            return False
        article_id, steps = next(iter(self._preparing.items()))
        try:
            next(steps)
        except StopIteration:
            del self._preparing[article_id]
            if article_id in self.scope():
                self._rebuild()  # its rows now; the reader hears of it
            else:
                self.suggestions_changed.emit(SuggestionsChanged({article_id: None}))
        return bool(self._preparing)

    def suggestions_in(self, article_id: int, start: int, end: int) -> Found:
        """An article's suggestions whose sentence overlaps start..end (code points)."""
        return within(self.suggestions_of(article_id), start, end)

    def in_theme(self, theme_id: int) -> list[Suggestion]:
        """The listed suggestions of a theme, in order."""
        rows = self._rows.get(theme_id, {})
        return [rows[k] for k in self._keys.get(theme_id, [])]

    def count_in_theme(self, theme_id: int) -> int:
        return len(self._keys.get(theme_id, ()))

    def total(self) -> int:
        return sum(len(keys) for keys in self._keys.values())

    def preparing_in_scope(self) -> bool:
        """Whether an article listed is still being worked out (a long one, first shown)."""
        return any(a in self._preparing for a in self.scope())

    def articles_to_go(self) -> int:
        """Articles in scope whose suggestions are still being worked out."""
        return len(self._backlog)

    # ----- following the project ----------------------------------------------------------

    def on_edit(self, edit: Edit) -> None:
        """Follow an edit: the sentences it touched at once, whole articles a moment later."""
        if self.cache is None:
            return
        revisions = self.cache.follow(edit)
        if self.cache.stale():
            self._timer.start()
        changed: dict[int, tuple[int, int] | None] = {}
        for revision in revisions:
            if revision.article_id in self._listed:
                self._update_rows(revision.old, revision.new)
            changed[revision.article_id] = (revision.low, revision.high)
        if changed:
            self.suggestions_changed.emit(SuggestionsChanged(changed))

    def flush(self) -> None:
        """Apply pending updates now (tests, and an accept that wants its row gone at once)."""
        self._timer.stop()
        cache = self.cache
        if cache is None or not cache.stale():
            return
        if cache.all_stale:
            cache.settle(())  # everything is worked out again, as the rows are listed
            self._groups.clear()
            self._html.clear()
            self._rebuild()
            return
        listed = set(self.scope()) - set(self._backlog)
        wanted = listed if self.article_id is None else listed | {self.article_id}
        settled = cache.settle(wanted)
        for article_id, (old, new) in settled.items():
            # Rows show the articles listed at the last update: an import or a removal
            # under "all articles" adds or drops an article's rows here.
            shown_before = old if article_id in self._listed else ()
            shown_now = new if article_id in listed else ()
            self._update_rows(shown_before, shown_now)
        self._listed = listed
        if settled:
            self.suggestions_changed.emit(SuggestionsChanged(dict.fromkeys(settled)))

    def _rebuild(self) -> None:
        self.beginResetModel()
        project = self.project
        self._themes = [t.id for t in project.themes()] if project else []
        self._row_of_theme = {t: row for row, t in enumerate(self._themes)}
        self._keys = {t: [] for t in self._themes}
        self._rows = {t: {} for t in self._themes}
        self._backlog = []
        self._filler.stop()
        cache = self.cache
        if cache is not None:
            deadline = time.perf_counter() + SYNC_SECONDS
            for article_id in self.scope():
                found = cache.known(article_id)
                if found is None:
                    if self.preparing(article_id):
                        continue  # listed once worked out
                    if time.perf_counter() > deadline:
                        self._backlog.append(article_id)  # listed a moment later
                        continue
                    found = cache.of(article_id)
                for theme_id, (keys, rows) in self._grouped(article_id, found).items():
                    if theme_id in self._rows:
                        self._rows[theme_id].update(rows)
                        self._keys[theme_id].extend(keys)
            # Articles come in id order and each one's keys in reading order: sorted already,
            # which sorting checks in one pass.
            for keys in self._keys.values():
                keys.sort()
        self._listed = set(self.scope()) - set(self._backlog) - set(self._preparing)
        self.blockSignals(True)  # one reset, not a signal per row
        try:
            # Rows made by Qt, not as Python QStandardItems (see PassagesModel._rebuild).
            self.removeRows(0, self.rowCount())
            self.insertRows(0, len(self._themes))
            for row, theme_id in enumerate(self._themes):
                group = self.index(row, 0)
                self.insertColumns(0, 1, group)
                self.insertRows(0, len(self._keys[theme_id]), group)
        finally:
            self.blockSignals(False)
        self.endResetModel()
        if self._backlog:
            self._filler.start()
        shown = self._listed if self.article_id is None else self._listed | {self.article_id}
        self.suggestions_changed.emit(SuggestionsChanged(dict.fromkeys(shown)))

    def _list_one(self) -> bool:
        """Work out and list the next article of the backlog; whether more are left."""
        cache = self.cache
        if cache is None:
            self._backlog = []
            return False
        while self._backlog:
            article_id = self._backlog.pop(0)
            if cache.exists(article_id) and article_id not in self._listed:
                self._listed.add(article_id)
                self._update_rows((), cache.of(article_id))
                self._filled[article_id] = None
                break
        return bool(self._backlog)

    def _after_filling(self) -> None:
        filled, self._filled = self._filled, {}
        if filled:
            self.suggestions_changed.emit(SuggestionsChanged(filled))

    def _grouped(
        self, article_id: int, found: tuple[Suggestion, ...]
    ) -> dict[int, tuple[list[Key], dict[Key, Suggestion]]]:
        """An article's suggestions as rows per theme; kept while its suggestions last, so
        switching back to a long article does not sort thousands of rows again."""
        cached = self._groups.get(article_id)
        if cached is not None and cached[0] is found:
            return cached[1]
        for _ in self._grouping(article_id, found):
            pass
        return self._groups[article_id][1]

    def _grouping_steps(self, article_id: int) -> Iterator[None]:
        """A long article's rows per theme worked out in steps once its suggestions are
        (the last steps of preparing it): 35,000 of them grouped at once held the window."""
        if self.cache is not None:
            found = self.cache.known(article_id)
            if found is not None:
                yield from self._grouping(article_id, found)

    def _grouping(self, article_id: int, found: Found) -> Iterator[None]:
        """`_grouped`, in steps of GROUPED_PER_STEP suggestions (None after each)."""
        groups: dict[int, tuple[list[Key], dict[Key, Suggestion]]] = {}
        for count, suggestion in enumerate(found, 1):
            key = _key(suggestion)
            entry = groups.get(suggestion.theme_id)
            if entry is None:
                entry = groups[suggestion.theme_id] = ([], {})
            entry[0].append(key)
            entry[1][key] = suggestion
            if count % GROUPED_PER_STEP == 0:
                yield None
        self._groups[article_id] = (found, groups)

    def _update_rows(self, old: Iterable[Suggestion], new: Iterable[Suggestion]) -> None:
        before = {(s.theme_id, _key(s)): s for s in old}
        after = {(s.theme_id, _key(s)): s for s in new}
        for theme_id, key in sorted(before.keys() - after.keys(), reverse=True):
            keys = self._keys.get(theme_id)
            if keys is None:
                continue
            row = bisect.bisect_left(keys, key)
            if row < len(keys) and keys[row] == key:
                self._removing = (theme_id, row)
                self.removeRows(row, 1, self.group_index(theme_id))
                self._forget_removed()
                self._group_changed(theme_id)
        for theme_id, key in sorted(after.keys() - before.keys()):
            keys = self._keys.get(theme_id)
            if keys is None:
                continue
            row = bisect.bisect_left(keys, key)
            # First: the views ask about the new row as soon as it is in.
            keys.insert(row, key)
            self._rows[theme_id][key] = after[(theme_id, key)]
            self.insertRows(row, 1, self.group_index(theme_id))
            self._group_changed(theme_id)

    def _forget_removed(self, *_args: object) -> None:
        # A removed row's key goes once the row has gone, before anyone hears of it: views
        # ask about the rows around it while it is being removed.
        if self._removing is not None:
            theme_id, row = self._removing
            self._removing = None
            key = self._keys[theme_id].pop(row)
            del self._rows[theme_id][key]

    def _group_changed(self, theme_id: int) -> None:
        group = self.group_index(theme_id)
        self.dataChanged.emit(group, group)

    # ----- lookups ------------------------------------------------------------------------

    def suggestion(self, index: Index) -> Suggestion | None:
        if not index.isValid():
            return None
        parent = index.parent()
        if not parent.isValid():
            return None
        theme_id = self._themes[parent.row()]
        return self._rows[theme_id][self._keys[theme_id][index.row()]]

    def nearest(self, theme_id: int, key: Key) -> QModelIndex:
        """Where to go after a verdict: the row at or after `key` in its theme, else the next."""
        keys = self._keys.get(theme_id, [])
        if keys:
            row = min(bisect.bisect_left(keys, key), len(keys) - 1)
            return self._child(theme_id, row)
        # The theme is done: go on to the first suggestion of the next theme that has any.
        start = self._row_of_theme.get(theme_id, -1) + 1
        for other in self._themes[start:] + self._themes[:start]:
            if self._keys[other]:
                return self._child(other, 0)
        return QModelIndex()

    # ----- Qt model -----------------------------------------------------------------------
    # index(), parent(), rowCount() and flags() are QStandardItemModel's, in C++: the tree
    # calls them for every row on each layout, and a long article has thousands of rows.
    # The rows hold no items; what they show is answered by data(), for the rows painted.

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.project is None:
            return None
        if not index.parent().isValid():
            return self._group_data(index, role)
        suggestion = self.suggestion(index)
        assert suggestion is not None
        if role == SUGGESTION_ROLE:
            return suggestion
        if role == THEME_ID_ROLE:
            return suggestion.theme_id
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(suggestion.text.split())
        if role == HTML_ROLE:
            return self._sentence_html(suggestion)
        if role == SOURCE_ROLE:
            return self.project.article(suggestion.article_id).title
        if role == Qt.ItemDataRole.ToolTipRole:
            article = self.project.article(suggestion.article_id)
            source = f"{article.title} ({article.outlet})" if article.outlet else article.title
            return (
                f"Matches: {', '.join(suggestion.matched)}\n{source}\n\n"
                "Enter or A accepts, Delete or R rejects, T selects it in the reader to trim"
            )
        return None

    def _sentence_html(self, suggestion: Suggestion) -> str:
        assert self.project is not None
        keywords = self.project.theme(suggestion.theme_id).keywords
        key = (suggestion.id, keywords)
        found = self._html.get(key)
        if found is None:
            found = self._html[key] = keyword_html(" ".join(suggestion.text.split()), keywords)
        return found

    def _group_data(self, index: Index, role: int) -> Any:
        assert self.project is not None
        theme = self.project.theme(self._themes[index.row()])
        count = len(self._keys[theme.id])
        if role == THEME_ID_ROLE:
            return theme.id
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{theme.name}  ({count})"
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(theme.colour, size=14)
        if role == Qt.ItemDataRole.ForegroundRole and count == 0:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not theme.keywords:
                return f"Add keywords to “{theme.name}” in the Codebook to get suggestions"
            return f"Keywords: {', '.join(theme.keywords)}"
        return None
