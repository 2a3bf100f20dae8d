"""Each article's current suggestions, kept up to date edit by edit (no Qt: the GUI's list
and the reader's underlines read it, and a test checks it against a full recompute).

A tagged, untagged or rejected sentence changes only the suggestions of the sentences it lies
in: `follow` asks again about those at once (binary searches, not a pass over the article) and
says what changed. Codebook changes and imports touch whole articles: `follow` only marks them
stale, and `settle` works them out when the caller has a moment, so a burst costs one pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefing.analysis.suggestions import (
    RejectedKey,
    Suggestion,
    assembly_steps,
    suggest_for_article,
    suggestion_steps,
)
from briefing.core.edit import ArticleChange, Edit, PassageChange, RejectionChange, ThemeChange
from briefing.core.errors import ProjectError
from briefing.core.project import Project

MAX_SPANS = 32  # more separate spans in one edit than this: work the article out again

Found = tuple[Suggestion, ...]


@dataclass(frozen=True, slots=True)
class Revision:
    """An article's suggestions changed within low..high (code points)."""

    article_id: int
    old: Found  # its suggestions overlapping low..high, before
    new: Found  # and now
    low: int
    high: int


def first_ending_after(found: Found, position: int) -> int:
    # Sentences never overlap, so their ends are in order just like their starts.
    return bisect.bisect_right(found, position, key=lambda s: s.end)


def first_starting_at(found: Found, position: int) -> int:
    return bisect.bisect_left(found, position, key=lambda s: s.start)


def within(found: Found, low: int, high: int) -> Found:
    """The suggestions whose sentence overlaps low..high."""
    return found[first_ending_after(found, low) : first_starting_at(found, high)]


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


class SuggestionCache:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._found: dict[int, Found] = {}  # article id -> its suggestions
        self._stale: set[int] = set()  # articles to work out again
        self.all_stale = False  # the codebook changed: every article
        self._edits = 0  # edits taken in: what `prepare` worked out may be out of date

    def of(self, article_id: int) -> Found:
        """An article's current suggestions, worked out now if need be (() if it is gone)."""
        if not self.exists(article_id):
            return ()
        if self.all_stale:
            self.all_stale = False
            self._stale.clear()
            self._found.clear()
        found = self._found.get(article_id)
        if found is None or article_id in self._stale:
            self._stale.discard(article_id)
            found = self._found[article_id] = self._compute(article_id)
        return found

    def known(self, article_id: int) -> Found | None:
        """An article's suggestions if worked out and still current, else None."""
        if self.all_stale or article_id in self._stale:
            return None
        return self._found.get(article_id)

    def exists(self, article_id: int) -> bool:
        try:
            self.project.article(article_id)
        except ProjectError:
            return False
        return True

    def stale(self) -> bool:
        """Whether `settle` has work to do."""
        return self.all_stale or bool(self._stale)

    def prepare(self, article_id: int) -> Iterator[None]:
        """Work an article's suggestions out in small steps (None after each), for `of` to
        answer at once: a 1 MB article's take a long moment, spent in a window's idle
        slices. If an edit comes meanwhile, the slow part (its sentences and keyword hits)
        is cached: only their checks against the passages and rejections are made again, in
        steps too. (Throwing it all away and starting over, an analyst tagging every few
        seconds kept a 1 MB article's second of work from ever ending.)"""
        if self.known(article_id) is not None or not self.exists(article_id):
            return
        project = self.project
        article, edits = project.article(article_id), self._edits
        steps = suggestion_steps(
            article, project.themes(), project.passages_of(article_id), project.rejected(),
            hide_touched=True,
        )  # fmt: skip
        while True:
            for step in steps:
                if step is None:
                    yield None
                elif edits == self._edits and not self.all_stale:
                    self._found[article_id] = tuple(step)
                    self._stale.discard(article_id)
                    return
            if self.all_stale or not self.exists(article_id):
                return  # the codebook changed, or the article went: worked out when asked
            again, edits = project.article(article_id), self._edits
            work = assembly_steps if again.text is article.text else suggestion_steps
            article = again
            steps = work(
                article, project.themes(), project.passages_of(article_id), project.rejected(),
                hide_touched=True,
            )  # fmt: skip

    def follow(self, edit: Edit) -> list[Revision]:
        """Take an edit in; the revisions of articles whose suggestions were worked out."""
        self._edits += 1
        spans: dict[int, list[tuple[int, int]]] = {}
        for change in edit.changes:
            if isinstance(change, ThemeChange):
                self.all_stale = True  # keywords, names, colours or the order changed
            elif isinstance(change, ArticleChange):
                self._stale.add(change.id)
            elif isinstance(change, PassageChange | RejectionChange):
                for record in (change.before, change.after):
                    if record is not None:
                        spans.setdefault(record.article_id, []).append((record.start, record.end))
        if self.all_stale:
            return []  # the whole rework will see these too
        revisions = []
        rejected: set[RejectedKey] | None = None
        for article_id, found in spans.items():
            if self.known(article_id) is None:
                continue  # worked out in full when next asked
            if rejected is None:
                rejected = self.project.rejected()
            revision = self._revise(article_id, found, rejected)
            if revision is not None:
                revisions.append(revision)
        return revisions

    def settle(self, wanted: Iterable[int]) -> dict[int, tuple[Found, Found]]:
        """Work the stale articles of `wanted` out again: article id -> (before, now) for
        those whose suggestions changed. Stale articles not wanted are forgotten, to be
        worked out when asked. After a codebook change everything starts over."""
        if self.all_stale:
            self.all_stale = False
            self._stale.clear()
            before, self._found = self._found, {}
            return {a: (before.get(a, ()), self.of(a)) for a in wanted if self.exists(a)}
        stale, self._stale = self._stale, set()
        wanted = set(wanted)
        changed: dict[int, tuple[Found, Found]] = {}
        for article_id in sorted(stale):
            old = self._found.pop(article_id, ())
            if article_id not in wanted and self.exists(article_id):
                continue
            new = self.of(article_id)
            if old != new:
                changed[article_id] = (old, new)
        return changed

    def _revise(
        self, article_id: int, spans: list[tuple[int, int]], rejected: set[RejectedKey]
    ) -> Revision | None:
        old = self._found[article_id]
        joined = merged(spans)
        article = self.project.article(article_id)
        if len(joined) > MAX_SPANS:
            new = self._compute(article_id, rejected)  # a big undo: one pass is cheaper
            joined = [(0, len(article.text))]
        else:
            themes = self.project.themes()
            passages = self.project.passages_of(article_id)
            new = old
            for start, end in joined:
                part = tuple(
                    suggest_for_article(
                        article, themes, passages, rejected, hide_touched=True, within=(start, end)
                    )
                )
                first, last = first_ending_after(new, start), first_starting_at(new, end)
                # Compared piece by piece: a long article has tens of thousands, and most
                # pieces an edit asks about again come back the same.
                if new[first:last] != part:
                    new = new[:first] + part + new[last:]
        if new is old or new == old:
            return None  # keep the old tuple: callers may know it by identity
        self._found[article_id] = new
        low, high = joined[0][0], joined[-1][1]
        return Revision(article_id, within(old, low, high), within(new, low, high), low, high)

    def _compute(self, article_id: int, rejected: set[RejectedKey] | None = None) -> Found:
        project = self.project
        return tuple(
            suggest_for_article(
                project.article(article_id),
                project.themes(),
                project.passages_of(article_id),
                project.rejected() if rejected is None else rejected,
                hide_touched=True,
            )
        )
