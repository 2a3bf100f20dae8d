"""`briefing search`: find words across the corpus, and tag what was found."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from briefing.analysis.search_query import HELP, QueryError, parse_query
from briefing.cli_output import print_json, say
from briefing.core.errors import ProjectError
from briefing.store.opening import StoredProject

if TYPE_CHECKING:
    from briefing.analysis.search import SearchResult

Opener = Callable[[str, bool], StoredProject]


def add_search_command(commands: Any, opener: Opener) -> None:  # argparse's subparsers
    search = commands.add_parser(
        "search", help="find words across every article; tag what is found",
        description=f"Search the corpus. {HELP}",
    )  # fmt: skip
    search.add_argument(
        "project", metavar="PROJECT", help="a .briefing file or a postgresql:// address"
    )
    search.add_argument("query", metavar="QUERY", help='e.g. drones "ballistic missiles" -Ukraine')
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument("--limit", type=int, metavar="N", help="at most N hits")
    search.add_argument("--outlet", action="append", metavar="X", dest="outlets")
    search.add_argument("--since", type=_day, metavar="DATE", help="published on or after")
    search.add_argument("--until", type=_day, metavar="DATE", help="published on or before")
    search.add_argument("--tag", metavar="THEME", help="tag every hit with this theme")
    search.add_argument("--theme", action="append", metavar="THEME", dest="themes",
                        help="with --tag: more themes for each passage")  # fmt: skip
    search.add_argument("--sentence", action="store_true",
                        help="with --tag: tag each hit's whole sentence")  # fmt: skip
    search.set_defaults(run=lambda args: _search(args, opener))


def _search(args: argparse.Namespace, opener: Opener) -> int:
    # Loaded by this command only: every other command starts without the search.
    from briefing.analysis.search import Filters, search_project, tag_hits

    try:
        query = parse_query(args.query)
    except QueryError as error:
        raise ProjectError(str(error)) from None
    if args.limit is not None and args.limit < 1:
        raise ProjectError("--limit must be 1 or more")
    if (args.themes or args.sentence) and not args.tag:
        raise ProjectError("--theme and --sentence go with --tag THEME")
    filters = Filters(outlets=frozenset(args.outlets or ()), since=args.since, until=args.until)
    project_file = opener(args.project, not args.tag)
    try:
        project = project_file.project
        result = search_project(project, query, filters, args.limit)
        if args.tag:
            themes = [project.theme_named(n).id for n in [args.tag, *(args.themes or [])]]
            tagged = tag_hits(project, result.hits, themes, args.sentence)
            names = ", ".join(project.theme(t).name for t in themes)
            say(f"{tagged.summary(names)}; {len(result.hits)} hits in {result.articles} articles")
            return 0
        _show(result, args.json, project_file)
    finally:
        project_file.close()
    return 0


def _show(result: SearchResult, as_json: bool, project_file: StoredProject) -> None:
    if as_json:
        print_json({
            "total": result.total,
            "hits": [{"article_id": h.article_id, "start": h.start, "end": h.end, "text": h.text,
                      "before": h.before, "after": h.after} for h in result.hits],
        })  # fmt: skip
        return
    project = project_file.project
    current = None
    for hit in result.hits:
        if hit.article_id != current:
            current = hit.article_id
            article = project.article(hit.article_id)
            say(f"[{article.id}] {article.title}")
        say(f"  {hit.start}-{hit.end}: …{hit.before}[{hit.text}]{hit.after}…")
    shown = "" if len(result.hits) == result.total else f" (first {len(result.hits)} shown)"
    noun = "hit" if result.total == 1 else "hits"
    say(f"{result.total} {noun} in {result.articles} articles{shown}", file=sys.stdout)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
