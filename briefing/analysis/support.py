"""How well a claim is supported: how many articles report it, from how many independent
origins, and when that is enough to suggest grading it "probably true" (credibility 2).

The Corroboration panel and the export both count with these, so they never disagree about
an origin: a report's origin is whom it attributes the claim to, else its article's outlet,
else the article's title; spellings of one origin count once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.analysis.attribution import attribute, origin_key
from briefing.core.records import Article

SUGGESTED_CREDIBILITY = 2  # "probably true": confirmed by independent sources is 1
SUGGEST_FROM_ORIGINS = 2  # independent origins from which grade 2 is offered


def article_origin(article: Article) -> str:
    """Whose report an unattributed sentence is: its article's outlet, else its title."""
    return article.outlet.strip() or article.title.strip() or f"article {article.id}"


def report_origin(article: Article, text: str) -> str:
    """Whom a report's claim comes from: the attribution in its text, else its article."""
    return attribute(text) or article_origin(article)


def distinct_origins(origins: Iterable[str]) -> tuple[str, ...]:
    """The origins with spellings of one counted once (first spelling kept), in order."""
    found: dict[str, str] = {}
    for origin in origins:
        found.setdefault(origin_key(origin), origin)
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class Support:
    reports: int  # articles reporting the claim
    origins: tuple[str, ...]  # independent origins, first spelling of each

    def suggests_grade(self, credibility: int) -> bool:
        """Whether to offer credibility 2 to a claim now graded `credibility`: independent
        origins report it, and it is graded lower than that. Offered, never set."""
        return len(self.origins) >= SUGGEST_FROM_ORIGINS and credibility > SUGGESTED_CREDIBILITY


def support_of(reports: Iterable[tuple[int, str]]) -> Support:
    """Support from (article id, origin) of each report, the claim's own first."""
    listed = list(reports)
    return Support(len({a for a, _ in listed}), distinct_origins(o for _, o in listed))
