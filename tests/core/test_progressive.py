"""A project that opens before all of it is read answers every question as the fully read
project does, at every step of the reading; an article read later is its plain self."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import random
from collections import Counter

from briefing.core.codebook import default_themes
from briefing.core.edit import Kind
from briefing.core.passage_index import PassageIndex
from briefing.core.progressive import (
    FillingPassages,
    PassageCounts,
    articles_read_later,
    fill_later,
)
from briefing.core.project import BULK_CHANGES, Project
from briefing.core.records import Article, Passage

SHOWN = ["id", "title", "outlet"]  # read at once; the rest when one of them is asked for


def read_later(article: Article, reads: list[int]) -> Article:
    def read(article_id: int) -> dict[str, object]:
        reads.append(article_id)
        return {f.name: getattr(article, f.name) for f in dataclasses.fields(Article)}

    row = [getattr(article, name) for name in SHOWN]
    return articles_read_later(SHOWN, [row], read)[0]


def test_an_article_read_later_is_the_plain_article_once_read() -> None:
    plain = Article(3, "Drones", "Iran sent drones.", outlet="Wire", pages=(0, 5))
    reads: list[int] = []
    later = read_later(plain, reads)
    assert later.title == "Drones" and later.outlet == "Wire" and reads == []
    assert later.page_of(7) == 2 and reads == [3]  # the rest is read once, when asked for
    assert later == plain and plain == later and hash(later) == hash(plain)
    assert later.text == "Iran sent drones." and later.author == "" and reads == [3]
    assert isinstance(later, Article)
    changed = dataclasses.replace(later, title="Missiles")
    assert type(changed) is Article and changed == dataclasses.replace(plain, title="Missiles")
    for made in (copy.copy(later), copy.deepcopy(later), pickle.loads(pickle.dumps(later))):
        assert type(made) is Article and made == plain
    assert later != dataclasses.replace(plain, text="Iran sent missiles.")
    assert {later, plain} == {plain}


def test_an_article_read_later_can_be_given_the_rest_by_a_batch() -> None:
    plain = Article(1, "A", "the text", author="Ann")
    reads: list[int] = []
    later = read_later(plain, reads)
    rest = {f.name: getattr(plain, f.name) for f in dataclasses.fields(Article)}
    fill_later(later, {k: v for k, v in rest.items() if k not in SHOWN})
    assert later.text == "the text" and later == plain and reads == []
    fill_later(later, {"text": "another"})  # once it has a field, it keeps it
    assert later.text == "the text"


class Source:
    """Passages in memory, given out as a project file gives them (`PassageSource`)."""

    def __init__(self, passages: list[Passage], batch: int) -> None:
        self.passages = sorted(passages, key=lambda p: p.id)
        self.batch, self.given = batch, 0
        self.highest_id = max((p.id for p in passages), default=0)
        supporters: dict[int, set[int]] = {}
        for p in passages:
            if p.corroborates is not None:
                supporters.setdefault(p.corroborates, set()).add(p.id)
        self.counts = PassageCounts(
            total=len(passages),
            by_article=dict(Counter(p.article_id for p in passages)),
            by_theme=Counter(t for p in passages for t in p.theme_ids),
            by_author=Counter(p.created_by for p in passages),
            supporters=supporters,
        )
        self.whose = self.counts
        self.asked: list[object] = []

    def whose_known(self) -> bool:
        return True

    def of_article(self, article_id: int) -> list[Passage]:
        self.asked.append(("article", article_id))
        return [p for p in self.passages if p.article_id == article_id]

    def by_id(self, passage_id: int) -> Passage | None:
        self.asked.append(("id", passage_id))
        return next((p for p in self.passages if p.id == passage_id), None)

    def next_batch(self) -> list[Passage] | None:
        if self.given >= len(self.passages):
            return None
        batch = self.passages[self.given : self.given + self.batch]
        self.given += self.batch
        return batch


def random_passages(rng: random.Random) -> list[Passage]:
    made = []
    for passage_id in range(1, rng.randrange(2, 60)):
        if rng.random() < 0.2:
            continue  # ids with gaps, as deletions leave them
        start = rng.randrange(0, 100)
        made.append(
            Passage(
                id=passage_id, article_id=rng.randrange(1, 6), start=start,
                end=start + rng.randrange(1, 9), quote="x",
                theme_ids=tuple(rng.sample(range(1, 5), rng.randrange(1, 3))),
                created_by=rng.choice(["", "ana", "bo"]),
                corroborates=rng.choice([None, None, *range(1, passage_id)]),
            )
        )  # fmt: skip
    return made


def answers(index: PassageIndex, highest: bool = True) -> tuple[object, ...]:
    """What an index is asked; `highest` (the highest id, which a project asks only when it is
    made) left out after edits."""
    articles, ids = range(0, 7), range(0, 200)
    return (
        [index.of(a) for a in articles],
        [index.count_of(a) for a in articles],
        [index.get(i) for i in ids],
        [index.supporters(i) for i in ids],
        index.counts_by_theme(),
        sorted(index.authors()),
        index.total(),
        index.highest_id() if highest else None,
    )


def test_a_filling_index_answers_as_the_full_one_at_every_batch() -> None:
    rng = random.Random(18)
    for _ in range(40):
        passages = random_passages(rng)
        full = PassageIndex(passages)
        source = Source(passages, rng.randrange(1, 9))
        filling = FillingPassages(source)
        while True:
            assert answers(filling) == answers(full)
            if not filling.fill():
                break
        assert answers(filling) == answers(full) and filling.all() == full.all()


def random_edit(index: PassageIndex, rng: random.Random, next_id: int) -> None:
    """An edit as `Project` makes one: its `before` asked for first (by id), then the change."""
    roll = rng.random()
    passage_id = rng.randrange(1, next_id)
    before = index.get(passage_id)
    if roll < 0.4 or before is None:
        start = rng.randrange(0, 100)
        made = Passage(
            id=next_id, article_id=rng.randrange(1, 6), start=start, end=start + 3, quote="y",
            theme_ids=(rng.randrange(1, 5),), created_by=rng.choice(["", "ana", "cy"]),
            corroborates=rng.choice([None, passage_id]),
        )  # fmt: skip
        index.replace(made)  # as `Project._set` does for every change but a removal
    elif roll < 0.7:
        index.remove(passage_id)
    else:
        changed = dataclasses.replace(before, theme_ids=(1,), corroborates=None, created_by="dee")
        index.replace(changed)


def test_a_passage_replaced_takes_its_place_in_every_sorted_view() -> None:
    rng = random.Random(4)
    for _ in range(30):
        passages = random_passages(rng)
        index = PassageIndex(passages)
        index.all(), [index.of(a) for a in range(1, 6)]  # the sorted views made, as views ask
        current = {p.id: p for p in passages}
        for _ in range(20):
            chosen = rng.choice([*current, 500 + len(current)])  # one there, or a new one
            start = rng.randrange(0, 100)
            current[chosen] = Passage(
                id=chosen, article_id=rng.randrange(1, 6), start=start, end=start + 2,
                quote="z", theme_ids=(rng.randrange(1, 5),),
            )  # fmt: skip
            index.replace(current[chosen])
        fresh = PassageIndex(list(current.values()))
        assert index.all() == fresh.all() == sorted(current.values(), key=lambda p: p.id)
        for article in range(1, 6):
            assert sorted(index.of(article), key=_key) == sorted(fresh.of(article), key=_key)
            assert [(p.start, p.end) for p in index.of(article)] == sorted(
                (p.start, p.end) for p in fresh.of(article)
            )
        assert index.counts_by_theme() == fresh.counts_by_theme()


def _key(passage: Passage) -> tuple[int, int, int]:
    return passage.start, passage.end, passage.id


def test_edits_while_filling_are_answered_as_the_full_index_answers_them() -> None:
    rng = random.Random(8)
    for _ in range(60):
        passages = random_passages(rng)
        full = PassageIndex(passages)
        filling = FillingPassages(Source(passages, rng.randrange(1, 5)))
        next_id = 100
        while True:
            if rng.random() < 0.5:
                state = rng.getstate()
                random_edit(full, rng, next_id)
                rng.setstate(state)
                random_edit(filling, rng, next_id)
                next_id += 1
            if rng.random() < 0.3:
                filling.of(rng.randrange(1, 6))  # a view asks for an article's passages
            assert answers(filling, highest=False) == answers(full, highest=False)
            if not filling.fill():
                break
        assert answers(filling) == answers(full) and filling.all() == full.all()


def test_a_filling_index_reads_an_article_or_a_passage_once_when_asked() -> None:
    passages = random_passages(random.Random(3))
    source = Source(passages, 1000)
    filling = FillingPassages(source)
    first = passages[0]
    assert filling.of(first.article_id) == PassageIndex(passages).of(first.article_id)
    filling.of(first.article_id)
    assert filling.get(first.id) == first and filling.get(10_000) is None
    assert source.asked == [("article", first.article_id)]  # the rest came with the article
    assert filling.all() == PassageIndex(passages).all() and not filling.fill()


def test_a_project_over_a_filling_index_edits_as_any_project() -> None:
    passages = [p for p in random_passages(random.Random(5)) if p.article_id == 1]
    texts = Article(1, "A", "x" * 200)
    filled = Project(articles=[texts], passages=FillingPassages(Source(passages, 2)))
    plain = Project(articles=[texts], passages=passages)
    for project in (filled, plain):
        project.delete_passage(passages[0].id)
        project.set_note(passages[-1].id, "checked")
    assert filled.passages() == plain.passages()
    assert filled.passage_counts_by_theme() == plain.passage_counts_by_theme()
    assert filled.next_id(Kind.PASSAGE) == plain.next_id(Kind.PASSAGE)


def test_an_edit_of_thousands_of_passages_leaves_every_view_as_small_edits_do() -> None:
    """A bulk edit sorts the views again once instead of change by change (`BULK_CHANGES`):
    the answers are those of the same changes made one edit at a time."""
    rng = random.Random(21)
    text = Article(1, "A", "x" * 400)
    passages = []
    for passage_id in range(1, 2 * BULK_CHANGES):
        start = rng.randrange(0, 390)
        passages.append(Passage(
            id=passage_id, article_id=1, start=start, end=start + rng.randrange(1, 9),
            quote="x", theme_ids=(rng.randrange(1, 4),),
        ))  # fmt: skip
    merged, one_by_one = (
        Project(articles=[text], themes=default_themes(), passages=passages) for _ in range(2)
    )
    for project in (merged, one_by_one):
        project.passages(), project.passages_of(1)  # the sorted views made, as views ask
    merged.apply(merged.merging_themes(1, 2).edit())
    for passage in one_by_one.passages():
        if 1 in passage.theme_ids:
            one_by_one.set_passage_themes(passage.id, [2])

    def places(found: list[Passage]) -> list[tuple[int, int, int, tuple[int, ...]]]:
        return [(p.id, p.start, p.end, p.theme_ids) for p in found]  # not when each was made

    assert places(merged.passages()) == places(one_by_one.passages())
    assert places(merged.passages_of(1)) == places(one_by_one.passages_of(1))
    assert merged.passage_counts_by_theme() == one_by_one.passage_counts_by_theme()
    before = places(merged.passages_of(1))
    merged.undo(
        merged.apply(merged.merging_themes(2, 3).edit())
    )  # in reading order again, each as it was
    after = merged.passages_of(1)
    assert sorted(places(after)) == sorted(before)
    assert [(p.start, p.end) for p in after] == sorted((p.start, p.end) for p in after)
    assert merged.passage_at(1, passages[5].start, passages[5].end) is not None
