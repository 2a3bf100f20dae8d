"""Every article keeps the bytes it was read from and how; its text can be read again only
while no passage quotes it."""

from __future__ import annotations

import hashlib

import pytest

from briefing.core.errors import DuplicateArticle, ProjectError
from briefing.core.project import Project
from briefing.core.records import ImportedArticle

PAGE = b"<html><body><p>Body of the article.</p><nav>Home</nav></body></html>"


def imported(text: str = "Body of the article.", **fields: object) -> ImportedArticle:
    values: dict = {
        "text": text, "title": "Title", "source_file": "page.html", "original": PAGE,
        "source_url": "http://example.com/a", "final_url": "https://example.com/a",
        "retrieved": "2024-06-14T10:00:00+00:00", "reader": "trafilatura 2.3.1",
        "encoding": "utf-8",
    }  # fmt: skip
    values.update(fields)
    return ImportedArticle(**values)


def test_import_keeps_the_original_and_its_custody(new_project) -> None:
    project = new_project()
    project.add_article(imported())
    [article] = project.articles()
    assert article.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert article.original_size == len(PAGE)
    assert project.original(article.id) == PAGE
    assert (article.source_url, article.final_url) == (
        "http://example.com/a",
        "https://example.com/a",
    )
    assert (
        article.retrieved == "2024-06-14T10:00:00+00:00" and article.reader == "trafilatura 2.3.1"
    )


def test_an_article_without_bytes_says_its_original_is_unknown(new_project) -> None:
    project = new_project()
    project.add_article(ImportedArticle(text="Typed in.", title="T", source_file="t.txt"))
    [article] = project.articles()
    assert article.sha256 == "" and project.original(article.id) is None
    assert article.retrieved == article.imported_at  # when it was imported, at least


def test_read_again_replaces_the_text_and_undoes(new_project) -> None:
    project = new_project()
    project.add_article(imported())
    [before] = project.articles()
    project.update_article(before.id, title="Analyst's title")
    edited = project.article(before.id)
    edit = project.reread_article(
        before.id, imported("Body of the article.\n\nHome", view="page", original=b"")
    )
    after = project.article(before.id)
    assert after.text == "Body of the article.\n\nHome" and after.view == "page"
    assert after.title == "Analyst's title"  # the analyst's metadata stays
    assert after.sha256 == before.sha256 and after.source_url == before.source_url
    assert edit.description == "Read “Analyst's title” as the full page"
    project.undo(edit)
    assert project.article(before.id) == edited


def test_read_again_is_refused_while_a_passage_quotes_the_text(new_project) -> None:
    project = new_project()
    project.add_article(imported())
    article = project.articles()[0]
    project.tag(article.id, 0, 4, [project.add_theme("x").changes[0].id])
    with pytest.raises(ProjectError, match="1 passage quotes its text"):
        project.reread_article(article.id, imported("Other text entirely.", original=b""))
    assert project.article(article.id) == article


def test_read_again_cannot_duplicate_another_article(new_project) -> None:
    project = new_project()
    project.add_articles([imported(), imported("Second article text.", original=b"other")])
    with pytest.raises(DuplicateArticle):
        project.reread_article(1, imported("Second article text.", original=b""))


def test_pages_give_the_page_of_an_offset(new_project) -> None:
    project = new_project()
    text = "page one\n\npage two\n\npage three"
    project.add_article(imported(text, pages=(0, 10, 20)))
    article = project.articles()[0]
    assert [article.page_of(o) for o in (0, 9, 10, 19, 20, len(text))] == [1, 1, 2, 2, 3, 3]
    assert project.articles()[0].pages == (0, 10, 20)


@pytest.mark.parametrize("pages", [(5, 10), (0, 20, 10), (0, 999)])
def test_bad_page_starts_are_refused(pages: tuple[int, ...]) -> None:
    with pytest.raises(ProjectError, match="page starts"):
        Project().add_article(imported("page one\n\npage two", pages=pages))


def test_a_source_without_pages_has_no_page(new_project) -> None:
    project = new_project()
    project.add_article(imported())
    assert project.articles()[0].page_of(3) is None
