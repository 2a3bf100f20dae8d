"""Overlap segments and span look-ups behind the reader's painting (no widgets)."""

from __future__ import annotations

from briefing.core.records import Passage, Theme
from briefing.core.text import Utf16Offsets
from briefing.gui.marks import ArticleMarks

THEMES = {
    1: Theme(1, "missiles", "#D55E00", position=0),
    2: Theme(2, "drones", "#0072B2", position=1),
    3: Theme(3, "hidden", "#009E73", position=2, visible=False),
}


def passage(pid: int, start: int, end: int, *themes: int) -> Passage:
    return Passage(pid, 1, start, end, "", tuple(themes))


def test_overlaps_blend_into_segments() -> None:
    marks = ArticleMarks(
        Utf16Offsets("x" * 100),
        [passage(1, 10, 30, 1), passage(2, 20, 40, 2), passage(3, 50, 60, 1, 2)],
        THEMES,
    )
    got = [(s.start, s.end, s.theme_ids, s.depth) for s in marks.segments]
    assert got == [
        (10, 20, (1,), 1),
        (20, 30, (1, 2), 2),
        (30, 40, (2,), 1),
        (50, 60, (1, 2), 1),
    ]
    assert [s.start for s in marks.segments_in(25, 55)] == [20, 30, 50]
    assert [s.passage_id for s in marks.spans_at(25)] == [1, 2]
    assert [s.passage_id for s in marks.visible_spans_in(0, 15)] == [1]


def test_hidden_themes_are_not_painted_but_still_found() -> None:
    marks = ArticleMarks(Utf16Offsets("x" * 20), [passage(1, 0, 10, 3)], THEMES)
    assert marks.segments == [] and marks.visible_spans == []
    assert [s.passage_id for s in marks.spans_at(5)] == [1]


def test_positions_are_utf16() -> None:
    text = "🚁 drones"
    marks = ArticleMarks(Utf16Offsets(text), [passage(1, 2, 8, 2)], THEMES)
    assert (marks.segments[0].start, marks.segments[0].end) == (3, 9)


def painted(marks: ArticleMarks, size: int) -> list[tuple[tuple[int, ...], int]]:
    """(themes, depth) at every position, as the segments say."""
    found = []
    for position in range(size):
        here = [s for s in marks.segments_in(position, position + 1) if s.start <= position]
        found.append((here[0].theme_ids, here[0].depth) if here else ((), 0))
    return found


def test_segments_and_replace_agree_with_a_scan_of_random_passages() -> None:
    import random

    rng = random.Random(8)
    size = 200
    offsets = Utf16Offsets("x" * size)
    for _ in range(40):
        passages = []
        for pid in range(1, rng.randrange(1, 25)):
            start = rng.randrange(0, size - 1)
            end = min(size, start + rng.randrange(1, 60))
            passages.append(passage(pid, start, end, *rng.sample((1, 2, 3), rng.randrange(1, 3))))
        marks = ArticleMarks(offsets, passages, THEMES)
        expected = []
        for position in range(size):
            over = [
                p for p in passages if p.start <= position < p.end and {1, 2} & set(p.theme_ids)
            ]
            themes = sorted({t for p in over for t in p.theme_ids if t != 3})
            expected.append((tuple(themes), len(over)) if over else ((), 0))
        assert painted(marks, size) == expected
        # Neighbouring segments differ: equal ones are merged.
        for left, right in zip(marks.segments, marks.segments[1:], strict=False):
            assert not (left.end == right.start and (left.theme_ids, left.depth) == (
                right.theme_ids, right.depth))  # fmt: skip
        # Swapping passages piecemeal paints like building afresh.
        gone = rng.sample([p.id for p in passages], len(passages) // 2)
        added = [passage(100 + n, n * 7, n * 7 + 15, 2) for n in range(3)]
        marks.replace(gone, added)
        kept = [p for p in passages if p.id not in gone] + added
        assert painted(marks, size) == painted(ArticleMarks(offsets, kept, THEMES), size)
        # Again and again, one passage at a time (tag, undo): the lookups stay a fresh build's.
        for n in range(6):
            if kept and rng.random() < 0.5:
                out = rng.choice(kept)
                kept.remove(out)
                marks.replace([out.id], [])
            else:
                start = rng.randrange(0, size - 1)
                new = passage(200 + n, start, min(size, start + 9), rng.choice((1, 2, 3)))
                kept.append(new)
                marks.replace([], [new])
            fresh = ArticleMarks(offsets, kept, THEMES)
            assert painted(marks, size) == painted(fresh, size)
            assert (marks.all_spans, marks.visible_spans, marks.by_id) == (
                fresh.all_spans, fresh.visible_spans, fresh.by_id)  # fmt: skip
            assert marks._span_starts == [s.start for s in marks.all_spans]
            assert marks._visible_starts == [s.start for s in marks.visible_spans]
            assert marks._segment_starts == [s.start for s in marks.segments]
            for position in range(0, size, 7):
                assert marks.spans_at(position) == fresh.spans_at(position)
