"""The outline decides what every format shows: sections, order, citations, options."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.core.project import Project
from briefing.export import (
    CrossReference,
    OutlineOptions,
    PassageBlock,
    build_outline,
    iter_outline,
)
from briefing.export.builder import excerpt, heading_case, paragraphs
from briefing.export.outline import byline
from tests.export.samples import EXPORTED_AT, SAMPLE_PASSAGES


def entries(outline, kind):
    return [e for s in outline.sections for e in s.entries if isinstance(e, kind)]


def test_sections_follow_the_briefing_theme_order(sample_project: Project) -> None:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    assert [s.heading for s in outline.sections] == [
        "Missiles", "Drones", "Strategic pact", "De-dollarisation",
    ]  # fmt: skip
    order = [t.id for t in reversed(sample_project.themes())]
    sample_project.update_settings(theme_order=order)
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    assert [s.heading for s in outline.sections][0] == "De-dollarisation"


def test_header_fields_come_from_the_settings(sample_project: Project) -> None:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    assert outline.title == "Iran and Russia"
    assert outline.analyst == "J. Doe"
    assert outline.handling == "OFFICIAL – FOR INTERNAL USE"
    assert outline.summary == ("First paragraph of the summary.", "Second paragraph.")
    assert outline.date_label == "15 July 2024"
    assert outline.sections[0].description.startswith("Ballistic and cruise missiles")


def test_each_passage_is_quoted_once_and_cross_referenced_elsewhere(
    sample_project: Project,
) -> None:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    full = entries(outline, PassageBlock)
    assert sorted(e.quote for e in full) == sorted(p[1] for p in SAMPLE_PASSAGES)
    crosses = entries(outline, CrossReference)
    assert len(crosses) == 2  # the two passages with a second theme
    by_section = {s.heading: s for s in outline.sections}
    cross = next(e for e in by_section["Missiles"].entries if isinstance(e, CrossReference))
    assert cross.section == "Drones"  # quoted in full under its primary theme
    assert "uncrewed aerial vehicles" in cross.excerpt
    home = next(e for e in by_section["Drones"].entries if e.passage_id == cross.passage_id)
    assert isinstance(home, PassageBlock)
    assert home.theme_names == ("Drones", "Missiles")
    assert cross.citation == home.citation


def test_citations_resolve_to_numbered_sources(sample_project: Project) -> None:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    assert [s.number for s in outline.sources] == [1, 2]
    by_number = {s.number: s for s in outline.sources}
    for entry in entries(outline, PassageBlock):
        source = by_number[entry.citation.source]
        article = sample_project.article(source.article_id)
        assert entry.quote in article.text
        assert entry.citation.reference == f"[{source.number}, F6]"  # ungraded: F6
    g7 = outline.sources[0]
    assert (g7.outlet, g7.author, g7.date_label) == ("Trend", "Ingilab Mammadov", "14 June 2024")
    assert g7.source_file == "g7-cautions-iran-ballistic-missiles.txt"
    nato_entry = next(e for e in entries(outline, PassageBlock) if e.citation.source == 2)
    assert nato_entry.citation.attribution.startswith("“NATO leaders")  # no outlet, no date


def test_passages_within_a_section_are_in_source_then_reading_order(
    sample_project: Project,
) -> None:
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    for section in outline.sections:
        keys = [
            (e.citation.source, sample_project.passage(e.passage_id).start) for e in section.entries
        ]
        assert keys == sorted(keys)


def test_order_by_date_numbers_sources_by_publication(sample_project: Project) -> None:
    nato = sample_project.find_article("NATO")
    sample_project.update_article(nato.id, published="2024-06-01")
    outline = build_outline(sample_project, OutlineOptions(order="date"), EXPORTED_AT)
    assert [s.title[:4] for s in outline.sources] == ["NATO", "G7 c"]
    missiles = outline.sections[0]
    assert [e.citation.source for e in missiles.entries] == sorted(
        e.citation.source for e in missiles.entries
    )
    assert missiles.entries[0].citation.attribution.endswith("1 June 2024")


def test_undated_sources_go_last_when_ordering_by_date(sample_project: Project) -> None:
    outline = build_outline(sample_project, OutlineOptions(order="date"), EXPORTED_AT)
    assert outline.sources[-1].published is None


def test_theme_subset(sample_project: Project) -> None:
    drones = sample_project.theme_named("drones").id
    outline = build_outline(sample_project, OutlineOptions(theme_ids=(drones,)), EXPORTED_AT)
    assert [s.heading for s in outline.sections] == ["Drones"]
    assert not entries(outline, CrossReference)
    assert all(isinstance(e, PassageBlock) for e in outline.sections[0].entries)


def test_cross_reference_home_moves_when_the_primary_theme_is_left_out(
    sample_project: Project,
) -> None:
    missiles = sample_project.theme_named("missiles").id
    outline = build_outline(sample_project, OutlineOptions(theme_ids=(missiles,)), EXPORTED_AT)
    quotes = [e.quote for e in outline.sections[0].entries]
    assert "uncrewed aerial vehicles (UAVs)" in quotes  # its primary theme, drones, is out


def test_article_filter_keeps_only_its_sources(sample_project: Project) -> None:
    nato = sample_project.find_article("NATO").id
    outline = build_outline(sample_project, OutlineOptions(article_ids=(nato,)), EXPORTED_AT)
    assert [s.article_id for s in outline.sources] == [nato]
    assert {e.citation.source for s in outline.sections for e in s.entries} == {1}
    assert [s.heading for s in outline.sections] == ["Missiles", "Drones"]


def test_empty_themes_only_on_request(sample_project: Project) -> None:
    sample_project.add_theme("sanctions")
    headings = [s.heading for s in build_outline(sample_project).sections]
    assert "Sanctions" not in headings
    outline = build_outline(sample_project, OutlineOptions(include_empty_themes=True))
    empty = [s for s in outline.sections if s.heading == "Sanctions"]
    assert len(empty) == 1 and empty[0].entries == ()


def test_no_notes(sample_project: Project) -> None:
    with_notes = build_outline(sample_project, OutlineOptions())
    assert any(e.note for e in entries(with_notes, PassageBlock))
    without = build_outline(sample_project, OutlineOptions(include_notes=False))
    assert not any(e.note for e in entries(without, PassageBlock))


def test_group_by_source(sample_project: Project) -> None:
    outline = build_outline(sample_project, OutlineOptions(group_by="source"), EXPORTED_AT)
    assert [s.kind for s in outline.sections] == ["source", "source"]
    assert outline.sections[0].heading.startswith("G7 cautions Iran")
    assert outline.sections[0].description == "Trend · Ingilab Mammadov · 14 June 2024"
    assert not entries(outline, CrossReference)  # one article, so each passage appears once
    assert len(entries(outline, PassageBlock)) == len(SAMPLE_PASSAGES)
    two = next(e for e in entries(outline, PassageBlock) if len(e.theme_names) == 2)
    assert two.theme_names == ("De-dollarisation", "Strategic pact")


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="group_by"):
        OutlineOptions(group_by="colour")
    with pytest.raises(ValueError, match="order"):
        OutlineOptions(order="random")


def test_outline_is_a_snapshot(sample_project: Project) -> None:
    outline = build_outline(sample_project)
    passage = sample_project.passages()[0]
    sample_project.set_note(passage.id, "changed later")
    notes = [e.note for e in entries(outline, PassageBlock)]
    assert "changed later" not in notes
    with pytest.raises(dataclasses.FrozenInstanceError):
        outline.title = "x"  # type: ignore[misc]


def test_iter_outline_reports_progress_then_yields_the_outline(sample_project: Project) -> None:
    steps = list(iter_outline(sample_project))
    assert steps[0] == (0, len(SAMPLE_PASSAGES))
    assert steps[-2] == (len(SAMPLE_PASSAGES), len(SAMPLE_PASSAGES))
    assert steps[-1].entry_count == len(SAMPLE_PASSAGES) + 2


def test_empty_project_gives_a_title_only_outline() -> None:
    outline = build_outline(Project())
    assert outline.title == "Briefing"
    assert outline.sections == () and outline.sources == ()


@pytest.mark.parametrize(
    ("name", "heading"),
    [("missiles", "Missiles"), ("de-dollarisation", "De-dollarisation"), ("iPhone", "iPhone"),
     ("NATO", "NATO"), ("", "")],
)  # fmt: skip
def test_heading_case(name: str, heading: str) -> None:
    assert heading_case(name) == heading


def test_excerpt_and_paragraphs() -> None:
    assert excerpt("one two three", words=5) == "one two three"
    assert excerpt("one two, three four", words=2) == "one two…"
    assert paragraphs(" a\n b \n\n\n c \r\n \r\nd") == ("a\nb", "c", "d")


def test_grades_join_citations_and_sources(sample_project: Project) -> None:
    g7 = sample_project.find_article("G7")
    sample_project.set_reliability(g7.id, "B")
    graded = sample_project.passages_of(g7.id)[0]
    sample_project.set_credibility(graded.id, 2)
    outline = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    blocks = {e.passage_id: e for e in entries(outline, PassageBlock)}
    assert blocks[graded.id].citation.reference == "[1, B2]"
    assert outline.sources[0].reliability == "B"
    others = [b for b in blocks.values() if b.citation.article_id != g7.id]
    assert others and all(b.citation.grade == "F6" for b in others)


def test_the_byline_can_name_the_analysts_who_tagged(sample_project: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefing.export import export_briefing
    from briefing.export.verify import verify_export

    # In a file, a passage is the analyst's named in Settings when it was tagged (J. Doe for
    # the samples); changing it later does not make it someone else's.
    first = sample_project.passages()[0]
    sample_project.update_settings(analyst="erin")
    sample_project.set_note(first.id, "checked")  # changing a passage does not make it erin's
    sample_project.update_settings(analyst="alice")
    article = sample_project.article(first.article_id)
    start = article.text.index("Iran")
    sample_project.tag(article.id, start, start + 4, [sample_project.themes()[0].id])
    plain = build_outline(sample_project, OutlineOptions(), EXPORTED_AT)
    assert plain.contributors == () and "Tagged by" not in byline(plain)
    named = build_outline(sample_project, OutlineOptions(name_contributors=True), EXPORTED_AT)
    assert named.contributors == ("alice", "J. Doe")
    assert byline(named) == "Prepared by alice · Tagged by alice, J. Doe · 15 July 2024"
    path = export_briefing(sample_project, tmp_path / "b.md", "md",
                           OutlineOptions(name_contributors=True))  # fmt: skip
    text = path.read_text(encoding="utf-8")
    assert 'contributors: "alice, J. Doe"' in text and "Tagged by alice, J. Doe" in text
    assert verify_export(sample_project, path).ok  # every quote still checks out
