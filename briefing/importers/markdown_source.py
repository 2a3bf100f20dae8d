"""Markdown articles (.md, .markdown): the prose without its markup.

The text is rendered by cmark-gfm (the CommonMark reference parser, in C, with GitHub's table
and strikethrough extensions) and read back through the HTML extractor, so emphasis, link and
heading syntax are interpreted exactly as a Markdown viewer would. cmark is linear in its
input by design, pathological cases included (a megabyte of "[" or "[a](" reads in well under
a second, where Python-Markdown takes hours), and its HTML goes through the same hardened
HTML reader as saved pages: raw HTML is kept for that reader to filter, never rendered.
"""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

from briefing.importers.dates import valid_iso
from briefing.importers.encoding import decode
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import parse_html

_EXTENSIONS = ("table", "strikethrough")
# Inline markup exactly as cmark writes it. It means nothing to the text reader (not a block,
# no attributes that could hide anything), and leaving it out before the HTML is tokenised
# keeps "*a*a*a..." or "`a`a`a..." from costing a Python call per tag: half a million of them
# took four seconds a megabyte.
_PLAIN_INLINE_TAGS = re.compile(
    r'</?(?:em|strong|del|code)>|<a href="[^"<>]*"(?: title="[^"<>]*")?>|</a>'
)
# YAML front matter as static-site generators write it: "---", "key: value" lines, "---".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,50}?)(?:---|\.\.\.)[ \t]*\n")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")


def read_markdown(data: bytes) -> Extracted:
    source = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    fields, source = _split_front_matter(source)
    html = _PLAIN_INLINE_TAGS.sub("", render(source))
    # Whatever the front matter leaves out is sniffed from the text, like any plain article.
    return Extracted(
        text=parse_html(html).text,
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        published=valid_iso(fields.get("date", "")),
    )


def render(source: str) -> str:
    """CommonMark (with tables and strikethrough) as HTML; raw HTML passes through."""
    return cmarkgfm.markdown_to_html_with_extensions(
        source, options=Options.CMARK_OPT_UNSAFE, extensions=list(_EXTENSIONS)
    )


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
