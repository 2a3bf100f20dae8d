"""A batch reads many sources (in worker processes when there are many) in the order given."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_pages import news_page

from briefing.core.project import Project
from briefing.importers.batch import import_files, read_files


def pages(folder: Path, count: int) -> list[Path]:
    made = []
    for n in range(count):
        body = [
            f"Paragraph {n}.{i}: the ministry said talks on item {n} would resume soon, "
            "officials told reporters in the capital on Tuesday."
            for i in range(4)
        ]
        path = folder / f"page-{n:02}.html"
        path.write_text(news_page(body=body, title=f"Story number {n}"), encoding="utf-8")
        made.append(path)
    return made


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-processes"])
def test_batch_keeps_order_and_reports_each_source(tmp_path: Path, workers: int) -> None:
    sources = pages(tmp_path, 9)
    (tmp_path / "broken.html").write_bytes(b"")
    (tmp_path / "note.odt").write_bytes(b"PK\x03\x04")
    sources[3:3] = [tmp_path / "broken.html", tmp_path / "note.odt", sources[0]]
    project = Project()
    edit, outcomes = import_files(project, sources, workers=workers)
    assert [o.label for o in outcomes] == [p.name for p in sources]
    assert [o.imported for o in outcomes] == [True] * 3 + [False] * 3 + [True] * 6
    assert outcomes[3].message == "skipped: the file is empty"
    assert outcomes[5].message == "skipped: already in the project"
    assert [a.title for a in project.articles()] == [f"Story number {n}" for n in range(9)]
    assert all(a.sha256 and a.reader.startswith("trafilatura") for a in project.articles())


def test_cancel_stops_between_sources(tmp_path: Path) -> None:
    sources = pages(tmp_path, 10)
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 4

    plan = read_files(sources, set(), progress, workers=2)
    assert plan.cancelled and len(plan.articles) == 4 and seen[-1] == 4


def test_a_source_that_stalls_or_crashes_its_reader_costs_only_itself(tmp_path: Path) -> None:
    from stalling_reader import read_or_misbehave

    from briefing.importers.batch import _pooled

    good = pages(tmp_path, 4)
    stall, crash = tmp_path / "stall.html", tmp_path / "crash.html"
    stall.write_text("x")
    crash.write_text("x")
    sources = [good[0], stall, good[1], crash, good[2], good[3]]
    # The limit counts from submission, which includes starting a worker: generous here.
    results = list(_pooled(sources, 2, read_or_misbehave, timeout=10))
    assert [s for s, _ in results] == sources
    reasons = {Path(s).name: r for s, r in results if isinstance(r, str)}
    assert reasons == {
        "stall.html": "it took longer than 10 s to read, so it was skipped",
        "crash.html": "the reader stopped unexpectedly on it, so it was skipped",
    }
    assert sum(not isinstance(r, str) for _, r in results) == 4


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
def test_an_import_leaves_the_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    import gc

    (tmp_path / "one.txt").write_text("Tehran said on Monday that talks would resume.\n")
    project = Project()

    def failing(done: int, total: int) -> bool:
        raise RuntimeError("stop")

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        import_files(project, [tmp_path / "one.txt"])
        assert gc.isenabled() is enabled and len(project.articles()) == 1
        with pytest.raises(RuntimeError, match="stop"):  # an import that fails ends it too
            import_files(project, [tmp_path / "one.txt"], failing)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_read_for_the_window_is_left_out_of_collections(tmp_path: Path) -> None:
    import gc

    sources = []
    for n in range(3):
        sources.append(tmp_path / f"story-{n}.txt")
        sources[-1].write_text(f"Story {n}.\n\nTehran said on Monday that talks {n} resume.\n")
    try:
        gc.unfreeze()
        plain = read_files(sources, set())
        assert len(plain.articles) == 3 and gc.get_freeze_count() == 0
        kept_out = read_files(sources, set(), keep_out=True)
        assert len(kept_out.articles) == 3
        # Every record read and its claim terms: out of every generation the collector walks.
        read = [o for a in kept_out.articles for o in (a, a.claim_terms, a.claim_terms.counts)]
        walked = {id(o) for o in gc.get_objects()}
        assert gc.get_freeze_count() > 0 and not any(id(o) in walked for o in read)
    finally:
        gc.unfreeze()


def test_the_reading_processes_make_way_for_the_window() -> None:
    import os

    from briefing.importers import batch

    with batch._executor(1) as executor:
        lowered = min(19, os.nice(0) + batch.READER_NICENESS)  # (19: the lowest there is)
        assert executor.submit(os.nice, 0).result(timeout=120) == lowered
