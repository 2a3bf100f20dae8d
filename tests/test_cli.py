"""The CLI end to end, as a user types it: new -> import -> tag -> show --json -> export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_tag_show_json(tmp_path: Path, location: str, seed_paths: list[Path], capsys) -> None:
    project = location
    code, out, _ = run(capsys, "new", project, *seed_paths)
    assert code == 0
    assert out.count("imported as") == 2
    code, out, _ = run(
        capsys, "tag", project, "--article", "NATO", "--quote", "hundreds of kamikaze drones",
        "--theme", "drones", "--theme", "missiles", "--note", "Also in the G7 piece",
    )  # fmt: skip
    assert (code, out.strip()) == (0, "1")
    code, out, _ = run(capsys, "show", project, "--json")
    data = json.loads(out)
    assert {a["title"] for a in data["articles"]} == {
        "NATO leaders warn Iran against sending ballistic missiles to Russia",
        "G7 cautions Iran against supplying ballistic missiles to Russia",
    }
    assert set(data["articles"][0]) >= {
        "id",
        "title",
        "outlet",
        "author",
        "published",
        "source_file",
    }
    assert [t["name"] for t in data["themes"]] == [
        "missiles", "drones", "strategic pact", "de-dollarisation",
    ]  # fmt: skip
    assert set(data["themes"][0]) >= {"id", "name", "colour", "keywords"}
    (passage,) = data["passages"]
    nato = next(a for a in data["articles"] if a["title"].startswith("NATO"))
    text = seed_paths[1].read_text(encoding="utf-8")
    assert passage["article_id"] == nato["id"]
    assert (
        text[passage["start"] : passage["end"]] == passage["quote"] == "hundreds of kamikaze drones"
    )
    assert passage["themes"] == ["drones", "missiles"]
    assert passage["note"] == "Also in the G7 piece"
    code, out, _ = run(capsys, "show", project)
    assert "hundreds of kamikaze drones" in out and "2 articles, 1 passages" in out


def test_import_reports_each_file(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    project = location
    run(capsys, "new", project, seed_paths[0])
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, _ = run(capsys, "import", project, *seed_paths, empty)
    lines = out.strip().splitlines()
    assert code == 1  # some files were skipped
    assert lines[0].startswith(seed_paths[0].name) and "already in the project" in lines[0]
    assert "imported as" in lines[1]
    assert lines[2].startswith("empty.txt: skipped")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--article", "Iran", "--quote", "Iran", "--theme", "drones"], "matches 2 articles"),
        (["--article", "G7", "--quote", "Iran", "--theme", "drones"], "--occurrence"),
        (["--article", "G7", "--quote", "not in the text", "--theme", "drones"], "verbatim"),
        (["--article", "G7", "--quote", "Reuters", "--theme", "nukes"], "No theme named"),
        (["--article", "99", "--quote", "Reuters", "--theme", "drones"], "No article"),
    ],
)
def test_tag_errors_are_one_clear_line(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys, args: list[str], message: str
) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    code, out, err = run(capsys, "tag", project, *args)
    assert code == 1 and out == ""
    assert err.startswith("briefing: error:") and message in err
    assert len(err.strip().splitlines()) == 1


def test_tagging_the_same_quote_twice_adds_the_theme(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    quote = ["--article", "NATO", "--quote", "hundreds of kamikaze drones"]
    _, first, _ = run(capsys, "tag", project, *quote, "--theme", "drones")
    _, second, _ = run(capsys, "tag", project, *quote, "--theme", "missiles")
    assert first == second  # the same passage
    code, out, _ = run(capsys, "show", project, "--json")
    [passage] = json.loads(out)["passages"]
    assert passage["themes"] == ["drones", "missiles"]
    code, _, err = run(capsys, "tag", project, *quote, "--theme", "drones")
    assert code == 1 and "already tagged as drones" in err


def test_occurrence_picks_one(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    code, out, _ = run(
        capsys, "tag", project, "--article", "G7", "--quote", "Reuters", "--theme", "missiles",
        "--occurrence", "1",
    )  # fmt: skip
    assert code == 0
    run(capsys, "show", project, "--json")


def test_usage_errors_exit_2_and_missing_project_exits_1(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["tag"])
    assert usage.value.code == 2
    code, _, err = run(capsys, "show", tmp_path / "missing.briefing")
    assert code == 1 and "no such project file" in err


def test_console_script_runs_as_a_process(tmp_path: Path, seed_paths: list[Path]) -> None:
    project = tmp_path / "p.briefing"
    result = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "new", str(project), str(seed_paths[0])],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "imported as" in result.stdout


def test_grades_from_the_cli(tmp_path: Path, location: str, seed_paths: list[Path], capsys) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    code, out, _ = run(capsys, "grade", project, "--article", "NATO", "--reliability", "b")
    assert code == 0 and "B (usually reliable)" in out
    code, out, _ = run(
        capsys, "tag", project, "--article", "NATO", "--quote", "hundreds of kamikaze drones",
        "--theme", "drones", "--credibility", "2",
    )  # fmt: skip
    assert code == 0
    data = json.loads(run(capsys, "show", project, "--json")[1])
    nato = next(a for a in data["articles"] if a["title"].startswith("NATO"))
    assert nato["reliability"] == "B"
    assert data["passages"][0]["credibility"] == 2
    assert data["passages"][0]["corroborates"] is None
    with pytest.raises(SystemExit) as usage:
        main(["grade", str(project), "--article", "NATO", "--reliability", "Z"])
    assert usage.value.code == 2


def test_export_both_formats_from_the_cli(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    import docx
    import markdown

    project = location
    run(capsys, "new", project, *seed_paths)
    quotes = {"drones": "hundreds of kamikaze drones", "missiles": "surface-to-surface"}
    for theme, quote in quotes.items():
        args = ["--article", "NATO", "--quote", quote, "--theme", theme, "--note", "NOTE-" + theme]
        assert run(capsys, "tag", project, *args)[0] == 0
    code, out, _ = run(capsys, "export", project, "--format", "docx", "-o", tmp_path / "b.docx")
    assert code == 0 and "b.docx" in out
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs)
    assert all(q in text for q in quotes.values()) and "NOTE-drones" in text
    args = ["--format", "md", "-o", tmp_path / "b.md", "--theme", "drones", "--no-notes"]
    assert run(capsys, "export", project, *args)[0] == 0
    html = markdown.markdown((tmp_path / "b.md").read_text(encoding="utf-8"))
    assert quotes["drones"] in html and quotes["missiles"] not in html
    assert "NOTE-drones" not in html
    code, _, err = run(capsys, "export", project, "--format", "md", "-o", tmp_path / "no" / "b.md")
    assert code == 1 and err.startswith("briefing: error:")


def test_suggest_accept_reject(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    code, out, _ = run(capsys, "suggest", project, "--theme", "drones", "--json")
    found = json.loads(out)["suggestions"]
    assert code == 0 and found
    assert all(s["theme"] == "drones" for s in found)
    assert set(found[0]) >= {"id", "article_id", "start", "end", "text", "theme", "matched"}
    kamikaze = [s for s in found if "kamikaze" in s["matched"]]
    assert len(kamikaze) == 2  # both outlets report the drones
    first, second = kamikaze
    assert run(capsys, "suggest", project, "--accept", first["id"])[0] == 0
    assert run(capsys, "suggest", project, "--reject", second["id"])[0] == 0
    again = json.loads(run(capsys, "suggest", project, "--json")[1])["suggestions"]
    assert {first["id"], second["id"]}.isdisjoint(s["id"] for s in again)
    passages = json.loads(run(capsys, "show", project, "--json")[1])["passages"]
    assert [p["quote"] for p in passages] == [first["text"]]
    code, _, err = run(capsys, "suggest", project, "--accept", "a1-s0-e5-t1")
    assert code == 1 and "not a current suggestion" in err


def test_corroborate_finds_the_reuters_claim(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
):
    project = location
    run(capsys, "new", project, *seed_paths)
    code, out, _ = run(capsys, "corroborate", project, "--json")
    clusters = json.loads(out)["clusters"]
    reuters = [c for c in clusters if any("Reuters reported" in m["text"] for m in c["members"])]
    assert code == 0 and len(reuters) == 1
    assert reuters[0]["origins"] == ["Reuters"]
    assert {m["article_id"] for m in reuters[0]["members"]} == {1, 2}
    assert set(reuters[0]["members"][0]) == {"article_id", "start", "end", "text", "origin"}


def test_codebook_round_trip(tmp_path: Path, seed_paths: list[Path], capsys) -> None:
    first, second = tmp_path / "a.briefing", tmp_path / "b.briefing"
    run(capsys, "new", first)
    run(capsys, "new", second)
    code, out, _ = run(capsys, "codebook", "export", first, tmp_path / "c.qdc")
    assert code == 0 and "exported 4 themes" in out
    code, out, _ = run(capsys, "codebook", "import", second, tmp_path / "c.qdc")
    assert code == 0 and "4 unchanged" in out
    code, _, err = run(capsys, "codebook", "import", second, seed_paths[0])
    assert code == 1 and err.startswith("briefing: error:")


def test_verify_clean_and_tampered(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    project = location
    run(capsys, "new", project, *seed_paths)
    args = ["--article", "G7", "--quote", "hundreds of kamikaze drones", "--theme", "drones"]
    run(capsys, "tag", project, *args)
    out_md = tmp_path / "b.md"
    run(capsys, "export", project, "--format", "md", "-o", out_md)
    code, out, _ = run(capsys, "verify", project, out_md)
    assert code == 0 and "1 of 1 quote verified against their sources" in out
    out_md.write_text(out_md.read_text().replace("hundreds of", "dozens of"))
    code, out, _ = run(capsys, "verify", project, out_md)
    assert code == 1 and "0 of 1 quote verified" in out
    assert "MISMATCH" in out and "“hundreds” where the export has “dozens”" in out


def test_log_says_who_made_each_edit_and_when(
    tmp_path: Path, location: str, seed_paths: list[Path], capsys
) -> None:
    run(capsys, "new", location, *seed_paths)
    run(capsys, "tag", location, "--article", "NATO", "--quote", "hundreds of kamikaze drones",
        "--theme", "drones")  # fmt: skip
    run(capsys, "grade", location, "--article", "NATO", "--reliability", "B")
    code, out, _ = run(capsys, "log", location, "--limit", "2")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2
    assert "Edit “NATO leaders warn" in lines[0] and "Tag passage as drones" in lines[1]
    # On a server, the member's database role; in a file, nobody named in the settings.
    author = "desk_owner" if location.startswith("postgresql:") else "(not named)"
    assert f"UTC  {author}  " in lines[0]
    data = json.loads(run(capsys, "log", location, "--json")[1])
    [tagged] = [c for c in data["changes"] if c["description"].startswith("Tag")]
    assert tagged["records"] == [{"kind": "passage", "id": 1}]
    assert tagged["at"].endswith("+00:00") and tagged["id"] < data["changes"][0]["id"]


def test_show_json_writes_each_passage_as_the_encoder_writes_its_summary(tmp_path: Path) -> None:
    from briefing.cli import passages_json, project_summary
    from briefing.cli_output import _ENCODER
    from briefing.core.records import ImportedArticle
    from briefing.store import create_project

    project_file = create_project(tmp_path / "p.briefing")
    project = project_file.project
    plain = 'Iran "supplied" drones\\ to Russia.\n\tTabs, 😀 emoji and شاهد‎ here, \u2028 too.'
    project.add_article(ImportedArticle(text=plain, title="One", source_file="a.txt"))
    paged = "First page text here. Second page text there."
    project.add_article(
        ImportedArticle(text=paged, title="Two", source_file="b.pdf", pages=(0, 22))
    )
    project.add_theme('name with "quotes" ✓')
    themes = [t.id for t in project.themes()]
    project.tag(1, 0, 4, themes[:2], note='a note\nwith "quotes" and \\')
    project.tag(1, plain.index("Tabs"), plain.index("here"), [themes[-1]])
    project.update_settings(analyst="Ana Ñ")  # the passages after name who made them
    project.tag(2, paged.index("Second"), paged.index("there"), themes[1:])
    project.tag(2, 0, 5, [themes[0]])
    first, second = (p.id for p in project.passages()[:2])
    project.corroborate(first, 2, 0, 5)
    project.set_credibility(second, 2)
    expected = [_ENCODER.encode(item) for item in project_summary(project)["passages"]]
    assert len(expected) == 5 and '"page": 2' in "".join(expected) and "Ana" in expected[-1]
    assert list(passages_json(project)) == expected
    project_file.close()


def test_show_leaves_the_collector_as_it_found_it(
    tmp_path: Path, seed_paths: list[Path], capsys
) -> None:
    import gc

    project = tmp_path / "p.briefing"
    assert run(capsys, "new", project, *seed_paths)[0] == 0
    gc.unfreeze()  # whatever an earlier test left out of collections is let back in
    code, out, _ = run(capsys, "show", "--json", project)
    assert code == 0 and len(json.loads(out)["articles"]) == 2
    # Its records were kept out of collections while it wrote them, and let back in after.
    assert gc.isenabled() and gc.get_freeze_count() == 0
