from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core.records import ImportedArticle
from briefing.store import ProjectFileError, create_project, limits, open_project, schema
from briefing.store.locations import recent_projects, remember_project, sample_project_path
from briefing.store.opening import create_location, open_location

TEXT = "Iran 😀 has supplied Russia with هواپیماهای بدون سرنشین and cafe\u0301 drones."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project(path: Path | str) -> None:
    project_file = create_location(path)
    project = project_file.project
    project.add_article(ImportedArticle(text=TEXT, title="Mixed", source_file="m.txt"))
    start = TEXT.index("هواپیماهای")
    project.tag(1, start, start + len("هواپیماهای بدون سرنشین"), [2, 1], note="RTL ✓")
    project.tag(1, TEXT.index("😀"), TEXT.index("Russia") + 6, [1])
    project.add_theme("sanctions", keywords=["sanction"])
    project.update_settings(title="Iran brief", handling="OFFICIAL", theme_order=[2, 1])
    project_file.close()


def test_reopening_after_the_process_exits_finds_everything(location: str) -> None:
    code = f"import tests.store.test_project_file as t; t.make_project({location!r})"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
    opened = open_location(location)
    project = opened.project
    assert [a.title for a in project.articles()] == ["Mixed"]
    assert [t.name for t in project.themes()][-1] == "sanctions"
    assert project.theme_named("sanctions").keywords == ("sanction",)
    first, second = project.passages()
    assert first.quote == "هواپیماهای بدون سرنشین" and first.theme_ids == (2, 1)
    assert first.note == "RTL ✓"
    assert second.quote.startswith("😀") and second.quote.endswith("Russia")
    for passage in project.passages():
        assert (
            project.article(passage.article_id).text[passage.start : passage.end] == passage.quote
        )
    assert project.settings.title == "Iran brief" and project.settings.theme_order == (2, 1)
    opened.close()


def test_every_edit_is_stored_at_once(location: str) -> None:
    make_project(location)
    writer = open_location(location)

    def stored():  # type: ignore[no-untyped-def]
        # A second connection sees each committed edit.
        reader = open_location(location, read_only=True)
        reader.close()
        return reader.project

    edit = writer.project.set_note(1, "changed")
    assert stored().passage(1).note == "changed"
    writer.project.undo(edit)
    assert stored().passage(1).note == "RTL ✓"
    merged = writer.project.apply(writer.project.merging_themes(1, 2).edit())
    assert stored().passage(1).theme_ids == (2,)
    writer.project.undo(merged)
    assert stored().passage(1).theme_ids == (2, 1)
    writer.close()


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    path.write_text("precious")
    with pytest.raises(ProjectFileError, match="already exists"):
        create_project(path)
    assert path.read_text() == "precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Briefing Builder project"),
        (b"hello, I am a text file", "not a Briefing Builder project"),
        (b"SQLite format 3\x00" + b"\xff" * 3000, "damaged|could not"),
    ],
)
def test_refuses_files_that_are_not_projects_without_touching_them(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.briefing"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=message) as refused:
        open_project(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.briefing"]


def test_refuses_a_corrupt_project_without_modifying_it(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\x13" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(ProjectFileError, match="damaged|malformed|could not"):
        open_project(path)
    assert digest(path) == before


def test_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.briefing"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectFileError, match="another program"):
        open_project(path)
    assert digest(path) == before


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectFileError, match="newer version"):
        open_project(path)
    assert digest(path) == before


def test_refuses_unexpected_triggers(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON passages BEGIN DELETE FROM articles; END")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="unexpected database objects \\(trigger sneaky\\)"):
        open_project(path)


def test_refuses_a_passage_that_no_longer_matches(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE passages SET quote = 'tampered' WHERE id = 1")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="passage 1 no longer matches"):
        open_project(path)


def test_save_as_copies_everything(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    project_file = open_project(path)
    copy = project_file.save_as(tmp_path / "copy.briefing")
    assert open_project(copy, read_only=True).project.passages() == project_file.project.passages()
    with pytest.raises(ProjectFileError, match="already open"):
        project_file.save_as(path)
    assert not list(tmp_path.glob(".*partial"))


def test_failed_write_keeps_file_and_memory_consistent(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    project_file = open_project(path)
    project_file._conn.execute("PRAGMA query_only = ON")  # every write now fails
    with pytest.raises(ProjectFileError, match="was not saved"):
        project_file.project.set_note(1, "lost?")
    assert project_file.project.passage(1).note == "RTL ✓"
    assert open_project(path, read_only=True).project.passage(1).note == "RTL ✓"
    assert project_file.integrity_check() == "ok"


def test_recent_projects_in_user_folders(tmp_path: Path) -> None:
    assert recent_projects() == []
    first, second = tmp_path / "a.briefing", tmp_path / "b.briefing"
    make_project(first)
    make_project(second)
    remember_project(first)
    remember_project(second)
    remember_project(first)
    assert recent_projects() == [first.resolve(), second.resolve()]
    second.unlink()
    assert recent_projects() == [first.resolve()]
    assert sample_project_path().parent.is_dir()


def test_migrates_a_version_1_file_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=1)
    conn.executescript(
        """
        INSERT INTO articles (id, title, content_hash, text)
            VALUES (1, 'Old', 'h', 'Old text here');
        INSERT INTO themes (id, name, colour, position) VALUES (1, 'missiles', '#D55E00', 0);
        INSERT INTO passages (id, article_id, start_offset, end_offset, quote)
            VALUES (1, 1, 4, 8, 'text');
        INSERT INTO passage_themes VALUES (1, 1, 0);
        INSERT INTO settings (id, title) VALUES (1, 'Old brief');
        """
    )
    conn.close()
    project_file = open_project(path)
    project = project_file.project
    assert project.article(1).reliability == "F"
    assert project.passage(1).quote == "text" and project.passage(1).credibility == 6
    assert project.settings.title == "Old brief"
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == schema.SCHEMA_VERSION
    project.set_reliability(1, "b")
    project.set_credibility(1, 2)
    project.reject_suggestion(1, 0, 3, 1)
    reopened = open_project(path, read_only=True).project
    assert reopened.article(1).reliability == "B"
    assert reopened.passage(1).credibility == 2
    assert reopened.rejected() == {(1, 0, 3, 1)}


def test_corroboration_link_survives_reopening(location: str) -> None:
    make_project(location)
    opened = open_location(location)
    project = opened.project
    project.add_article(
        ImportedArticle(text="Other report: Russia got drones.", title="B", source_file="b")
    )
    project.corroborate(1, 2, 14, 20)
    opened.close()
    again = open_location(location, read_only=True)
    (linked,) = again.project.corroborators(1)
    assert linked.article_id == 2 and linked.quote == "Russia"
    assert linked.theme_ids == again.project.passage(1).theme_ids
    again.close()


def test_refuses_oversized_values(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE themes SET name = ? WHERE id = 1", ("x" * (limits.MAX_NAME_CHARS + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="oversized value \\(themes.name"):
        open_project(path)


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "p.briefing"
    make_project(path)
    first = open_project(path)
    with pytest.raises(ProjectFileError, match="is already open here"):
        open_project(path)
    code = (
        "from pathlib import Path; from briefing.store import open_project; "
        f"open_project(Path({str(path)!r}))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert other.returncode != 0 and "open in another Briefing Builder window" in other.stderr
    viewer = open_project(path, read_only=True)
    assert viewer.project.passages() == first.project.passages()
    with pytest.raises(ProjectFileError, match="read-only"):
        viewer.project.set_note(1, "from the viewer")
    assert open_project(path, read_only=True).project.passage(1).note == "RTL ✓"
    first.close()
    open_project(path).close()  # free again once the first writer closed


def test_migrates_a_version_4_file_to_attribution_and_the_change_log(tmp_path: Path) -> None:
    path = tmp_path / "v4.briefing"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 0, to_version=4)
    conn.executescript(
        """
        INSERT INTO articles (id, title, content_hash, text) VALUES (1, 'Old', 'h', 'Old text');
        INSERT INTO themes (id, name, colour, position) VALUES (1, 'missiles', '#D55E00', 0);
        INSERT INTO passages (id, article_id, start_offset, end_offset, quote)
            VALUES (1, 1, 4, 8, 'text');
        INSERT INTO passage_themes VALUES (1, 1, 0);
        INSERT INTO settings (id, title, analyst) VALUES (1, 'Old brief', 'Ana');
        """
    )
    conn.close()
    project_file = open_project(path)
    project = project_file.project
    assert project.passage(1).created_by == ""  # made before passages named their author
    assert project_file.history(10) == []
    project.set_note(1, "now")
    assert project.passage(1).updated_by == "Ana" and project.passage(1).created_by == ""
    [logged] = project_file.history(10)
    assert (logged.author, logged.description) == ("Ana", "Edit note")
    project_file.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == schema.SCHEMA_VERSION


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def test_the_rows_to_check_found_in_a_thread_refuse_as_the_loading_connection_does(
    tmp_path: Path,
) -> None:
    from briefing.store import project_check

    path = tmp_path / "p.briefing"
    make_project(path)
    loaded = project_check.load(path, _read_only(path))
    assert project_check.load(path, _read_only(path), lambda: _read_only(path)) == loaded

    def no_connection() -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    # No second connection: the loading one looks for them, as it did before.
    assert project_check.load(path, _read_only(path), no_connection) == loaded

    from tests.robustness.hostile_projects import tamper

    tamper(path, "UPDATE passages SET credibility = 42 WHERE id = 2")
    messages = []
    for connect in (None, lambda: _read_only(path)):
        with pytest.raises(ProjectFileError) as refused:
            project_check.load(path, _read_only(path), connect)
        messages.append(str(refused.value))
    assert messages[0] == messages[1] and "passage 2 has a credibility grade" in messages[0]


def test_a_load_that_fails_leaves_no_search_for_rows_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from briefing.store import project_check

    path = tmp_path / "p.briefing"
    make_project(path)

    def broken(conn: sqlite3.Connection) -> None:
        raise limits.RecordRefused("article 1: its title is not text")

    monkeypatch.setattr(project_check, "_read_records", broken)
    with pytest.raises(ProjectFileError, match="is damaged: article 1"):
        project_check.load(path, _read_only(path), lambda: _read_only(path))
    assert not [t for t in threading.enumerate() if t.name == "suspect rows"]
