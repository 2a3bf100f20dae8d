"""Time the REFI-QDA project exchange: export a large project as .qdpx, then open it as a new
project (read, check, build, write the project file).

    .venv/bin/python benchmarks/bench_qdpx.py [--articles 1000] [--passages 10000] [--runs 3]

Target (issue 17): under 10 s each for 1,000 articles and 10,000 passages on a 2-core machine.
The project is `corpus.build_large_project` (1,000 articles of ~5 KB and two of ~1 MB); one
article in ten keeps an original of its own (so originals travel too).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from corpus import build_large_project

from briefing.core.edit import ArticleChange, Edit
from briefing.core.project import Project
from briefing.export.qdpx_writer import export_project
from briefing.store import ProjectFile, open_project
from briefing.store.qdpx_import import import_qdpx

TARGET_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        project_file = build_large_project(root / "large.briefing", args.articles, args.passages)
        originals = _keep_some_originals(project_file)
        built = time.perf_counter() - started
        project = project_file.project
        print(f"project: {len(project.articles()):,} articles, {len(project.passages()):,} "
              f"passages, {originals} originals (built in {built:.1f} s)")  # fmt: skip
        exports, imports, target = exchange_times(project, root, args.runs)
        archive = root / "large-0.qdpx"
        print(f"archive: {archive.stat().st_size / 1024 / 1024:.1f} MB")
        _check(project_file, target)
        project_file.close()
    _report("export", exports)
    _report("import", imports)


def exchange_times(
    project: Project, root: Path, runs: int
) -> tuple[list[float], list[float], Path]:
    """Seconds to export `project` as .qdpx and to open each export as a new project, per run,
    and the last project opened."""
    exports, imports = [], []
    target = root / "reopened.briefing"
    for run in range(runs):
        archive = root / f"large-{run}.qdpx"
        started = time.perf_counter()
        export_project(project, archive)
        exports.append(time.perf_counter() - started)
        target = root / f"reopened-{run}.briefing"
        started = time.perf_counter()
        import_qdpx(archive, target)
        imports.append(time.perf_counter() - started)
    return exports, imports, target


def _keep_some_originals(project_file: ProjectFile) -> int:
    """Give one article in ten an original, as an imported file would have."""
    project = project_file.project
    changes, originals = [], {}
    for article in project.articles()[::10]:
        data = article.text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        originals[digest] = data
        new = dataclasses.replace(article, sha256=digest, original_size=len(data))
        changes.append(ArticleChange(article.id, article, new))
    project_file.keep_originals(originals)
    project.apply(Edit("Keep originals", tuple(changes)))
    return len(originals)


def _check(original: ProjectFile, target: Path) -> None:
    reopened = open_project(target)
    a, b = original.project, reopened.project
    assert len(a.articles()) == len(b.articles()), "articles lost"
    assert len(a.passages()) == len(b.passages()), "passages lost"
    assert _spans(a) == _spans(b), "passages differ"
    reopened.close()


def _spans(project: Project) -> list[tuple[str, int, int, str]]:
    return sorted((project.article(p.article_id).title, p.start, p.end, p.quote)
                  for p in project.passages())  # fmt: skip


def _report(label: str, times: list[float]) -> None:
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
    runs = ", ".join(f"{t:.2f}" for t in times)
    target = f"target < {TARGET_SECONDS:.0f} s"
    print(f"{label}: median {median:.2f} s (runs {runs}); {target}: {verdict}")


if __name__ == "__main__":
    main()
