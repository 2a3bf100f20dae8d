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
from html import unescape
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from briefing.importers.dates import valid_iso
from briefing.importers.encoding import decode_text
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import TextCollector
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions

_EXTENSIONS = ("table", "strikethrough")
# The tags cmark itself writes, with the only attributes it gives them. When a rendering
# holds nothing else (no raw HTML from the source), inline tags are dropped (they mean nothing
# to the text reader) and block tags are handed straight to the HTML reader's handlers:
# html.parser spends about 10 µs a tag, which made a megabyte of "- a" lines or "*a*a*a" take
# five seconds. A rendering with anything else goes through html.parser whole.
_CMARK_INLINE = re.compile(
    r'</?(?:em|strong|del|code)>|<a href="[^"<>]*"(?: title="[^"<>]*")?>|</a>'
    r'|<img src="[^"<>]*" alt="[^"<>]*"(?: title="[^"<>]*")? />'
)
_CMARK_BLOCK = re.compile(
    r"<(/?)(p|h[1-6]|ul|ol|li|blockquote|pre|hr|br|table|thead|tbody|tr|th|td)"
    r'((?: (?:start|class|align)="[^"<>]*")*) ?/?>'
)
_CMARK_ANY = re.compile(
    r"<(/?)(p|h[1-6]|ul|ol|li|blockquote|pre|hr|br|table|thead|tbody|tr|th|td|em|strong|del"
    r'|code|a|img)((?: (?:start|class|align|href|title|src|alt)="[^"<>]*")*) ?/?>'
)
_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"<>]*)"')
# Past this much markup a file is read as plain text, every character kept: about 100 MB of
# cmark nodes at most. A long real article holds a few thousand.
MAX_MARKUP_WEIGHT = 300_000
PLAIN_TEXT_NOTE = "it holds too much Markdown markup to render, so it was read as plain text"
_ONE_NODE = "[]`<&!~|\\"
_TWO_NODES = "*_"
# YAML front matter as static-site generators write it: "---", "key: value" lines, "---".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,50}?)(?:---|\.\.\.)[ \t]*\n")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")


def read_markdown(data: bytes, options: ReadOptions = DEFAULT_OPTIONS) -> Extracted:
    decoded = decode_text(data, forced=options.encoding)
    source = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    fields, source = _split_front_matter(source)
    notes: tuple[str, ...] = ()
    if markup_weight(source) > MAX_MARKUP_WEIGHT:
        text, notes = source, (PLAIN_TEXT_NOTE,)
    else:
        text = text_of_rendering(render(source))
    # Whatever the front matter leaves out is sniffed from the text, like any plain article.
    return Extracted(
        text=text,
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        published=valid_iso(fields.get("date", "")),
        encoding=decoded.encoding,
        notes=decoded.notes() + notes,
    )


def markup_weight(source: str) -> int:
    """About how many nodes cmark would make of `source`: its time is linear, but each node
    costs a few hundred bytes, so a megabyte of "[" or "*a" took 230 MB."""
    weight = sum(source.count(char) for char in _ONE_NODE)
    return weight + 2 * sum(source.count(char) for char in _TWO_NODES) + 3 * source.count("\n")


def render(source: str) -> str:
    """CommonMark (with tables and strikethrough) as HTML; raw HTML passes through."""
    return str(
        cmarkgfm.markdown_to_html_with_extensions(
            source, options=Options.CMARK_OPT_UNSAFE, extensions=list(_EXTENSIONS)
        )
    )


def text_of_rendering(html: str) -> str:
    """The text of cmark's HTML, as the HTML reader reads it."""
    collector = TextCollector()
    feed_rendering(html, collector)
    collector.close()
    return collector.text


def feed_rendering(html: str, parser: HTMLParser, keep_inline: bool = False) -> None:
    """Hand cmark's HTML to `parser`: tag by tag to its handlers when it holds only cmark's
    own tags (inline ones dropped unless `keep_inline`), else through `parser.feed`."""
    if keep_inline:
        stripped, tags = html, _CMARK_ANY
    else:
        stripped, tags = _CMARK_INLINE.sub("", html), _CMARK_BLOCK
    if "<" in tags.sub("", stripped):
        parser.feed(html)  # raw HTML from the source: the full reader filters it
        return
    pieces = tags.split(stripped)  # text, then (closing, name, attributes, text)...
    if pieces[0]:
        parser.handle_data(unescape(pieces[0]))  # text before the first tag
    for index in range(1, len(pieces), 4):
        closing, name, attributes, text = pieces[index : index + 4]
        if closing:
            parser.handle_endtag(name)
        else:
            attrs: list[tuple[str, str | None]] = [
                (key, unescape(value)) for key, value in _ATTRIBUTE.findall(attributes)
            ]
            parser.handle_starttag(name, attrs)
        if text:
            parser.handle_data(unescape(text) if "&" in text else text)


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
