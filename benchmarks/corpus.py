"""Synthetic, news-like corpora for the benchmarks (never checked in; made in a temp folder)."""

from __future__ import annotations

import random
from pathlib import Path

from briefing.core.edit import Applied, Change, Edit
from briefing.core.project import MemoryBackend, Project
from briefing.core.records import ImportedArticle
from briefing.store import ProjectFile, create_project

ACTORS = [
    "Iran",
    "Russia",
    "the United States",
    "NATO",
    "the G7",
    "China",
    "Ukraine",
    "the EU",
    "Tehran",
    "Moscow",
    "Washington",
    "Beijing",
    "Kyiv",
    "Brussels",
]
OUTLETS = ["Reuters", "TASS", "Trend", "Al-Monitor", "AP", "AFP", "Bloomberg", "Kyiv Independent"]
VERBS = ["warned", "accused", "urged", "told", "assured", "criticised", "called on", "pressed"]
OBJECTS = [
    "ballistic missiles",
    "kamikaze drones",
    "a strategic partnership",
    "the US dollar",
    "surface-to-surface missiles",
    "uncrewed aerial vehicles",
    "a cooperation agreement",
    "national currencies",
    "sanctions",
    "energy projects",
    "military support",
    "munitions",
]
TAILS = ["according to officials familiar with the matter", "citing intelligence assessments",
         "in a statement released on Wednesday", "at a summit in Washington",
         "after talks in the capital", "despite repeated denials", "as trade reached $4 billion",
         "in a move heralded as a new chapter", "amid tightening sanctions"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(ACTORS)} over "
        f"{rng.choice(OBJECTS)} {rng.choice(TAILS)}, {rng.choice(OUTLETS)} reported."
    )


def article_text(rng: random.Random, size: int) -> str:
    """A headline, a dateline and paragraphs of 3-5 sentences, about `size` characters."""
    parts = [sentence(rng).rstrip("."), f"{rng.randint(1, 28)} June 2024 {rng.choice(OUTLETS)}"]
    length = sum(map(len, parts))
    while length < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts)


def write_article_files(folder: Path, count: int, size: int = 5_000, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:05d}.txt"
        path.write_text(article_text(rng, size), encoding="utf-8")
        paths.append(path)
    return paths


def add_passages(project: Project, article_id: int, count: int, rng: random.Random) -> None:
    """`count` passages over one article, some overlapping, over every theme in turn."""
    text = project.article(article_id).text
    themes = [t.id for t in project.themes()]
    edits = []
    for n in range(count):
        start = rng.randrange(0, len(text) - 200)
        length = rng.randint(20, 160)
        chosen = [themes[n % len(themes)]]
        if n % 7 == 0:
            chosen.append(themes[(n + 1) % len(themes)])
        edits.append((start, start + length, chosen, f"note {n}" if n % 3 == 0 else ""))
    for start, end, chosen, note in edits:
        project.tag(article_id, start, end, chosen, note)


def build_large_project(
    path: Path,
    articles: int = 1_000,
    passages: int = 10_000,
    large: int = 2,
    seed: int = 2,
    themes: int = 4,
) -> ProjectFile:
    """`articles` articles of ~5 KB plus `large` of ~1 MB with 2,000 passages each; the rest of
    the passages spread over the small articles. `themes` beyond the default four come from
    `EXTRA_THEMES`, with keywords the corpus uses."""
    from scale import EXTRA_THEMES

    rng = random.Random(seed)
    project_file = create_project(path)
    project = project_file.project
    for name, keywords in EXTRA_THEMES[: max(0, themes - len(project.themes()))]:
        project.add_theme(name, keywords=keywords)
    small = [
        ImportedArticle(text=article_text(rng, 5_000), title=f"Report {n}", source_file=f"{n}.txt",
                        outlet=rng.choice(OUTLETS), published=f"2024-06-{rng.randint(1, 28):02d}")
        for n in range(articles)
    ]  # fmt: skip
    big = [
        ImportedArticle(text=article_text(rng, 1_000_000), title=f"Long dossier {n}",
                        source_file=f"dossier-{n}.txt", outlet="Dossier")
        for n in range(large)
    ]  # fmt: skip
    project.add_articles(small + big)
    ids = [a.id for a in project.articles()]
    big_ids, small_ids = ids[articles:], ids[:articles]
    remaining = passages - 2_000 * len(big_ids)
    backend = project.backend
    # One transaction for the bulk: build with a memory backend, then store all at once.
    project.backend = MemoryBackend()
    changes: list[Change] = []

    def collect(applied: Applied) -> None:
        changes.extend(applied.edit.changes)

    project.subscribe(collect)
    for article_id in big_ids:
        add_passages(project, article_id, 2_000, rng)
    for n in range(max(0, remaining)):
        add_passages(project, small_ids[n % len(small_ids)], 1, rng)
    project.unsubscribe(collect)
    project.backend = backend
    backend.write(Edit("Add the benchmark's passages", tuple(changes)))
    return project_file


def web_page(rng: random.Random, size: int = 5_000, n: int = 0) -> str:
    """A saved news page as publishers serve them: ~50 KB, of which the article is `size`
    characters and the rest navigation, scripts, styles, share bars, related links, footer."""
    text = article_text(rng, size).split("\n\n")
    headline, paragraphs = text[0], text[2:]
    outlet = rng.choice(OUTLETS)
    menu = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    related = "".join(
        f'<li><a href="/story/{rng.randint(1, 10**6)}">{sentence(rng)}</a></li>' for _ in range(12)
    )
    state = ",".join(f'"k{i}":"{rng.random()}"' for i in range(400))  # an app's inline JSON
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline} | {outlet}</title><meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="2024-06-{rng.randint(1, 28):02d}T10:00:00Z">
<meta name="author" content="Staff reporter {n}">
<style>{"body{margin:0} .nav a{color:#333} " * 80}</style>
<script>window.__STATE__={{{state}}};</script></head><body>
<div class="cookie">We use cookies <button>Accept</button></div>
<header><nav class="nav"><ul>{menu}</ul></nav></header>
<main><article><h1>{headline}</h1><div class="byline">By Staff reporter {n}</div>
<div class="share"><a href="#">Share</a><a href="#">Tweet</a><a href="#">Email</a></div>
{body}
</article><aside><h3>Related stories</h3><ul>{related}</ul></aside>
<aside><h3>Newsletter</h3><form><input type="email"><button>Sign up</button></form></aside></main>
<footer><ul>{menu}</ul><p>© 2024 {outlet}. All rights reserved.</p></footer>
<script>{"track('pageview');" * 200}</script></body></html>"""


def write_web_pages(folder: Path, count: int, size: int = 5_000, seed: int = 3) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"page-{n:05d}.html"
        path.write_text(web_page(rng, size, n), encoding="utf-8")
        paths.append(path)
    return paths
