"""The headless command line: `briefing new|import|tag|show|export|log|members|copy ...`.

Every command takes a project as a `.briefing` path or a server project's `postgresql://`
address; passwords come from libpq (~/.pgpass, PGPASSWORD) or, at a terminal, a prompt.

Errors a user can make print one line on stderr and exit 1 (2 for usage errors); no tracebacks.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, NoReturn

from briefing import __version__
from briefing.cli_output import Encoded, print_json, print_json_lists, say, terminal_safe
from briefing.cli_search import add_search_command
from briefing.core.collection import collection_paused, keep_out_of_collections, let_collections_in
from briefing.core.edit import PassageChange
from briefing.core.errors import ProjectError
from briefing.core.grading import RELIABILITY
from briefing.core.project import Project
from briefing.core.roles import Role
from briefing.store.address import ServerAddress
from briefing.store.opening import (
    StoredProject,
    copy_project,
    create_location,
    open_location,
    server_address,
    with_password,
)
from briefing.store.qdpx_format import SUFFIX as QDPX_SUFFIX

_PROJECT_HELP = "a .briefing file, or a server project's postgresql:// address"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        super().error(terminal_safe(message))  # usage errors quote what was typed


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except ProjectError as error:
        say(f"briefing: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefing",
        description="Briefing Builder without the window: build projects, tag, export.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new", help="create a project with the default codebook, or from a REFI-QDA project"
    )
    new.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    new.add_argument(
        "files", nargs="*", metavar="FILE|URL",
        help="article files or web addresses to import; a .qdpx (NVivo, ATLAS.ti, MAXQDA, "
        "QualCoder) gives the project its articles, codebook and passages",
    )  # fmt: skip
    new.set_defaults(run=_new)

    add = commands.add_parser("import", help="add article files to a project")
    add.add_argument("project", metavar="PROJECT")
    add.add_argument("files", nargs="+", metavar="FILE|URL", help="files or web addresses")
    add.set_defaults(run=_import)

    tag = commands.add_parser("tag", help="tag a verbatim quote of an article with themes")
    tag.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    tag.add_argument("--article", required=True, metavar="REF", help="id or unique title part")
    tag.add_argument("--quote", required=True, metavar="TEXT", help="text found verbatim")
    tag.add_argument("--theme", required=True, action="append", metavar="NAME", dest="themes")
    tag.add_argument("--note", default="", metavar="TEXT")
    tag.add_argument("--occurrence", type=int, metavar="N", help="which occurrence (from 1)")
    tag.add_argument(
        "--credibility", type=int, default=6, choices=range(1, 7), metavar="1-6",
        help="Admiralty information credibility (default 6: cannot be judged)",
    )  # fmt: skip
    tag.set_defaults(run=_tag)

    grade = commands.add_parser("grade", help="grade a source's reliability (A-F)")
    grade.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    grade.add_argument("--article", required=True, metavar="REF", help="id or unique title part")
    grade.add_argument(
        "--reliability", required=True, type=str.upper, choices=list("ABCDEF"), metavar="A-F"
    )
    grade.set_defaults(run=_grade)

    show = commands.add_parser("show", help="list articles, themes and passages")
    show.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(run=_show)

    suggest = commands.add_parser("suggest", help="theme suggestions to review, accept or reject")
    suggest.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    suggest.add_argument("--theme", action="append", metavar="NAME", dest="themes")
    suggest.add_argument("--json", action="store_true", help="machine-readable output")
    verdict = suggest.add_mutually_exclusive_group()
    verdict.add_argument("--accept", action="append", metavar="ID", help="tag the sentence")
    verdict.add_argument("--reject", action="append", metavar="ID", help="never propose again")
    suggest.set_defaults(run=_suggest)

    corroborate = commands.add_parser(
        "corroborate", help="claims reported by several articles, with their origins"
    )
    corroborate.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    corroborate.add_argument("--json", action="store_true", help="machine-readable output")
    corroborate.set_defaults(run=_corroborate)

    codebook = commands.add_parser("codebook", help="exchange the codebook as REFI-QDA (.qdc)")
    codebook.add_argument("action", choices=("import", "export"))
    codebook.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    codebook.add_argument("file", type=Path, metavar="FILE")
    codebook.set_defaults(run=_codebook)

    verify = commands.add_parser(
        "verify", help="check every quote of an exported briefing against its source"
    )
    verify.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    verify.add_argument("export_file", type=Path, metavar="EXPORT", help="a .docx or .md export")
    verify.add_argument(
        "--no-originals", action="store_true",
        help="check the quotes only, not the cited sources' kept originals",
    )  # fmt: skip
    verify.set_defaults(run=_verify)

    export = commands.add_parser(
        "export", help="write the briefing as Word or Markdown, or the project as REFI-QDA"
    )
    export.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    export.add_argument("--format", required=True, choices=("docx", "md", "qdpx"), dest="fmt")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    export.add_argument("--theme", action="append", metavar="NAME", dest="themes")
    export.add_argument("--group-by", choices=("theme", "source"), default="theme")
    export.add_argument("--no-notes", action="store_true")
    export.add_argument(
        "--contributors", action="store_true",
        help="name every analyst who tagged a quoted passage under the title",
    )  # fmt: skip
    export.set_defaults(run=_export)

    history = commands.add_parser(
        "log", help="who made each edit and when: the project's change log, newest first"
    )
    history.add_argument("project", metavar="PROJECT", help=_PROJECT_HELP)
    history.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.set_defaults(run=_log)

    members = commands.add_parser(
        "members", help="who may work on a server project, and as what (owners only)"
    )
    members.add_argument("project", metavar="URL", help="a server project's postgresql:// address")
    members.add_argument("action", choices=("list", "add", "remove"))
    members.add_argument("login", nargs="?", metavar="ROLE", help="an existing login role")
    members.add_argument(
        "--role", choices=[str(r) for r in Role], default=None,
        help="reader (reads), coder (passages, notes, credibility), editor (also articles, "
        "codebook, reliability), owner (also briefing settings and members)",
    )  # fmt: skip
    members.set_defaults(run=_members)

    copy = commands.add_parser(
        "copy", help="copy a project with everything in it, file to server or back"
    )
    copy.add_argument("source", metavar="SOURCE", help="a .briefing file or postgresql:// address")
    copy.add_argument("target", metavar="DEST", help="a new .briefing file or server project")
    copy.set_defaults(run=_copy)
    add_search_command(commands, _open)
    return parser


def _open(location: str, read_only: bool = False) -> StoredProject:
    """The project, for writing (one writer at a time for a file), or `read_only`: commands
    that only read never take a file's lock, so they work while the app has it open."""
    return open_location(location, read_only=read_only, ask=_ask_password)


def _ask_password(address: ServerAddress, wrong: bool) -> str | None:
    """A password typed at the terminal (never echoed, never kept); None without one."""
    if not sys.stdin.isatty():
        return None
    again = "That password was not accepted. " if wrong else ""
    who = address.user or getpass.getuser()
    return getpass.getpass(f"{again}Password for {who} ({address.display()}): ") or None


def _print_outcomes(project: Project, sources: Sequence[str]) -> int:
    # The readers of every kind of file load with the commands that import, not with all.
    from briefing.importers.batch import import_files

    _, outcomes = import_files(project, [_source(s) for s in sources])
    for outcome in outcomes:
        say(f"{outcome.label}: {outcome.message}")
    return 0 if all(o.imported for o in outcomes) else 1


def _source(text: str) -> Path | str:
    from briefing.importers.fetch import is_web_address

    return text if is_web_address(text) else Path(text)


def _new(args: argparse.Namespace) -> int:
    exchange = [f for f in args.files if f.lower().endswith(QDPX_SUFFIX)]
    others = [f for f in args.files if f not in exchange]
    if len(exchange) > 1:
        raise ProjectError("A project can be made from one REFI-QDA project (.qdpx) at a time")
    if exchange:
        from briefing.store.qdpx_import import read_qdpx

        project, summary = read_qdpx(Path(exchange[0]))
        project_file = create_location(args.project, project, ask=_ask_password)
        say(f"created {project_file.location}")
        for line in summary.lines():
            say(line)
    else:
        project_file = create_location(args.project, ask=_ask_password)
        say(f"created {project_file.location}")
    status = _print_outcomes(project_file.project, others) if others else 0
    project_file.close()
    return status


def _import(args: argparse.Namespace) -> int:
    project_file = _open(args.project)
    status = _print_outcomes(project_file.project, args.files)
    project_file.close()
    return status


def _tag(args: argparse.Namespace) -> int:
    from briefing.core.tagging import SpanToTag, tag_or_add

    project_file = _open(args.project)
    project = project_file.project
    article = project.find_article(args.article)
    start = _locate(article.text, args.quote, args.occurrence, article.title)
    themes = tuple(project.theme_named(name).id for name in args.themes)
    span = SpanToTag(article.id, start, start + len(args.quote), themes)
    # The same quote again adds the themes to its passage rather than making a second one.
    edit = tag_or_add(project, span, args.note, args.credibility)
    say(str(edit.changes[0].id))
    project_file.close()
    return 0


def _grade(args: argparse.Namespace) -> int:
    project_file = _open(args.project)
    article = project_file.project.find_article(args.article)
    project_file.project.set_reliability(article.id, args.reliability)
    say(f"{article.id}: {args.reliability} ({RELIABILITY[args.reliability]})")
    project_file.close()
    return 0


def _locate(text: str, quote: str, occurrence: int | None, title: str) -> int:
    """Offset of the quote in the text; the occurrence must be unambiguous."""
    if not quote.strip():
        raise ProjectError("The quote is empty")
    found, position = [], text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    if not found:
        raise ProjectError(f"The quote does not occur verbatim in “{title}”")
    if occurrence is None:
        if len(found) > 1:
            raise ProjectError(
                f"The quote occurs {len(found)} times in “{title}”; "
                f"choose one with --occurrence 1..{len(found)}"
            )
        return found[0]
    if not 1 <= occurrence <= len(found):
        raise ProjectError(f"--occurrence must be between 1 and {len(found)}")
    return found[occurrence - 1]


def _show(args: argparse.Namespace) -> int:
    # The records just read are left out of the collections that writing them out would set
    # off: the first, as the opening let the collector go again, walked all two million of
    # them (~70 ms at 10,000 articles).
    with collection_paused():
        project_file = _open(args.project, read_only=True)
        keep_out_of_collections()
    try:
        data = project_summary(project_file.project)
        if args.json:
            print_json_lists({**data, "passages": Encoded(passages_json(project_file.project))})
            return 0
        articles, themes, passages = (list(data[k]) for k in ("articles", "themes", "passages"))
    finally:
        project_file.close()
        let_collections_in()  # the project going may leave cycles to collect
    say(f"{len(articles)} articles, {len(passages)} passages")
    for article in articles:
        byline = " · ".join(x for x in (article["outlet"], article["published"]) if x)
        say(f"  [{article['id']}] {article['title']}" + (f" ({byline})" if byline else ""))
    say("Themes:")
    for theme in themes:
        say(f"  [{theme['id']}] {theme['name']} {theme['colour']}")
    say("Passages:")
    for passage in passages:
        names = ", ".join(passage["themes"])
        say(f"  [{passage['id']}] article {passage['article_id']} ({names}): “{passage['quote']}”")
        if passage["note"]:
            say(f"      note: {passage['note']}")
    return 0


def project_summary(project: Project) -> dict[str, Iterator[dict[str, Any]]]:
    """The stable JSON shape of `briefing show --json` (documented in docs/cli.md): its three
    lists, each made item by item as it is written."""
    names = {t.id: t.name for t in project.themes()}
    paged = {a.id: a for a in project.articles() if a.pages}  # PDFs: a passage has a page
    return {
        "articles": (
            {"id": a.id, "title": a.title, "outlet": a.outlet, "author": a.author,
             "published": a.published, "source_file": a.source_file,
             "reliability": a.reliability, "source_url": a.source_url or None,
             "final_url": a.final_url or None, "retrieved": a.retrieved or None,
             "sha256": a.sha256 or None, "reader": a.reader or None,
             "pages": len(a.pages) or None}
            for a in project.articles()
        ),
        "themes": (
            {"id": t.id, "name": t.name, "colour": t.colour, "keywords": list(t.keywords),
             "description": t.description}
            for t in project.themes()
        ),
        "passages": (
            {"id": p.id, "article_id": p.article_id, "start": p.start, "end": p.end,
             "quote": p.quote, "themes": [names[t] for t in p.theme_ids], "note": p.note,
             "credibility": p.credibility, "corroborates": p.corroborates,
             "page": paged[p.article_id].page_of(p.start) if p.article_id in paged else None,
             "created_by": p.created_by or None, "created_at": p.created or None}
            for p in project.passages()
        ),
    }  # fmt: skip


def passages_json(project: Project) -> Iterator[str]:
    """The passages of `project_summary`, each written as JSON exactly as the encoder of
    `print_json_lists` writes its dict (a test compares them): without making 100,000 dicts
    to encode, a third of the time."""
    names = {t.id: encode_basestring(t.name) for t in project.themes()}
    paged = {a.id: a for a in project.articles() if a.pages}
    for p in project.passages():
        page = paged[p.article_id].page_of(p.start) if p.article_id in paged else None
        yield (
            f'{{"id": {p.id}, "article_id": {p.article_id}, "start": {p.start}, '
            f'"end": {p.end}, "quote": {encode_basestring(p.quote)}, '
            f'"themes": [{", ".join([names[t] for t in p.theme_ids])}], '
            f'"note": {encode_basestring(p.note)}, "credibility": {p.credibility}, '
            f'"corroborates": {_json_number(p.corroborates)}, "page": {_json_number(page)}, '
            f'"created_by": {encode_basestring(p.created_by) if p.created_by else "null"}, '
            f'"created_at": {encode_basestring(p.created) if p.created else "null"}}}'
        )


def _json_number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _suggest(args: argparse.Namespace) -> int:
    from briefing.analysis.serialise import suggestions_to_json
    from briefing.analysis.suggestions import parse_suggestion_id, suggest
    from briefing.core.tagging import SpanToTag, tag_many

    project_file = _open(args.project, read_only=not (args.accept or args.reject))
    project = project_file.project
    chosen = args.accept or args.reject or ()
    current = {s.id for s in suggest(project)} if chosen else set()
    keys = []
    for text in chosen:
        try:
            keys.append(parse_suggestion_id(text))
        except ValueError as error:
            raise ProjectError(str(error)) from None
        if text.strip() not in current:
            raise ProjectError(f"{text} is not a current suggestion (see `briefing suggest`)")
    if args.accept:
        # Every accepted sentence in one edit, as the GUI's "Accept all": all or nothing.
        spans = [SpanToTag(a, s, e, (t,)) for a, s, e, t in keys]
        tagged = tag_many(project, spans, f"Accept {len(spans)} suggestions")
        passages = {(c.after.article_id, c.after.start, c.after.end): c.id
                    for c in tagged.edit.of(PassageChange) if c.after is not None}  # fmt: skip
        for text, (article_id, start, end, _) in zip(chosen, keys, strict=True):
            say(f"{text}: tagged as passage {passages[(article_id, start, end)]}")
    for text, key in zip(args.reject or (), keys, strict=False):
        project.reject_suggestion(*key)
        say(f"{text}: rejected")
    if args.accept or args.reject:
        project_file.close()
        return 0
    themes = [project.theme_named(n).id for n in args.themes] if args.themes else None
    found = suggest(project, themes)
    data = suggestions_to_json(project, found)
    project_file.close()
    if args.json:
        print_json(data)
        return 0
    for item in data["suggestions"]:
        matched = ", ".join(item["matched"])
        say(f"{item['id']}  {item['theme']} ({matched}): {item['text']}")
    say(f"{len(found)} suggestions")
    return 0


def _corroborate(args: argparse.Namespace) -> int:
    from briefing.analysis.corroboration import project_index
    from briefing.analysis.serialise import clusters_to_json

    project_file = _open(args.project, read_only=True)
    try:
        data = clusters_to_json(project_index(project_file.project).clusters())
    finally:
        project_file.close()
    if args.json:
        print_json(data)
        return 0
    for cluster in data["clusters"]:
        origins = ", ".join(cluster["origins"])
        count = cluster["independent_origins"]
        noun = "origin" if count == 1 else "origins"
        say(f"{cluster['reports']} reports, {count} independent {noun} ({origins})")
        for member in cluster["members"]:
            say(f"  [article {member['article_id']}] {member['text']}")
    say(f"{len(data['clusters'])} claims reported more than once")
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from briefing.store.refi_qda import merge_codebook, read_codebook, write_codebook

    # The file is read before the project is opened: nothing holds the lock while it is read.
    entries = read_codebook(args.file) if args.action == "import" else None
    project_file = _open(args.project, read_only=entries is None)
    if entries is not None:
        _, summary = merge_codebook(project_file.project, entries)
        say(summary.message())
    else:
        path = write_codebook(project_file.project, args.file)
        say(f"exported {len(project_file.project.themes())} themes to {path}")
    project_file.close()
    return 0


def _verify(args: argparse.Namespace) -> int:
    from briefing.export.verify import verify_export

    project_file = _open(args.project, read_only=True)
    report = verify_export(project_file.project, args.export_file, originals=not args.no_originals)
    project_file.close()
    for line in report.lines():
        say(line)
    return 0 if report.ok else 1


def _export(args: argparse.Namespace) -> int:
    from briefing.export import OutlineOptions, export_briefing

    if args.fmt == "qdpx":
        return _export_project(args)
    project_file = _open(args.project, read_only=True)
    project = project_file.project
    themes = tuple(project.theme_named(n).id for n in args.themes) if args.themes else None
    options = OutlineOptions(
        theme_ids=themes, group_by=args.group_by, include_notes=not args.no_notes,
        name_contributors=args.contributors,
    )  # fmt: skip
    path = export_briefing(project, args.output, args.fmt, options)
    project_file.close()
    say(f"exported {path}")
    return 0


def _export_project(args: argparse.Namespace) -> int:
    from briefing.export.qdpx_writer import export_project

    if args.themes or args.group_by != "theme" or args.no_notes or args.contributors:
        raise ProjectError(
            "--theme, --group-by, --no-notes and --contributors shape a briefing; a REFI-QDA "
            "export holds the whole project"
        )
    project_file = _open(args.project, read_only=True)
    path = export_project(project_file.project, args.output)
    project_file.close()
    say(f"exported {path}")
    return 0


def _log(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ProjectError("--limit must be 1 or more")
    stored = _open(args.project, read_only=True)
    try:
        entries = stored.history(args.limit)
    finally:
        stored.close()
    if args.json:
        print_json({"changes": [
            {"id": e.id, "at": e.at, "by": e.author or None, "description": e.description,
             "records": [{"kind": str(kind), "id": record_id} for kind, record_id in e.items]}
            for e in entries
        ]})  # fmt: skip
        return 0
    for entry in entries:
        when = entry.at[:16].replace("T", " ") + " UTC" if entry.at else "(no time)"
        say(f"{when}  {entry.author or '(not named)'}  {entry.description}")
    return 0


def _members(args: argparse.Namespace) -> int:
    from briefing.store.server_members import add_member, members, remove_member

    address = server_address(args.project)
    if address is None:
        raise ProjectError("Members belong to server projects (postgresql://…); a file has one")
    if args.action == "list":
        for login, role in with_password(address, _ask_password, lambda pw: members(address, pw)):
            say(f"{login}  {role}")
        return 0
    if not args.login:
        raise ProjectError(f"Say whom to {args.action}: briefing members URL {args.action} ROLE")
    if args.action == "add":
        if args.role is None:
            raise ProjectError("Say which role: --role reader|coder|editor|owner")
        role = Role(args.role)
        with_password(address, _ask_password, lambda pw: add_member(address, args.login, role, pw))
        say(f"{args.login} is now a {role} of {address.display()}")
    else:
        with_password(address, _ask_password, lambda pw: remove_member(address, args.login, pw))
        say(f"{args.login} is no longer a member of {address.display()}")
    return 0


def _copy(args: argparse.Namespace) -> int:
    copied = copy_project(args.source, args.target, ask=_ask_password)
    project = copied.project
    say(
        f"copied {len(project.articles())} articles, {len(project.themes())} themes and "
        f"{len(project.passages())} passages to {copied.location}"
    )
    copied.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
