"""Saved web pages (.html, .htm): the text a reader sees, one paragraph per block.

Nothing is fetched: `html.parser` only tokenises, and images, frames and scripts are dropped
unread, so opening a saved page never tells a third party that an analyst is reading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser, attrfind_tolerant  # type: ignore[attr-defined]

from briefing.importers.dates import valid_iso
from briefing.importers.extracted import Extracted

# Elements whose content is never shown as text (or only when scripting is off). <head> needs
# no entry: its only text lives in <title>, <script>, <style>, <noscript> and <template>.
_SKIPPED = {
    "audio", "canvas", "iframe", "math", "noembed", "noframes", "noscript", "object",
    "script", "select", "style", "svg", "template", "textarea", "video",
}  # fmt: skip
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
}  # fmt: skip
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Elements whose end tag may be left out: a hidden one would otherwise swallow the rest of
# the page while we waited for a close that never comes, so `hidden` is not honoured on them.
_OPTIONAL_END = {
    "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option", "p",
    "rp", "rt", "tbody", "td", "tfoot", "th", "thead", "tr",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space is part of the text
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_CHARSET_WINDOW = 4096  # bytes; the HTML standard wants the declaration within the first 1024
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = re.compile(r"--\s*>")  # what html.parser accepts as the end of a comment
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]")
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_MAX_TAG_CHARS = 64 * 1024  # longer tags (data: URIs, attacks) have their attributes capped
_MAX_ATTRIBUTES = 256
_TAG_END_OR_QUOTE = re.compile("[>\"']")
_LONE_LESS_THAN = re.compile(r"<(?![A-Za-z!/?])")  # text to the parser, but one call per "<"

_AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "parsely-author")
_PUBLISHED_KEYS = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
    "dc.date.issued", "parsely-pub-date", "og:published_time",
)  # fmt: skip
_OUTLET_KEYS = ("og:site_name", "application-name")


def charset_declared(data: bytes) -> str | None:
    """The encoding a page's `<meta charset>` names, if any (checked before use)."""
    declared = _CHARSET.search(data[:_CHARSET_WINDOW])
    return declared.group(1).decode("ascii") if declared else None


def parse_html(markup: str) -> Extracted:
    collector = TextCollector()
    collector.feed(_defuse(markup))
    collector.close()
    meta = collector.meta
    outlet = _first(meta, _OUTLET_KEYS)
    author = _first(meta, _AUTHOR_KEYS)
    if author.startswith(("http://", "https://")):
        author = ""  # article:author is often a profile URL
    elif author[:3].lower() == "by ":
        author = author[3:].strip()
    published = next(
        (iso for key in _PUBLISHED_KEYS if key in meta and (iso := valid_iso(meta[key]))), None
    )
    title = _collapse(collector.title) or _collapse(collector.first_h1)
    return Extracted(
        text=collector.text,
        title=strip_site_name(title, outlet),
        author=author,
        outlet=outlet,
        published=published,
    )


def _defuse(markup: str) -> str:
    """Remove the constructs that make `html.parser` take quadratic time.

    At the end of input the parser retries every unterminated `<...` by scanning to the end of
    the text, so a few megabytes of "<a<a<a" or unclosed comments would hang an import for
    hours. A browser shows none of that text either: a tag cut off by the end of the file is
    dropped, and an unclosed comment runs to the end (we keep that text instead, as plain text,
    rather than lose the rest of an article to one stray "<!--"). A "<" that opens nothing
    is escaped so that long runs of them are read as one piece of text.
    """
    markup = _LONE_LESS_THAN.sub("&lt;", markup)
    position = 0
    while (start := markup.find(_COMMENT_OPEN, position)) >= 0:
        close = _COMMENT_CLOSE.search(markup, start + len(_COMMENT_OPEN))
        if close is None:
            markup = markup[:start] + markup[start:].replace(_COMMENT_OPEN, "&lt;!--")
            break
        position = close.end()
    last_close = markup.rfind(">")
    unfinished = _TAG_LIKE.search(markup, last_close + 1)
    return markup[: unfinished.start()] if unfinished else markup


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    values = (_collapse(meta.get(key, "")) for key in keys)
    return next((value for value in values if value), "")


def _collapse(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).strip()


def strip_site_name(title: str, outlet: str) -> str:
    # "<title>G7 cautions Iran | Trend</title>": the site name is not part of the headline.
    if outlet:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + outlet):
                return title[: -len(separator + outlet)].strip()
    return title


@dataclass
class _List:
    ordered: bool
    next_number: int = 1


@dataclass
class _Capture:
    """Text gathered for one element outside the paragraph flow (<title>, the first <h1>)."""

    pieces: list[str] = field(default_factory=list)
    done: bool = False


class TextCollector(HTMLParser):
    """The visible text of a page, one paragraph per block, with its <title>, first <h1> and
    <meta> values. The Markdown reader also calls its handlers directly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self._pieces: list[str] = []
        self._skip_tag: str | None = None  # the hidden element we are inside, if any
        self._skip_depth = 0  # nested elements of the same name inside it
        self._pre_depth = 0
        self._lists: list[_List] = []
        self._bullet = ""  # waits for the first text of a list item
        self._title = _Capture()
        self._in_title = False
        self._h1 = _Capture()
        self._in_h1 = False

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def title(self) -> str:
        return "".join(self._title.pieces)

    @property
    def first_h1(self) -> str:
        return "".join(self._h1.pieces)

    def close(self) -> None:
        super().close()
        self._flush()

    def parse_starttag(self, i: int) -> int:
        rawdata = self.rawdata
        if rawdata.find(">", i, i + _MAX_TAG_CHARS) >= 0:
            return super().parse_starttag(i)
        name = _TAG_NAME.match(rawdata, i + 1)
        if name is None:
            return super().parse_starttag(i)
        # A tag of 64 KB or more: the stdlib's tag regex needs memory for every attribute
        # (7 GB and a minute for one tag of 15 million), and the list of pairs would follow.
        # No page needs more than a few attributes, so the first ones are read and the rest
        # skipped; the tag still opens or closes as written.
        end = _long_tag_end(rawdata, name.end())
        tag, k = name.group(1).lower(), name.end()
        attrs: list[tuple[str, str | None]] = []
        while len(attrs) < _MAX_ATTRIBUTES and k < end:
            found = attrfind_tolerant.match(rawdata, k, end)
            if not found or found.end() == k:
                break
            attribute, rest, value = found.group(1, 2, 3)
            if rest and value[:1] in "'\"" and value[:1] == value[-1:]:
                value = value[1:-1]
            attrs.append((attribute.lower(), unescape(value) if rest and value else None))
            k = found.end()
        if rawdata[end - 2 : end] == "/>":
            self.handle_startendtag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
        return end

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # "<![CDATA[...]]>" and kin are not HTML; browsers read them as a bogus comment up to
        # the next ">". The inherited SGML parser raises AssertionError on most of them.
        return self.parse_bogus_comment(i, bool(report))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag == "title":
            self._in_title = not self._title.done
            return
        if tag == "meta":
            self._read_meta(attrs)
            return
        if tag in _SKIPPED or (_is_hidden(attrs) and tag not in _VOID | _OPTIONAL_END):
            self._skip_tag, self._skip_depth = tag, 1
            return
        self._start_visible(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<svg/>" or "<div hidden/>": nothing inside, so nothing to skip until a close tag.
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        elif self._skip_tag is None and tag not in _SKIPPED and not _is_hidden(attrs):
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "title":
            if self._in_title:
                self._in_title = False
                self._title.done = bool(_collapse(self.title))
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        elif tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        elif tag == "h1" and self._in_h1:
            self._in_h1 = False
            self._h1.done = bool(_collapse(self.first_h1))

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        if self._in_title:
            self._title.pieces.append(data)
            return
        self._pieces.append(data)
        if self._in_h1:
            self._h1.pieces.append(data)

    def _start_visible(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if self._pre_depth:
                self._pieces.append("\n")
            else:
                self._flush()
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("ul", "ol"):
            self._lists.append(_List(ordered=tag == "ol", next_number=_start_number(attrs)))
        elif tag == "li":
            self._bullet = self._next_bullet()
        elif tag in ("td", "th"):
            self._pieces.append(" ")  # cells of a row read as one line
        elif tag == "pre":
            self._pre_depth += 1
        elif tag == "h1" and not self._h1.done:
            self._in_h1 = True
            self._h1.pieces.clear()

    def _next_bullet(self) -> str:
        if not self._lists or not self._lists[-1].ordered:
            return "- "
        current = self._lists[-1]
        number, current.next_number = current.next_number, current.next_number + 1
        return f"{number}. "

    def _read_meta(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("name") or values.get("property") or values.get("itemprop")
        content = values.get("content")
        if key and content:
            self.meta.setdefault(key.strip().lower(), content)

    def _flush(self) -> None:
        if not self._pieces:
            return  # every block tag flushes; most find nothing waiting
        raw = "".join(self._pieces)
        self._pieces.clear()
        if self._pre_depth:
            lines = [line.rstrip() for line in raw.split("\n")]
            text = "\n".join(lines).strip("\n")  # keep the indentation of preformatted text
        else:
            text = _collapse(raw)
        if not text.strip():
            return
        self.paragraphs.append(self._bullet + text)
        self._bullet = ""


def _long_tag_end(markup: str, start: int) -> int:
    """Where a tag ends: after the first ">" outside quotes, else after the first ">" at all
    (`_defuse` leaves no tag without one). One pass, with no backtracking."""
    position = start
    while True:
        found = _TAG_END_OR_QUOTE.search(markup, position)
        if found is None:
            break
        if found.group() == ">":
            return found.end()
        closing = markup.find(found.group(), found.end())
        if closing < 0:
            break
        position = closing + 1
    close = markup.find(">", start)
    return close + 1 if close >= 0 else len(markup)


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _DISPLAY_NONE.search(value)):
            return True
    return False


def _start_number(attrs: list[tuple[str, str | None]]) -> int:
    start = dict(attrs).get("start") or "1"
    return int(start) if start.strip().lstrip("-").isdecimal() else 1
