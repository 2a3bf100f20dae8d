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
