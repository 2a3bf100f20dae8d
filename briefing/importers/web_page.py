"""Saved web pages: the article body, as the field's maintained extractor finds it.

trafilatura (Apache-2.0, with htmldate for the publication date) drops navigation, sharing
boxes, related links, comment forms and footers, and reads headline, site name, authors and
date from the page's markup and metadata. Nothing is fetched: it is given the page as text.
Where it finds no body, or the analyst asks for the whole page, the page is read by our own
parser (`html_source`), which keeps every visible block.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from typing import Any

from briefing.importers.dates import valid_iso
from briefing.importers.encoding import decode_text
from briefing.importers.extracted import Extracted
from briefing.importers.html_source import charset_declared, parse_html, strip_site_name
from briefing.importers.options import VIEW_PAGE, ReadOptions
from briefing.importers.versions import own_reader, trafilatura_reader

log = logging.getLogger(__name__)

# trafilatura's fast path skips its fallback extractors (readability, jusText): three times
# quicker, and as accurate on news pages, except where it settles on a small block of a long
# page. A body shorter than this is checked against the full extraction.
_FAST_ENOUGH_CHARS = 1500
_MIN_BODY_CHARS = 25  # less than this is no article body (a cookie notice, a caption)
_BLANK_LINES = re.compile(r"\n\s*\n+")
_AUTHOR_SEPARATOR = re.compile(r"\s*;\s*")
# Zero-width joiners and non-joiners, direction marks and embeddings, emoji tag characters.
_FORMAT_CHARACTERS = re.compile(
    "[\u061c\u200c-\u200f\u202a-\u202e\u2066-\u2069\U000e0020-\U000e007f]"
)
_STAND_IN_START, _STAND_IN_END = 0x2A700, 0x2A800  # CJK Extension C: letters, seldom seen
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]*)([^<>]{4096,})>")
_MAX_ATTRIBUTES = 500
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
# htmldate's "extensive search" hands leftover strings to dateparser, which compiles patterns
# for 200 locales: twenty seconds on some pages, for dates the page's markup rarely lacks.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
_HIDDEN_TAGS = (
    "iframe", "frame", "noscript", "template", "svg", "math", "object", "embed",
    "canvas", "audio", "video", "select", "textarea", "noembed", "noframes",
)  # fmt: skip
_INVISIBLE = " | ".join(
    [f"//{tag}" for tag in _HIDDEN_TAGS]
    + ["//*[@hidden]", "//*[contains(translate(@style, 'DISPLAYNOE :', 'displaynoe'), 'display"
       "none')]"]
)  # fmt: skip


def read_web_page(data: bytes, options: ReadOptions) -> Extracted:
    decoded = decode_text(data, charset_declared(data), options.encoding)
    notes = decoded.notes()
    if options.view != VIEW_PAGE:
        article = extract_article(decoded.text)
        if article is not None:
            return _with(article, decoded.encoding, notes)
    page = parse_html(decoded.text)
    reader = own_reader("web page" if options.view == VIEW_PAGE else "web page, no body found")
    return Extracted(
        text=page.text, title=page.title, author=page.author, outlet=page.outlet,
        published=page.published, encoding=decoded.encoding, reader=reader,
        view=VIEW_PAGE, notes=notes,
    )  # fmt: skip


def extract_article(markup: str) -> Extracted | None:
    """The article body and its metadata, or None when the page has no body to find."""
    markup, restore = _protect_format_characters(markup)
    tree = _visible_tree(markup)
    if tree is None:
        return None
    document = _extract(tree, fast=True)
    if _length(document) < _FAST_ENOUGH_CHARS:
        tree = _visible_tree(markup)  # trafilatura prunes the tree it is given
        fuller = _extract(tree, fast=False) if tree is not None else None
        if _length(fuller) > _length(document):
            document = fuller
    if document is None:
        return None
    text = restore(_paragraphs(document.text or ""))
    if len(text) < _MIN_BODY_CHARS:
        return None
    outlet = restore(_one_line(document.sitename or ""))
    return Extracted(
        text=text,
        title=strip_site_name(restore(_one_line(document.title or "")), outlet),
        author=restore(_authors(document.author or "")),
        outlet=outlet,
        published=valid_iso(document.date or ""),
        reader=trafilatura_reader(),
    )


def _protect_format_characters(markup: str) -> tuple[str, Callable[[str], str]]:
    """Stand-ins for the invisible characters trafilatura drops as "unprintable", which carry
    meaning: Persian's zero-width non-joiner inside words, the joiners of emoji sequences,
    direction marks in right-to-left text. Each becomes a rare letter the page does not use,
    and is put back after extraction, so the text stays as the page wrote it."""
    found = sorted(set(_FORMAT_CHARACTERS.findall(markup)))
    if not found:
        return markup, lambda text: text
    spare = (chr(code) for code in range(_STAND_IN_START, _STAND_IN_END) if chr(code) not in markup)
    stand_ins = dict(zip(found, spare, strict=False))
    if len(stand_ins) < len(found):
        return markup, lambda text: text  # no page uses that many of those letters
    back = {ord(v): k for k, v in stand_ins.items()}
    return markup.translate({ord(k): v for k, v in stand_ins.items()}), lambda t: t.translate(back)


def load_extractor() -> Any:
    """trafilatura, loaded on first use: it takes a second, and only web pages need it."""
    with warnings.catch_warnings():
        # Its download helpers (never used here: pages come as text) warn that SOCKS
        # proxies need an extra package.
        warnings.filterwarnings("ignore", message="SOCKS support")
        import trafilatura
    return trafilatura


def _extract(tree, fast: bool):  # type: ignore[no-untyped-def]
    trafilatura = load_extractor()
    try:
        return trafilatura.bare_extraction(
            tree, fast=fast, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False,
            date_extraction_params=_DATE_SEARCH,
        )  # fmt: skip
    except (ValueError, TypeError, RecursionError, MemoryError) as error:
        log.info("trafilatura could not read the page: %s", error)
        return None


def _visible_tree(markup: str):  # type: ignore[no-untyped-def]
    """The page as lxml reads it, without what a browser never shows: trafilatura keeps the
    text of hidden elements, frames, <noscript> and <template>. None if lxml cannot read it."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(_LONG_TAG.sub(_tame_attributes, markup))
    except (ValueError, TypeError, RecursionError, MemoryError) as error:
        log.info("lxml could not read the page: %s", error)
        return None
    if tree is None:
        return None
    for element in tree.xpath(_INVISIBLE):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows it
    return tree


def _tame_attributes(match: re.Match[str]) -> str:
    # libxml2 checks each attribute against all the others: a tag with a million of them
    # would take hours (and 15 million bare ones, "a a a ...", half a gigabyte). No real tag
    # has more than a few dozen.
    if _attribute_count(match[2]) > _MAX_ATTRIBUTES:
        return f"<{match[1]}>"
    return match[0]


def _attribute_count(inside: str) -> int:
    """A count never below the number of attributes in a long tag: the white space outside
    quoted values (each attribute, with a value or bare, follows some), counted in C."""
    bare = _QUOTED.sub("", inside)
    return sum(bare.count(space) for space in " \t\n\r\f")


def _length(document) -> int:  # type: ignore[no-untyped-def]
    return len(document.text or "") if document is not None else 0


def _with(article: Extracted, encoding: str, notes: tuple[str, ...]) -> Extracted:
    return Extracted(
        text=article.text, title=article.title, author=article.author, outlet=article.outlet,
        published=article.published, encoding=encoding, reader=article.reader, notes=notes,
    )  # fmt: skip


def _paragraphs(text: str) -> str:
    """One block per paragraph, separated by a blank line, as the other readers write them."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _authors(value: str) -> str:
    """ "Jeffrey Gettleman; JEFFREY GETTLEMAN" -> "Jeffrey Gettleman"."""
    unique: dict[str, str] = {}
    for name in _AUTHOR_SEPARATOR.split(_one_line(value)):
        if name:
            unique.setdefault(name.casefold(), name)
    return "; ".join(unique.values())


def _one_line(text: str) -> str:
    return " ".join(text.split())
