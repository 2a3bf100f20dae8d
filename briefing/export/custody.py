"""Check the chain of custody of the sources an export cites: each kept original still has
the SHA-256 the article recorded, and reading it again gives the article's text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefing.core.project import Project
from briefing.core.records import Article
from briefing.importers import read_again
from briefing.importers.errors import ContentRefused


@dataclass(frozen=True, slots=True)
class CustodyCheck:
    source: int  # the number in the sources list
    intact: bool  # the original is there, has its hash and reads again to the same text
    message: str
    problem: bool  # False for what only deserves a note (no original kept, a newer reader)


def check_originals(project: Project, cited: Mapping[int, Article]) -> list[CustodyCheck]:
    return [_check(project, number, article) for number, article in sorted(cited.items())]


def _check(project: Project, number: int, article: Article) -> CustodyCheck:
    label = f"source {number} “{article.title}”"

    def found(message: str, intact: bool = False, problem: bool = True) -> CustodyCheck:
        return CustodyCheck(number, intact, f"{label}: {message}", problem)

    if not article.sha256:
        return found("no original was kept (imported before projects kept them)", problem=False)
    original = project.original(article.id)
    if original is None:
        return found(f"its original is missing or no longer matches SHA-256 {article.sha256}")
    try:
        again = read_again(article, original)
    except ContentRefused as refused:
        return found(f"its original can no longer be read ({refused.reason})")
    if again.text == article.text:
        return found(f"original intact, read again by {again.reader}: same text", True, False)
    if again.reader != article.reader:
        # Another version of the extractor may read the page differently; the hash still
        # proves what was read, so this is worth saying, not a failure.
        return found(
            f"original intact; {article.reader} made its text, {again.reader} reads it "
            "differently", problem=False,
        )  # fmt: skip
    return found("reading its original again gives other text than the article holds")
