"""Check an exported briefing against the project: every quote verbatim in its cited source.

Quotes are compared after folding only what an export may legitimately change: runs of white
space, typographic quotation marks, and the characters XML cannot hold (which the Word writer
drops). Anything else, one changed word included, is a mismatch.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.project import Project
from briefing.core.records import Article
from briefing.core.xml_text import xml_safe
from briefing.export.custody import CustodyCheck, check_originals
from briefing.export.readback import ExportedBriefing, ExportedQuote, ExportedSource, read_export

NORMALISATION = (
    "compared ignoring differences in white space and typographic quotation marks, "
    "and characters XML cannot hold"
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "«": '"', "»": '"'})  # fmt: skip
_SPACE = re.compile(r"\s+")
MAX_ANALYSED = 50  # mismatches explained word by word; the rest are listed plainly


def normalise(text: str) -> str:
    return _SPACE.sub(" ", xml_safe(text).translate(_QUOTES)).strip()


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # "mismatch" | "moved" | "unknown citation" | "no citation" | "unknown source"
    message: str


@dataclass
class VerifyReport:
    path: Path
    checked: int = 0
    verified: int = 0
    problems: list[Problem] = field(default_factory=list)
    custody: list[CustodyCheck] = field(default_factory=list)  # when originals were checked

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        noun = "quote" if self.checked == 1 else "quotes"
        return f"{self.verified} of {self.checked} {noun} verified against their sources"

    @property
    def custody_summary(self) -> str:
        intact = sum(c.intact for c in self.custody)
        noun = "source" if len(self.custody) == 1 else "sources"
        return f"{intact} of {len(self.custody)} cited {noun} with their original intact"

    def lines(self) -> list[str]:
        """The report: a summary line, one line per problem, then the custody checks."""
        lines = [f"{self.path.name}: {self.summary} ({NORMALISATION})."]
        lines += [f"  {p.kind.upper()}: {p.message}" for p in self.problems]
        if self.custody:
            lines.append(f"{self.custody_summary}, each read again to the same text:")
            lines += [f"  {'ORIGINAL' if c.problem else 'ok' if c.intact else 'note'}: "
                      f"{c.message}" for c in self.custody]  # fmt: skip
        return lines

    def render(self) -> str:
        return "\n".join(self.lines())


def verify_export(project: Project, path: Path, originals: bool = False) -> VerifyReport:
    """Read the export at `path` back and check it against `project`; with `originals`, also
    check each cited source's kept original (its hash, and that it reads to the same text)."""
    return verify_briefing(project, read_export(path), Path(path), originals)


def verify_briefing(
    project: Project, exported: ExportedBriefing, path: Path, originals: bool = False
) -> VerifyReport:
    """Every lookup is through an index built once, so the work grows with the size of the
    project plus the export, not their product (20,000 sources against 20,000 articles)."""
    report = VerifyReport(path)
    by_title: dict[str, list[Article]] = {}
    for candidate in project.articles():
        by_title.setdefault(normalise(candidate.title), []).append(candidate)
    articles: dict[int, Article] = {}
    for source in exported.sources:
        article = _resolve(by_title, source)
        if article is None:
            report.problems.append(Problem("unknown source", _describe_source(source)))
        else:
            articles[source.number] = article
    texts = {a.id: normalise(a.text) for a in articles.values()}
    listed = {s.number for s in exported.sources}
    analysed = 0
    for quote in exported.quotes:
        report.checked += 1
        # Past the first few mismatches, only say so: finding where each one went instead
        # reads every source again, and a tampered export may hold thousands.
        problem = _check(quote, articles, texts, listed, analyse=analysed < MAX_ANALYSED)
        if problem is None:
            report.verified += 1
        else:
            analysed += problem.kind == "mismatch"
            report.problems.append(problem)
    if originals:
        report.custody = check_originals(project, articles)
        report.problems += [Problem("original", c.message) for c in report.custody if c.problem]
    return report


def _resolve(by_title: dict[str, list[Article]], source: ExportedSource) -> Article | None:
    """The project's article a sources-list entry names: same title, and same file or web
    address if given."""
    file_name = normalise(source.source_file)
    for article in by_title.get(normalise(source.title), ()):
        if file_name and file_name != normalise(article.source_file):
            continue
        if source.address and source.address not in (article.final_url, article.source_url):
            continue
        return article
    return None


def _describe_source(source: ExportedSource) -> str:
    where = f" ({source.source_file})" if source.source_file else ""
    return f"source {source.number} “{source.title}”{where} is not an article of this project"


def _check(
    quote: ExportedQuote,
    articles: dict[int, Article],
    texts: dict[int, str],
    listed: set[int],
    analyse: bool,
) -> Problem | None:
    label = f"quote {quote.number} “{_excerpt(quote.text)}”"
    if quote.source is None:
        return Problem("no citation", f"{label} has no citation after it")
    if quote.source not in listed:
        return Problem("unknown citation", f"{label} cites [{quote.source}], not in the sources")
    if quote.source not in articles:
        return Problem(
            "unknown citation", f"{label} cites source {quote.source}, which is not in the project"
        )
    wanted = normalise(quote.text)
    article = articles[quote.source]
    if wanted and wanted in texts[article.id]:
        return None
    if not analyse:
        return Problem("mismatch", f"{label} [{quote.source}] is not verbatim in its source")
    elsewhere = [n for n, a in articles.items() if wanted and wanted in texts[a.id]]
    if elsewhere:
        return Problem(
            "moved",
            f"{label} cites source {quote.source} but appears verbatim only in source "
            + ", ".join(str(n) for n in sorted(elsewhere)),
        )
    return Problem(
        "mismatch", f"{label} [{quote.source}]: {_difference(wanted, texts[article.id])}"
    )


def _difference(quote: str, text: str) -> str:
    """The words of the quote that differ from the closest passage of the source."""
    quote_words, text_words = quote.split(" "), text.split(" ")
    matcher = difflib.SequenceMatcher(None, text_words, quote_words, autojunk=False)
    anchor = matcher.find_longest_match(0, len(text_words), 0, len(quote_words))
    if anchor.size == 0:
        return "no part of it is in the source"
    begin = max(0, anchor.a - anchor.b)
    window = text_words[begin : begin + len(quote_words) + 5]
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, window, quote_words, autojunk=False
    ).get_opcodes():
        source, exported = " ".join(window[i1:i2]), " ".join(quote_words[j1:j2])
        if op == "replace":
            changes.append(f"the source has “{source}” where the export has “{exported}”")
        elif op == "insert":
            changes.append(f"the export adds “{exported}”")
        elif op == "delete" and i2 < len(window) and j1 < len(quote_words):
            changes.append(f"the export leaves out “{source}”")
    return "; ".join(changes) or "it differs from the source"


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
