"""Every speed and memory target of Briefing Builder in one table (issue 5).

Generates a synthetic corpus in a temporary folder (1,000 news-like articles of ~5 KB, a
project with 10,000 passages of which two 1 MB articles hold 2,000 each), measures each figure
as the median of several runs, and prints it beside its target. Never part of the test suite.

    .venv/bin/python benchmarks/run.py [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# (name, target, unit, passes(value) -> bool)
TARGETS = {
    "cold": ("cold start to a shown main window, sample project", "< 1.0 s", "s", 1.0),
    "open": ("open 1,000-article / 10,000-passage project, first article", "< 1.0 s", "s", 1.0),
    "import": ("import 1,000 article files into a new project", "< 5 s", "s", 5.0),
    "switch": ("switch to the 1 MB article (2,000 passages), painted", "< 150 ms", "ms", 150),
    "tag": ("tag a selection there (store + repaint)", "< 30 ms", "ms", 30),
    "undo": ("undo that tag", "< 30 ms", "ms", 30),
    "docx": ("export 10,000 passages to .docx: ratio to bare python-docx", "<= 1.3", "x", 1.3),
    "md": ("export 10,000 passages to Markdown", "< 0.5 s", "s", 0.5),
    "rss": ("peak memory (RSS) with the large project open", "< 400 MB", "MB", 400),
    "qdpx_export": ("export that project as REFI-QDA (.qdpx)", "< 10 s", "s", 10.0),
    "qdpx_import": ("open that .qdpx as a new project", "< 10 s", "s", 10.0),
}

CHILD_COLD = """
import sys, time
from PySide6.QtWidgets import QApplication
from briefing.gui.main_window import MainWindow
app = QApplication(sys.argv[:1])
window = MainWindow()
window.show()
window.open_initial(None)
app.processEvents()
window.reader.view.viewport().repaint()
print("shown", flush=True)
"""

CHILD_MEMORY = """
import resource, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from briefing.gui.main_window import MainWindow
app = QApplication(sys.argv[:1])
window = MainWindow()
window.show()
window.lifecycle.open_project(Path(sys.argv[1]))
app.processEvents()
for article in window.session.project.articles()[-2:]:  # the 1 MB articles, painted
    window.articles_pane.select_article(article.id)
    app.processEvents()
    window.reader.view.viewport().repaint()
# VmHWM is this program's own peak; ru_maxrss would also count the benchmark process it was
# forked from (Linux carries the parent's peak across fork and exec).
try:
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
except (OSError, IndexError):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def user_folders(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (root / variable).mkdir(parents=True, exist_ok=True)
        env[variable] = str(root / variable)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cold_start(root: Path, runs: int) -> float:
    env = user_folders(root / "cold")
    # The first start makes the sample project; a cold start reopens it.
    subprocess.run([sys.executable, "-c", CHILD_COLD], env=env, check=True, capture_output=True)

    def once() -> float:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_COLD], env=env, stdout=subprocess.PIPE, text=True,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert child.stdout is not None and child.stdout.readline().strip() == "shown"
        elapsed = time.perf_counter() - started
        child.wait()
        return elapsed

    return median_of(runs, once)


def import_files(folder: Path, root: Path, runs: int) -> float:
    from corpus import write_article_files

    from briefing.importers.batch import import_files as import_all
    from briefing.store import create_project

    paths = write_article_files(folder, 1_000)
    counter = iter(range(runs))

    def once() -> float:
        project_file = create_project(root / f"import-{next(counter)}.briefing")
        elapsed = timed(lambda: import_all(project_file.project, paths))
        assert len(project_file.project.articles()) == 1_000
        project_file.close()
        return elapsed

    return median_of(runs, once)


def reader_figures(path: Path, runs: int) -> dict[str, float]:
    """Open the large project in the main window; switch, tag and undo in a 1 MB article."""
    from PySide6.QtWidgets import QApplication

    from briefing.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    figures: dict[str, list[float]] = {"open": [], "switch": [], "tag": [], "undo": []}

    def settle(window: MainWindow) -> None:
        # Deliver what the action posted (layouts, updates) and paint the reader now. Idle
        # work (highlighting off-screen text, building the corroboration index) waits for a
        # quiet event loop in a few-millisecond slices and is not part of the response.
        app.sendPostedEvents()
        window.reader.view.viewport().repaint()
        window.reader.view.stripes.repaint()

    for _ in range(runs):
        window = MainWindow()
        window.resize(1500, 950)
        window.show()
        app.processEvents()
        figures["open"].append(timed(lambda w=window: (w.lifecycle.open_project(path), settle(w))))
        window.close()
    window = MainWindow()
    window.resize(1500, 950)
    window.show()
    window.lifecycle.open_project(path)
    settle(window)
    project = window.session.project
    small, large = project.articles()[0], project.articles()[-1]
    view = window.reader.view
    rng = random.Random(5)
    for _ in range(runs):
        window.articles_pane.select_article(small.id)
        settle(window)
        switch = lambda w=window: (w.articles_pane.select_article(large.id), settle(w))  # noqa: E731
        figures["switch"].append(timed(switch))
    # Tagging starts the corroboration index, built in idle moments (~6 s of work here): time
    # tag and undo once it is ready, and report the first tag separately.
    start = rng.randrange(0, len(large.text) - 300)
    view.select_range(start, start + 120)
    settle(window)
    theme = project.themes()[0].id
    first_tag = timed(lambda w=window: (w.commands.tag_with_theme(theme), settle(w)))
    window.main_actions.undo_action.trigger()
    cache = window.passages_pane.corroboration.cache
    deadline = time.perf_counter() + 120
    while cache.building() and time.perf_counter() < deadline:
        app.processEvents()
    for _ in range(runs * 3):
        start = rng.randrange(0, len(large.text) - 300)
        view.select_range(start, start + 120)
        view.centerCursor()
        settle(window)
        figures["tag"].append(timed(lambda w=window: (w.commands.tag_with_theme(theme), settle(w))))
        figures["undo"].append(
            timed(lambda w=window: (w.main_actions.undo_action.trigger(), settle(w)))
        )
    window.close()
    medians = {name: statistics.median(values) for name, values in figures.items()}
    medians["first_tag"] = first_tag
    return medians


def export_figures(path: Path, runs: int) -> tuple[float, float, float]:
    import docx

    from briefing.export import FORMATS, OutlineOptions, build_outline
    from briefing.store import open_project

    project = open_project(path, read_only=True).project
    assert len(project.passages()) == 10_000

    def floor() -> None:
        document = docx.Document()
        for passage in project.passages():
            document.add_paragraph(passage.quote)
        document.save(io.BytesIO())

    def export(fmt: str) -> Callable[[], None]:
        return lambda: FORMATS[fmt].write(build_outline(project, OutlineOptions()), io.BytesIO())

    floor_s = median_of(runs, lambda: timed(floor))
    docx_s = median_of(runs, lambda: timed(export("docx")))
    md_s = median_of(runs, lambda: timed(export("md")))
    return docx_s, floor_s, md_s


def exchange_figures(path: Path, root: Path, runs: int) -> tuple[float, float]:
    from bench_qdpx import exchange_times

    from briefing.store import open_project

    project = open_project(path, read_only=True).project
    folder = root / "exchange"
    folder.mkdir()
    exports, imports, _ = exchange_times(project, folder, max(3, runs // 2))
    return statistics.median(exports), statistics.median(imports)


def peak_memory(path: Path, root: Path) -> float:
    env = user_folders(root / "memory")
    result = subprocess.run(
        [sys.executable, "-c", CHILD_MEMORY, str(path)], env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    os.environ.update(user_folders(root / "home"))
    from corpus import build_large_project

    print(f"Corpus in {root}; {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.machine()}", flush=True)  # fmt: skip
    large = root / "large.briefing"
    build_large_project(large).close()

    values: dict[str, float] = {}
    values["cold"] = cold_start(root, args.runs)
    values.update(reader_figures(large, args.runs))
    values["open"] /= 1  # seconds already
    for key in ("switch", "tag", "undo", "first_tag"):
        values[key] *= 1000
    values["import"] = import_files(root / "articles", root, max(3, args.runs // 2))
    docx_s, floor_s, md_s = export_figures(large, args.runs)
    values["docx"], values["md"] = docx_s / floor_s, md_s
    values["rss"] = peak_memory(large, root)
    values["qdpx_export"], values["qdpx_import"] = exchange_figures(large, root, args.runs)

    print(f"\n{'figure':<62}{'measured':>12}  {'target':<10}")
    for key, (name, target, unit, limit) in TARGETS.items():
        value = values[key]
        shown = f"{value:.2f} {unit}" if unit in ("s", "x") else f"{value:.0f} {unit}"
        verdict = "ok" if value <= limit else "MISSED"
        print(f"{name:<62}{shown:>12}  {target:<10}{verdict}")
    print(
        f"(docx export {docx_s:.2f} s, bare python-docx floor {floor_s:.2f} s; first tag "
        f"after opening, while the corroboration index builds: {values['first_tag']:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
