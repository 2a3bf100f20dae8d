"""Export a briefing: one format-neutral outline, one small writer per format.

`build_outline` decides what a reader gets (sections, quotes, citations, sources); a writer
only decides how it looks. Adding a format means adding a writer to `FORMATS`.
"""

from __future__ import annotations

from pathlib import Path

from briefing.core.project import Project
from briefing.core.xml_text import xml_safe
from briefing.export.builder import build_outline, iter_outline
from briefing.export.errors import ExportCancelled, ExportError
from briefing.export.markdown_text import escape_markdown
from briefing.export.markdown_writer import MarkdownWriter
from briefing.export.options import OutlineOptions
from briefing.export.outline import (
    Citation,
    CrossReference,
    Outline,
    PassageBlock,
    Section,
    Source,
)
from briefing.export.preview import PreviewStopped, markdown_to_html, render_markdown
from briefing.export.saving import save_atomically
from briefing.export.writer import LazyWriter, Progress, Writer

FORMATS: dict[str, Writer] = {
    "docx": LazyWriter("briefing.export.docx_writer", "DocxWriter", ".docx", "Word document"),
    "md": MarkdownWriter(),
}


def writer_for(fmt: str) -> Writer:
    try:
        return FORMATS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"Unknown export format {fmt!r} (formats: {known})") from None


def write_briefing(
    outline: Outline, path: Path, fmt: str, progress: Progress | None = None
) -> Path:
    """Write an outline already built (e.g. on the UI thread) to `path`, atomically.

    Raises ExportError (ExportCancelled if `progress` returned False) naming the file.
    """
    return save_atomically(outline, Path(path), writer_for(fmt), progress)


def export_briefing(
    project: Project,
    path: Path,
    fmt: str,
    options: OutlineOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build the outline and write it to `path` in format `fmt` ("docx" or "md")."""
    writer = writer_for(fmt)
    outline = build_outline(project, options or OutlineOptions())
    return save_atomically(outline, Path(path), writer, progress)


__all__ = [
    "FORMATS",
    "Citation",
    "CrossReference",
    "ExportCancelled",
    "ExportError",
    "MarkdownWriter",
    "Outline",
    "OutlineOptions",
    "PassageBlock",
    "PreviewStopped",
    "Progress",
    "Section",
    "Source",
    "Writer",
    "build_outline",
    "escape_markdown",
    "export_briefing",
    "iter_outline",
    "markdown_to_html",
    "render_markdown",
    "write_briefing",
    "writer_for",
    "xml_safe",
]
