"""Build the briefing outline from a project: what goes in, in which order, cited how."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from datetime import date, datetime

from briefing.analysis.support import report_origin, support_of
from briefing.core.collection import collection_paused
from briefing.core.project import Project
from briefing.core.records import Article, Passage, Theme
from briefing.export.options import OutlineOptions
from briefing.export.outline import (
    Citation,
    Corroboration,
    CrossReference,
    Entry,
    Outline,
    PassageBlock,
    Section,
    Source,
    format_date,
)

EXCERPT_WORDS = 12
_PROGRESS_EVERY = 500
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def build_outline(
    project: Project, options: OutlineOptions | None = None, exported_at: datetime | None = None
) -> Outline:
    """The outline for `project` as the options ask; a snapshot that no later edit changes."""
    outline = None
    with collection_paused():
        for step in iter_outline(project, options, exported_at):
            if isinstance(step, Outline):
                outline = step
    assert outline is not None
    return outline


def iter_outline(
    project: Project, options: OutlineOptions | None = None, exported_at: datetime | None = None
) -> Iterator[tuple[int, int] | Outline]:
    """Yield `(done, total)` passages now and then, and the finished Outline last."""
    options = options or OutlineOptions()
    exported_at = exported_at or datetime.now().astimezone()
    settings = project.settings

    themes = _chosen_themes(project, options)
    theme_ids = {t.id for t in themes}
    articles = _chosen_articles(project, options)
    passages = [
        p
        for article in articles
        for p in project.passages_of(article.id)
        if not theme_ids.isdisjoint(p.theme_ids)
    ]
    total = len(passages)
    yield (0, total)

    # A passage added to corroborate another is quoted inside the block of the passage its
    # chain of corroborations leads to (a report of a report joins the first), not again.
    in_outline = {p.id: p for p in passages}
    roots = {p.id: _chain_root(p, in_outline) for p in passages if p.corroborates is not None}
    supporting: dict[int, list[Passage]] = {}
    for passage_id, root in roots.items():
        if root != passage_id:
            supporting.setdefault(root, []).append(in_outline[passage_id])
    cited = {p.article_id for p in passages}
    sources = []
    for n, article in enumerate((a for a in articles if a.id in cited), 1):
        sources.append(_source(n, article))
        if n % _PROGRESS_EVERY == 0:
            yield (0, total)  # a moment to stop at (10,000 sources take a second)
    by_article = {s.article_id: s for s in sources}
    number = {s.article_id: s.number for s in sources}
    # Sources are numbered in reading order, so citations in a section count upwards.
    passages.sort(key=lambda p: (number[p.article_id], p.start, p.end, p.id))
    yield (0, total)  # a moment to stop at, before the citations

    shown = [p for p in passages if roots.get(p.id, p.id) == p.id]
    theme_by_id = {t.id: t for t in themes}
    citations: dict[int, Citation] = {}
    paged = {a.id: a for a in articles if a.pages}
    attributions: dict[tuple[int, str], str] = {}  # most sources give many citations
    for done, passage in enumerate(passages, 1):
        source = by_article[passage.article_id]
        pages = _pages(paged[passage.article_id], passage) if passage.article_id in paged else ""
        attribution = attributions.get((source.number, pages))
        if attribution is None:
            attribution = attributions[source.number, pages] = _attribution(source, pages)
        citations[passage.id] = Citation(
            source.number, passage.article_id, passage.id, attribution,
            source.reliability, passage.credibility,
        )  # fmt: skip
        if done % _PROGRESS_EVERY == 0:
            yield (done // 2, total)  # citing is the first half of the work, sections the rest

    support = _Support(project, citations, supporting)
    if options.group_by == "source":
        sections = yield from _sections_by_source(
            shown, sources, citations, theme_by_id, options, support, total
        )
    else:
        sections = yield from _sections_by_theme(shown, themes, citations, options, support, total)
    yield (total, total)
    yield Outline(
        title=settings.title.strip() or "Briefing",
        analyst=settings.analyst.strip(),
        exported_at=exported_at,
        handling=" ".join(settings.handling.split()),
        summary=paragraphs(settings.summary),
        sections=tuple(sections),
        sources=tuple(sources),
        options=options,
        contributors=_contributors(passages) if options.name_contributors else (),
    )


def _contributors(passages: list[Passage]) -> tuple[str, ...]:
    """Who tagged the passages, by name, each once (a passage from before passages named
    their author names nobody)."""
    names = {" ".join(p.created_by.split()) for p in passages}
    return tuple(sorted((n for n in names if n), key=str.casefold))


def _chain_root(passage: Passage, in_outline: dict[int, Passage]) -> int:
    """The id of the passage at the end of `passage`'s corroboration chain within the outline.
    A chain that leads round in a circle (or to itself) counts as none: every passage is
    quoted somewhere, however its links were made."""
    seen = {passage.id}
    current = passage
    while current.corroborates is not None and current.corroborates in in_outline:
        current = in_outline[current.corroborates]
        if current.id in seen:
            return passage.id
        seen.add(current.id)
    return current.id


def _chosen_themes(project: Project, options: OutlineOptions) -> list[Theme]:
    ordered = project.briefing_theme_order()
    if options.theme_ids is None:
        return ordered
    wanted = set(options.theme_ids)
    return [t for t in ordered if t.id in wanted]


def _chosen_articles(project: Project, options: OutlineOptions) -> list[Article]:
    articles = project.articles()
    if options.article_ids is not None:
        wanted = set(options.article_ids)
        articles = [a for a in articles if a.id in wanted]
    if options.order == "date":
        # Undated articles go last, in import order, rather than pretending to a date.
        articles.sort(key=lambda a: (_parse_date(a.published) is None, _date_key(a), a.id))
    return articles


def _date_key(article: Article) -> str:
    parsed = _parse_date(article.published)
    return parsed.isoformat() if parsed else ""


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def _source(number: int, article: Article) -> Source:
    parsed = _parse_date(article.published)
    retrieved = _parse_date(article.retrieved)
    return Source(
        number=number,
        article_id=article.id,
        title=_one_line(article.title),
        outlet=_one_line(article.outlet),
        author=_one_line(article.author),
        published=article.published,
        date_label=format_date(parsed) if parsed else _one_line(article.published or ""),
        source_file=_one_line(article.source_file),
        reliability=article.reliability,
        address=_one_line(article.final_url or article.source_url),
        retrieved_label=format_date(retrieved) if retrieved else "",
        sha256=article.sha256,
    )


def _attribution(source: Source, pages: str = "") -> str:
    """ "Trend, 14 June 2024, p. 3"; without an outlet, the start of the title in quotes."""
    who = source.outlet or f"“{shorten(source.title, 40)}”"
    return ", ".join(part for part in (who, source.date_label, pages) if part)


def _pages(article: Article, passage: Passage) -> str:
    """Where in a paged source (a PDF) a quote is: "p. 3", or "pp. 3–4" across a page break."""
    first, last = (
        article.page_of(passage.start),
        article.page_of(max(passage.start, passage.end - 1)),
    )
    if first is None or last is None:
        return ""
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most about `limit` characters, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:.-– ") + "…"


class _Support:
    """The corroborating reports of each passage, and the origins behind them."""

    def __init__(
        self, project: Project, citations: dict[int, Citation], supporting: dict[int, list[Passage]]
    ) -> None:
        self.project, self.citations, self.supporting = project, citations, supporting

    def origin(self, passage: Passage) -> str:
        return report_origin(self.project.article(passage.article_id), passage.quote)

    def of(self, passage: Passage) -> tuple[tuple[Corroboration, ...], tuple[str, ...]]:
        """The passage's corroborations and the independent origins of the claim (both empty
        for a passage nobody corroborates)."""
        found = self.supporting.get(passage.id)
        if not found:
            return (), ()
        others = sorted(found, key=lambda p: (self.citations[p.id].source, p.start))
        corroborations = tuple(
            Corroboration(p.quote, self.citations[p.id], self.origin(p)) for p in others
        )
        reports = [(passage.article_id, self.origin(passage))]
        reports += [(p.article_id, c.origin) for p, c in zip(others, corroborations, strict=True)]
        return corroborations, support_of(reports).origins


# A combination of themes placed: the entries of the section quoting its passages, the theme
# names they show, its colour and name, and the other sections' entries (True: the same theme
# listed twice, where the block itself goes again).
_Placing = tuple[list[Entry], tuple[str, ...], str, str, list[tuple[list[Entry], bool]]]


def _sections_by_theme(
    passages: list[Passage],
    themes: list[Theme],
    citations: dict[int, Citation],
    options: OutlineOptions,
    support: _Support,
    total: int,
) -> Generator[tuple[int, int], None, list[Section]]:
    names = {t.id: heading_case(_one_line(t.name)) for t in themes}
    colours = {t.id: t.colour for t in themes}
    notes = options.include_notes

    entries: dict[int, list[Entry]] = {t.id: [] for t in themes}
    # What a passage's themes make of it (its section, the names it shows, the sections
    # that refer to it), worked out once for each combination of themes: a few dozen
    # combinations among 100,000 passages.
    placed: dict[tuple[int, ...], _Placing] = {}
    supporting = support.supporting
    for done, passage in enumerate(passages, 1):
        if done % _PROGRESS_EVERY == 0:
            yield (total // 2 + done // 2, total)
        # A passage is quoted in full once, under its primary theme (or the first of its
        # themes in the briefing when the primary is left out); other sections get a
        # cross-reference.
        place = placed.get(passage.theme_ids)
        if place is None:
            in_briefing = [t for t in passage.theme_ids if t in names]
            own = in_briefing[0]
            place = placed[passage.theme_ids] = (
                entries[own], tuple([names[t] for t in in_briefing]), colours[own], names[own],
                [(entries[t], t == own) for t in in_briefing[1:]],
            )  # fmt: skip
        section, shown_names, colour, own_name, others = place
        citation = citations[passage.id]
        corroborations, origins = support.of(passage) if passage.id in supporting else ((), ())
        # In field order, not by keyword: made once a passage, keywords cost a tenth of
        # the outline's time.
        block = PassageBlock(
            passage.id, passage.quote, citation, passage.note.strip() if notes else "",
            shown_names, colour, corroborations, origins,
        )  # fmt: skip
        section.append(block)
        if others:
            reference = CrossReference(passage.id, excerpt(passage.quote), citation, own_name)
            for other, again in others:
                other.append(block if again else reference)
    return [
        Section("theme", names[t.id], t.description.strip(), t.colour, tuple(entries[t.id]))
        for t in themes
        if entries[t.id] or options.include_empty_themes
    ]


def _sections_by_source(
    passages: list[Passage],
    sources: list[Source],
    citations: dict[int, Citation],
    themes: dict[int, Theme],
    options: OutlineOptions,
    support: _Support,
    total: int,
) -> Generator[tuple[int, int], None, list[Section]]:
    entries: dict[int, list[Entry]] = {s.article_id: [] for s in sources}
    for done, passage in enumerate(passages, 1):
        if done % _PROGRESS_EVERY == 0:
            yield (total // 2 + done // 2, total)
        in_briefing = [themes[t] for t in passage.theme_ids if t in themes]
        corroborations, origins = support.of(passage)
        block = PassageBlock(
            passage_id=passage.id, quote=passage.quote, citation=citations[passage.id],
            note=passage.note.strip() if options.include_notes else "",
            theme_names=tuple(heading_case(_one_line(t.name)) for t in in_briefing),
            colour=in_briefing[0].colour, corroborations=corroborations, origins=origins,
        )  # fmt: skip
        entries[passage.article_id].append(block)
    return [
        Section("source", s.title, _source_line(s), None, tuple(entries[s.article_id]))
        for s in sources
    ]


def _source_line(source: Source) -> str:
    return " · ".join(p for p in (source.outlet, source.author, source.date_label) if p)


def excerpt(quote: str, words: int = EXCERPT_WORDS) -> str:
    parts = quote.split(maxsplit=words)  # the first words, and the rest unsplit
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + "…"


def paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks stay inside a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for block in _BLANK_LINE.split(text):
        lines = [line.strip() for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return tuple(blocks)


def heading_case(name: str) -> str:
    """A theme name as a heading: "strategic pact" -> "Strategic pact"; "iPhone" stays."""
    if name[:1].islower() and not name[1:2].isupper():
        return name[0].upper() + name[1:]
    return name


def _one_line(text: str) -> str:
    return " ".join(text.split())
