"""Origin counting and the credibility-2 hint: one rule for the panel and the export."""

from __future__ import annotations

from briefing.analysis.support import article_origin, report_origin, support_of
from briefing.core.records import Article


def article(article_id: int, outlet: str = "", title: str = "A report") -> Article:
    return Article(id=article_id, title=title, text="", outlet=outlet)


def test_a_report_comes_from_its_attribution_else_its_outlet_else_its_title() -> None:
    assert report_origin(article(1, "Trend"), "Reuters reported that drones flew.") == "Reuters"
    assert report_origin(article(1, "Trend"), "Drones flew over the port.") == "Trend"
    long_title = "G7 cautions Iran against supplying Russia with ballistic missiles"
    assert report_origin(article(2, title=long_title), "Drones flew.") == long_title
    assert article_origin(Article(id=7, title=" ", text="")) == "article 7"


def test_spellings_of_one_origin_count_once_and_articles_count_reports() -> None:
    support = support_of([(1, "Group of Seven"), (2, "G7"), (2, "Reuters"), (3, "the Reuters")])
    assert support.reports == 3
    assert support.origins == ("Group of Seven", "Reuters")


def test_grade_two_is_offered_from_two_independent_origins_to_a_lower_grade() -> None:
    one_origin = support_of([(1, "Reuters"), (2, "Reuters")])
    two_origins = support_of([(1, "Reuters"), (2, "TASS")])
    assert not one_origin.suggests_grade(6)
    assert two_origins.suggests_grade(6) and two_origins.suggests_grade(3)
    assert not two_origins.suggests_grade(2) and not two_origins.suggests_grade(1)
