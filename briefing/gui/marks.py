"""Where an article's passages fall, in Qt's UTF-16 positions, ready for painting.

Built once per article (and again when its passages or the codebook change): the passages as
spans sorted by start, and the text cut into non-overlapping segments, each with the visible
themes that cover it and how many passages overlap there. The highlighter and the margin
stripes only look things up here (binary search), so painting costs the same for 20 passages
or 20,000.
"""

from __future__ import annotations

import bisect
import html
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from briefing.core.records import Passage, Theme
from briefing.core.text import Utf16Offsets


class Span(NamedTuple):  # named tuples: quick to make by the thousand on every switch
    passage_id: int
    start: int  # UTF-16 positions in the reader's document
    end: int
    theme_ids: tuple[int, ...]  # visible themes only, in the passage's order


class Segment(NamedTuple):
    start: int
    end: int
    theme_ids: tuple[int, ...]  # distinct visible themes covering it, codebook order
    depth: int  # number of passages covering it


class ArticleMarks:
    def __init__(
        self, offsets: Utf16Offsets, passages: Iterable[Passage], themes: Mapping[int, Theme]
    ) -> None:
        self.offsets = offsets
        self.themes = themes
        self._rank = {t.id: i for i, t in enumerate(sorted(themes.values(), key=_codebook_key))}
        self._visible = {t.id for t in themes.values() if t.visible}
        self.all_spans = sorted((self._span(p) for p in passages), key=_span_key)
        self._longest = max((s.end - s.start for s in self.all_spans), default=0)
        self.visible_spans = [v for v in map(self._visible_part, self.all_spans) if v]
        self._visible_longest = max((s.end - s.start for s in self.visible_spans), default=0)
        self.segments = _segments(self.visible_spans, self._rank)
        self._index()

    def replace(self, removed: Iterable[int], added: Iterable[Passage]) -> tuple[int, int] | None:
        """Swap some passages, recomputing segments only where they lie.

        Returns the UTF-16 range whose painting changed, or None if nothing did.
        """
        gone = [self.by_id[i] for i in removed if i in self.by_id]
        new = [self._span(p) for p in added]
        if not gone and not new:
            return None
        lo = min(s.start for s in gone + new)
        hi = max(s.end for s in gone + new)
        # The spans, their starts and the id lookup are kept in step, not made again: a 1 MB
        # article has thousands, and this runs on every tag and undo.
        for span in gone:
            self._remove(self.all_spans, self._span_starts, span)
            del self.by_id[span.passage_id]
            visible = self._visible_part(span)
            if visible:
                self._remove(self.visible_spans, self._visible_starts, visible)
        for span in new:
            self._insert(self.all_spans, self._span_starts, span)
            self.by_id[span.passage_id] = span
            self._longest = max(self._longest, span.end - span.start)
            visible = self._visible_part(span)
            if visible:
                self._insert(self.visible_spans, self._visible_starts, visible)
                self._visible_longest = max(self._visible_longest, span.end - span.start)
        # Widen to segment edges, so no old segment is cut in two.
        starts = self._segment_starts
        first = max(0, bisect.bisect_right(starts, lo) - 1)
        if first < len(self.segments) and self.segments[first].end <= lo:
            first += 1
        last = bisect.bisect_left(starts, hi)
        if first < last:
            lo = min(lo, self.segments[first].start)
            hi = max(hi, self.segments[last - 1].end)
        local = _overlapping(
            self.visible_spans, self._visible_starts, self._visible_longest, lo, hi
        )
        clipped = [Span(s.passage_id, max(s.start, lo), min(s.end, hi), s.theme_ids) for s in local]
        fresh = _segments(clipped, self._rank)
        self.segments[first:last] = fresh
        self._segment_starts[first:last] = [s.start for s in fresh]
        return lo, hi

    def _span(self, p: Passage) -> Span:
        themes = self.themes
        shown = (
            p.theme_ids
            if all(t in themes for t in p.theme_ids)
            else (tuple(t for t in p.theme_ids if t in themes))
        )
        return Span(p.id, self.offsets.to_utf16(p.start), self.offsets.to_utf16(p.end), shown)

    def _visible_part(self, span: Span) -> Span | None:
        visible = self._visible
        if all(t in visible for t in span.theme_ids):
            return span if span.theme_ids else None
        themes = tuple(t for t in span.theme_ids if t in visible)
        return Span(span.passage_id, span.start, span.end, themes) if themes else None

    @staticmethod
    def _remove(spans: list[Span], starts: list[int], span: Span) -> None:
        i = bisect.bisect_left(spans, _span_key(span), key=_span_key)
        while i < len(spans) and spans[i].passage_id != span.passage_id:
            i += 1
        if i < len(spans):
            del spans[i]
            del starts[i]

    @staticmethod
    def _insert(spans: list[Span], starts: list[int], span: Span) -> None:
        i = bisect.bisect_right(spans, _span_key(span), key=_span_key)
        spans.insert(i, span)
        starts.insert(i, span.start)

    def _index(self) -> None:
        self._span_starts = [s.start for s in self.all_spans]
        self._visible_starts = [s.start for s in self.visible_spans]
        self._segment_starts: list[int] = [s.start for s in self.segments]
        self.by_id: dict[int, Span] = {s.passage_id: s for s in self.all_spans}

    def segments_in(self, start: int, end: int) -> list[Segment]:
        """Segments overlapping [start, end)."""
        i = max(0, bisect.bisect_right(self._segment_starts, start) - 1)
        found = []
        while i < len(self.segments) and self.segments[i].start < end:
            if self.segments[i].end > start:
                found.append(self.segments[i])
            i += 1
        return found

    def visible_spans_in(self, start: int, end: int) -> list[Span]:
        """Spans with a visible theme overlapping [start, end), in reading order."""
        return _overlapping(
            self.visible_spans, self._visible_starts, self._visible_longest, start, end
        )

    def spans_at(self, position: int) -> list[Span]:
        """All spans (hidden themes included) containing a position, shortest first."""
        found = _overlapping(self.all_spans, self._span_starts, self._longest, position, position)
        hits = [s for s in found if s.start <= position < s.end]
        return sorted(hits, key=lambda s: s.end - s.start)


def _codebook_key(theme: Theme) -> tuple[int, int]:
    return theme.position, theme.id


def _span_key(span: Span) -> tuple[int, int, int]:
    return span.start, span.end, span.passage_id


def _overlapping(
    spans: list[Span], starts: list[int], longest: int, start: int, end: int
) -> list[Span]:
    first = bisect.bisect_left(starts, start - longest)
    last = bisect.bisect_right(starts, max(start, end))
    return [s for s in spans[first:last] if s.end > start and s.start <= max(start, end - 1)]


def _segments(spans: list[Span], rank: Mapping[int, int]) -> list[Segment]:
    """Cut the covered text into pieces with a constant set of covering passages (a sweep).

    Neighbouring pieces with the same themes and depth are one segment.
    """
    events: list[tuple[int, int, int]] = []  # (position, -1 closes / +1 opens, span index)
    for index, span in enumerate(spans):
        if span.end > span.start:
            events.append((span.start, 1, index))
            events.append((span.end, -1, index))
    events.sort()  # at one position closing comes first, then in span order
    covering: dict[int, int] = {}  # theme id -> how many open spans carry it
    ordered_of: dict[frozenset[int], tuple[int, ...]] = {}
    depth = 0
    segments: list[Segment] = []
    previous = 0
    for position, kind, index in events:
        if depth and position > previous:
            present = frozenset(covering)
            ordered = ordered_of.get(present)
            if ordered is None:
                ordered = ordered_of[present] = tuple(sorted(present, key=lambda t: rank.get(t, 0)))
            last = segments[-1] if segments else None
            if (
                last is not None
                and last.end == previous
                and last.theme_ids == ordered
                and last.depth == depth
            ):
                segments[-1] = Segment(last.start, position, ordered, depth)
            else:
                segments.append(Segment(previous, position, ordered, depth))
        theme_ids = spans[index].theme_ids
        if kind == 1:
            depth += 1
            for theme_id in theme_ids:
                covering[theme_id] = covering.get(theme_id, 0) + 1
        else:
            depth -= 1
            for theme_id in theme_ids:
                left = covering[theme_id] - 1
                if left:
                    covering[theme_id] = left
                else:
                    del covering[theme_id]
        previous = position
    return segments


class Hint(NamedTuple):
    """A suggested sentence, in the core's code-point offsets: what the reader underlines.

    A named tuple, not a dataclass: a long article has thousands, made on every switch.
    """

    start: int
    end: int
    theme_id: int
    label: str = ""  # why it is suggested ("ballistic, missile"), for the tooltip


class HintSpan(NamedTuple):
    start: int  # UTF-16 positions in the reader's document
    end: int
    theme_id: int
    label: str


class SuggestionMarks:
    """Where suggested sentences fall, in UTF-16 positions: a dotted underline, faint by design.

    Kept apart from the passages' marks: suggestions come and go with every tag and rejection,
    and only the sentences that changed are painted again. The hints stay in code points and
    are converted to UTF-16 only when a block is painted: a long article has thousands.
    """

    def __init__(
        self,
        offsets: Utf16Offsets,
        length: int,
        hints: Iterable[Hint],
        themes: Mapping[int, Theme],
    ) -> None:
        self.offsets = offsets
        self.length = length
        self._visible = {t.id for t in themes.values() if t.visible}
        self._hints = self._kept(hints)
        self._starts = [h.start for h in self._hints]
        self._ends = [h.end for h in self._hints]
        self._longest = max((h.end - h.start for h in self._hints), default=0)

    def _kept(self, hints: Iterable[Hint]) -> list[Hint]:
        visible, length = self._visible, self.length
        kept = [
            hint
            for hint in hints
            # Hints from another article (a project being swapped) must not paint this one.
            if hint.theme_id in visible and 0 <= hint.start < hint.end <= length
        ]
        # Stable: a sentence suggested for two themes keeps the codebook order the hints
        # came in (already in reading order, as a rule: then sorting costs one pass).
        kept.sort(key=_HINT_ORDER)
        return kept

    def _span(self, hint: Hint) -> HintSpan:
        to_utf16 = self.offsets.to_utf16
        return HintSpan(to_utf16(hint.start), to_utf16(hint.end), hint.theme_id, hint.label)

    @property
    def spans(self) -> list[HintSpan]:
        """Every span, in reading order."""
        return [self._span(hint) for hint in self._hints]

    def __bool__(self) -> bool:
        return bool(self._hints)

    def same(self, other: SuggestionMarks) -> bool:
        """Whether both underline the same sentences, with the same labels, in one text."""
        return self.offsets is other.offsets and self._hints == other._hints

    def keys(self) -> set[tuple[int, int, int]]:
        return {(s.start, s.end, s.theme_id) for s in self.spans}

    def spans_in(self, start: int, end: int) -> list[HintSpan]:
        """Spans overlapping UTF-16 [start, end), in reading order."""
        low = self.offsets.from_utf16(start)
        high = self.offsets.from_utf16(end) + 1
        first = bisect.bisect_left(self._starts, low - self._longest)
        last = bisect.bisect_right(self._starts, high)
        spans = [self._span(hint) for hint in self._hints[first:last]]
        return [s for s in spans if s.end > start and s.start < end]

    def spans_at(self, position: int) -> list[HintSpan]:
        return [s for s in self.spans_in(position, position + 1) if s.start <= position]

    def replace(self, start: int, end: int, hints: Iterable[Hint]) -> tuple[int, int] | None:
        """Swap the hints overlapping code points [start, end) for `hints`, the hints that
        overlap the same text now. Returns the UTF-16 range whose underlines changed, or None.

        Suggested sentences never overlap, so the hints' ends are in order like their starts.
        """
        new = self._kept(hints)
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end)
        old = self._hints[first:last]
        if [_hint_key(h) for h in old] == [_hint_key(h) for h in new]:
            return None
        self._hints[first:last] = new
        self._starts[first:last] = [h.start for h in new]
        self._ends[first:last] = [h.end for h in new]
        self._longest = max(self._longest, max((h.end - h.start for h in new), default=0))
        changed = old + new
        low, high = min(h.start for h in changed), max(h.end for h in changed)
        return self.offsets.to_utf16(low), self.offsets.to_utf16(high)


_HINT_ORDER = operator.itemgetter(0, 1)  # (start, end), looked up in C: 35,000 hints a switch


# (start, end, theme id): what an underline is. In C too: a long article's suggestions first
# known compare 35,000 of them.
_hint_key: Callable[[Hint], tuple[int, int, int]] = operator.itemgetter(0, 1, 2)


def changed_range(old: SuggestionMarks | None, new: SuggestionMarks) -> tuple[int, int] | None:
    """The UTF-16 range whose underlines differ between two sets of hints, or None."""
    if old is not None and old.offsets is not new.offsets:
        return 0, new.offsets.to_utf16(new.length)  # another text altogether
    if not old:  # none before (a long article's suggestions first known): all of them differ
        if not new:
            return None
        low, high = new._starts[0], max(new._ends)
        return new.offsets.to_utf16(low), new.offsets.to_utf16(high)
    before = set(map(_hint_key, old._hints))
    after = set(map(_hint_key, new._hints))
    differ = before ^ after
    if not differ:
        return None
    low, high = min(k[0] for k in differ), max(k[1] for k in differ)
    return new.offsets.to_utf16(low), new.offsets.to_utf16(high)


def hints_tooltip(marks: ArticleMarks, hints: list[tuple[int, str]]) -> str:
    """The reader's tooltip lines for suggestions: (theme id, matched words) of each."""
    lines = [
        f"Suggested: <b>{html.escape(marks.themes[t].name)}</b>"
        + (f" <i>({html.escape(label)})</i>" if label else "")
        for t, label in hints
        if t in marks.themes
    ]
    return "<br>".join(lines)


def passages_tooltip(
    marks: ArticleMarks, passages: Mapping[int, Passage], passage_ids: list[int]
) -> str:
    """The reader's tooltip for the passages under the pointer: their themes and notes."""
    parts = []
    for passage_id in passage_ids:
        passage = passages[passage_id]
        names = ", ".join(marks.themes[t].name for t in passage.theme_ids if t in marks.themes)
        note = f"<br><i>{html.escape(passage.note)}</i>" if passage.note else ""
        parts.append(f"<b>{html.escape(names)}</b>{note}")
    return "<hr>".join(parts)


@dataclass(frozen=True, slots=True)
class RecentMarks:
    """What the reader worked out for an article it showed, to show it again at once."""

    text: str
    passages: tuple[Passage, ...]  # as they were, in the order they were given
    offsets: Utf16Offsets
    marks: ArticleMarks
    hint_list: list[Hint] | None  # what the suggestions said (None: changed since)
    hints: SuggestionMarks | None

    def fits(self, text: str, passages: tuple[Passage, ...], themes: Mapping[int, Theme]) -> bool:
        """Whether these marks are those of the article with these passages and themes."""
        return text is self.text and passages == self.passages and themes == self.marks.themes


class RecentArticles:
    """The marks of the last few articles shown (an analyst goes back and forth between two
    or three; a 1 MB article's marks take a good part of showing it)."""

    KEPT = 4

    def __init__(self) -> None:
        self._kept: dict[int, RecentMarks] = {}

    def keep(self, article_id: int, recent: RecentMarks) -> None:
        self._kept.pop(article_id, None)
        self._kept[article_id] = recent
        while len(self._kept) > self.KEPT:
            del self._kept[next(iter(self._kept))]

    def take(self, article_id: int) -> RecentMarks | None:
        return self._kept.pop(article_id, None)
