"""Corpus search: the query language, case/accent/width folding, and exact spans."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefing.analysis.search import Filters, article_hits, search, sentence_of
from briefing.analysis.search_query import QueryError, parse_query
from briefing.core.codebook import default_themes
from briefing.core.folding import WORD, fold, fold_character
from briefing.core.project import Project
from briefing.core.records import ImportedArticle


def hits(text: str, query: str) -> list[str]:
    return [text[s:e] for s, e in article_hits(text, parse_query(query))]


# ----- folding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("Café au lait", "cafe", ["Café"]),
        ("Cafe\u0301 au lait", "cafe", ["Cafe\u0301"]),  # a combining accent belongs to its e
        ("Le CAFÉ", "café", ["CAFÉ"]),
        ("ＩＲＡＮ said", "iran", ["ＩＲＡＮ"]),  # full-width letters
        ("a ﬁre broke out", "fire", ["ﬁre"]),  # a ligature
        ("Die Straße", "strasse", ["Straße"]),
        ("İstanbul talks", "istanbul", ["İstanbul"]),
        ("او می\u200cگوید که", "میگوید", ["می\u200cگوید"]),  # a joiner inside a Persian word
        ("naïve 👩🏽\u200d💻 coder", "coder", ["coder"]),
        ("Iran's missiles", "iran", ["Iran"]),
    ],
)
def test_folding_finds_the_exact_original_span(text: str, query: str, found: list[str]) -> None:
    assert hits(text, query) == found


def test_spelling_still_matters() -> None:
    text = "Defence ministers met; the defense pact stands."
    assert hits(text, "defence") == ["Defence"]
    assert hits(text, "defence OR defense") == ["Defence", "defense"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_every_folded_position_maps_back_inside_the_text(text: str) -> None:
    folded = fold(text)
    assert len(folded.folded) == sum(len(fold_character(c)) for c in text)
    previous = 0
    for position in range(len(folded.folded)):
        original = folded.to_original(position)
        assert 0 <= original < len(text) and original >= previous  # in order, in range
        assert folded.folded[position] in fold_character(text[original])
        previous = original


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=1,
            max_size=8),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
)  # fmt: skip
def test_a_word_is_found_where_it_was_put(before: str, word: str, after: str) -> None:
    # Letters that fold to one word: a few "letters" are spacing forms of diacritics (the
    # isolated Arabic harakat, U+FE70...) and fold to a space and a mark, not into a word.
    assume(all(WORD.fullmatch(c) for c in fold(word).folded))
    text = f"{before} {word} {after}"
    start = len(before) + 1
    spans = article_hits(text, parse_query(word))
    # Wherever the word was put, a hit covers exactly it (other hits may be elsewhere).
    assert (start, start + len(word)) in spans
    for s, e in spans:
        assert 0 <= s < e <= len(text)


# ----- the query language -------------------------------------------------------------------

TEXT = (
    "Iran has supplied Russia with ballistic missiles, officials said. The missile transfer "
    "follows drone deliveries. UAVs were seen over Ukraine."
)


def test_every_word_must_occur_and_each_occurrence_is_a_hit() -> None:
    assert hits(TEXT, "iran missiles") == ["Iran", "missiles"]
    assert hits(TEXT, "iran cheese") == []


def test_phrases_prefixes_or_and_exclusion() -> None:
    assert hits(TEXT, '"ballistic missiles"') == ["ballistic missiles"]
    assert hits(TEXT, '"missiles ballistic"') == []
    assert hits(TEXT, "missil*") == ["missiles", "missile"]
    assert hits(TEXT, "drones OR UAVs") == ["UAVs"]
    assert hits(TEXT, "drone* -Ukraine") == []
    assert hits(TEXT, "drone* -China") == ["drone"]
    assert hits(TEXT, '"ballistic missil*"') == ["ballistic missiles"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "missing its closing quotation mark"),
        ("OR drones", "OR needs a word on each side"),
        ("drones OR", "OR needs a word on each side"),
        ("drones OR OR uavs", "OR needs a word on each side"),
        ("-ukraine", "-word only leaves articles out"),
        ("- drones", "minus sign must stand right before"),
        ("*", "A * must follow the start of a word"),
        ('""', "An empty phrase"),
        ("   ", "Type a word to look for"),
        ("x" * 2000, "too long"),
        (" ".join(f"w{i}" for i in range(100)), "too many words"),
    ],
)
def test_malformed_queries_get_a_clear_message(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(query)


def test_the_index_expression() -> None:
    assert parse_query('iran "ballistic missiles" drone* OR uav -ukraine -"red line"').fts() == (
        '("iran") AND (("ballistic" AND "missiles")) AND ("drone"* OR "uav") NOT "ukraine"'
    )


def test_cjk_words_without_spaces() -> None:
    text = "主要7カ国は、イランがロシアに弾道ミサイルを供与しないよう警告した。"
    assert hits(text, "弾道ミサイル") == ["弾道ミサイル"]


# ----- running a search over a project --------------------------------------------------------


def corpus() -> Project:
    project = Project(themes=default_themes())
    project.add_articles([
        ImportedArticle(text=TEXT, title="A", source_file="a.txt", outlet="Reuters",
                        published="2024-06-14"),
        ImportedArticle(text="Drones over Kyiv again. More drones.", title="B", source_file="b.txt",
                        outlet="Kyiv Independent", published="2024-07-01"),
        ImportedArticle(text="No date on this drones story.", title="C", source_file="c.txt"),
    ])  # fmt: skip
    project.set_reliability(2, "B")
    return project


def test_search_in_article_order_with_the_total() -> None:
    result = search(corpus(), parse_query("drone*"))
    assert [(h.article_id, h.text) for h in result.hits] == [
        (1, "drone"), (2, "Drones"), (2, "drones"), (3, "drones"),
    ]  # fmt: skip
    assert result.total == 4 and result.articles == 3
    first = result.hits[1]
    assert first.before == "" and first.after.startswith(" over Kyiv")


def test_a_limit_keeps_counting_unless_asked_not_to() -> None:
    result = search(corpus(), parse_query("drone*"), limit=2)
    assert len(result.hits) == 2 and result.total == 4 and result.complete
    quick = search(corpus(), parse_query("drone*"), limit=2, count_all=False)
    assert len(quick.hits) == 2 and not quick.complete


def test_filters() -> None:
    project = corpus()
    query = parse_query("drone*")
    by = lambda **f: {h.article_id for h in search(project, query, Filters(**f)).hits}  # noqa: E731
    assert by(outlets=frozenset({"reuters"})) == {1}
    assert by(since=date(2024, 6, 20)) == {2}
    assert by(until=date(2024, 6, 30)) == {1}
    assert by(reliability=frozenset({"B"})) == {2}
    drones = project.theme_named("drones").id
    project.tag(2, 0, 6, [drones])
    assert by(with_theme=drones) == {2}
    assert by(without_theme=drones) == {1, 3}


def test_candidates_from_an_index_narrow_the_search() -> None:
    asked = []

    def index(expression: str) -> list[int]:
        asked.append(expression)
        return [2, 99]  # 99: an article the index still lists but the project no longer has

    result = search(corpus(), parse_query("drone*"), candidates=index)
    assert asked == ['("drone"*)'] and {h.article_id for h in result.hits} == {2}


def test_extend_to_sentence() -> None:
    start = TEXT.index("missile transfer")
    s, e = sentence_of(TEXT, start, start + len("missile"))
    assert TEXT[s:e] == "The missile transfer follows drone deliveries."


# Words a query looks for, almost looks for, or takes as a prefix; the gaps and scripts between.
_WORDS = ["iran", "Iran", "drones", "drone", "dronework", "sent", "US", "dollar", "ban",
          "banks", "中国", "中", "国", "ドローン", "café", "Café", "cafe\u0301", "x"]  # fmt: skip
_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", ", ", "-", ".", "\u200d", "", "🚀"]
_QUERIES = ['iran drones', '"iran drones"', '"sent drones" OR ban*', '"US dollar" -banks',
            'dron* cafe', '"中国 drones"', '中 OR 国', '"iran, drones" ban',
            'ドローン iran']  # fmt: skip


def test_hits_found_a_window_at_a_time_are_the_one_go_hits() -> None:
    import random

    from briefing.analysis.search import article_hit_steps
    from briefing.core.sentences import completed

    rng = random.Random(8)
    found = 0
    for _ in range(3000):
        query = parse_query(rng.choice(_QUERIES))
        # Mostly the query's own words, so that phrases and prefixes meet window edges.
        own = [w for t in (*query.excluded, *(t for c in query.clauses for t in c.alternatives))
               for w in t.words]  # fmt: skip
        words = _WORDS + own * 6
        text = "".join(rng.choice(words) + rng.choice(_GAPS) for _ in range(rng.randrange(40)))
        steps = list(article_hit_steps(text, query, rng.randrange(1, 30)))
        expected = article_hits(text, query)
        assert completed(iter(steps)) == expected
        assert all(step is None for step in steps[:-1])
        found += bool(expected)
    assert found > 500  # most texts have hits to cut between
