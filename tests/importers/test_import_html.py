"""Saved web pages give the visible text only, and never reach out to the network."""

from __future__ import annotations

import time

import pytest

from briefing.importers import ReadOptions, read_article
from briefing.importers.html_source import parse_html
from briefing.importers.options import VIEW_PAGE

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>G7 cautions Iran &amp; Russia | Trend</title>
  <meta property="og:site_name" content="Trend">
  <meta name="author" content="Ingilab Mammadov">
  <meta property="article:published_time" content="2024-06-14T23:40:00+04:00">
  <link rel="stylesheet" href="http://example.com/site.css">
  <script src="http://example.com/track.js"></script>
  <script>document.write("<p>INJECTED SCRIPT TEXT</p>"); var secret = "SCRIPT_SECRET";</script>
  <style>p { color: red } /* STYLE_SECRET */</style>
</head>
<body>
  <header><h1>G7   cautions
     Iran</h1></header>
  <article>
    <p>BAKU, Azerbaijan, June 14. Leaders of the <b>Group of Seven</b> issued a
       warning &mdash; &ldquo;a direct threat&rdquo; &amp; more.</p>
    <img src="http://example.com/pixel.gif" alt="ALT_TEXT">
    <iframe src="http://ads.example.com/">IFRAME_TEXT</iframe>
    <noscript>NOSCRIPT_TEXT</noscript>
    <template><p>TEMPLATE_TEXT</p></template>
    <svg viewBox="0 0 10 10"><title>SVG_TITLE</title><text>SVG_TEXT</text></svg>
    <div hidden>HIDDEN_TEXT</div>
    <div style="display: none">UNDISPLAYED_TEXT</div>
    <p>Second paragraph<br>after a line break.</p>
    <blockquote>A quoted statement.</blockquote>
  </article>
</body>
</html>
"""
SECRETS = (
    "INJECTED", "SCRIPT_SECRET", "STYLE_SECRET", "ALT_TEXT", "IFRAME_TEXT", "NOSCRIPT_TEXT",
    "TEMPLATE_TEXT", "SVG_TITLE", "SVG_TEXT", "HIDDEN_TEXT", "UNDISPLAYED_TEXT", "color: red",
)  # fmt: skip


def test_full_page_keeps_visible_text_only_and_no_network(write_file, no_network: list) -> None:
    article = read_article(write_file("page.html", PAGE), ReadOptions(view=VIEW_PAGE))
    assert no_network == []
    assert article.view == VIEW_PAGE
    for secret in SECRETS:
        assert secret not in article.text
    assert article.text == (
        "G7 cautions Iran\n\n"
        "BAKU, Azerbaijan, June 14. Leaders of the Group of Seven issued a warning — "
        "“a direct threat” & more.\n\n"
        "Second paragraph\n\nafter a line break.\n\n"
        "A quoted statement."
    )


def test_full_page_metadata(write_file, no_network: list) -> None:
    article = read_article(write_file("page.htm", PAGE), ReadOptions(view=VIEW_PAGE))
    assert article.title == "G7 cautions Iran & Russia"  # site name dropped from <title>
    assert article.outlet == "Trend"
    assert article.author == "Ingilab Mammadov"
    assert article.published == "2024-06-14T23:40:00+04:00"
    assert article.source_file == "page.htm"


def test_title_falls_back_to_h1_then_first_line() -> None:
    assert parse_html("<h2>Kicker</h2><h1>The <i>Headline</i></h1><p>Body</p>").title == (
        "The Headline"
    )
    assert parse_html("<title>  </title><h1></h1><h1>Second h1</h1>").title == "Second h1"


def test_title_from_first_line_when_page_has_none(write_file) -> None:
    article = read_article(write_file("bare.html", "<p>First line of text</p><p>More</p>"))
    assert article.title == "First line of text"


def test_entities_and_whitespace() -> None:
    text = parse_html("<p>caf&eacute;&nbsp;&#8364;  &#x1F680;\n\t&lt;tag&gt; &amp;amp;</p>").text
    assert text == "café\xa0€ 🚀 <tag> &amp;"


def test_lists_tables_and_preformatted_text() -> None:
    html = (
        "<ul><li>one<li>two</ul><ol start=3><li>three</li><li><p>four</p></li></ol>"
        "<table><tr><th>Year</th><th>Trade</th></tr><tr><td>2023</td><td>$4bn</td></tr></table>"
        "<pre>  indented\n    more</pre>"
    )
    assert parse_html(html).text == (
        "- one\n\n- two\n\n3. three\n\n4. four\n\nYear Trade\n\n2023 $4bn\n\n  indented\n    more"
    )


def test_broken_markup_does_not_lose_text() -> None:
    html = "<html><head><title>T</title><body><p>One<p>Two <b>bold <i>both</b> after</div>"
    assert parse_html(html).text == "One\n\nTwo bold both after"


def test_unclosed_head_still_reads_body() -> None:
    assert parse_html("<head><title>T</title><p>Body text").text == "Body text"


def test_meta_charset_is_honoured(write_file) -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привет</p></body></html>'
    assert read_article(write_file("ru.html", html.encode("cp1251"))).text == "Привет"


def test_cp1252_page_without_declaration(write_file) -> None:
    data = "<p>café – naïve €</p>".encode("cp1252")
    assert read_article(write_file("old.html", data)).text == "café – naïve €"


def test_rtl_and_emoji_verbatim(write_file) -> None:
    html = '<p dir="rtl">ایران و روسیه‌ 🇮🇷</p><p>e\u0301</p>'
    assert read_article(write_file("fa.html", html)).text == "ایران و روسیه‌ 🇮🇷\n\ne\u0301"


def test_metadata_sniffed_from_text_when_page_has_none(write_file) -> None:
    html = "<h1>Talks stall</h1><p>June 14, 2024</p><p>By Jane Doe</p><p>Body.</p>"
    article = read_article(write_file("sniff.html", html))
    assert (article.title, article.published, article.author) == (
        "Talks stall",
        "2024-06-14",
        "Jane Doe",
    )


@pytest.mark.parametrize(
    "markup",
    [
        "<a" * 50_000,
        "<!--" + "a<b" * 50_000,
        "<!--x>" * 30_000,
        "<![CDATA[x>" * 20_000,
        "</a" * 50_000,
        "<" * 100_000,
    ],
    ids=["unclosed-tags", "unclosed-comment", "many-unclosed-comments", "cdata", "end-tags", "lt"],
)
def test_hostile_markup_is_read_in_linear_time(markup: str) -> None:
    # html.parser retries unterminated constructs to the end of the text: quadratic, minutes here.
    started = time.perf_counter()
    parse_html("<p>Kept</p>" + markup)
    # A hang guard, not a speed target (the benchmarks measure speed): the unguarded
    # parser takes minutes here, the guarded one milliseconds.
    assert time.perf_counter() - started < 30


def test_marked_sections_do_not_crash() -> None:
    # The stdlib parser raises AssertionError on "<![" that is not a known keyword.
    assert parse_html("<p>a<![if !supportLists]>b<![endif]></p><![ x").text == "ab"
    assert parse_html("<p>one</p><![CDATA[hidden]]><p>two</p>").text == "one\n\ntwo"
