"""A shared project on a PostgreSQL server (issue 16). Never part of the test suite.

Starts a throwaway PostgreSQL cluster (as the tests do: tests/server_cluster.py; as root the
server runs as the `postgres` user), makes a 1,000-article project with 2,000 passages on it
over loopback TCP with a password, as a desk would, and measures:

- open: time to open that project as a member (records read, checked, indexed in memory);
- writers: 10 analysts' processes tagging at once, 100 edits each: edits per second over
  all of them, and each edit's latency (median, 95th percentile);
- live: how long another analyst's edit takes to reach an open project through
  LISTEN/NOTIFY and the change log (stored -> taken in), median and worst.

    .venv/bin/python benchmarks/bench_server.py [--writers 10] [--edits 100] [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

OWNER = "bench_owner"
PASSAGES = 2_000

# One analyst's process: open, say so, wait for the go, tag, print each edit's latency.
WRITER = """
import json, sys, time
from briefing.store.opening import open_location
url, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
stored = open_location(url)
project = stored.project
article = project.articles()[first % len(project.articles())]
words = [i for i, c in enumerate(article.text) if c == " "]
print("ready", flush=True)
sys.stdin.readline()
latencies = []
for n in range(count):
    start = words[(first * 7 + n * 3) % (len(words) - 1)] + 1
    end = article.text.index(" ", start)
    began = time.perf_counter()
    project.tag(article.id, start, end, [1 + n % 4])
    latencies.append(time.perf_counter() - began)
stored.close()
print(json.dumps(latencies))
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def make_project(url: str, articles: int) -> None:
    from corpus import article_text

    from briefing.core.codebook import default_themes
    from briefing.core.project import Project
    from briefing.core.records import BriefingSettings, ImportedArticle
    from briefing.store.opening import create_location

    rng = random.Random(16)
    project = Project(themes=default_themes(), settings=BriefingSettings(title="Bench desk"))
    project.add_articles([
        ImportedArticle(text=article_text(rng, 5_000), title=f"Article {n}", source_file=f"{n}")
        for n in range(articles)
    ])  # fmt: skip
    for n in range(PASSAGES):
        article = project.articles()[n % articles]
        start = article.text.index(" ", rng.randrange(len(article.text) // 2)) + 1
        project.tag(article.id, start, article.text.index(" ", start), [1 + n % 4])
    create_location(url, project).close()


def time_open(url: str, runs: int) -> float:
    from briefing.store.opening import open_location

    times = []
    for _ in range(runs):
        began = time.perf_counter()
        stored = open_location(url)
        times.append(time.perf_counter() - began)
        assert len(stored.project.articles()) > 0
        stored.close()
    return statistics.median(times)


def run_writers(urls: list[str], edits: int) -> tuple[float, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(n), str(edits)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for n, url in enumerate(urls)
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    began = time.perf_counter()
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    latencies: list[float] = []
    for writer in writers:
        out, _ = writer.communicate(timeout=600)
        if writer.returncode != 0:
            raise SystemExit(f"a writer failed ({writer.returncode})")
        latencies.extend(json.loads(out.strip().splitlines()[-1]))
    return time.perf_counter() - began, latencies


def time_live(listening_url: str, writing_url: str, edits: int) -> list[float]:
    """Stored (the writer's edit returned) -> taken in by the listening project."""
    from briefing.store.opening import open_location

    listening, writing = open_location(listening_url), open_location(writing_url)
    arrived: queue.Queue[object] = queue.Queue()
    listening.follow(arrived.put)
    arrived.get(timeout=30)  # the read it makes once connected
    heard = threading.Event()
    listening.project.subscribe(lambda _applied: heard.set())
    article = writing.project.articles()[0]
    delays = []
    for n in range(edits):
        heard.clear()
        writing.project.rename_theme(1, f"missiles {n}")
        stored = time.perf_counter()
        while not heard.is_set():
            listening.take_in(arrived.get(timeout=30))
        delays.append(time.perf_counter() - stored)
    assert article.id
    listening.close()
    writing.close()
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from briefing.core.roles import Role
    from briefing.store.address import ServerAddress
    from briefing.store.server_members import add_member
    from tests.server_cluster import PASSWORD, NoServer, running_cluster

    try:
        cluster_context = running_cluster()
        cluster = cluster_context.__enter__()
    except NoServer as reason:
        raise SystemExit(f"no PostgreSQL server: {reason}") from None
    try:
        os.environ["PGPASSWORD"] = PASSWORD  # libpq's own source, as an analyst's would be
        cluster.admin(f"CREATE ROLE {OWNER} LOGIN CREATEDB CREATEROLE PASSWORD '{PASSWORD}'")
        analysts = [f"analyst{n}" for n in range(args.writers)]
        for name in analysts:
            cluster.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
        owner_url = cluster.tcp_url("desk", OWNER)
        began = time.perf_counter()
        make_project(owner_url, args.articles)
        made = time.perf_counter() - began
        address = ServerAddress.parse(owner_url)
        for name in analysts:
            add_member(address, name, Role.EDITOR if name == "analyst0" else Role.CODER)
        urls = [cluster.tcp_url("desk", name) for name in analysts]

        opened = time_open(urls[1], args.runs)
        wall, latencies = run_writers(urls, args.edits)
        live = time_live(urls[1], urls[0], 50)
    finally:
        cluster_context.__exit__(None, None, None)

    edits = len(latencies)
    rows = [
        (f"open a {args.articles:,}-article, {PASSAGES:,}-passage server project", "< 2 s",
         f"{opened:.2f} s", opened < 2),
        (f"{args.writers} writers tagging at once: edits per second", "",
         f"{edits / wall:.0f} /s", True),
        ("  edit latency, median", "", f"{statistics.median(latencies) * 1000:.1f} ms", True),
        ("  edit latency, 95th percentile", "< 50 ms",
         f"{percentile(latencies, 0.95) * 1000:.1f} ms", percentile(latencies, 0.95) < 0.05),
        ("another analyst's edit taken in (LISTEN/NOTIFY), median", "< 1 s",
         f"{statistics.median(live) * 1000:.1f} ms", statistics.median(live) < 1),
        ("  worst of 50", "< 1 s", f"{max(live) * 1000:.1f} ms", max(live) < 1),
    ]  # fmt: skip
    print(f"Server benchmark ({edits} edits, {os.cpu_count()} cores, loopback TCP; "
          f"project made in {made:.1f} s)")  # fmt: skip
    for name, target, value, ok in rows:
        mark = "" if not target else ("ok" if ok else "MISSED")
        print(f"{name:<62} {value:>10}  {target:<8} {mark}")


if __name__ == "__main__":
    main()
