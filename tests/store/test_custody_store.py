"""The project file keeps each article's original bytes, compressed, checked on the way out."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.store import open_project, schema
from briefing.store.opening import create_location, open_location
from tests.conftest import tamper

ORIGINAL = (
    "<html><body>" + "<p>Iran 😀 supplied Russia with drones.</p>" * 50 + "</body></html>"
).encode()


def add(path: Path | str, original: bytes = ORIGINAL, text: str = "Iran supplied Russia.") -> None:
    project_file = create_location(path)
    project_file.project.add_article(ImportedArticle(
        text=text, title="T", source_file="t.html", original=original, reader="r 1",
        source_url="https://example.com/x", pages=(0, 5),
    ))  # fmt: skip
    project_file.close()


def test_originals_survive_reopening_compressed(location: str) -> None:
    add(location)
    project_file = open_location(location, read_only=True)
    [article] = project_file.project.articles()
    assert project_file.project.original(article.id) == ORIGINAL
    assert article.sha256 == hashlib.sha256(ORIGINAL).hexdigest() and article.pages == (0, 5)
    assert article.source_url == "https://example.com/x" and article.reader == "r 1"
    project_file.close()
    if not location.startswith("postgresql:"):
        stored = sqlite3.connect(location).execute("SELECT length(data) FROM originals")
        assert stored.fetchone()[0] < len(ORIGINAL) / 5


def test_a_damaged_original_is_not_given_out(location: str) -> None:
    add(location)
    tamper(location, "UPDATE originals SET data = ?", zlib.compress(b"something else"))
    project_file = open_location(location)
    assert project_file.project.original(1) is None  # no evidence beats wrong evidence
    project_file.close()


def test_a_zip_bomb_original_is_not_inflated(location: str) -> None:
    add(location)
    tamper(location, "UPDATE originals SET data = ?", zlib.compress(bytes(200_000_000)))
    project_file = open_location(location)
    assert project_file.project.original(1) is None
    project_file.close()


def test_originals_no_article_names_are_dropped_on_open(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    add(path)
    project_file = open_project(path)
    edit = project_file.project.remove_article(1)
    project_file.project.undo(edit)  # the original is still there for the undo
    assert project_file.project.original(1) == ORIGINAL
    project_file.project.remove_article(1)
    project_file.close()
    open_project(path).close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM originals").fetchone()[0] == 0


def test_a_version_2_project_migrates_and_says_its_originals_are_unknown(tmp_path: Path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=2)
    conn.executescript(
        """
        INSERT INTO articles (id, title, content_hash, text, imported_at, source_file)
            VALUES (1, 'Old', 'h', 'Old text here', '2024-01-02T03:04:05+00:00', 'old.txt');
        INSERT INTO themes (id, name, colour, position) VALUES (1, 'missiles', '#D55E00', 0);
        INSERT INTO passages (id, article_id, start_offset, end_offset, quote)
            VALUES (1, 1, 4, 8, 'text');
        INSERT INTO passage_themes VALUES (1, 1, 0);
        INSERT INTO settings (id, title) VALUES (1, 'Old brief');
        """
    )
    conn.close()
    project_file = open_project(path)
    article = project_file.project.article(1)
    assert article.sha256 == "" and project_file.project.original(1) is None
    assert article.retrieved == "2024-01-02T03:04:05+00:00" and article.pages == ()
    assert project_file.project.passage(1).quote == "text"
    project_file.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == schema.SCHEMA_VERSION


def test_reading_again_is_stored(location: str) -> None:
    add(location)
    project_file = open_location(location)
    project_file.project.reread_article(1, ImportedArticle(
        text="The whole page.", title="ignored", source_file="t.html", view="page",
        reader="r 2",
    ))  # fmt: skip
    project_file.close()
    reopened = open_location(location, read_only=True)
    reopened.close()
    article = reopened.project.article(1)
    assert (article.text, article.view, article.reader, article.pages) == (
        "The whole page.", "page", "r 2", (),
    )  # fmt: skip
    assert article.sha256 == hashlib.sha256(ORIGINAL).hexdigest()
