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

from briefing.core.collection import collection_paused
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
_QUOTE_MARK = re.compile("[‘’‚‛“”„‟«»]")
MAX_ANALYSED = 50  # mismatches explained word by word; the rest are listed plainly


def normalise(text: str) -> str:
    text = xml_safe(text)
    # Only where the marks are: str.translate looks up every character (50 MB of sources).
    text = _QUOTE_MARK.sub(lambda mark: _QUOTES[ord(mark.group())], text)
    return _SPACE.sub(" ", text).strip()


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
    with collection_paused():
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
    texts = _Normalised()
    places = _Places(project)
    listed = {s.number for s in exported.sources}
    analysed = 0
    for quote in exported.quotes:
        report.checked += 1
        # Past the first few mismatches, only say so: finding where each one went instead
        # reads every source again, and a tampered export may hold thousands.
        problem = _check(quote, articles, texts, places, listed, analyse=analysed < MAX_ANALYSED)
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


class _Normalised(dict[int, str]):
    """Sources' texts as `normalise` makes them, each worked out when first needed: most
    quotes are found verbatim in the text as it is (50 MB of sources need not be copied)."""

    def text(self, article: Article) -> str:
        found = self.get(article.id)
        if found is None:
            found = self[article.id] = normalise(article.text)
        return found


class _Places(dict[int, dict[str, int]]):
    """Where in a long source its passages' quotes (stripped) begin, by quote: where to look
    first for an exported quote, which is then compared there character by character. Looking
    through a 1 MB dossier for each of its 2,000 quotes took most of the checking."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self._project = project

    def of(self, article: Article) -> dict[str, int]:
        found = self.get(article.id)
        if found is None:
            found = self[article.id] = {}
            for passage in self._project.passages_of(article.id):
                quote = passage.quote
                stripped = quote.lstrip()
                found.setdefault(stripped.rstrip(), passage.start + len(quote) - len(stripped))
        return found


_LONG_SOURCE = 20_000  # characters: shorter texts are searched as quickly as looked up


def _verbatim(stripped: str, article: Article, places: _Places) -> bool:
    """Whether `stripped` is in the article's text as stored, looked for first where a passage
    of the article with that quote begins (the answer is the same, found sooner)."""
    text = article.text
    if len(text) >= _LONG_SOURCE:
        start = places.of(article).get(stripped)
        if start is not None and text.startswith(stripped, start):
            return True
    return stripped in text


def _check(
    quote: ExportedQuote,
    articles: dict[int, Article],
    texts: _Normalised,
    places: _Places,
    listed: set[int],
    analyse: bool,
) -> Problem | None:
    article = articles.get(quote.source) if quote.source in listed else None
    stripped = quote.text.strip()
    # Verbatim in the text as stored: then in its normalised form too (normalising maps
    # characters one to one and collapses runs of space), and nothing to work out.
    if article is not None and stripped[:1].isprintable() and _verbatim(stripped, article, places):
        return None
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
    if wanted and wanted in texts.text(article):
        return None
    if not analyse:
        return Problem("mismatch", f"{label} [{quote.source}] is not verbatim in its source")
    elsewhere = [n for n, a in articles.items() if wanted and wanted in texts.text(a)]
    if elsewhere:
        return Problem(
            "moved",
            f"{label} cites source {quote.source} but appears verbatim only in source "
            + ", ".join(str(n) for n in sorted(elsewhere)),
        )
    return Problem(
        "mismatch", f"{label} [{quote.source}]: {_difference(wanted, texts.text(article))}"
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
