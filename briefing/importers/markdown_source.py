"""Markdown articles (.md, .markdown): the prose without its markup.

The text is rendered with the `markdown` package and read back through the HTML extractor, so
emphasis, link and heading syntax are interpreted exactly as a Markdown viewer would, rather
than by regexes that miss the corner cases (nested emphasis, reference links, escapes).
"""

from __future__ import annotations

import re

import markdown

from briefing.importers.dates import valid_iso
from briefing.importers.encoding import decode_text
from briefing.importers.errors import ContentRefused
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import parse_html
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions

_EXTENSIONS = ("fenced_code", "tables", "sane_lists")
# YAML front matter as static-site generators write it: "---", "key: value" lines, "---".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,50}?)(?:---|\.\.\.)[ \t]*\n")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
# The markdown package slows down with the cube of list and quote nesting: a few megabytes of
# lines indented ever deeper would take it hours. Capping the indentation keeps every word and
# costs nothing in a real article, which never nests anywhere near this deep.
_MAX_INDENT = 64  # columns of leading spaces, tabs and ">" markers
_TAB_WIDTH = 4  # as the markdown package expands tabs
_DEEP_INDENT = re.compile(rf"^[ \t>]{{{_MAX_INDENT // _TAB_WIDTH + 1},}}", re.MULTILINE)


def read_markdown(data: bytes, options: ReadOptions = DEFAULT_OPTIONS) -> Extracted:
    decoded = decode_text(data, forced=options.encoding)
    source = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    fields, source = _split_front_matter(source)
    source = _DEEP_INDENT.sub(_cap_indent, source)
    try:
        html = markdown.markdown(source, extensions=list(_EXTENSIONS))
    except RecursionError as error:
        # Thousands of nested quotes or lists: no article looks like that.
        raise ContentRefused("it is nested too deeply to read as Markdown") from error
    # Whatever the front matter leaves out is sniffed from the text, like any plain article.
    return Extracted(
        text=parse_html(html).text,
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        published=valid_iso(fields.get("date", "")),
        encoding=decoded.encoding,
        notes=decoded.notes(),
    )


def _cap_indent(match: re.Match[str]) -> str:
    return match.group().expandtabs(_TAB_WIDTH)[:_MAX_INDENT]


def _split_front_matter(source: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(source)
    if match is None:
        return {}, source
    fields: dict[str, str] = {}
    for line in match["body"].splitlines():
        field = _FIELD.match(line)
        if field is None:
            if line.strip() and not line.startswith((" ", "\t", "-", "#")):
                return {}, source  # not front matter after all, perhaps a horizontal rule
            continue
        fields[field["key"].lower()] = field["value"].strip("\"'")
    return fields, source[match.end() :]
