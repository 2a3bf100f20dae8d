"""Property: any text an importer accepts can be tagged anywhere and exported to both formats;
the Word file reopens with every quote verbatim, and the Markdown shows every quote literally."""

from __future__ import annotations

import html
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import markdown
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.xml_text import xml_safe
from briefing.export import export_briefing
from briefing.importers import ImportRefused, read_article

# Text as analysts meet it, and worse: markup characters, controls, emoji, RTL, combining marks.
ALPHABET = st.sampled_from(
    list("abc XYZ .,;:!?'\"\n\t*_#>|<&`[]()~-+=\\")
    + ["\x00", "\x01", "\x0b", "\x1b", "\u200f", "\u202e", "\u0301", "😀", "🇮", "🇷", "ا", "ب", "é"]
)
ALLOWED_TAGS = {"h1", "h2", "p", "blockquote", "em", "strong", "ol", "li", "br", "hr"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", xml_safe(text)).strip()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, min_size=1, max_size=300), data=st.data())
def test_accepted_text_tags_and_exports_verbatim(text: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            imported = read_article(path)
        except ImportRefused:
            assume(False)
            return
        project = Project(themes=default_themes())
        project.add_article(imported)
        body = project.article(1).text
        start = data.draw(st.integers(0, len(body) - 1))
        end = data.draw(st.integers(start + 1, len(body)))
        assume(body[start:end].strip())
        project.tag(1, start, end, [1, 2], note=data.draw(st.text(ALPHABET, max_size=40)))
        quote = project.passage(1).quote
        assert quote == body[start:end]

        word = export_briefing(project, Path(folder) / "b.docx", "docx")
        quotes = [p.text for p in docx.Document(str(word)).paragraphs if p.style.name == "Quote"]
        assert [folded(q) for q in quotes] == [folded(quote)]

        md = export_briefing(project, Path(folder) / "b.md", "md")
        parser = Tags()
        parser.feed(markdown.markdown(md.read_text(encoding="utf-8")))
        assert parser.tags <= ALLOWED_TAGS, parser.tags  # no injected markup or HTML
        shown = folded(html.unescape("".join(parser.text)))
        assert folded(quote) in shown
