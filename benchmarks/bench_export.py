"""Time exporting 10,000 passages to .docx and .md against the bare python-docx floor.

    .venv/bin/python benchmarks/bench_export.py [--passages 10000] [--runs 5]

The floor is python-docx adding the same number of unstyled paragraphs (quote text only) and
saving; the docx export writes several paragraphs per passage (quote, citation, note), so a
ratio near 1 means the export costs about what python-docx itself needs for the bare quotes.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable

import docx

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import Article, BriefingSettings, Passage
from briefing.export import FORMATS, OutlineOptions, build_outline

WORDS = (
    "Iran Russia missiles ballistic transfer NATO G7 escalation drones sanctions Tehran Moscow "
    "agreement cooperation dollar trade central bank security Ukraine summit declaration "
    "satellite imagery facilities production reported officials confirmed denied"
).split()


def synthetic_project(passages: int, articles: int = 50, seed: int = 4) -> Project:
    rng = random.Random(seed)
    themes = default_themes()
    article_records = []
    passage_records = []
    per_article = passages // articles
    next_id = 1
    for a in range(1, articles + 1):
        quotes = [
            " ".join(rng.choices(WORDS, k=rng.randint(12, 40))) + "." for _ in range(per_article)
        ]
        text = "\n\n".join(quotes)
        article_records.append(
            Article(
                id=a, title=f"Article {a}: {' '.join(rng.choices(WORDS, k=6))}", text=text,
                outlet=f"Outlet {a % 7}", author=f"Author {a % 11}",
                published=f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}", source_file=f"article-{a}.txt",
            )
        )  # fmt: skip
        offset = 0
        for quote in quotes:
            tags = rng.sample([t.id for t in themes], k=1 if rng.random() < 0.8 else 2)
            note = " ".join(rng.choices(WORDS, k=15)) if rng.random() < 0.5 else ""
            passage_records.append(
                Passage(next_id, a, offset, offset + len(quote), quote, tuple(tags), note)
            )
            next_id += 1
            offset += len(quote) + 2
    settings = BriefingSettings(
        title="Benchmark briefing", analyst="Bench", handling="OFFICIAL", summary="Summary."
    )
    return Project(
        articles=article_records, themes=themes, passages=passage_records, settings=settings
    )


def floor(project: Project) -> None:
    document = docx.Document()
    for passage in project.passages():
        document.add_paragraph(passage.quote)
    document.save(io.BytesIO())


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    project = synthetic_project(args.passages)
    options = OutlineOptions()

    def export(fmt: str) -> Callable[[], None]:
        def run() -> None:
            FORMATS[fmt].write(build_outline(project, options), io.BytesIO())

        return run

    outline_s = median_time(lambda: build_outline(project, options), args.runs)
    floor_s = median_time(lambda: floor(project), args.runs)
    docx_s = median_time(export("docx"), args.runs)
    md_s = median_time(export("md"), args.runs)

    count = len(project.passages())
    print(f"{count} passages, median of {args.runs} runs")
    print(f"{'step':<42}{'seconds':>10}")
    print(f"{'outline only':<42}{outline_s:>10.3f}")
    print(f"{'bare python-docx floor (unstyled paragraphs)':<42}{floor_s:>10.3f}")
    print(f"{'docx export (outline + write)':<42}{docx_s:>10.3f}")
    print(f"{'markdown export (outline + write)':<42}{md_s:>10.3f}")
    print(f"docx / floor ratio: {docx_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
