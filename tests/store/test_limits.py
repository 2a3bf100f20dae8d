"""The one validation boundary (issue 12): every kind of value, at and just past its limit,
through every path that writes it. At the limit it is stored and the project reopens with it;
past it an edit is refused with a clear message and changes nothing, and an import or a
codebook import shortens it with a note. Either way the project always opens again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.edit import PassageChange
from briefing.core.project import Project
from briefing.core.records import ImportedArticle, Passage
from briefing.importers.batch import import_files
from briefing.store import limits
from briefing.store.opening import StoredProject, create_location, open_location
from briefing.store.refi_qda import merge_codebook, read_codebook

NAME = limits.MAX_NAME_CHARS
FIELD = limits.MAX_FIELD_CHARS


@pytest.fixture
def project_file(location: str) -> StoredProject:
    project_file = create_location(location)
    text = "Iran supplied Russia with drones, officials said."
    project_file.project.add_article(ImportedArticle(text=text, title="A", source_file="a.txt"))
    project_file.project.tag(1, 0, 4, [1])
    return project_file


# (what, how the edit writes a value, how to read it back, the longest value that fits)
EDITS: list[tuple[str, Callable[[Project, str], object], Callable[[Project], str], int]] = [
    ("article title", lambda p, v: p.update_article(1, title=v), lambda p: p.article(1).title,
     NAME),
    ("article outlet", lambda p, v: p.update_article(1, outlet=v),
     lambda p: p.article(1).outlet, NAME),
    ("article author", lambda p, v: p.update_article(1, author=v),
     lambda p: p.article(1).author, NAME),
    ("article date", lambda p, v: p.update_article(1, published=v),
     lambda p: p.article(1).published or "", NAME),
    ("new theme name", lambda p, v: p.add_theme(v), lambda p: p.themes()[-1].name, NAME),
    ("theme rename", lambda p, v: p.rename_theme(1, v), lambda p: p.theme(1).name, NAME),
    ("new theme description", lambda p, v: p.add_theme(f"new {len(v)}", description=v),
     lambda p: p.themes()[-1].description, FIELD),
    ("theme description", lambda p, v: p.describe_theme(1, description=v),
     lambda p: p.theme(1).description, FIELD),
    # A keyword list is stored as JSON: ["..."] takes four characters more than the keyword.
    ("theme keywords", lambda p, v: p.describe_theme(1, keywords=[v]),
     lambda p: p.theme(1).keywords[0], FIELD - 4),
    ("passage note", lambda p, v: p.set_note(1, v), lambda p: p.passage(1).note, FIELD),
    ("note of a new passage", lambda p, v: p.tag(1, 5, 13 + len(v) % 7, [2], note=v),
     lambda p: p.passages()[-1].note, FIELD),
    ("briefing title", lambda p, v: p.update_settings(title=v), lambda p: p.settings.title,
     NAME),
    ("analyst", lambda p, v: p.update_settings(analyst=v), lambda p: p.settings.analyst, NAME),
    ("handling line", lambda p, v: p.update_settings(handling=v),
     lambda p: p.settings.handling, NAME),
    ("summary", lambda p, v: p.update_settings(summary=v), lambda p: p.settings.summary, FIELD),
]  # fmt: skip


def value(length: int) -> str:
    return ("word " * (length // 5 + 1))[: length - 1] + "Z"


@pytest.mark.parametrize(("write", "read", "longest"), [e[1:] for e in EDITS],
                         ids=[e[0] for e in EDITS])  # fmt: skip
def test_edits_at_and_past_each_limit(
    project_file: StoredProject,
    write: Callable[[Project, str], object],
    read: Callable[[Project], str],
    longest: int,
) -> None:
    project = project_file.project
    write(project, value(longest))
    assert read(project) == value(longest)
    before = (project.articles(), project.themes(), project.passages(), project.settings)
    with pytest.raises(limits.RecordRefused, match="at most"):
        write(project, value(longest + 1))
    assert (project.articles(), project.themes(), project.passages(), project.settings) == before
    project_file.close()
    reopened = open_location(project_file.location).project
    assert (reopened.articles(), reopened.themes(), reopened.passages()) == before[:3]
    assert reopened.settings == before[3] and read(reopened) == value(longest)


def shortened(text: str, limit: int) -> bool:
    return limit - 50 < len(text) <= limit and text.endswith("…")


def test_article_text_at_and_past_its_limit(project_file: StoredProject) -> None:
    project = project_file.project
    limit = limits.MAX_ARTICLE_CHARS
    huge = "x" * (limit - 6) + " drone"
    project.add_article(ImportedArticle(text=huge, title="Huge", source_file="h.txt"))
    project.tag(2, limit - 5, limit, [1])  # a quote can be as long as its article
    with pytest.raises(limits.RecordRefused, match="text is 67,108,865 characters"):
        project.add_article(ImportedArticle(text=huge + "!", title="Over", source_file="o.txt"))
    project_file.close()
    reopened = open_location(project_file.location).project
    assert len(reopened.article(2).text) == limit and reopened.passages()[-1].quote == "drone"


@pytest.mark.parametrize("field", ["title", "author", "outlet"])
def test_imports_shorten_metadata_past_the_limit(
    project_file: StoredProject, tmp_path: Path, field: str
) -> None:
    markup = {
        "title": "<title>{}</title>",
        "author": '<meta name="author" content="{}">',
        "outlet": '<meta property="og:site_name" content="{}">',
    }[field]
    paths = []
    for length in (NAME, NAME + 1):
        path = tmp_path / f"{field}-{length}.html"
        path.write_text(markup.format(value(length)) + f"<p>Body {length}.</p>", "utf-8")
        paths.append(path)
    _, outcomes = import_files(project_file.project, paths)
    assert "shortened" not in outcomes[0].message
    assert f"the {field} was shortened from {NAME + 1:,} to {NAME:,}" in outcomes[1].message
    project_file.close()
    stored = [
        getattr(a, field) for a in open_location(project_file.location).project.articles()[1:]
    ]
    assert stored[0] == value(NAME) and shortened(stored[1], NAME)


def test_codebook_imports_shorten_names_and_descriptions(
    project_file: StoredProject, tmp_path: Path
) -> None:
    codes = "".join(
        f"<Code name='{value(length)}' isCodable='true'><Description>{value(size)}"
        "</Description></Code>"
        for length, size in ((NAME, FIELD), (NAME + 1, FIELD + 1))
    )
    path = tmp_path / "c.qdc"
    path.write_text(f"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>{codes}</Codes>"
                    "</CodeBook>", encoding="utf-8")  # fmt: skip
    _, summary = merge_codebook(project_file.project, read_codebook(path))
    assert len(summary.added) == 2 and len(summary.shortened) == 1
    project_file.close()
    at_limit, past = open_location(project_file.location).project.themes()[-2:]
    assert (len(at_limit.name), len(at_limit.description)) == (NAME, FIELD)
    assert shortened(past.name, NAME) and shortened(past.description, FIELD)


def test_every_declared_column_refuses_past_its_limit_on_both_sides() -> None:
    """Writing and opening use one declaration: what check_record accepts, the SQL size check
    on opening accepts too (list columns are measured as the JSON they are stored as)."""
    for table in limits.tables():
        for column in limits.columns(table):
            if column.kind == "text":
                assert limits._value_problem(column, "x" * column.max_chars) is None
                assert "at most" in (limits._value_problem(column, "x" * (column.max_chars + 1))
                                     or "")  # fmt: skip
            elif column.kind == "list":
                item = 1 if column.item == "integer" else "x"
                count = column.max_chars // 5
                stored = limits.list_to_json([item] * count)
                assert (limits._value_problem(column, (item,) * count) is None) == (
                    len(stored) <= column.max_chars
                )


def test_a_change_checks_the_values_it_changes_and_the_rules() -> None:
    """Only what a change changes is checked again: the rest is the record as the project
    holds it, checked when stored or read (a merge retags 96,000 passages)."""
    # Its note past the limit, as no stored record's can be.
    held = Passage(id=1, article_id=1, start=0, end=4, quote="Iran", theme_ids=(1,),
                   note="n" * (FIELD + 1))  # fmt: skip
    limits.check_change(PassageChange(1, held, dataclasses.replace(held, theme_ids=(2,))))
    with pytest.raises(limits.RecordRefused, match="note .* at most"):
        limits.check_change(
            PassageChange(1, held, dataclasses.replace(held, note="m" * (FIELD + 1)))
        )
    with pytest.raises(limits.RecordRefused, match="not tagged with any theme"):
        limits.check_change(PassageChange(1, held, dataclasses.replace(held, theme_ids=())))
    with pytest.raises(limits.RecordRefused, match="at most"):
        limits.check_change(PassageChange(1, None, held))  # a new record: every value
