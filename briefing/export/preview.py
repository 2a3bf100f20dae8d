"""The briefing as HTML, for the app's live preview: Markdown rendered by `markdown`."""

from __future__ import annotations

import re

import markdown

from briefing.core.project import Project
from briefing.export.builder import build_outline
from briefing.export.markdown_writer import render
from briefing.export.options import OutlineOptions

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n+", re.DOTALL)


def render_markdown(project: Project, options: OutlineOptions | None = None) -> str:
    """The briefing exactly as the Markdown export would write it."""
    return render(build_outline(project, options or OutlineOptions()))


def markdown_to_html(text: str) -> str:
    """HTML for Markdown written by the export. Front matter is metadata, not content, so it is
    left out; Python-Markdown would otherwise show it as a heading."""
    return markdown.markdown(_FRONT_MATTER.sub("", text, count=1), output_format="html")
