"""How faithfully and how fast the PDF reader reads real PDFs it has never seen (issue 13).

    .venv/bin/python benchmarks/bench_pdf.py [--cache DIR] [--docs 80] [--web-corpus DIR]

Two sets, both made or fetched into a cache folder (default ~/.cache/briefing-bench/pdf),
never part of the test suite:

* **printed news pages**: the saved pages of the shared dev set (shared/corpus/web) printed to
  PDF by headless Chromium, as an analyst would print them. Each page's `with` passages (chosen
  by people, see that set's README) must be in the text after white-space folding. Passages
  that poppler's pdftotext does not find either are not in the PDF at all (a page whose body
  needs scripts to show prints blank) and are counted apart.
* **typeset documents**: PDFs from Debian documentation packages (`apt-get download`: LaTeX
  package manuals in English, Arabic and Persian, Debian's policy and reference): real
  producers (pdfTeX, XeTeX, LuaTeX, DocBook) with columns, ligatures, footnotes, running
  heads and right-to-left text. Snippets (six words on one line, and three words each side of
  a line break) are drawn from poppler's pdftotext output and must be in ours; a miss is a
  disagreement with poppler, not always our error.

Pages per second counts every page read, over the time spent in `read_pdf`.
Needs chromium (Debian package chromium) and pdftotext (poppler-utils); a part whose tools
are missing is skipped with a note.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.importers.errors import ContentRefused  # noqa: E402
from briefing.importers.pdf_glyphs import LIGATURES  # noqa: E402
from briefing.importers.pdf_source import read_pdf  # noqa: E402

TARGET_SHARE = 0.95
TARGET_PAGES_PER_SECOND = 20.0
# Debian documentation packages with PDFs from many producers, and the share of the sample
# each gets: two-column papers from journal classes, reports and manuals, right-to-left
# (Arabic, Persian) manuals, and LaTeX package manuals (code beside its output, much math).
DEBIAN_PACKAGES = {
    "texlive-publishers-doc": 3,
    "debian-handbook": 1,
    "debian-policy": 1,
    "developers-reference": 1,
    "r-doc-pdf": 1,
    "texlive-lang-arabic": 2,
    "texlive-humanities-doc": 2,
    "texlive-science-doc": 2,
}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
_WORDISH = re.compile(r"^[\w’'\-.,;:()]+$")
_DIGITS = re.compile(r"\d+")
_LIGATURES = str.maketrans(LIGATURES)


@dataclass
class Tally:
    snippets: int = 0
    found: int = 0
    absent_from_pdf: int = 0  # not in poppler's text either
    pages: int = 0
    seconds: float = 0.0
    files: int = 0
    refused: dict[str, str] = field(default_factory=dict)
    misses: list[tuple[str, str]] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, sampled]

    @property
    def share(self) -> float:
        return self.found / self.snippets if self.snippets else float("nan")


def fold(text: str) -> str:
    return " ".join(text.split())


def timed_read(path: Path, tally: Tally) -> str | None:
    data = path.read_bytes()
    started = time.perf_counter()
    try:
        extracted = read_pdf(data)
    except ContentRefused as refusal:
        tally.refused[path.name] = refusal.reason
        return None
    finally:
        tally.seconds += time.perf_counter() - started
    tally.files += 1
    tally.pages += len(extracted.pages)
    return fold(extracted.text)


def poppler_text(path: Path) -> str | None:
    try:
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


# --- printed news pages --------------------------------------------------------------------


def find_web_corpus(given: Path | None) -> Path | None:
    if given is not None:
        return given
    for folder in [ROOT, *ROOT.parents]:
        candidate = folder / "shared" / "corpus" / "web"
        if (candidate / "manifest.json").is_file():
            return candidate
    return None


def print_pages(corpus: Path, cache: Path) -> list[tuple[Path, dict]]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    out = cache / "web"
    out.mkdir(parents=True, exist_ok=True)
    printed = []
    for page in manifest["pages"]:
        stem = page["file"].removesuffix(".gz").removesuffix(".html")
        pdf = out / f"{stem}.pdf"
        if not pdf.is_file():
            if chromium is None:
                continue
            source = corpus / page["file"]
            data = source.read_bytes()
            html = out / f"{stem}.html"
            html.write_bytes(gzip.decompress(data) if source.suffix == ".gz" else data)
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                     f"--print-to-pdf={pdf}", html.as_uri()],
                    capture_output=True, timeout=120, check=False,
                )  # fmt: skip
        if pdf.is_file():
            printed.append((pdf, page))
    return printed


def measure_web(printed: list[tuple[Path, dict]]) -> Tally:
    tally = Tally()
    for pdf, page in printed:
        text = timed_read(pdf, tally)
        reference = fold(poppler_text(pdf) or "")
        for passage in page["with"]:
            wanted = fold(passage)
            if reference and wanted not in reference:
                tally.absent_from_pdf += 1
                continue
            tally.snippets += 1
            if text is not None and wanted in text:
                tally.found += 1
            else:
                tally.misses.append((pdf.name, wanted))
    return tally


# --- typeset documents ---------------------------------------------------------------------


def fetch_documents(cache: Path) -> dict[str, list[Path]]:
    """Each package's PDFs, downloaded and unpacked into the cache once."""
    folder = cache / "debian"
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[Path]] = {}
    for package in DEBIAN_PACKAGES:
        debs = sorted(folder.glob(f"{package}_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", "-q", package], cwd=folder,
                           capture_output=True, check=False)  # fmt: skip
            debs = sorted(folder.glob(f"{package}_*.deb"))
        if not debs:
            continue
        unpacked = folder / "unpacked" / package
        if not unpacked.is_dir():
            unpacked.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(unpacked)], check=False)
        found[package] = sorted(unpacked.rglob("*.pdf"))
    return found


def sample_snippets(reference: str, rng: random.Random, per_page: int = 3) -> list[tuple[str, str]]:
    """Six words from one line, and three words either side of a line break inside a block.

    Lines found on more than one page (running heads and feet, which the reader leaves out
    on purpose) are not sampled; ligature characters are read as letters, as the reader does.
    """
    pages = [page.translate(_LIGATURES) for page in reference.split("\f")]
    seen_on: dict[str, set[int]] = {}
    for number, page in enumerate(pages):
        for line in page.splitlines():
            seen_on.setdefault(_DIGITS.sub("#", fold(line)), set()).add(number)
    snippets = []
    for page in pages:
        lines = [
            line.split()
            for line in page.splitlines()
            if len(seen_on.get(_DIGITS.sub("#", fold(line)), ())) <= 1
        ]
        single = [words for words in lines if len(words) >= 6 and all(map(_WORDISH.match, words))]
        for words in rng.sample(single, min(per_page, len(single))):
            start = rng.randrange(len(words) - 5)
            snippets.append(("line", " ".join(words[start : start + 6])))
        pairs = [
            (upper, lower)
            for upper, lower in zip(lines, lines[1:], strict=False)
            if len(upper) >= 4 and len(lower) >= 4 and not upper[-1].endswith(("-", "‐"))
            and all(map(_WORDISH.match, upper[-3:] + lower[:3]))
        ]  # fmt: skip
        for upper, lower in rng.sample(pairs, min(1, len(pairs))):
            snippets.append(("break", " ".join(upper[-3:] + lower[:3])))
    return snippets


def measure_documents(packages: dict[str, list[Path]], count: int, seed: int) -> Tally:
    rng = random.Random(seed)
    weights = sum(DEBIAN_PACKAGES[package] for package in packages)
    chosen: list[Path] = []
    for package, paths in packages.items():
        share = round(count * DEBIAN_PACKAGES[package] / weights)
        chosen += rng.sample(paths, min(share, len(paths)))
    tally = Tally()
    for path in sorted(chosen):
        reference = poppler_text(path)
        text = timed_read(path, tally)
        if reference is None or text is None:
            continue
        for kind, snippet in sample_snippets(reference, rng):
            tally.snippets += 1
            tally.by_kind.setdefault(kind, [0, 0])[1] += 1
            if snippet in text:
                tally.found += 1
                tally.by_kind[kind][0] += 1
            else:
                tally.misses.append((path.name, f"[{kind}] {snippet}"))
    return tally


# --- report --------------------------------------------------------------------------------


def report(name: str, tally: Tally, show: int) -> None:
    rate = tally.pages / tally.seconds if tally.seconds else float("nan")
    share_ok = "ok" if tally.share >= TARGET_SHARE else "BELOW"
    rate_ok = "ok" if rate >= TARGET_PAGES_PER_SECOND else "BELOW"
    print(f"\n{name}: {tally.files} PDFs read, {len(tally.refused)} refused, {tally.pages} pages")
    print(f"  snippets verbatim   {tally.found}/{tally.snippets} = {tally.share:.1%}"
          f"   target >= {TARGET_SHARE:.0%}  {share_ok}")  # fmt: skip
    for kind, (found, sampled) in sorted(tally.by_kind.items()):
        label = {"line": "within one line", "break": "across a line break"}[kind]
        print(f"    {label:22} {found}/{sampled} = {found / sampled:.1%}")
    if tally.absent_from_pdf:
        print(f"  (not counted: {tally.absent_from_pdf} passages absent from the PDF itself)")
    print(f"  pages per second    {rate:.1f}   target >= {TARGET_PAGES_PER_SECOND:.0f}  {rate_ok}")
    for file, reason in sorted(tally.refused.items()):
        print(f"  refused {file}: {reason}")
    for file, snippet in tally.misses[:show]:
        print(f"  miss {file}: {snippet[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path,
                        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "briefing-bench" / "pdf")  # fmt: skip
    parser.add_argument("--docs", type=int, default=80, help="typeset PDFs to sample")
    parser.add_argument("--web-corpus", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show-misses", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; cache {args.cache}")  # fmt: skip
    if shutil.which("pdftotext") is None:
        print("pdftotext is missing (Debian: apt-get install poppler-utils); nothing measured")
        return
    corpus = find_web_corpus(args.web_corpus)
    if corpus is None:
        print("\nprinted news pages: skipped (no shared/corpus/web found; use --web-corpus)")
    else:
        printed = print_pages(corpus, args.cache)
        if printed:
            report("printed news pages (Chromium)", measure_web(printed), args.show_misses)
        else:
            print("\nprinted news pages: skipped (chromium missing: apt-get install chromium)")
    packages = fetch_documents(args.cache)
    if packages:
        tally = measure_documents(packages, args.docs, args.seed)
        total = sum(len(paths) for paths in packages.values())
        report(f"typeset documents ({len(packages)} Debian packages, {total} PDFs, "
               f"sample of {args.docs})", tally, args.show_misses)  # fmt: skip
    else:
        print("\ntypeset documents: skipped (apt-get download found nothing)")


if __name__ == "__main__":
    main()
