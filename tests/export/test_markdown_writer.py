"""The Markdown export, rendered with `markdown` and parsed back."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.project import Project
from briefing.export import (
    OutlineOptions,
    build_outline,
    escape_markdown,
    export_briefing,
    markdown_to_html,
    render_markdown,
    write_briefing,
)
from tests.export.samples import EXPORTED_AT, HOSTILE, SAMPLE_PASSAGES, hostile_project


class Structure(HTMLParser):
    """Elements in document order with their text, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._stack: list[list] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag in {"h1", "h2", "p", "blockquote", "li"}:
            self._stack.append([tag, ""])

    def handle_endtag(self, tag) -> None:
        if self._stack and self._stack[-1][0] == tag:
            name, text = self._stack.pop()
            self.blocks.append((name, text.strip()))
            if self._stack:
                self._stack[-1][1] += text

    def handle_data(self, data) -> None:
        if self._stack:
            self._stack[-1][1] += data


def parse(text: str) -> Structure:
    structure = Structure()
    structure.feed(markdown_to_html(text))
    return structure


def texts(structure: Structure, tag: str) -> list[str]:
    return [text for name, text in structure.blocks if name == tag]


def export_md(project: Project, tmp_path: Path, **options) -> str:
    outline = build_outline(project, OutlineOptions(**options), EXPORTED_AT)
    return write_briefing(outline, tmp_path / "b.md", "md").read_text(encoding="utf-8")


def test_structure_matches_the_outline(sample_project: Project, tmp_path: Path) -> None:
    text = export_md(sample_project, tmp_path)
    structure = parse(text)
    assert texts(structure, "h1") == ["Iran and Russia"]
    assert texts(structure, "h2") == [
        "Executive summary", "Missiles", "Drones", "Strategic pact", "De-dollarisation", "Sources",
    ]  # fmt: skip
    quotes = texts(structure, "blockquote")
    assert sorted(quotes) == sorted(q for _, q, _, _ in SAMPLE_PASSAGES)
    assert "Analyst’s note: NATO repeats the G7 warning." in texts(structure, "p")
    items = texts(structure, "li")
    assert items[0].startswith("G7 cautions Iran") and "File: g7-cautions" in items[0]
    assert "<ol>" in markdown_to_html(text)


def test_front_matter_is_valid_yaml_ish_and_optional(sample_project: Project, tmp_path) -> None:
    text = export_md(sample_project, tmp_path)
    head = text.split("---\n")[1]
    fields = {k: json.loads(v) for k, v in (line.split(": ", 1) for line in head.splitlines())}
    assert fields == {
        "title": "Iran and Russia", "date": "2024-07-15", "analyst": "J. Doe",
        "handling": "OFFICIAL – FOR INTERNAL USE",
    }  # fmt: skip
    without = export_md(sample_project, tmp_path, front_matter=False)
    assert not without.startswith("---")
    assert parse(without).blocks == parse(text).blocks


def test_citations_resolve_to_the_sources_list(sample_project: Project, tmp_path) -> None:
    structure = parse(export_md(sample_project, tmp_path))
    sources = texts(structure, "li")
    blocks = structure.blocks
    quotes = [i for i, (name, _) in enumerate(blocks) if name == "blockquote"]
    assert len(quotes) == len(SAMPLE_PASSAGES)
    for i in quotes:
        body = blocks[i][1]
        citation = blocks[i + 1][1]
        assert citation.startswith("— ")
        number = int(re.search(r"\[(\d+), [A-F][1-6]\]$", citation).group(1))
        title = sources[number - 1].split(". ")[0]
        article = next(a for a in sample_project.articles() if a.title.startswith(title))
        assert body.strip() in article.text


def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    text = export_md(hostile_project(), tmp_path)
    rendered = markdown_to_html(text)
    structure = parse(text)
    forbidden = {"script", "b", "i", "code", "pre", "a", "img", "table", "del", "hr", "h3"}
    assert not forbidden & set(structure.tags)
    assert structure.tags.count("blockquote") == 1 and structure.tags.count("ol") == 1
    quote = texts(structure, "blockquote")[0]
    assert quote.startswith(HOSTILE)
    assert "\n> leading quote marker\n# leading hash\n1. numbered" in quote
    assert f"Analyst’s note: {HOSTILE}" in texts(structure, "p")
    assert texts(structure, "h1") == ["# Briefing *title*"]
    assert texts(structure, "li")[0].startswith("Title with *stars* <b>and</b> | pipes")
    assert "weird[1].txt" in texts(structure, "li")[0]
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


def test_no_notes_group_by_source(sample_project: Project, tmp_path: Path) -> None:
    text = export_md(sample_project, tmp_path, group_by="source", include_notes=False)
    structure = parse(text)
    assert [h[:4] for h in texts(structure, "h2")] == ["Exec", "G7 c", "NATO", "Sour"]
    assert not any(p.startswith("Analyst’s note") for p in texts(structure, "p"))
    assert "Themes: De-dollarisation, Strategic pact" in texts(structure, "p")


def test_render_markdown_matches_the_export(sample_project: Project, tmp_path: Path) -> None:
    exported = export_briefing(sample_project, tmp_path / "x.md", "md").read_text("utf-8")
    preview = render_markdown(sample_project, OutlineOptions())
    drop_date = [line for line in preview.splitlines() if "date:" not in line and "·" not in line]
    assert drop_date == [
        line for line in exported.splitlines() if "date:" not in line and "·" not in line
    ]


# Characters that mean something to some Markdown dialect, plus ordinary text.
_HOSTILE_ALPHABET = st.sampled_from(
    list("*_`#<>|[]()!\\&;~=+-.:1 aZé“”") + ["&amp;", "&#42;", "<script>", "\t", "  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTILE_ALPHABET, max_size=30).map("".join))
def test_escaped_text_renders_as_itself(text: str) -> None:
    rendered = markdown.markdown(escape_markdown(text))
    assert rendered.count("<p>") <= 1
    shown = html.unescape(rendered.removeprefix("<p>").removesuffix("</p>"))
    assert " ".join(shown.split()) == " ".join(text.split())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(_HOSTILE_ALPHABET, min_size=1, max_size=12).map("".join).filter(str.strip),
        min_size=2,
        max_size=4,
    )
)
def test_escaped_lines_stay_lines(lines: list[str]) -> None:
    rendered = markdown.markdown(escape_markdown("\n".join(lines)))
    shown = html.unescape(rendered.removeprefix("<p>").removesuffix("</p>"))
    assert [" ".join(x.split()) for x in shown.split("<br />\n")] == [
        " ".join(x.split()) for x in lines
    ]


def test_a_previews_start_lists_only_the_sources_it_cites(tmp_path: Path) -> None:
    from briefing.core.records import ImportedArticle
    from briefing.store import create_project

    project = create_project(tmp_path / "many.briefing").project
    project.add_articles([
        ImportedArticle(text=f"Report {n}: Iran sent drones and missiles to Russia.",
                        title=f"Report {n}", source_file=f"{n}.txt")
        for n in range(40)
    ])  # fmt: skip
    themes = {t.name: t.id for t in project.themes()}
    for n, article in enumerate(project.articles()):
        for word in ("drones", "missiles") if n % 10 == 5 else ("drones",):
            start = article.text.index(word)
            project.tag(article.id, start, start + len(word), [themes[word]])
    # The Missiles section comes first and quotes reports 5, 15 and 25: sources 6, 16, 26.
    preview = render_markdown(project, OutlineOptions(front_matter=False), limit=3)
    assert "shows the first 3 of 44 passages" in preview
    listed = re.findall(r"^(\d+)\. \*\*Report (\d+)\*\*", preview, re.MULTILINE)
    assert listed == [("6", "5"), ("16", "15"), ("26", "25")]
    cited = set(re.findall(r"\\\[(\d+), ", preview.split("## Sources")[0]))
    assert cited == {"6", "16", "26"}
    full = render_markdown(project, OutlineOptions(front_matter=False))
    assert all(f"{number}. **Report {report}**" in full for number, report in listed)


def test_a_preview_stops_when_asked(sample_project: Project) -> None:
    from briefing.export import PreviewStopped

    asked: list[bool] = []

    def never() -> bool:
        asked.append(True)
        return False

    assert render_markdown(sample_project, OutlineOptions(), stopped=never) == render_markdown(
        sample_project, OutlineOptions()
    )
    assert asked  # between the outline's steps
    with pytest.raises(PreviewStopped):
        render_markdown(sample_project, OutlineOptions(), stopped=lambda: True)
