"""Suggestion quality against hand labels: precision and recall per theme on the two seeds.

The gold file was labelled sentence by sentence before the default keywords were tuned (see
tests/data/README.md). Run with `pytest -rP tests/analysis/test_theme_quality.py` to see figures.
"""

from __future__ import annotations

from collections.abc import Callable

from briefing.analysis.suggestions import suggest
from briefing.core.project import Project
from briefing.core.records import Article
from briefing.core.sentences import split_sentences

MIN_RECALL = 0.9
MIN_PRECISION = 0.8


def _gold_labels(
    gold: dict, seed_article: Callable[[str], Article]
) -> tuple[dict[tuple[int, int, int], set[str]], dict[tuple[int, int, int], set[str]]]:
    """Gold themes and by-reference themes per sentence (article_id, start, end)."""
    labels: dict[tuple[int, int, int], set[str]] = {}
    by_reference: dict[tuple[int, int, int], set[str]] = {}
    for file_name, rows in gold["articles"].items():
        article = seed_article(file_name)
        sentences = split_sentences(article.text)
        # A text can occur twice (a repeated byline): rows take its occurrences in order.
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for sentence in sentences:
            spans.setdefault(sentence.text, []).append((article.id, sentence.start, sentence.end))
        for row in rows:
            found = spans.get(row["text"])
            assert found, f"gold sentence no longer segmented whole: {row['text']}"
            key = found.pop(0)
            labels[key] = set(row["themes"])
            by_reference[key] = set(row.get("by_reference", ()))
        assert len(rows) == len(sentences), f"{file_name}: every sentence is labelled"
    return labels, by_reference


def test_suggestions_meet_the_quality_target(
    seed_project: Project, seed_article: Callable[[str], Article], gold: Callable[[str], dict]
) -> None:
    data = gold("gold_themes.json")
    labels, by_reference = _gold_labels(data, seed_article)
    names = {t.id: t.name for t in seed_project.themes()}
    predicted: dict[tuple[int, int, int], set[str]] = {key: set() for key in labels}
    for suggestion in suggest(seed_project, rejected=set()):
        key = (suggestion.article_id, suggestion.start, suggestion.end)
        predicted[key].add(names[suggestion.theme_id])

    report = ["", f"{'theme':<18}{'gold':>5}{'sugg':>6}{'TP':>4}{'P':>7}{'R':>7}{'R+ref':>7}"]
    failures = []
    for theme in data["themes"]:
        gold_keys = {k for k, themes in labels.items() if theme in themes}
        ref_keys = {k for k, themes in by_reference.items() if theme in themes}
        predicted_keys = {k for k, themes in predicted.items() if theme in themes}
        hits = gold_keys & predicted_keys
        precision = len(hits) / len(predicted_keys) if predicted_keys else 1.0
        recall = len(hits) / len(gold_keys) if gold_keys else 1.0
        # Recall if sentences that bear the theme only by reference counted too (not asserted).
        wide = gold_keys | ref_keys
        recall_wide = len(wide & predicted_keys) / len(wide) if wide else 1.0
        report.append(
            f"{theme:<18}{len(gold_keys):>5}{len(predicted_keys):>6}{len(hits):>4}"
            f"{precision:>7.2f}{recall:>7.2f}{recall_wide:>7.2f}"
        )
        if precision < MIN_PRECISION or recall < MIN_RECALL:
            failures.append(theme)
    print("\n".join(report))
    assert not failures, f"below P {MIN_PRECISION} / R {MIN_RECALL}: {failures}"
