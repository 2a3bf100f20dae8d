"""Article extraction and import speed (issue 13). Never part of the test suite.

1. Dev-set scores of the web-page reader: for each saved page of a development set (by default
   the workplace's `../shared/corpus/web`, see its README), whether the sentences an article
   body must hold are there and the page furniture is not, word 4-gram precision/recall/F1
   against the reference text where one exists, and whether the headline, publication date
   and outlet were found. Today's reader beside the full-page parser it replaced.
2. Speed: 1,000 text files and 1,000 saved web pages (~50 KB each, synthetic) imported into a
   new project, end to end (read, extract, store).

    .venv/bin/python benchmarks/bench_import.py [--dev-set DIR] [--count 1000] [--skip-dev]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_DEV_SET = HERE.parent.parent / "shared" / "corpus" / "web"
_WORD = re.compile(r"\w+")
_DATE_IN_URL = re.compile(r"/(19|20)\d\d[/-]?\d\d[/-]?\d\d|/(19|20)\d\d/\d\d/")


def fold(text: str) -> str:
    return " ".join(text.split())


def grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def page_bytes(folder: Path, entry: dict) -> bytes:
    data = (folder / entry["file"]).read_bytes()
    return gzip.decompress(data) if entry["file"].endswith(".gz") else data


def score(text: str, reference: str) -> tuple[float, float, float]:
    got, wanted = grams(text), grams(reference)
    if not got or not wanted:
        return 0.0, 0.0, 0.0
    precision, recall = len(got & wanted) / len(got), len(got & wanted) / len(wanted)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def dev_set(folder: Path) -> None:
    from briefing.importers import ReadOptions, read_data
    from briefing.importers.options import VIEW_PAGE

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for label, options in (("article reader (trafilatura)", ReadOptions()),
                           ("full-page parser (before)", ReadOptions(view=VIEW_PAGE))):  # fmt: skip
        kept = kept_total = dropped = dropped_total = titles = 0
        dated = dated_total = outlets = 0
        scores, seconds = [], []
        for entry in manifest["pages"]:
            data = page_bytes(folder, entry)
            started = time.perf_counter()
            article = read_data(data, "page.html", options)
            seconds.append(time.perf_counter() - started)
            body = fold(article.text)
            kept += sum(fold(s) in body for s in entry["with"])
            kept_total += len(entry["with"])
            dropped += sum(fold(s) not in body for s in entry["without"])
            dropped_total += len(entry["without"])
            titles += fold(article.title) == fold(entry.get("expected_title") or "")
            if _DATE_IN_URL.search(entry.get("url") or ""):
                dated_total += 1
                dated += bool(article.published)
            outlets += bool(article.outlet)
            if entry.get("expected_text_file"):
                reference = (folder / entry["expected_text_file"]).read_text(encoding="utf-8")
                scores.append(score(article.text, reference))
        pages = len(manifest["pages"])
        precision = statistics.mean(s[0] for s in scores)
        recall = statistics.mean(s[1] for s in scores)
        f1 = statistics.mean(s[2] for s in scores)
        print(f"\n{label}, {pages} pages:")
        print(f"  sentences kept      {kept}/{kept_total} ({kept / kept_total:.1%})")
        print(f"  furniture dropped   {dropped}/{dropped_total} ({dropped / dropped_total:.1%})")
        print(f"  4-gram P / R / F1   {precision:.3f} / {recall:.3f} / {f1:.3f} "
              f"({len(scores)} pages with a reference text)")  # fmt: skip
        print(f"  headline exact      {titles}/{pages}")
        print(f"  date found          {dated}/{dated_total} pages whose address has a date")
        print(f"  outlet found        {outlets}/{pages}")
        print(f"  time per page       median {statistics.median(seconds) * 1000:.0f} ms, "
              f"max {max(seconds) * 1000:.0f} ms")  # fmt: skip


def speed(count: int) -> None:
    from corpus import write_article_files, write_web_pages

    from briefing.importers.batch import import_files
    from briefing.store import create_project

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        for label, target, paths in (
            ("text files", 1.0, write_article_files(root / "txt", count)),
            ("saved web pages", 15.0, write_web_pages(root / "html", count)),
        ):
            size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
            project_file = create_project(root / f"{label[:4]}.briefing")
            started = time.perf_counter()
            _, outcomes = import_files(project_file.project, paths)
            elapsed = time.perf_counter() - started
            project_file.close()
            imported = sum(o.imported for o in outcomes)
            verdict = "meets" if elapsed < target else "MISSES"
            print(f"  import {count:,} {label} (~{size:.0f} KB each): {elapsed:.2f} s "
                  f"({imported} imported; target < {target:g} s: {verdict})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-set", type=Path, default=DEFAULT_DEV_SET)
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--skip-dev", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if not args.skip_dev:
        if (args.dev_set / "manifest.json").is_file():
            dev_set(args.dev_set)
        else:
            print(f"no development set at {args.dev_set}; skipping the extraction scores")
    print("\nimport speed:")
    speed(args.count)


if __name__ == "__main__":
    main()
