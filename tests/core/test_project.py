"""Every project operation, its edit, and its undo."""

from __future__ import annotations

import pytest

from briefing.core.codebook import default_themes
from briefing.core.codebook_edits import OrphanPolicy
from briefing.core.edit import Applied, Edit, Origin, PassageChange
from briefing.core.errors import DuplicateArticle, NotFound, ProjectError, ThemeInUse
from briefing.core.palette import OKABE_ITO, next_colour, text_colour_on
from briefing.core.project import MemoryBackend, Project
from briefing.core.records import ImportedArticle

TEXT = "Iran has supplied Russia with hundreds of kamikaze drones and ballistic missiles."


@pytest.fixture
def project(new_project) -> Project:
    project = new_project()
    project.add_article(ImportedArticle(text=TEXT, title="Drones", source_file="a.txt"))
    return project


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def snapshot(project: Project) -> tuple:
    return (project.articles(), project.themes(), project.passages(), project.settings)


def check_undo_redo(project: Project, before: tuple, edit: Edit) -> None:
    after = snapshot(project)
    assert after != before
    project.undo(edit)
    assert snapshot(project) == before
    project.apply(edit)
    assert snapshot(project) == after


def test_default_codebook_has_four_distinct_themes_with_keywords() -> None:
    themes = default_themes()
    assert [t.name for t in themes] == ["missiles", "drones", "strategic pact", "de-dollarisation"]
    assert len({t.colour for t in themes}) == 4
    assert all(t.description and t.keywords for t in themes)
    assert "kamikaze" in themes[1].keywords


def test_tag_keeps_the_invariant_and_selector(project: Project) -> None:
    before = snapshot(project)
    edit = project.tag(1, *span(TEXT, "kamikaze drones"), [2], note="same claim in G7")
    passage = project.passages()[0]
    assert TEXT[passage.start : passage.end] == passage.quote == "kamikaze drones"
    assert passage.prefix.endswith("hundreds of ") and passage.suffix.startswith(" and")
    assert (passage.theme_ids, passage.note) == ((2,), "same claim in G7")
    assert edit.description == "Tag passage as drones"
    check_undo_redo(project, before, edit)


def test_tag_refuses_bad_selections(project: Project) -> None:
    with pytest.raises(ProjectError, match="outside"):
        project.tag(1, 5, len(TEXT) + 1, [1])
    with pytest.raises(ProjectError, match="blank"):
        project.tag(1, 4, 5, [1])
    with pytest.raises(ProjectError, match="at least one"):
        project.tag(1, 0, 4, [])
    with pytest.raises(NotFound):
        project.tag(1, 0, 4, [99])
    assert project.passages() == []


def test_overlapping_passages_and_several_themes(project: Project) -> None:
    project.tag(1, *span(TEXT, "kamikaze drones and ballistic"), [2])
    project.tag(1, *span(TEXT, "ballistic missiles"), [1, 2])
    first, second = project.passages_of(1)
    assert first.end > second.start  # they overlap
    assert second.theme_ids == (1, 2)
    assert project.passage_counts_by_theme() == {1: 1, 2: 2}


def test_note_themes_and_delete_are_undoable(project: Project) -> None:
    project.tag(1, *span(TEXT, "Russia"), [1])
    for operation in (
        lambda: project.set_note(1, "a note"),
        lambda: project.add_passage_theme(1, 3),
        lambda: project.set_passage_themes(1, [4, 1]),
        lambda: project.remove_passage_theme(1, 1),
        lambda: project.delete_passage(1),
    ):
        before = snapshot(project)
        check_undo_redo(project, before, operation())
    assert project.passages() == []


def test_removing_last_theme_deletes_the_passage(project: Project) -> None:
    project.tag(1, *span(TEXT, "Russia"), [1])
    edit = project.remove_passage_theme(1, 1)
    assert project.passages() == [] and edit.changes[0].after is None


def test_theme_operations(project: Project) -> None:
    for operation in (
        lambda: project.add_theme("Sanctions", keywords=["sanction"]),
        lambda: project.rename_theme(5, "sanctions regime"),
        lambda: project.recolour_theme(5, "#123abc"),
        lambda: project.describe_theme(5, "Economic pressure", ["sanctions", " embargo "]),
        lambda: project.set_theme_visible(5, False),
        lambda: project.move_theme(5, 0),
    ):
        before = snapshot(project)
        check_undo_redo(project, before, operation())
    theme = project.theme(5)
    assert (theme.name, theme.colour, theme.keywords) == (
        "sanctions regime", "#123ABC", ("sanctions", "embargo")
    )  # fmt: skip
    assert not theme.visible
    assert [t.id for t in project.themes()] == [5, 1, 2, 3, 4]
    assert [t.position for t in project.themes()] == [0, 1, 2, 3, 4]


def test_theme_names_and_colours_are_checked(project: Project) -> None:
    with pytest.raises(ProjectError, match="already"):
        project.add_theme("  DRONES ")
    with pytest.raises(ProjectError, match="needs a name"):
        project.rename_theme(1, "   ")
    with pytest.raises(ProjectError, match="not a colour"):
        project.recolour_theme(1, "red")
    assert project.add_theme("new").changes[0].after.colour == OKABE_ITO[4]


def test_delete_theme_in_use_asks_then_untags_or_moves(project: Project) -> None:
    project.tag(1, *span(TEXT, "Russia"), [1])
    project.tag(1, *span(TEXT, "missiles"), [1, 2])
    with pytest.raises(ThemeInUse) as asked:
        project.delete_theme(1)
    assert asked.value.count == 2
    before = snapshot(project)
    edit = project.delete_theme(1, OrphanPolicy.UNTAG)
    assert [p.theme_ids for p in project.passages()] == [(2,)]  # the lone one is gone
    check_undo_redo(project, before, edit)
    project.undo(edit)
    edit = project.delete_theme(1, OrphanPolicy.MOVE, move_to=3)
    assert [p.theme_ids for p in project.passages()] == [(3,), (3, 2)]
    with pytest.raises(ProjectError, match="another theme"):
        project.delete_theme(2, OrphanPolicy.MOVE, move_to=2)


def test_merge_themes(project: Project) -> None:
    project.tag(1, *span(TEXT, "drones"), [2])
    project.tag(1, *span(TEXT, "missiles"), [1, 2])
    before = snapshot(project)
    edit = project.apply(project.merging_themes(2, 1).edit())
    assert [p.theme_ids for p in project.passages()] == [(1,), (1,)]
    assert [t.name for t in project.themes()] == ["missiles", "strategic pact", "de-dollarisation"]
    check_undo_redo(project, before, edit)
    with pytest.raises(ProjectError):
        project.merging_themes(1, 1)  # refused as it is planned


def test_a_theme_removal_applied_in_parts_is_the_one_applied_at_once(project: Project) -> None:
    project.tag(1, *span(TEXT, "drones"), [2])
    project.tag(1, *span(TEXT, "missiles"), [1, 2])
    project.tag(1, *span(TEXT, "Iran"), [2, 3])
    planned = project.merging_themes(2, 1)
    assert len(planned.items) == 4 and project.theme(2).name == "drones"  # nothing applied
    at_once = planned.edit()
    parts = [project.apply(planned.edit(planned.items[n : n + 2])) for n in (0, 2)]

    def made(changes: tuple) -> list:
        return [(c.id, getattr(c.after, "theme_ids", c.after)) for c in changes]

    assert made(at_once.changes) == made(parts[0].changes + parts[1].changes)
    assert [p.theme_ids for p in project.passages()] == [(1,), (1,), (1, 3)]
    assert [t.name for t in project.themes()] == ["missiles", "strategic pact", "de-dollarisation"]
    removal = project.deleting_theme(1, OrphanPolicy.MOVE, move_to=3)
    first, second, third = (p.id for p in removal.items[:3])
    project.apply(removal.edit(removal.items[:1]))
    project.delete_passage(second)  # between two parts (another analyst, say)
    project.remove_passage_theme(third, 1)
    done = project.apply(removal.edit(removal.items[1:]))
    assert [c.id for c in done.changes] == [1]  # the theme alone: nothing left to retag
    assert [(p.id, p.theme_ids) for p in project.passages()] == [(first, (3,)), (third, (3,))]
    assert [t.name for t in project.themes()] == ["strategic pact", "de-dollarisation"]


def test_articles_import_duplicates_metadata_and_removal(project: Project) -> None:
    with pytest.raises(DuplicateArticle, match="already in the project"):
        project.add_article(ImportedArticle(text=TEXT, title="Again", source_file="b.txt"))
    before = snapshot(project)
    edit = project.add_articles(
        [ImportedArticle(text=f"Text {n}", title=f"T{n}", source_file="x.txt") for n in range(3)]
    )
    assert edit.description == "Import 3 articles"
    check_undo_redo(project, before, edit)
    before = snapshot(project)
    edit = project.update_article(1, title="Drones and missiles", published="2024-06-14")
    check_undo_redo(project, before, edit)
    with pytest.raises(ProjectError):
        project.update_article(1, text="changed")
    project.tag(1, *span(TEXT, "Russia"), [1])
    before = snapshot(project)
    check_undo_redo(project, before, project.remove_article(1))


def test_find_article_by_id_or_unique_title(project: Project) -> None:
    project.add_article(ImportedArticle(text="other", title="Drones again", source_file="b"))
    assert project.find_article("2").title == "Drones again"
    assert project.find_article("again").id == 2
    with pytest.raises(ProjectError, match="matches 2 articles"):
        project.find_article("drones")
    with pytest.raises(NotFound):
        project.find_article("nothing like it")


def test_settings_and_briefing_order(project: Project) -> None:
    before = snapshot(project)
    edit = project.update_settings(title="Iran", analyst="A. Analyst", theme_order=[3, 1])
    assert project.settings.theme_order == (3, 1)
    assert [t.id for t in project.briefing_theme_order()] == [3, 1, 2, 4]
    check_undo_redo(project, before, edit)


def test_listeners_hear_every_edit_and_who_started_it(project: Project) -> None:
    heard: list[Applied] = []
    project.subscribe(heard.append)
    edit = project.tag(1, 0, 4, [1])
    project.undo(edit)
    project.redo(edit)
    project.receive(edit.inverse())  # another analyst removed it
    assert [a.origin for a in heard] == [Origin.USER, Origin.UNDO, Origin.REDO, Origin.REMOTE]
    assert all(isinstance(c, PassageChange) for a in heard for c in a.edit.changes)
    assert heard[1].edit.changes[0].after is None
    assert project.passages() == []
    project.unsubscribe(heard.append)


def test_a_received_edit_is_not_stored_again(project: Project) -> None:
    written: list[object] = []

    class Recording(MemoryBackend):
        def write(self, changes: object) -> None:
            written.append(changes)

    project.backend = Recording()
    passage = project.passage(project.tag(1, 0, 4, [1]).changes[0].id)
    project.receive(Edit("Note from a colleague", (PassageChange(passage.id, passage, None),)))
    assert len(written) == 1 and project.passages() == []


def test_failed_store_leaves_memory_unchanged(project: Project) -> None:
    class FullDisk(MemoryBackend):
        def write(self, changes: object) -> None:
            raise ProjectError("disk full")

    project.backend = FullDisk()
    with pytest.raises(ProjectError, match="disk full"):
        project.tag(1, 0, 4, [1])
    assert project.passages() == []


def test_palette_helpers() -> None:
    assert next_colour(set(OKABE_ITO)) not in OKABE_ITO
    assert text_colour_on("#F0E442") == "#000000"
    assert text_colour_on("#0072B2") == "#FFFFFF"


def test_grades_are_checked_and_undoable(project: Project) -> None:
    project.tag(1, *span(TEXT, "Russia"), [1])
    for operation in (
        lambda: project.set_reliability(1, "b"),
        lambda: project.set_credibility(1, 2),
    ):
        before = snapshot(project)
        check_undo_redo(project, before, operation())
    assert project.article(1).reliability == "B" and project.passage(1).credibility == 2
    with pytest.raises(ProjectError, match="A to F"):
        project.set_reliability(1, "G")
    with pytest.raises(ProjectError, match="1 to 6"):
        project.set_credibility(1, 7)
    with pytest.raises(ProjectError, match="1 to 6"):
        project.tag(1, 0, 4, [1], credibility=0)


def test_corroborating_passage_takes_the_themes_and_is_undoable(project: Project) -> None:
    project.add_article(ImportedArticle(text="Russia got drones.", title="B", source_file="b"))
    project.tag(1, *span(TEXT, "kamikaze drones"), [2, 1])
    with pytest.raises(ProjectError, match="another article"):
        project.corroborate(1, 1, 0, 4)
    before = snapshot(project)
    edit = project.corroborate(1, 2, 0, 17)
    (linked,) = project.corroborators(1)
    assert (linked.quote, linked.theme_ids, linked.corroborates) == ("Russia got drones", (2, 1), 1)
    check_undo_redo(project, before, edit)


def test_rejected_suggestions_are_remembered(project: Project) -> None:
    before = snapshot(project)
    edit = project.reject_suggestion(1, 0, 24, 2)
    assert project.rejected() == {(1, 0, 24, 2)}
    assert not project.reject_suggestion(1, 0, 24, 2)  # already rejected: nothing to do
    project.undo(edit)
    assert project.rejected() == set() and snapshot(project) == before


def test_passage_count_per_article(project: Project) -> None:
    assert project.passage_count(1) == 0
    edit = project.tag(1, *span(TEXT, "Russia"), [1])
    assert project.passage_count(1) == 1 and project.passage_count(99) == 0
    project.undo(edit)
    assert project.passage_count(1) == 0


def test_an_import_finds_duplicates_of_articles_added_removed_and_undone(project: Project) -> None:
    # The articles by hash are kept up to date by every edit, not made again per import.
    first = project.add_articles([ImportedArticle(text="Alpha", title="A", source_file="a.txt")])
    with pytest.raises(DuplicateArticle):
        project.add_articles([ImportedArticle(text="Alpha", title="A2", source_file="b.txt")])
    project.undo(first)
    again = project.add_articles([ImportedArticle(text="Alpha", title="A3", source_file="c.txt")])
    with pytest.raises(DuplicateArticle):  # twice in one import
        twice = [ImportedArticle(text="Beta", title="B", source_file=f"{n}.txt") for n in "de"]
        project.add_articles(twice)
    project.remove_article(again.changes[0].id)
    project.add_articles([ImportedArticle(text="Alpha", title="A4", source_file="f.txt")])
