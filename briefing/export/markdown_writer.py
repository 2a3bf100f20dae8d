"""Write the outline as CommonMark: plain text a reader can also read unrendered."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice
from typing import BinaryIO

from briefing.core.collection import collection_paused
from briefing.export.markdown_text import escape_markdown
from briefing.export.outline import (
    EMPTY_SECTION,
    NOTE_LABEL,
    SOURCES_HEADING,
    SUMMARY_HEADING,
    Citation,
    CrossReference,
    Outline,
    PassageBlock,
    Section,
    Source,
    byline,
    corroboration_lead,
    cross_reference_lead,
    grading_legend,
    source_details,
    support_line,
    theme_line,
)
from briefing.export.writer import Progress, Ticker

_YAML_UNSAFE = re.compile("[<>&\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class MarkdownWriter:
    suffix = ".md"
    label = "Markdown"

    def write(self, outline: Outline, stream: BinaryIO, progress: Progress | None = None) -> None:
        """Blocks joined and encoded a few thousand at a time: the whole text of 100,000
        passages is never held twice over (as text, then as bytes)."""
        with collection_paused():
            separator = b""
            blocks = _blocks(outline, progress)
            while chunk := list(islice(blocks, _CHUNK)):
                stream.write(separator + "\n\n".join(chunk).encode("utf-8"))
                separator = b"\n\n"
            stream.write(b"\n")


_CHUNK = 4096  # blocks written at a time


def render(outline: Outline, progress: Progress | None = None) -> str:
    return "\n\n".join(_blocks(outline, progress)) + "\n"


def _blocks(outline: Outline, progress: Progress | None = None) -> Iterator[str]:
    """The Markdown blocks of the outline in order; a blank line goes between two."""
    ticker = Ticker(progress, outline.entry_count)
    ticker.start()
    if outline.options.front_matter:
        yield _front_matter(outline)
    if outline.handling:
        yield f"**{escape_markdown(outline.handling)}**"
    yield f"# {_heading(outline.title)}"
    line = byline(outline)
    if line:
        yield f"*{escape_markdown(line)}*"
    if outline.summary:
        yield f"## {SUMMARY_HEADING}"
        yield from (escape_markdown(p) for p in outline.summary)
    escaped = _Escaped()
    for section in outline.sections:
        out: list[str] = []
        _section(out, section, ticker, escaped)
        yield from out
    if outline.sources:
        yield f"## {SOURCES_HEADING}"
        yield "\n".join(_source_item(s) for s in outline.sources)
        yield f"*{escape_markdown(grading_legend())}*"
    ticker.finish()


class _Escaped(dict[str, str]):
    """Lines that come again and again (a source's citation under each of its quotes, a
    section's cross-reference lead), escaped once."""

    def __init__(self) -> None:
        super().__init__()
        self._cited: dict[tuple[str | None, int, str, int], str] = {}

    def __missing__(self, text: str) -> str:
        escaped = self[text] = escape_markdown(text)
        return escaped

    def cited(self, citation: Citation, attributed: bool) -> str:
        """The citation's marker ("[2, B2]"), after its attribution if `attributed` ("— Trend,
        14 June 2024 [2, B2]"), escaped: made once for each source and grade, not once a
        quote."""
        key = (citation.attribution if attributed else None, citation.source,
               citation.reliability, citation.credibility)  # fmt: skip
        found = self._cited.get(key)
        if found is None:
            text = citation.reference
            found = self._cited[key] = self[f"— {key[0]} {text}" if attributed else text]
        return found


def _front_matter(outline: Outline) -> str:
    # JSON strings are valid YAML double-quoted scalars, whatever the user typed, once what
    # YAML cannot hold raw (DEL, C1 controls such as U+009B) is escaped; "<", ">" and "&"
    # are escaped too, since some renderers copy front matter into the page as HTML.
    fields = {
        "title": outline.title,
        "date": outline.exported_at.date().isoformat(),
        "analyst": outline.analyst,
        "handling": outline.handling,
    }
    if outline.contributors:
        fields["contributors"] = ", ".join(outline.contributors)
    lines = [f"{key}: {_yaml_string(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---"


def _yaml_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _heading(text: str) -> str:
    return escape_markdown(" ".join(text.split())) or "(untitled)"


def _section(out: list[str], section: Section, ticker: Ticker, escaped: _Escaped) -> None:
    out.append(f"## {_heading(section.heading)}")
    if section.description:
        out.append(f"*{escape_markdown(section.description)}*")
    if not section.entries:
        out.append(f"*{EMPTY_SECTION}*")
    show_themes = section.kind == "source"
    for entry in section.entries:
        if isinstance(entry, PassageBlock):
            _passage(out, entry, show_themes, escaped)
        else:
            _cross_reference(out, entry, escaped)
        ticker.step()


def _passage(out: list[str], entry: PassageBlock, show_themes: bool, escaped: _Escaped) -> None:
    if show_themes and entry.theme_names:
        out.append(f"*{escaped[theme_line(entry)]}*")
    citation = entry.citation
    # The citation follows the quote rather than sitting inside it: the quote holds only the
    # source's words, as in Word, and Python-Markdown would merge adjacent blockquotes.
    out.append(_blockquote(escape_markdown(entry.quote)))
    out.append(escaped.cited(citation, attributed=True))
    for other in entry.corroborations:
        out.append(_blockquote(escape_markdown(other.quote)))
        out.append(escaped[f"{corroboration_lead(other)} {other.citation.reference}"])
    if entry.corroborations:
        out.append(f"*{escaped[support_line(entry)]}*")
    if entry.note:
        out.append(f"**{NOTE_LABEL}** {escape_markdown(entry.note)}")


def _cross_reference(out: list[str], entry: CrossReference, escaped: _Escaped) -> None:
    # Escaped in two parts, as one would be (the excerpt in its marks is one line, neither
    # starting nor ending in a blank): the reference, "[2, B2]", is one of few.
    text = escape_markdown(f"“{entry.excerpt}”")
    reference = escaped.cited(entry.citation, attributed=False)
    out.append(f"*{escaped[cross_reference_lead(entry)]}* {text} {reference}")


def _blockquote(text: str) -> str:
    if "\n" not in text:
        return f"> {text}"
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _source_item(source: Source) -> str:
    title = escape_markdown(source.title) or "(untitled)"
    details = escape_markdown(source_details(source))
    return f"{source.number}. **{title}**" + (f". {details}" if details else "")
