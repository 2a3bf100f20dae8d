"""The benchmark corpus at a given scale, made once and kept in /tmp between runs.

Scale 1 is the corpus of issue 5: 1,000 news-like articles of ~5 KB and two 1 MB dossiers,
10,000 passages (2,000 in each dossier), the default codebook's four themes. Scale N has N
times the articles and passages and 2N themes (at least four): scale 10 is issue 18's
10,000 articles (~50 MB), 100,000 passages and 20 themes. The dossiers stay 1 MB with 2,000
passages each: what grows is the corpus around them.

A corpus is cached under `CACHE` in a folder named by a hash of everything that decides its
content (its parameters and the source of the generator, the store and the analysis it is
written with), so a change to any of them makes a new one. Benchmarks work on copies.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "briefing"
CACHE = Path("/tmp/briefing-bench-cache")
# Sources whose change changes what a cached corpus holds (the file format and what the
# project keeps in it): a change to one of them makes new corpora.
_SOURCES = [
    HERE / "corpus.py",
    HERE / "scale.py",
    *(
        PACKAGE / "store" / name
        for name in ("schema.py", "writers.py", "search_index.py", "claim_index.py")
    ),
    *(
        PACKAGE / "core" / name
        for name in ("records.py", "folding.py", "text.py", "sentences.py", "claim_words.py")
    ),
]

# Themes beyond the default codebook's four, with keywords the corpus uses (so each has
# suggestions, as a desk's codebook of a year's topics would).
EXTRA_THEMES = [
    ("sanctions", ("sanctions", "embargo")),
    ("energy", ("energy projects", "energy")),
    ("NATO", ("NATO", "alliance")),
    ("China", ("China", "Beijing")),
    ("Ukraine", ("Ukraine", "Kyiv")),
    ("European Union", ("the EU", "Brussels")),
    ("munitions", ("munitions", "shells")),
    ("military support", ("military support",)),
    ("intelligence", ("intelligence assessments", "intelligence")),
    ("summits", ("summit",)),
    ("trade", ("trade", "billion")),
    ("denials", ("denials", "denied")),
    ("G7", ("G7",)),
    ("United States", ("the United States", "Washington")),
    ("Russia", ("Russia", "Moscow")),
    ("Iran", ("Iran", "Tehran")),
]


@dataclass(frozen=True)
class Scale:
    factor: int

    @property
    def articles(self) -> int:
        return 1_000 * self.factor

    @property
    def passages(self) -> int:
        return 10_000 * self.factor

    @property
    def themes(self) -> int:
        return min(4 + len(EXTRA_THEMES), max(4, 2 * self.factor))

    def describe(self) -> str:
        return (
            f"scale {self.factor}: {self.articles:,} articles + 2 of 1 MB, "
            f"{self.passages:,} passages, {self.themes} themes"
        )


def _key(name: str, params: dict[str, object]) -> str:
    digest = hashlib.sha256(json.dumps({"name": name, **params}, sort_keys=True).encode())
    for source in _SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def cached(name: str, params: dict[str, object], build: Callable[[Path], None]) -> Path:
    """The folder of a cached corpus, made by `build(folder)` if there is none yet."""
    folder = CACHE / f"{name}-{_key(name, params)}"
    if (folder / "complete").exists():
        return folder
    temporary = folder.with_name(folder.name + ".making")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    started = time.perf_counter()
    print(f"  making {name} {params} in {folder} …", flush=True)
    build(temporary)
    (temporary / "complete").write_text(f"{time.perf_counter() - started:.1f} s\n")
    shutil.rmtree(folder, ignore_errors=True)
    temporary.rename(folder)
    return folder


def large_project(scale: Scale) -> Path:
    """The scale's big project (`large.briefing`), cached."""

    def build(folder: Path) -> None:
        from corpus import build_large_project

        build_large_project(
            folder / "large.briefing", scale.articles, scale.passages, themes=scale.themes
        ).close()

    return cached("project", asdict(scale), build) / "large.briefing"


def article_files(count: int = 1_000) -> list[Path]:
    """`count` text files (~5 KB) none of which is in any scale's project, cached."""

    def build(folder: Path) -> None:
        from corpus import write_article_files

        write_article_files(folder, count, seed=101)

    folder = cached("txt", {"count": count}, build)
    return sorted(folder.glob("*.txt"))


def web_pages(count: int = 1_000) -> list[Path]:
    """`count` saved news pages (~50 KB, an article of ~5 KB each), cached."""

    def build(folder: Path) -> None:
        from corpus import write_web_pages

        write_web_pages(folder, count, seed=103)

    folder = cached("html", {"count": count}, build)
    return sorted(folder.glob("*.html"))


def working_copy(source: Path, target: Path) -> Path:
    """A fresh copy of a cached project to change (the cache itself is never opened)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target
