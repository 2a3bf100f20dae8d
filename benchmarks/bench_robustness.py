"""The speed and memory targets of issue 12 (never lock an analyst out), in one table.

    .venv/bin/python benchmarks/bench_robustness.py [--only verify,codebook,hostile]

- verify: `briefing verify` of a 20,000-article / 200,000-passage export, Markdown and Word
  (target < 60 s each; the project file is built first, the export written by the app).
- codebook: `briefing codebook import` of 20,000 codes into a new project (target < 5 s).
- hostile: each hostile article file imported by `briefing import` in a fresh process: wall
  time and peak memory of the whole process (target < 5 s and < 200 MB each).

Every figure is one run of the real CLI in a child process, timed from outside. Generates
everything in a temporary folder; never part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from briefing.core.codebook import default_themes  # noqa: E402
from briefing.core.edit import (  # noqa: E402
    ArticleChange,
    Edit,
    PassageChange,
    SettingsChange,
    ThemeChange,
)
from briefing.core.project import SETTINGS_ID  # noqa: E402
from briefing.core.records import Article, BriefingSettings, Passage  # noqa: E402
from briefing.core.text import content_hash  # noqa: E402
from briefing.store import create_project  # noqa: E402

WORDS = (
    "Iran Russia missiles ballistic transfer NATO G7 escalation drones sanctions Tehran Moscow "
    "agreement cooperation dollar trade central bank security Ukraine summit declaration "
    "satellite imagery facilities production reported officials confirmed denied"
).split()


def run_cli(*args: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and output of `briefing ARGS` in a fresh process."""
    code = (
        "import resource, sys; from briefing.cli import main; status = main(sys.argv[1:]); "
        "print('peak-rss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
        "sys.exit(status)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    peak = next(
        int(line.split()[1]) // 1024
        for line in result.stderr.splitlines()
        if line.startswith("peak-rss")
    )
    return elapsed, peak, (result.stdout + result.stderr).strip().splitlines()[0][:90]


def big_project(path: Path, articles: int, per_article: int) -> None:
    """A project file of `articles` articles with `per_article` passages each, in one write."""
    rng = random.Random(12)
    themes = default_themes()
    changes = [ThemeChange(t.id, None, t) for t in themes]
    passage_id = 1
    for a in range(1, articles + 1):
        quotes = [
            " ".join(rng.choices(WORDS, k=rng.randint(10, 25))) + "." for _ in range(per_article)
        ]
        text = "\n\n".join(quotes)
        changes.append(ArticleChange(a, None, Article(
            a, f"Article {a}: {' '.join(rng.choices(WORDS, k=6))}", text, f"Outlet {a % 7}",
            published=f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}", source_file=f"a{a}.txt",
            content_hash=content_hash(text),
        )))  # fmt: skip
        offset = 0
        for quote in quotes:
            theme = (rng.randrange(len(themes)) + 1,)
            changes.append(PassageChange(passage_id, None, Passage(
                passage_id, a, offset, offset + len(quote), quote, theme,
            )))  # fmt: skip
            passage_id += 1
            offset += len(quote) + 2
    settings = BriefingSettings(title="Benchmark briefing", analyst="Bench")
    changes.append(SettingsChange(SETTINGS_ID, None, settings))
    project_file = create_project(path)
    project_file.write(Edit("Build the benchmark project", tuple(changes)))
    project_file.close()


def bench_verify(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    project = folder / "big.briefing"
    started = time.perf_counter()
    big_project(project, 20_000, 10)
    print(f"  (built the 20,000 / 200,000 project in {time.perf_counter() - started:.0f} s)")
    for fmt in ("md", "docx"):
        export = folder / f"big.{fmt}"
        seconds, _, _ = run_cli("export", str(project), "--format", fmt, "-o", str(export))
        print(f"  (exported {fmt} in {seconds:.0f} s, {export.stat().st_size / 1e6:.0f} MB)")
        seconds, peak, line = run_cli("verify", str(project), str(export))
        rows.append((f"verify 20,000 / 200,000 ({fmt})", f"{seconds:.1f} s", "< 60 s",
                     line))  # fmt: skip


def bench_codebook(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    project = folder / "codebook.briefing"
    create_project(project).close()
    qdc = folder / "big.qdc"
    codes = "".join(
        f"<Code name='code {n}' isCodable='true' color='#123456'/>" for n in range(20_000)
    )
    qdc.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    seconds, peak, line = run_cli("codebook", "import", str(project), str(qdc))
    rows.append(("codebook import, 20,000 codes", f"{seconds:.1f} s", "< 5 s", line[:60]))


HOSTILE = {
    "brackets.md": lambda: "[" * 1_000_000,
    "link-openers.md": lambda: "[a](" * 200_000,
    "entities.md": lambda: "&amp;" * 200_000,
    "backtick-words.md": lambda: "`a" * 500_000,
    "star-words.md": lambda: "*a" * 500_000,
    "images.md": lambda: "![" * 400_000,
    "nested-quotes.md": lambda: "> " * 100_000 + "deep",
    "list-items.md": lambda: "- a\n" * 200_000,
    # The worst cmark is still given: just under the markup bound (past it: plain text).
    "brackets-at-bound.md": lambda: "[" * 299_000,
    "star-words-at-bound.md": lambda: "*a" * 149_000,
    "list-items-at-bound.md": lambda: "- a\n" * 99_000,
    "attributes.html": lambda: "<p " + "a " * 15_000_000 + ">Kept</p>",
    "unclosed-tags.html": lambda: "<p>Kept</p>" + "<a" * 1_000_000,
    "long-title.html": lambda: "<title>" + "T" * 20_000 + "</title><p>x</p>",
}


def bench_hostile(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    project = folder / "hostile.briefing"
    create_project(project).close()
    baseline = run_cli("show", str(project))
    rows.append(("(baseline: `briefing show`, empty)", f"{baseline[0]:.2f} s",
                 f"{baseline[1]} MB", ""))  # fmt: skip
    for name, make in HOSTILE.items():
        path = folder / name
        path.write_text(make(), encoding="utf-8")
        seconds, peak, line = run_cli("import", str(project), str(path))
        rows.append((f"import {name} ({path.stat().st_size / 1e6:.1f} MB)",
                     f"{seconds:.2f} s", f"{peak} MB", line.split(": ", 1)[1][:50]))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="verify,codebook,hostile")
    wanted = parser.parse_args().only.split(",")
    rows: list[tuple[str, str, str, str]] = []
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for key, bench in (("hostile", bench_hostile), ("codebook", bench_codebook),
                           ("verify", bench_verify)):  # fmt: skip
            if key in wanted:
                bench(folder, rows)
    width = max(len(r[0]) for r in rows) + 2
    for row in rows:
        print(f"{row[0]:<{width}}{row[1]:>10}  {row[2]:>8}  {row[3]}")
    print(
        f"peak RSS of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
