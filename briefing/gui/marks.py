"""Where an article's passages fall, in Qt's UTF-16 positions, ready for painting.

Built once per article (and again when its passages or the codebook change): the passages as
spans sorted by start, and the text cut into non-overlapping segments, each with the visible
themes that cover it and how many passages overlap there. The highlighter and the margin
stripes only look things up here (binary search), so painting costs the same for 20 passages
or 20,000.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefing.core.records import Passage, Theme
from briefing.core.text import Utf16Offsets


@dataclass(frozen=True, slots=True)
class Span:
    passage_id: int
    start: int  # UTF-16 positions in the reader's document
    end: int
    theme_ids: tuple[int, ...]  # visible themes only, in the passage's order


@dataclass(frozen=True, slots=True)
class Segment:
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
        for span in gone:
            self._remove(self.all_spans, span)
            visible = self._visible_part(span)
            if visible:
                self._remove(self.visible_spans, visible)
        for span in new:
            bisect.insort(self.all_spans, span, key=_span_key)
            self._longest = max(self._longest, span.end - span.start)
            visible = self._visible_part(span)
            if visible:
                bisect.insort(self.visible_spans, visible, key=_span_key)
                self._visible_longest = max(self._visible_longest, span.end - span.start)
        self._visible_starts = [s.start for s in self.visible_spans]
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
        self.segments[first:last] = _segments(clipped, self._rank)
        self._index()
        return lo, hi

    def _span(self, p: Passage) -> Span:
        shown = tuple(t for t in p.theme_ids if t in self.themes)
        return Span(p.id, self.offsets.to_utf16(p.start), self.offsets.to_utf16(p.end), shown)

    def _visible_part(self, span: Span) -> Span | None:
        themes = tuple(t for t in span.theme_ids if t in self._visible)
        return Span(span.passage_id, span.start, span.end, themes) if themes else None

    @staticmethod
    def _remove(spans: list[Span], span: Span) -> None:
        i = bisect.bisect_left(spans, _span_key(span), key=_span_key)
        while i < len(spans) and spans[i].passage_id != span.passage_id:
            i += 1
        if i < len(spans):
            del spans[i]

    def _index(self) -> None:
        self._span_starts = [s.start for s in self.all_spans]
        self._visible_starts = [s.start for s in self.visible_spans]
        self._segment_starts = [s.start for s in self.segments]
        self.by_id = {s.passage_id: s for s in self.all_spans}

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
    """Cut the covered text into pieces with a constant set of covering passages (a sweep)."""
    events: list[tuple[int, int, int]] = []  # (position, +1 opens / -1 closes, span index)
    for index, span in enumerate(spans):
        events.append((span.start, 1, index))
        events.append((span.end, -1, index))
    events.sort(key=lambda e: (e[0], e[1]))
    active: dict[int, Span] = {}
    segments: list[Segment] = []
    previous = None
    for position, kind, index in events:
        if previous is not None and position > previous and active:
            themes = {t for span in active.values() for t in span.theme_ids}
            ordered = tuple(sorted(themes, key=lambda t: rank.get(t, 0)))
            segments.append(Segment(previous, position, ordered, len(active)))
        if kind == 1:
            active[index] = spans[index]
        else:
            active.pop(index, None)
        previous = position
    return _merge_equal_neighbours(segments)


def _merge_equal_neighbours(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.end == segment.start
            and last.theme_ids == segment.theme_ids
            and last.depth == segment.depth
        ):
            merged[-1] = Segment(last.start, segment.end, last.theme_ids, last.depth)
        else:
            merged.append(segment)
    return merged


@dataclass(frozen=True, slots=True)
class Hint:
    """A suggested sentence, in the core's code-point offsets: what the reader underlines."""

    start: int
    end: int
    theme_id: int
    label: str = ""  # why it is suggested ("ballistic, missile"), for the tooltip


@dataclass(frozen=True, slots=True)
class HintSpan:
    start: int  # UTF-16 positions in the reader's document
    end: int
    theme_id: int
    label: str


class SuggestionMarks:
    """Where suggested sentences fall, in UTF-16 positions: a dotted underline, faint by design.

    Kept apart from the passages' marks: suggestions come and go with every tag and rejection,
    and only the sentences that changed are painted again.
    """

    def __init__(
        self,
        offsets: Utf16Offsets,
        length: int,
        hints: Iterable[Hint],
        themes: Mapping[int, Theme],
    ) -> None:
        visible = {t.id for t in themes.values() if t.visible}
        spans = []
        for hint in hints:
            # Hints from another article (a project being swapped) must not paint this one.
            if hint.theme_id not in visible or not 0 <= hint.start < hint.end <= length:
                continue
            start, end = offsets.to_utf16(hint.start), offsets.to_utf16(hint.end)
            spans.append(HintSpan(start, end, hint.theme_id, hint.label))
        # Stable: a sentence suggested for two themes keeps the codebook order the hints came in.
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def keys(self) -> set[tuple[int, int, int]]:
        return {(s.start, s.end, s.theme_id) for s in self.spans}

    def spans_in(self, start: int, end: int) -> list[HintSpan]:
        """Spans overlapping [start, end), in reading order."""
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return [s for s in self.spans[first:last] if s.end > start]

    def spans_at(self, position: int) -> list[HintSpan]:
        return [s for s in self.spans_in(position, position + 1) if s.start <= position]


def changed_range(old: SuggestionMarks | None, new: SuggestionMarks) -> tuple[int, int] | None:
    """The UTF-16 range whose underlines differ between two sets of hints, or None."""
    before = {(s.start, s.end, s.theme_id): s for s in old.spans} if old else {}
    after = {(s.start, s.end, s.theme_id): s for s in new.spans}
    differ = [before[k] for k in before.keys() - after.keys()]
    differ += [after[k] for k in after.keys() - before.keys()]
    if not differ:
        return None
    return min(s.start for s in differ), max(s.end for s in differ)
