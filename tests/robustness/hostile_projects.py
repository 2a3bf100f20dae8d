"""Crafted project files: a valid project, then one tampering each, written with plain SQLite.

Shared by the refusal tests (every case refused with one clear line, by the store, the CLI and
the GUI) and the random-corruption property.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing.core.records import ImportedArticle
from briefing.store import create_project

TEXT = "Iran has supplied Russia with drones 😀, officials said on Tuesday."


def make_valid(path: Path) -> Path:
    """A small project with an article, a tagged and corroborated passage, and settings."""
    project_file = create_project(path)
    project = project_file.project
    project.add_article(ImportedArticle(text=TEXT, title="Drones", source_file="a.txt"))
    project.add_article(ImportedArticle(text="Russia got drones.", title="B", source_file="b.txt"))
    project.tag(1, 0, 4, [1, 2], note="first")
    project.corroborate(1, 2, 0, 6)
    project.reject_suggestion(1, 5, 8, 3)
    project.update_settings(title="Brief", theme_order=[2, 1])
    project_file.close()
    return path


def tamper(path: Path, *statements: str) -> None:
    """Run SQL on the file as a hostile tool would, with the safety checks switched off."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        if statement.startswith("WRITABLE:"):
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute(statement.removeprefix("WRITABLE:"))
            conn.execute("PRAGMA writable_schema = OFF")
        else:
            conn.execute(statement)
    conn.close()


# (id, SQL, words the one-line refusal must contain)
CASES = [
    ("trigger-sqliteX", "CREATE TRIGGER sqliteXevil AFTER INSERT ON passages BEGIN "
     "DELETE FROM passages WHERE id <> new.id; END", "unexpected database objects"),
    ("trigger-capitals", "WRITABLE:INSERT INTO sqlite_schema VALUES ('trigger', 'SQLite_X', "
     "'passages', 0, 'CREATE TRIGGER SQLite_X AFTER INSERT ON passages BEGIN SELECT 1; END')",
     "unexpected database objects"),
    ("trigger-reserved-name", "WRITABLE:INSERT INTO sqlite_schema VALUES ('trigger', "
     "'sqlite_evil', 'passages', 0, 'CREATE TRIGGER sqlite_evil AFTER INSERT ON passages BEGIN "
     "SELECT 1; END')", "unexpected database objects"),
    ("view-sqlitefoo", "CREATE VIEW sqlitefoo AS SELECT 1", "unexpected database objects"),
    ("table-sqlitefoo", "CREATE TABLE sqlitefoo (x)", "unexpected database objects"),
    ("index-sqlitefoo", "CREATE INDEX sqlitefoo ON articles(title)",
     "unexpected database objects"),
    ("extra-column", "ALTER TABLE articles ADD COLUMN evil TEXT", "unknown layout"),
    ("missing-table", "DROP TABLE rejections", "missing rejections"),
    ("version-minus-one", "PRAGMA user_version = -1", "unknown file format (-1)"),
    ("version-zero", "PRAGMA user_version = 0", "unknown file format (0)"),
    ("version-future", "PRAGMA user_version = 99", "newer version"),
    ("bad-colour", "UPDATE themes SET colour = 'zzzzzzz' WHERE id = 1", "colour"),
    ("short-colour", "UPDATE themes SET colour = '#FFF' WHERE id = 1", "colour"),
    ("colour-number", "UPDATE themes SET colour = 7 WHERE id = 1", "colour that is not #RRGGBB"),
    ("keywords-invalid-json", "UPDATE themes SET keywords = '[\"a\",' WHERE id = 1",
     "keywords is not a valid list"),
    ("keywords-deep-json", "UPDATE themes SET keywords = '" + "[" * 100_000 + "' WHERE id = 1",
     "keywords is not a valid list"),
    ("keywords-not-list", "UPDATE themes SET keywords = '{\"a\": 1}' WHERE id = 1",
     "keywords is not a list"),
    ("keywords-numbers", "UPDATE themes SET keywords = '[1, 2]' WHERE id = 1",
     "keywords holds a value of the wrong kind"),
    ("theme-order-invalid", "UPDATE settings SET theme_order = 'nope'", "theme order"),
    ("theme-order-deep", "UPDATE settings SET theme_order = '" + "[" * 50_000 + "'",
     "theme order"),
    ("theme-order-strings", "UPDATE settings SET theme_order = '[\"x\"]'", "theme order"),
    ("dangling-theme",
     "UPDATE passage_themes SET theme_id = 99 WHERE passage_id = 1 AND theme_id = 2",
     "theme 99, which is not in the codebook"),
    ("untagged-passage", "DELETE FROM passage_themes WHERE passage_id = 1",
     "not tagged with any theme"),
    ("dangling-article", "UPDATE passages SET article_id = 42 WHERE id = 1",
     "no longer matches its article"),
    ("blob-text", "UPDATE articles SET text = x'00ff00' WHERE id = 1", "text is not text"),
    ("blob-title", "UPDATE settings SET title = x'41'", "title is not text"),
    ("string-offsets", "UPDATE passages SET start_offset = 'zero' WHERE id = 1",
     "not a whole number"),
    ("real-offsets", "UPDATE passages SET end_offset = 4.5 WHERE id = 1", "not a whole number"),
    ("negative-offsets", "UPDATE passages SET start_offset = -4, end_offset = 0, quote = '' "
     "WHERE id = 1", "not a span of text"),
    ("reversed-offsets", "UPDATE passages SET start_offset = 4, end_offset = 0, quote = '' "
     "WHERE id = 1", "not a span of text"),
    ("out-of-range", "UPDATE passages SET start_offset = 5000, end_offset = 5004 WHERE id = 1",
     "no longer matches its article"),
    ("empty-quote", "UPDATE passages SET start_offset = 3, end_offset = 3, quote = '' "
     "WHERE id = 1", "not a span of text"),
    ("tampered-quote", "UPDATE passages SET quote = 'Iraq' WHERE id = 1",
     "no longer matches its article"),
    ("bad-reliability", "UPDATE articles SET reliability = 'Z' WHERE id = 1", "reliability"),
    ("bad-credibility", "UPDATE passages SET credibility = 9 WHERE id = 1", "credibility"),
    ("self-corroboration", "UPDATE passages SET corroborates = id WHERE id = 2",
     "corroborating itself"),
    ("corroborates-text", "UPDATE passages SET corroborates = 'x' WHERE id = 2",
     "not a whole number"),
    ("visible-text", "UPDATE themes SET visible = 'yes' WHERE id = 1", "not yes or no"),
    ("rejection-text", "UPDATE rejections SET theme_id = 'x'", "not a whole number"),
    ("note-blob", "UPDATE passages SET note = x'00' WHERE id = 1", "note is not text"),
    ("invalid-utf8", "UPDATE articles SET title = CAST(x'ff41' AS TEXT) WHERE id = 1",
     "not valid UTF-8"),
    ("oversized-title", "UPDATE articles SET title = printf('%.*c', 10001, 'x') WHERE id = 1",
     "oversized value (articles.title"),
    ("oversized-date", "UPDATE articles SET published = printf('%.*c', 10001, '1') WHERE id = 1",
     "oversized value (articles.published"),
    ("oversized-offset", "UPDATE passages SET start_offset = printf('%.*c', 30, 'x')",
     "oversized value (passages.start_offset"),
]  # fmt: skip
