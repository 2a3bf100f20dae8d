"""The figures of `run.py`, each measured in a process of its own (so one figure's memory or
warm caches never flatter another's): `python benchmarks/figures.py NAME PROJECT [--runs N]`
prints one JSON object of figures on its last line. Never part of the test suite.

Every window figure is the response an analyst feels: the action, the events it posted and the
reader (or the pane) painted. Work left for idle moments (highlighting off-screen text, an
index built a slice at a time) is not part of the response, but it runs between the actions,
and a timer that notes its late ticks (`stalls.StallMeter`) reports the longest time the UI
thread was kept from its event loop, action or idle work alike.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

Figures = dict[str, float]


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would also count the peak of
    the process it was forked from)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def repeated(measure: Callable[[], float], runs: int, budget: float = 60.0) -> float:
    """The median of `runs` measurements, fewer once they have taken `budget` seconds."""
    values: list[float] = []
    started = time.perf_counter()
    while len(values) < runs and (not values or time.perf_counter() - started < budget):
        values.append(measure())
    return statistics.median(values)


# ----- the window ------------------------------------------------------------------------------


class Window:
    """The main window over a project, with a stall meter running between the actions."""

    def __init__(self, path: Path) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox
        from stalls import StallMeter

        from briefing.gui.app import share_the_interpreter
        from briefing.gui.main_window import MainWindow

        share_the_interpreter()  # as the app does when it starts (`gui.app.make_app`)
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        QMessageBox.information = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
        self.window = MainWindow()
        self.window.resize(1500, 950)
        self.window.show()
        self.app.processEvents()
        self.meter = StallMeter()
        self.stalls: dict[str, float] = {}
        self.stall_cpu: dict[str, float] = {}  # the UI thread's CPU in each phase's busiest gap
        view = self.window.reader.view
        self._paints = PaintWatch([view.viewport(), view.stripes])
        self.open_s = timed(lambda: (self.window.lifecycle.open_project(path), self.settle()))

    def settle(self) -> None:
        """What an action posted (layouts, updates) delivered, the reader painting as it
        does then; painted now if it had not (each once: the paint delivered with the posted
        events is the one the analyst sees, and a second would be timed as well). A long
        article the reader shows a few turns later is waited for."""
        self.app.sendPostedEvents()
        while self.window.reader.showing_later():
            self.app.processEvents()
        for widget in self._paints.unpainted():
            widget.repaint()
        self._paints.reset()

    def paint_side(self) -> None:
        self.app.sendPostedEvents()
        self.window.side_tabs.currentWidget().repaint()

    def idle(self, seconds: float, until: Callable[[], bool] | None = None) -> float:
        """Run the event loop (idle work included) for `seconds`, or until `until()`; how
        long it took."""
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            self.app.processEvents()
            if until is not None and until():
                break
            time.sleep(0.001)
        self._paints.reset()  # what the next action shows is painted by it
        return time.perf_counter() - started

    def stall_figures(self) -> Figures:
        """Each phase's longest stall, and beside it in run.py's table its UI-thread CPU: on
        a shared machine the wall time stretches while the thread waits for a core, and the
        CPU time tells the code's part apart."""
        figures: Figures = {}
        for name, stall in self.stalls.items():
            figures[f"stall: {name}"] = stall
            figures[f"stall: {name}, UI-thread CPU"] = self.stall_cpu[name]
        return figures

    def phase(self, name: str) -> _Phase:
        return _Phase(self, name)


class PaintWatch:
    """Which of some widgets have painted since `reset`."""

    def __init__(self, widgets: list[Any]) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        painted: set[int] = set()

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
                if event.type() == paint:
                    painted.add(id(watched))
                return False

        self._widgets, self._painted, self._filter = widgets, painted, Filter()
        for widget in widgets:
            widget.installEventFilter(self._filter)

    def unpainted(self) -> list[Any]:
        return [w for w in self._widgets if id(w) not in self._painted]

    def reset(self) -> None:
        self._painted.clear()


class _Phase:
    """The longest stall of one phase of the window figures."""

    def __init__(self, window: Window, name: str) -> None:
        self.window, self.name = window, name

    def __enter__(self) -> None:
        self.window.meter.start()

    def __exit__(self, *_exc: object) -> None:
        self.window.stalls[self.name] = self.window.meter.stop() * 1000
        self.window.stall_cpu[self.name] = self.window.meter.longest_cpu * 1000


def window_figures(path: Path, runs: int) -> Figures:
    """Open the big project; corroboration after reopening; switch to, tag and undo in a 1 MB
    article; the first visit of its suggestions; every pane; a search in the Search pane."""
    w = Window(path)
    window = w.window
    project = window.session.project
    articles = project.articles()
    small, large = articles[0], articles[-1]
    figures: Figures = {"open": w.open_s}
    with w.phase("after opening"):
        w.idle(1.0)

    # The corroboration panel's first answer after (re)opening the project.
    with w.phase("corroboration after reopening"):
        window.hub.current.show_article(large.id)
        w.settle()
        passage = project.passages_of(large.id)[len(project.passages_of(large.id)) // 2]
        panel = window.corroboration
        started = time.perf_counter()
        window.hub.current.choose_passage(passage.id)
        w.idle(600, until=lambda: not panel.looking() and not panel.cache.building())
        figures["corroboration_reopen"] = time.perf_counter() - started
        w.idle(0.5)

    switches = []
    with w.phase("switch"):
        for _ in range(runs):
            window.articles_pane.select_article(small.id)
            w.settle()
            w.idle(0.3)
            switches.append(
                timed(lambda: (window.articles_pane.select_article(large.id), w.settle()))
            )
            w.idle(0.5)
    figures["switch"] = statistics.median(switches) * 1000

    # The first visit of the open article's suggestions.
    with w.phase("suggestions"):
        tabs = window.side_tabs
        figures["suggestions"] = (
            timed(lambda: (tabs.setCurrentWidget(window.suggestions_pane), w.paint_side())) * 1000
        )
        w.idle(0.5)
        tabs.setCurrentWidget(window.passages_pane)
        w.idle(0.3)

    rng = random.Random(5)
    view = window.reader.view
    theme = project.themes()[0].id
    tags, undos = [], []
    with w.phase("tag and undo"):
        for _ in range(runs * 3):
            start = rng.randrange(0, len(large.text) - 300)
            view.select_range(start, start + 120)
            view.centerCursor()
            w.settle()
            w.idle(0.2)
            tags.append(timed(lambda: (window.commands.tag_with_theme(theme), w.settle())))
            w.idle(0.3)
            undos.append(timed(lambda: (window.main_actions.undo_action.trigger(), w.settle())))
            w.idle(0.3)
    figures["tag"] = statistics.median(tags) * 1000
    figures["undo"] = statistics.median(undos) * 1000
    figures["tag_worst"], figures["undo_worst"] = max(tags) * 1000, max(undos) * 1000

    # Every pane, each painted; the Search pane with a query typed.
    for index in range(window.side_tabs.count()):
        name = window.side_tabs.tabText(index).lower()
        with w.phase(f"visit {name}"):
            figures[f"visit_{name}"] = (
                timed(lambda i=index: (window.side_tabs.setCurrentIndex(i), w.paint_side())) * 1000
            )
            w.idle(0.5)
    with w.phase("search pane"):
        pane = window.search_pane
        window.side_tabs.setCurrentWidget(pane)
        started = time.perf_counter()
        pane.field.setText("iran drones")
        pane.search.run_now()
        w.idle(120, until=lambda: pane.search.state.complete)
        figures["search_pane"] = time.perf_counter() - started
        w.idle(0.3)
    figures["rss"] = peak_rss_mb()
    figures.update(w.stall_figures())
    figures["stall"] = max(w.stalls.values())
    window.close()
    return figures


def window_import(path: Path, runs: int) -> Figures:
    """1,000 saved web pages imported through the window into the big project (File > Import):
    the time to the last article listed, and the longest stall meanwhile."""
    from scale import web_pages

    pages = web_pages()
    w = Window(path)
    window = w.window
    project = window.session.project
    before = len(project.articles())
    with w.phase("import through the window"):
        started = time.perf_counter()
        window.import_paths(pages)
        w.idle(
            600,
            until=lambda: (
                not window.importer.running() and len(project.articles()) >= before + len(pages)
            ),
        )
        elapsed = time.perf_counter() - started
        w.idle(1.0)
    window.close()
    return {"window_import": elapsed, **w.stall_figures()}


def window_merge(path: Path, runs: int) -> Figures:
    """The theme that tags the most passages merged into another through the codebook pane
    (Merge theme…), then undone (Ctrl+Z): each from the action to the last step in, with the
    longest stall meanwhile."""
    from PySide6.QtWidgets import QInputDialog

    w = Window(path)
    window = w.window
    project = window.session.project
    w.idle(600, until=lambda: not window.session.reading)  # every passage read, as later on
    counts = project.passage_counts_by_theme()
    source = max(project.themes(), key=lambda t: counts[t.id])
    target = next(t for t in project.themes() if t.id != source.id)
    QInputDialog.getItem = lambda *a, **k: (target.name, True)  # type: ignore[method-assign]
    window.codebook_pane.select_theme(source.id)
    figures: Figures = {}
    for phase, key, act in (
        ("merge a theme through the window", "window_merge",
         window.codebook_pane.merge_action.trigger),
        ("undo that merge", "window_merge_undo", window.main_actions.undo_action.trigger),
    ):  # fmt: skip
        with w.phase(phase):
            started = time.perf_counter()
            act()
            w.idle(600, until=lambda: not window.big_edits.running())
            figures[key] = time.perf_counter() - started
            w.idle(0.5)
    assert counts == project.passage_counts_by_theme()  # all of it undone
    window.close()
    return {**figures, **w.stall_figures()}


def window_export(path: Path, runs: int) -> Figures:
    """The passages exported to .docx through the window (File > Export briefing…, every
    article and theme): the dialog opened, the file written and read back with every quote
    checked, the verdict shown; the time from Export to the verdict, and the longest stall
    from opening the dialog to closing it."""
    from briefing.gui.export_dialog import ExportDialog

    w = Window(path)
    window, session = w.window, w.window.session
    w.idle(600, until=lambda: not session.reading)  # as the analyst finds it a moment later
    target = path.with_name("through-the-window.docx")
    finished: list[bool] = []
    with w.phase("export through the window"):
        dialog = ExportDialog(session.project, session.name, window, session)
        dialog.finished_export.connect(lambda: finished.append(True))
        dialog.show()
        w.idle(0.5)
        started = time.perf_counter()
        dialog.export_to(target)
        w.idle(600, until=lambda: bool(finished))
        elapsed = time.perf_counter() - started
        dialog.close()
        w.idle(0.5)
    report = dialog.last_report
    assert report is not None and report.ok and report.checked > 0, report
    window.close()
    return {"window_export": elapsed, **w.stall_figures()}


# ----- the store and analysis, without a window ----------------------------------------------


def search_figures(path: Path, runs: int) -> Figures:
    from briefing.analysis.search import search_project
    from briefing.analysis.search_query import parse_query
    from briefing.core.collection import keep_out_of_collections
    from briefing.store import open_project

    project_file = open_project(path, read_only=True)
    project = project_file.project
    # As the window does once a project is open: otherwise the first query pays for the
    # collector's first walks over the two million objects the opening made (~190 ms at
    # scale 10), which no search in the window ever meets.
    keep_out_of_collections()
    # Imported here, not at the top: the cold-start child, timed from its first line, loads
    # only what the app loads.
    from bench_search import QUERIES  # 50 varied corpus-search queries

    seconds = []
    for text in QUERIES:
        query = parse_query(text)
        times = [
            timed(lambda q=query: search_project(project, q, limit=200, count_all=False))
            for _ in range(max(1, runs // 2))
        ]
        seconds.append(statistics.median(times))
    project_file.close()
    return {
        "search_median": statistics.median(seconds) * 1000,
        "search_worst": max(seconds) * 1000,
    }


def _copy(path: Path, name: str) -> Path:
    from scale import working_copy

    return working_copy(path, path.with_name(name))


def import_figures(path: Path, runs: int) -> Figures:
    """1,000 text files and 1,000 saved web pages imported into (a copy of) the big project,
    end to end (read, extract, store, indexes); and one article, with the corroboration index
    up to date after it."""
    from scale import article_files, web_pages

    from briefing.importers.batch import import_files
    from briefing.store import open_project

    figures: Figures = {}
    for key, sources, count in (
        ("import_txt", article_files(), max(3, runs // 2)),
        ("import_html", web_pages(), 2),
    ):

        def once(sources: list[Path] = sources) -> float:
            # The last run's closed project is cyclic garbage: collected here, not in the
            # import timed next (a gen-1 collection of 120,000 objects, 0.5-1 s).
            gc.collect()
            project_file = open_project(_copy(path, "import.briefing"))
            before = len(project_file.project.articles())
            seconds = timed(lambda: import_files(project_file.project, sources))
            assert len(project_file.project.articles()) == before + len(sources)
            project_file.close()
            return seconds

        figures[key] = repeated(once, count)
    figures.update(corroboration_update(path, runs))
    return figures


def corroboration_update(path: Path, runs: int) -> Figures:
    """One article imported into the big project, and its sentences found by a lookup."""
    from scale import article_files

    from briefing.importers.batch import import_files
    from briefing.store import open_project

    sources = iter(article_files())

    def once() -> float:
        project_file = open_project(_copy(path, "one.briefing"))
        project_file.claims()  # the indexes' check at opening is done (it is not the update)
        project = project_file.project
        source = next(sources)

        def work() -> None:
            import_files(project, [source])
            new = project.articles()[-1]
            index = corroboration_index(project_file)
            assert index.lookup(new.id, 0, 80) is not None

        seconds = timed(work)
        project_file.close()
        return seconds

    return {"corroboration_update": repeated(once, max(3, runs // 2))}


def corroboration_index(project_file: Any) -> Any:
    """The project's corroboration index, as the window asks it (the one the file keeps)."""
    from briefing.analysis.corroboration import project_index

    return project_index(project_file.project)


def corroboration_build(path: Path, runs: int) -> Figures:
    """The whole corroboration index built again in the window's idle moments, as after a
    damaged index (emptied when the project opens), with the longest stall meanwhile."""
    import sqlite3

    project = _copy(path, "build.briefing")
    conn = sqlite3.connect(project)
    conn.execute("DELETE FROM claim_sentences WHERE id = (SELECT min(id) FROM claim_sentences)")
    conn.commit()
    conn.close()
    w = Window(project)
    window = w.window
    panel = window.corroboration
    with w.phase("corroboration build"):
        started = time.perf_counter()
        panel.cache.get(window.session.project)
        w.idle(600, until=lambda: not panel.cache.building())
        seconds = time.perf_counter() - started
    assert window.session.stored.claims().missing() == 0
    window.close()
    return {"corroboration_build": seconds, **w.stall_figures()}


def export_figures(path: Path, runs: int) -> Figures:
    import docx

    from briefing.export import FORMATS, OutlineOptions, build_outline
    from briefing.export.verify import verify_export
    from briefing.store import open_project

    project = open_project(path, read_only=True).project
    count = len(project.passages())

    def floor() -> None:
        document = docx.Document()
        for passage in project.passages():
            document.add_paragraph(passage.quote)
        document.save(io.BytesIO())

    def export(fmt: str, target: Any) -> None:
        FORMATS[fmt].write(build_outline(project, OutlineOptions()), target)

    folder = path.parent / "exports"
    folder.mkdir(exist_ok=True)
    written = folder / "briefing.docx"
    repeats = max(1, runs // 2)
    floors, exports = [], []
    known = _known_floor(count)
    for _ in range(repeats):  # alternated: a neighbour's load hits both alike
        if known is None:
            floors.append(timed(floor))
        exports.append(timed(lambda: export("docx", written)))
    floor_s, docx_s = known or statistics.median(floors), statistics.median(exports)
    if known is None:
        _remember_floor(count, floor_s)
    md_s = repeated(lambda: timed(lambda: export("md", io.BytesIO())), repeats)
    verify_s = repeated(lambda: timed(lambda: verify_export(project, written)), repeats)
    report = verify_export(project, written)
    assert report.ok, report.lines()
    return {"docx": docx_s / floor_s, "docx_s": docx_s, "docx_floor": floor_s, "md": md_s,
            "verify": verify_s, "passages": count}  # fmt: skip


# python-docx's add_paragraph looks for the section settings among the body's children, so
# the floor grows with the square of the paragraphs (15 minutes for 100,000): above this many
# it is measured once per python-docx version and kept beside the corpora.
FLOOR_KEPT_FROM = 20_000


def _floor_file() -> Path:
    from scale import CACHE

    return CACHE / "docx-floor.json"


def _floor_key(count: int) -> str:
    import docx

    return f"{count}-{getattr(docx, '__version__', '?')}"


def _known_floor(count: int) -> float | None:
    if count < FLOOR_KEPT_FROM or not _floor_file().exists():
        return None
    value = json.loads(_floor_file().read_text()).get(_floor_key(count))
    return float(value) if value is not None else None


def _remember_floor(count: int, seconds: float) -> None:
    if count < FLOOR_KEPT_FROM:
        return
    known = json.loads(_floor_file().read_text()) if _floor_file().exists() else {}
    known[_floor_key(count)] = seconds
    _floor_file().write_text(json.dumps(known))


def exchange_figures(path: Path, runs: int) -> Figures:
    """The big project exported as REFI-QDA (.qdpx), and that archive opened as a new one."""
    from bench_qdpx import exchange_times

    from briefing.store import open_project

    project = open_project(path, read_only=True).project
    folder = path.parent / "exchange"
    folder.mkdir(exist_ok=True)
    exports, imports, _ = exchange_times(project, folder, max(1, runs // 4))
    return {"qdpx_export": statistics.median(exports), "qdpx_import": statistics.median(imports)}


def export_memory(path: Path, runs: int) -> Figures:
    """Peak memory of a process that opens the project and exports its briefing as .docx."""
    from briefing.export import FORMATS, OutlineOptions, build_outline
    from briefing.store import open_project

    project = open_project(path, read_only=True).project
    FORMATS["docx"].write(build_outline(project, OutlineOptions()), io.BytesIO())
    return {"docx_rss": peak_rss_mb()}


def show_json(path: Path, runs: int) -> Figures:
    """`briefing show --json` in this process, its output thrown away."""
    from briefing.cli import main

    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            main(["show", "--json", str(path)])
        finally:
            sys.stdout = stdout
    return {"show_s": time.perf_counter() - started, "show_rss": peak_rss_mb()}


def cold_child(path: Path, runs: int) -> Figures:
    """Started by `run.py` (which times it): the app started as `briefing-builder PROJECT`
    starts it (`gui.app.start`: logging, the window shown with the project), the first
    article painted, then "shown" on stdout."""
    from briefing.gui.app import start

    app, window = start([path])
    app.processEvents()
    window.reader.view.viewport().repaint()
    print("shown", flush=True)
    return {}


FIGURES: dict[str, Callable[[Path, int], Figures]] = {
    "window": window_figures,
    "window_import": window_import,
    "window_merge": window_merge,
    "window_export": window_export,
    "search": search_figures,
    "import": import_figures,
    "corroboration_build": corroboration_build,
    "export": export_figures,
    "export_memory": export_memory,
    "exchange": exchange_figures,
    "show": show_json,
    "cold": cold_child,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figure", choices=sorted(FIGURES))
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures = FIGURES[args.figure](args.project, args.runs)
    if args.figure != "cold":
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    shutil.disk_usage("/tmp")  # fail early, not mid-run, if /tmp is gone
    sys.exit(main())
