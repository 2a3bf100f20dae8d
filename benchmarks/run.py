"""Every speed and memory target of Briefing Builder in one table (issues 5 and 18).

    .venv/bin/python benchmarks/run.py [--scale 10] [--runs 5] [--only window,export]

Measures each figure on the scale-1 corpus (1,000 news-like articles, 10,000 passages, two
1 MB dossiers of 2,000 passages each; see `scale.py`) and, with `--scale N`, on N times that
corpus too, and prints them side by side with their ratio and the target (a target holds at
the largest scale). Interactive figures (switch, tag, undo, suggestions, search) must not grow
with the corpus: their ratio is held to < 1.5. Corpora are made once and kept in
/tmp/briefing-bench-cache; each figure is measured in a process of its own
(`figures.py`), on a copy. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import Scale, large_project, working_copy  # noqa: E402

INTERACTIVE_RATIO = 1.5
CPU_SUFFIX = ", UI-thread CPU"  # a stall's row beside it: the UI thread's CPU in that gap


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    unit: str  # "s", "ms", "MB", "x"
    limit: float | None  # the target (value <= limit), None: for information
    interactive: bool = False
    target: str = ""

    def shown_target(self) -> str:
        if self.target:
            return self.target
        if self.limit is None:
            return ""
        if self.unit == "x":
            return f"<= {self.limit:g}"
        return f"< {self.limit:g} {self.unit}"


ROWS = [
    Row("cold", "cold start to a shown window, big project, first article painted", "s", 1.0),
    Row("open", "open the big project in a running window, first article painted", "s", None),
    Row("switch", "switch to the 1 MB article (2,000 passages), painted", "ms", 100, True),
    Row("tag", "tag a selection there (store, views, repaint)", "ms", 16, True),
    Row("undo", "undo that tag", "ms", 16, True),
    Row("tag_worst", "  worst tag / undo of the runs", "ms", None),
    Row("suggestions", "first visit of that article's suggestions", "ms", 100, True),
    Row("search_median", "corpus search, median of 50 queries (first 200 hits)", "ms", 50, True),
    Row("search_worst", "corpus search, worst of the 50", "ms", 200, True),
    Row("search_pane", "  the Search pane: 'iran drones' typed, every hit found", "s", None),
    Row("import_txt", "import 1,000 text files into the big project", "s", 1.0),
    Row("import_html", "import 1,000 saved web pages into the big project", "s", 15.0),
    Row("window_import", "  the same through the window (File > Import)", "s", None),
    Row("window_merge", "merge the theme of most passages into another, in the window", "s", None),
    Row("window_merge_undo", "  and undo it", "s", None),
    Row(
        "corroboration_reopen", "corroboration: first answer after reopening (no rebuild)", "s", 0.1
    ),  # fmt: skip
    Row(
        "corroboration_update", "corroboration: up to date after importing one article", "s", 0.3
    ),  # fmt: skip
    Row("corroboration_build", "corroboration: full build of the index", "s", 30.0),
    Row("docx", "export the passages to .docx: ratio to bare python-docx", "x", 1.0),
    Row("docx_s", "  .docx export / bare python-docx adding the same paragraphs", "s", None),
    Row("md", "export the passages to Markdown", "s", 3.0),
    Row("verify", "verify that .docx (off the UI thread)", "s", 10.0),
    Row("docx_rss", "peak RSS of the .docx export", "MB", 1024, target="< 1 GB"),
    Row("window_export", "  the .docx export through the window, written and checked", "s", None),
    Row("show_s", "`briefing show --json` of the big project", "s", 3.0),
    Row("show_rss", "  its peak RSS", "MB", 500),
    Row("qdpx_export", "export the big project as REFI-QDA (.qdpx)", "s", None),
    Row("qdpx_import", "open that .qdpx as a new project", "s", None),
    Row("rss", "peak RSS, big project open, every pane visited", "MB", 600),
    Row("stall", "longest UI-thread stall during any of the figures in a window", "ms", 50),
]
VISITS = ["passages", "search", "suggestions", "codebook", "settings", "briefing"]
# Which child measures which figures; "cold" is timed from here.
GROUPS = ["cold", "window", "window_import", "window_merge", "window_export", "search", "import",
          "corroboration_build", "export", "export_memory", "show", "exchange"]  # fmt: skip


def user_folders(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (root / variable).mkdir(parents=True, exist_ok=True)
        env[variable] = str(root / variable)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])
    # The app as installed runs compiled: pip compiles a wheel's modules, a bundle holds them
    # compiled. A shell that asks Python not to write bytecode (PYTHONDONTWRITEBYTECODE) would
    # have every child compile the package's sources again (0.5-1 s of a cold start, at load
    # ~3): the children keep their bytecode here instead, written by the first (warming) run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "bytecode")
    return env


def child(group: str, project: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, str(HERE / "figures.py"), group, str(project), "--runs", str(runs)]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"    {group} failed:\n{result.stderr[-3000:]}", flush=True)
        return {}
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"    {group}: {time.perf_counter() - started:.0f} s", flush=True)
    return figures


def cold_start(project: Path, runs: int, env: dict[str, str]) -> float:
    command = [sys.executable, str(HERE / "figures.py"), "cold", str(project)]
    # Warms the file cache and writes the bytecode (see `user_folders`).
    subprocess.run(command, env=env, check=True, capture_output=True)

    def once() -> float:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        assert process.stdout is not None and process.stdout.readline().strip() == "shown"
        elapsed = time.perf_counter() - started
        process.wait()
        return elapsed

    return statistics.median(once() for _ in range(runs))


def measure(scale: Scale, root: Path, runs: int, only: set[str]) -> dict[str, float]:
    print(f"  {scale.describe()}", flush=True)
    cached = large_project(scale)
    folder = root / f"scale-{scale.factor}"
    env = user_folders(folder / "home")
    values: dict[str, float] = {}
    for group in GROUPS:
        if only and group not in only:
            continue
        # Each child has a copy of its own: the window's edits and imports never reach another.
        project = working_copy(cached, folder / group / "large.briefing")
        if group == "cold":
            values["cold"] = cold_start(project, runs, env)
            print(f"    cold: {values['cold']:.2f} s", flush=True)
        else:
            values.update(child(group, project, runs, env))
    stalls = [v for k, v in values.items()
              if k.startswith("stall: ") and not k.endswith(CPU_SUFFIX)]  # fmt: skip
    if stalls:  # every window figure's stall, the import and export through it included
        values["stall"] = max(stalls)
    return values


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("s", "x"):
        return f"{value:.2f} {unit}"
    return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"


def table(scales: list[Scale], results: list[dict[str, float]]) -> str:
    wide = len(scales) > 1
    head = f"{'figure':<66}" + "".join(f"{'scale ' + str(s.factor):>12}" for s in scales)
    head += f"{'ratio':>8}" if wide else ""
    lines = [head + f"  {'target':<12}"]
    rows = list(ROWS)
    rows[-1:-1] = [Row(f"visit_{name}", f"  visit the {name.title()} pane, painted", "ms", None)
                   for name in VISITS]  # fmt: skip
    stalls = sorted({k for r in results for k in r if k.startswith("stall: ")})
    rows += [Row(k, f"  {k}", "ms", None) for k in stalls]
    for row in rows:
        values = [r.get(row.key) for r in results]
        if row.key == "tag_worst":
            values = [max(r["tag_worst"], r["undo_worst"]) if "tag_worst" in r else None
                      for r in results]  # fmt: skip
        if all(v is None for v in values):
            continue
        line = f"{row.name:<66}" + "".join(f"{shown(v, row.unit):>12}" for v in values)
        ratio = None
        if wide and values[0] and values[-1] is not None:
            ratio = values[-1] / values[0]
            line += f"{ratio:>7.2f}x"
        elif wide:
            line += f"{'':>8}"
        line += f"  {row.shown_target():<12}"
        last = values[-1]
        if row.limit is not None and last is not None:
            missed = last > row.limit
            grew = row.interactive and ratio is not None and ratio >= INTERACTIVE_RATIO
            line += "MISSED" if missed else ("ok, but grows" if grew else "ok")
        lines.append(line)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="also measure at N times scale 1")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--only", default="", help=f"groups to measure: {', '.join(GROUPS)}")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    only = {g for g in args.only.split(",") if g}
    root = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    scales = [Scale(1)] + ([Scale(args.scale)] if args.scale != 1 else [])
    load = os.getloadavg()
    print(f"Work in {root}; {os.cpu_count()} cores, load {load[0]:.1f}, Python "
          f"{platform.python_version()}, {platform.machine()}", flush=True)  # fmt: skip
    results = [measure(scale, root, args.runs, only) for scale in scales]
    print()
    print(table(scales, results))
    print(
        f"(load average at the end {os.getloadavg()[0]:.1f}; docx floors: "
        + ", ".join(f"{r['docx_floor']:.1f} s" for r in results if "docx_floor" in r)
        + ")"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"scale": s.factor, **r} for s, r in zip(scales, results, strict=True)], indent=1
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
