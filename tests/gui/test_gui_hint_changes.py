"""Which stretch of a reader's underlines changes between two sets of suggestions."""

from __future__ import annotations

import random

from briefing.core.records import Theme
from briefing.core.text import Utf16Offsets
from briefing.gui.marks import Hint, SuggestionMarks, changed_range

TEXT = "Iran sent drones. " * 400 + "Missiles éé 🚀 too. " * 100
THEMES = {t: Theme(id=t, name=f"theme {t}", colour="#0072B2", position=t) for t in (1, 2, 3)}
OFFSETS = Utf16Offsets(TEXT)


def marks(hints: list[Hint]) -> SuggestionMarks:
    return SuggestionMarks(OFFSETS, len(TEXT), hints, THEMES)


def by_sets(old: list[Hint], new: list[Hint]) -> tuple[int, int] | None:
    """The definition: the span of every underline in one set and not the other."""
    differ = {h[:3] for h in old} ^ {h[:3] for h in new}
    if not differ:
        return None
    low, high = min(k[0] for k in differ), max(k[1] for k in differ)
    return OFFSETS.to_utf16(low), OFFSETS.to_utf16(high)


def random_hints(rng: random.Random) -> list[Hint]:
    hints = []
    reach = rng.choice((60, len(TEXT) - 40))  # close together (overlapping) or spread out
    for _ in range(rng.randrange(0, 12)):
        start = rng.randrange(0, reach)
        hints.append(Hint(start, start + rng.randrange(1, 40), rng.choice((1, 2, 3)), "drones"))
    return hints


def test_changed_range_is_the_span_of_the_underlines_that_differ() -> None:
    rng = random.Random(3)
    for _ in range(300):
        old, new = random_hints(rng), random_hints(rng)
        if rng.random() < 0.3:
            old = []  # none before: a long article's suggestions first known
        if rng.random() < 0.2:
            new = list(old)
        expected = by_sets(old, new)
        assert changed_range(marks(old), marks(new)) == expected
        if not old:
            assert changed_range(None, marks(new)) == expected
