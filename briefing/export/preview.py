"""The briefing as HTML, for the app's live preview: Markdown rendered by `markdown`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from briefing.core.collection import collection_paused
from briefing.core.project import Project
from briefing.export.builder import iter_outline
from briefing.export.markdown_writer import render
from briefing.export.options import OutlineOptions
from briefing.export.outline import Outline, PassageBlock

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n+", re.DOTALL)


class PreviewStopped(Exception):
    """The preview was no longer wanted (`stopped` said so between two steps)."""


def render_markdown(
    project: Project,
    options: OutlineOptions | None = None,
    limit: int | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> str:
    """The briefing exactly as the Markdown export would write it; with `limit`, only the
    first `limit` entries and a line saying how many more the export holds. `stopped` is
    asked between the outline's steps: once it says so, PreviewStopped is raised."""
    outline = _outline(project, options or OutlineOptions(), stopped)
    total = outline.entry_count
    if limit is None or total <= limit:
        return render(outline)
    note = (
        f"*The preview shows the first {limit:,} of {total:,} passages and references; "
        "the export contains them all.*"
    )
    return render(_first_entries(outline, limit)) + "\n" + note + "\n"


def _outline(project: Project, options: OutlineOptions, stopped: Callable[[], bool]) -> Outline:
    with collection_paused():  # as `build_outline`: its records are never garbage
        for step in iter_outline(project, options):
            if isinstance(step, Outline):
                return step
            if stopped():
                raise PreviewStopped
    raise AssertionError("iter_outline ends with the outline")


def _first_entries(outline: Outline, limit: int) -> Outline:
    """The first `limit` entries, and only the sources they cite (each keeps its number, so
    the citations still point at it): a project of 10,000 articles listed them all, and
    laying out that list held the window for seconds."""
    sections, left = [], limit
    for section in outline.sections:
        if left <= 0:
            break
        sections.append(dataclasses.replace(section, entries=section.entries[:left]))
        left -= len(section.entries)
    cited = set()
    for section in sections:
        for entry in section.entries:
            cited.add(entry.citation.article_id)
            if isinstance(entry, PassageBlock):
                cited.update(c.citation.article_id for c in entry.corroborations)
    sources = tuple(s for s in outline.sources if s.article_id in cited)
    return dataclasses.replace(outline, sections=tuple(sections), sources=sources)


def markdown_to_html(text: str) -> str:
    """HTML for Markdown written by the export. Front matter is metadata, not content, so it is
    left out; Python-Markdown would otherwise show it as a heading."""
    import markdown  # loaded with the first preview, not with the window

    html: str = markdown.markdown(_FRONT_MATTER.sub("", text, count=1), output_format="html")
    return html
