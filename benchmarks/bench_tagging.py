"""Tagging latency in a long article: 1 MB of text with 2,000 passages.

Builds a synthetic project in a temporary folder, opens the main window (offscreen unless
DISPLAY says otherwise) and prints the median of several runs for: switching to the article
with its highlights painted, tagging a selection (store + repaint) and undoing it.

    .venv/bin/python benchmarks/bench_tagging.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "Iran Russia missile drone sanctions treaty agreement ballistic the of and to in a that "
    "officials said reported warned supply production cooperation defence ministry talks "
    "energy transport trade dollar currency bank 🚁 Tehran Moscow Kyiv escalation"
).split()


def synthetic_text(size: int, rng: random.Random) -> str:
    paragraphs, total = [], 0
    while total < size:
        sentence_count = rng.randint(3, 7)
        sentences = []
        for _ in range(sentence_count):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def build_project(folder: Path, size: int, passages: int) -> Path:
    from briefing.core.edit import Change, Edit, PassageChange
    from briefing.core.records import ImportedArticle, Passage
    from briefing.core.text import quote_selector
    from briefing.store import create_project

    rng = random.Random(7)
    path = folder / "long.briefing"
    project_file = create_project(path)
    project = project_file.project
    text = synthetic_text(size, rng)
    project.add_articles(
        [
            ImportedArticle(text=text, title="A very long article", source_file="long.txt"),
            ImportedArticle(text="A short article.", title="Short", source_file="short.txt"),
        ]
    )
    article = project.articles()[0]
    themes = [t.id for t in project.themes()]
    changes: list[Change] = []
    for pid in range(1, passages + 1):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randint(20, 300)
        while text[start].isspace():
            start += 1
        selector = quote_selector(text, start, end)
        chosen = tuple(rng.sample(themes, rng.choice((1, 1, 1, 2))))
        passage = Passage(
            pid, article.id, start, end, selector.exact, chosen,
            prefix=selector.prefix, suffix=selector.suffix,
        )  # fmt: skip
        changes.append(PassageChange(pid, None, passage))
    project.apply(Edit("Synthetic passages", tuple(changes)))  # one transaction
    project_file.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text")
    parser.add_argument("--passages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (home / variable).mkdir()
        os.environ[variable] = str(home / variable)
    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from briefing.gui.main_window import MainWindow

    started = time.perf_counter()
    path = build_project(home, args.size, args.passages)
    build_s = time.perf_counter() - started

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1500, 950)
    window.show()
    started = time.perf_counter()
    window.open_initial(path)
    app.processEvents()
    window.reader.view.viewport().repaint()
    open_ms = (time.perf_counter() - started) * 1000

    session = window.session
    assert session is not None
    project = session.project
    long_article, short_article = project.articles()
    view = window.reader.view
    rng = random.Random(11)

    def settle() -> None:
        # What the action posted, and the reader painted now; idle work (off-screen
        # highlighting, the corroboration index) runs later in slices and is not counted.
        app.sendPostedEvents()
        view.viewport().repaint()
        view.stripes.repaint()

    def timed(action: Callable[[], None]) -> float:
        started = time.perf_counter()
        action()
        settle()
        return (time.perf_counter() - started) * 1000

    # The first tag starts the corroboration index, built in idle moments: measure once it is
    # ready, as an analyst meets it a few seconds after opening the project.
    view.select_range(0, 40)
    window.commands.tag_with_theme(project.themes()[0].id)
    window.main_actions.undo_action.trigger()
    while window.passages_pane.corroboration.cache.building():
        app.processEvents()
    theme_ids = [t.id for t in project.themes()]
    switch_times, tag_times, undo_times, redo_times, paint_times = [], [], [], [], []
    for _ in range(max(3, args.runs // 3)):
        window.articles_pane.select_article(short_article.id)
        settle()
        switch_times.append(timed(lambda: window.articles_pane.select_article(long_article.id)))
    for _ in range(args.runs):
        # The selection is made (and scrolled to) before the clock starts.
        start = rng.randrange(0, len(long_article.text) - 200)
        view.select_range(start, start + 120)
        view.centerCursor()
        settle()
        theme = rng.choice(theme_ids)
        tag_times.append(timed(lambda t=theme: window.commands.tag_with_theme(t)))
        undo_times.append(timed(window.main_actions.undo_action.trigger))
        redo_times.append(timed(window.main_actions.redo_action.trigger))
        undo_times.append(timed(window.main_actions.undo_action.trigger))  # back to 2,000 passages
        paint_times.append(timed(lambda: None))

    size_mb = len(long_article.text.encode("utf-8")) / 1e6
    print(f"Article: {len(long_article.text):,} characters ({size_mb:.2f} MB UTF-8), "
          f"{len(project.passages_of(long_article.id)):,} passages; "
          f"project built in {build_s:.1f} s")  # fmt: skip
    print(f"{'operation':<46}{'median ms':>12}{'max ms':>10}")
    rows = [
        ("open project, article shown and painted", [open_ms]),
        ("switch to the article, highlights painted", switch_times),
        ("tag a selection (store, panes, repaint)", tag_times),
        ("undo the tag (store, panes, repaint)", undo_times),
        ("redo the tag (store, panes, repaint)", redo_times),
        ("repaint the visible page", paint_times),
    ]
    for name, times in rows:
        print(f"{name:<46}{statistics.median(times):>12.1f}{max(times):>10.1f}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
