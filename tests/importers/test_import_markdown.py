"""Markdown articles keep their prose and lose the markup, so no syntax leaks into quotes."""

from __future__ import annotations

import time

import pytest

from briefing.importers import read_article

ARTICLE = """# G7 cautions *Iran* against supplying **ballistic missiles**

Iran Materials 14 June 2024 23:40 (UTC +04:00)

BAKU, Azerbaijan, June 14. Leaders of the __Group of Seven__ issued a warning
to Iran, following [the announcement](https://example.com/news "News") of a
halt, Trend reports.

![Leaders at the summit](http://example.com/photo.jpg)

## Background

> "We urge Iran to cease its support," said the *G7*.
> The statement was ***unusually*** blunt.

- drones
- **missiles**
* sanctions

1. First point
2. Second point

```python
trade = 4_000_000_000
```

Inline `code` and an escaped \\*star\\*.
"""


def test_markup_does_not_leak(write_file) -> None:
    text = read_article(write_file("g7.md", ARTICLE)).text
    for markup in ("#", "**", "__", "](", "![", "```", "`", "> ", "http://", "https://"):
        assert markup not in text, markup
    assert "*Iran*" not in text and "_Group" not in text


def test_readable_text_and_paragraphs(write_file) -> None:
    text = read_article(write_file("g7.md", ARTICLE)).text
    assert text.split("\n\n") == [
        "G7 cautions Iran against supplying ballistic missiles",
        "Iran Materials 14 June 2024 23:40 (UTC +04:00)",
        "BAKU, Azerbaijan, June 14. Leaders of the Group of Seven issued a warning to Iran, "
        "following the announcement of a halt, Trend reports.",
        "Background",
        '"We urge Iran to cease its support," said the G7. The statement was unusually blunt.',
        "- drones",
        "- missiles",
        "- sanctions",
        "1. First point",
        "2. Second point",
        "trade = 4_000_000_000",
        "Inline code and an escaped *star*.",
    ]


def test_metadata(write_file) -> None:
    article = read_article(write_file("g7.markdown", ARTICLE))
    assert article.title == "G7 cautions Iran against supplying ballistic missiles"
    assert article.published == "2024-06-14T23:40+04:00"
    assert article.outlet == "Trend"
    assert article.source_file == "g7.markdown"


def test_front_matter_is_metadata_not_text(write_file) -> None:
    source = '---\ntitle: "Front title"\nauthor: Jane Doe\ndate: 2024-06-14\n---\n\n# Head\n\nBody.'
    article = read_article(write_file("front.md", source))
    assert article.text == "Head\n\nBody."
    assert (article.title, article.author, article.published) == (
        "Front title",
        "Jane Doe",
        "2024-06-14",
    )


def test_horizontal_rule_is_not_front_matter(write_file) -> None:
    article = read_article(write_file("rule.md", "---\nJust text here.\n\n---\n\nMore."))
    assert article.text == "Just text here.\n\nMore."


def test_raw_html_in_markdown_is_still_filtered(write_file, no_network: list) -> None:
    source = 'Text <img src="http://example.com/x.png"> here.\n\n<script>alert("x")</script>\n'
    article = read_article(write_file("raw.md", source))
    assert article.text == "Text here."
    assert no_network == []


def test_crlf_markdown_and_unicode(write_file) -> None:
    source = "# سلام 👋\r\n\r\nCafé e\u0301 *naïve*\r\n"
    assert read_article(write_file("fa.md", source)).text == "سلام 👋\n\nCafé e\u0301 naïve"


def test_deep_nesting_reads_quickly_and_keeps_every_word(write_file) -> None:
    # Uncapped, the markdown package takes minutes on this (its cost grows with depth cubed).
    lines = [" " * (2 * depth) + f"- item{depth}" for depth in range(800)]
    quotes = ["> " * depth + f"quote{depth}" for depth in range(300)]
    path = write_file("deep.md", "\n".join(lines) + "\n\n" + "\n".join(quotes) + "\n")
    started = time.perf_counter()
    text = read_article(path).text
    # A hang guard, not a speed target (the benchmarks measure speed): the unguarded
    # parser takes minutes here, the guarded one milliseconds.
    assert time.perf_counter() - started < 30
    assert all(f"item{depth}" in text for depth in range(800))
    assert all(f"quote{depth}" in text for depth in range(300))


def test_indented_code_keeps_its_text(write_file) -> None:
    path = write_file("code.md", "Para\n\n    code\n\t\tdeeper code\n")
    assert read_article(path).text == "Para\n\ncode\n\tdeeper code"  # CommonMark keeps the tab


SAMPLES = [
    '# Title\n\nPara *em* **strong** `code` [link](http://x.org "t") ![img](p.png "alt")',
    "1. one\n2. two\n\n7. seven\n8. eight\n\n- a\n  - nested\n- b\n",
    "> quote\n> > deeper\n\n---\n\ntext  \nwith break\n\n~~struck~~ &amp; &lt;b&gt; &copy;",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```python\ncode <here>\n  indented\n```\n",
    "    indented code\n\n***\n\n## Heading ##\n\nSetext\n======\n\n<span>raw</span> inline",
    "<div hidden>secret</div>\n\nshown <script>x()</script>",
    "Text with [ref][1] and <https://auto.link> and a\\*b\n\n[1]: http://ref.example",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_the_fast_reading_of_cmark_output_matches_the_html_reader(source: str) -> None:
    from briefing.importers.html_source import parse_html
    from briefing.importers.markdown_source import render, text_of_rendering

    html = render(source)
    assert text_of_rendering(html) == parse_html(html).text
