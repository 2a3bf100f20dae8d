"""What a project file may hold: the one validation boundary between the app and its files.

Every record the app stores passes `check_record` on its way in (`ProjectFile.write`), and
opening a file applies the same checks to every row it loads (after `oversized_query` has
measured the stored values in SQL, so a huge value is refused before it is read). Both sides
use the columns declared here, so the app can never write a project that it would refuse to
open. Importers shorten metadata to `limit_of(...)` and refuse text past it.

A later schema version declares its new columns with `register`; its limits and checks then
apply to writing and opening alike, with nothing else to keep in step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.core.custody import pages_fit
from briefing.core.edit import Change, Kind
from briefing.core.errors import ProjectError
from briefing.core.grading import CREDIBILITY, RELIABILITY, is_credibility, is_reliability
from briefing.core.palette import is_valid_colour
from briefing.core.records import Article, Passage, Theme

MAX_ARTICLE_CHARS = 64 * 1024 * 1024  # an article's text, a passage's quote
MAX_FIELD_CHARS = 1024 * 1024  # notes, descriptions, summary, keyword lists
MAX_NAME_CHARS = 10_000  # titles, names, outlets, file names, dates, stamps
MAX_ORIGINAL_BYTES = 64 * 1024 * 1024  # an article's original, compressed (files are <= 32 MB)
_INTEGER_CHARS = 20  # length() of the widest SQLite integer, -9223372036854775808

_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordRefused(ProjectError):
    """A value the project cannot hold; the message says which and why, fit to show."""


@dataclass(frozen=True, slots=True)
class Column:
    """One stored column and the record field it holds.

    `kind` is "text", "integer", "flag" (a bool stored as 0 or 1), "blob" (bytes) or "list"
    (a JSON list of `item` values in a text column);
    `max_chars` bounds text (for a list, its JSON text); `label` names the value for people.
    """

    table: str
    column: str
    field: str
    kind: str
    label: str
    max_chars: int = _INTEGER_CHARS
    nullable: bool = False
    item: str = "text"  # for lists: "text" or "integer"
    since: int = 1  # the schema version that added the column


_RECORD_TABLES = {
    Kind.ARTICLE: "articles",
    Kind.THEME: "themes",
    Kind.PASSAGE: "passages",
    Kind.SETTINGS: "settings",
    Kind.REJECTION: "rejections",
}
_COLUMNS: dict[str, list[Column]] = {}


def register(*columns: Column) -> None:
    for column in columns:
        _COLUMNS.setdefault(column.table, []).append(column)


def _text(
    table: str, name: str, label: str, limit: int, *, nullable: bool = False, since: int = 1
) -> Column:
    return Column(table, name, name, "text", label, limit, nullable=nullable, since=since)


def _integer(
    table: str, name: str, label: str, *, field: str = "", nullable: bool = False, since: int = 1
) -> Column:
    return Column(table, name, field or name, "integer", label, nullable=nullable, since=since)


register(
    _integer("articles", "id", "an article's id"),
    _text("articles", "title", "an article's title", MAX_NAME_CHARS),
    _text("articles", "text", "an article's text", MAX_ARTICLE_CHARS),
    _text("articles", "outlet", "an article's outlet", MAX_NAME_CHARS),
    _text("articles", "author", "an article's author", MAX_NAME_CHARS),
    _text("articles", "published", "an article's date", MAX_NAME_CHARS, nullable=True),
    _text("articles", "source_file", "an article's file name", MAX_NAME_CHARS),
    _text("articles", "content_hash", "an article's fingerprint", MAX_NAME_CHARS),
    _text("articles", "imported_at", "an article's import time", MAX_NAME_CHARS),
    _text("articles", "reliability", "a source's reliability grade", 1, since=2),
    # Version 3: the chain of custody.
    Column(
        "articles",
        "pages",
        "pages",
        "list",
        "an article's page starts",
        MAX_FIELD_CHARS,
        item="integer",
        since=3,
    ),  # fmt: skip
    _text("articles", "source_url", "an article's web address", MAX_NAME_CHARS, since=3),
    _text("articles", "final_url", "an article's final web address", MAX_NAME_CHARS, since=3),
    _text("articles", "retrieved", "an article's retrieval time", 64, since=3),
    _text("articles", "sha256", "an article's original fingerprint", 64, since=3),
    _integer("articles", "original_size", "an article's original size", since=3),
    _text("articles", "reader", "an article's reader", MAX_NAME_CHARS, since=3),
    _text("articles", "view", "an article's view", 16, since=3),
    _text("articles", "encoding", "an article's text encoding", 64, since=3),
    _integer("themes", "id", "a theme's id"),
    _text("themes", "name", "a theme's name", MAX_NAME_CHARS),
    _text("themes", "colour", "a theme's colour", 7),
    _text("themes", "description", "a theme's description", MAX_FIELD_CHARS),
    Column("themes", "keywords", "keywords", "list", "a theme's keywords", MAX_FIELD_CHARS),
    _integer("themes", "position", "a theme's position"),
    Column("themes", "visible", "visible", "flag", "a theme's visibility"),
    _integer("passages", "id", "a passage's id"),
    _integer("passages", "article_id", "a passage's article"),
    _integer("passages", "start_offset", "a passage's start", field="start"),
    _integer("passages", "end_offset", "a passage's end", field="end"),
    _text("passages", "quote", "a passage's quote", MAX_ARTICLE_CHARS),
    _text("passages", "prefix", "the text before a quote", MAX_NAME_CHARS),
    _text("passages", "suffix", "the text after a quote", MAX_NAME_CHARS),
    _text("passages", "note", "a passage's note", MAX_FIELD_CHARS),
    _text("passages", "created", "a passage's creation time", MAX_NAME_CHARS),
    _text("passages", "updated", "a passage's change time", MAX_NAME_CHARS),
    _integer("passages", "credibility", "a passage's credibility grade", since=2),
    _integer("passages", "corroborates", "a corroborated passage", nullable=True, since=2),
    # Version 5: attribution, and the change log.
    _text("passages", "created_by", "a passage's author", MAX_NAME_CHARS, since=5),
    _text("passages", "updated_by", "a passage's last editor", MAX_NAME_CHARS, since=5),
    # Not a record of its own: a passage's theme_ids, one row per theme.
    _integer("passage_themes", "passage_id", "a tag's passage"),
    _integer("passage_themes", "theme_id", "a tag's theme"),
    _integer("passage_themes", "ordinal", "a tag's order"),
    _text("settings", "title", "the briefing's title", MAX_NAME_CHARS),
    _text("settings", "analyst", "the analyst's name", MAX_NAME_CHARS),
    _text("settings", "handling", "the handling line", MAX_NAME_CHARS),
    _text("settings", "summary", "the executive summary", MAX_FIELD_CHARS),
    Column(
        "settings",
        "theme_order",
        "theme_order",
        "list",
        "the briefing's theme order",
        MAX_FIELD_CHARS,
        item="integer",
    ),  # fmt: skip
    _integer("rejections", "id", "a rejection's id", since=2),
    _integer("rejections", "article_id", "a rejection's article", since=2),
    _integer("rejections", "start_offset", "a rejection's start", field="start", since=2),
    _integer("rejections", "end_offset", "a rejection's end", field="end", since=2),
    _integer("rejections", "theme_id", "a rejection's theme", since=2),
    # Not a record of its own: the exact bytes articles were read from, zlib-compressed.
    _text("originals", "sha256", "an original's fingerprint", 64, since=3),
    _integer("originals", "size", "an original's size", since=3),
    Column("originals", "data", "data", "blob", "an original", MAX_ORIGINAL_BYTES, since=3),
    # Not a record of its own: one row per stored edit.
    _integer("change_log", "id", "a change's number", since=5),
    _text("change_log", "at", "a change's time", 64, since=5),
    _text("change_log", "author", "a change's author", MAX_NAME_CHARS, since=5),
    _text("change_log", "description", "a change's description", MAX_NAME_CHARS, since=5),
    _text("change_log", "changes", "a change's items", MAX_ARTICLE_CHARS, since=5),
)


def columns(table: str, version: int | None = None) -> list[Column]:
    """The declared columns of `table` (those a file of schema `version` has, if given)."""
    return [c for c in _COLUMNS.get(table, ()) if version is None or c.since <= version]


def limit_of(table: str, column: str) -> int:
    return next(c.max_chars for c in _COLUMNS[table] if c.column == column)


def tables() -> list[str]:
    return list(_COLUMNS)


# ----- storing lists as JSON --------------------------------------------------------------------


def list_to_json(values: tuple[object, ...] | list[object]) -> str:
    """How a list column is stored; the length check measures exactly this text."""
    return json.dumps(list(values))


def list_from_json(table: str, column: str, text: object) -> tuple[Any, ...]:
    """A stored list back, or RecordRefused: files are untrusted, and `json` raises
    RecursionError on deep nesting."""
    label = next(c.label for c in _COLUMNS[table] if c.column == column)
    if not isinstance(text, str):
        raise RecordRefused(f"{label} is not a list")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RecordRefused(f"{label} is not a valid list") from None
    if not isinstance(value, list):
        raise RecordRefused(f"{label} is not a list")
    return tuple(value)


# ----- checking ---------------------------------------------------------------------------------


def check_change(change: Change) -> None:
    """Refuse a change whose record the project could not hold. Deletions always pass.

    Of a record changed, only the values it changed are checked (and the rules between its
    values): the rest are the record's as the project holds it, checked when it was stored
    or read. A theme merged retags 96,000 passages; checking each of their fourteen values
    was 3 s of the 5 s the merge held the window."""
    after = change.after
    if after is None:
        return
    before = change.before
    if type(before) is not type(after):
        check_record(change.kind, after)
        return
    for problem in _changed_problems(change.kind, before, after):
        raise RecordRefused(_capital(problem))


def check_row(table: str, values: dict[str, object]) -> None:
    """Refuse a row of a table without records of its own (RecordRefused)."""
    for column in columns(table):
        problem = _value_problem(column, values.get(column.column))
        if problem:
            raise RecordRefused(_capital(f"{column.label} {problem}"))


def check_record(kind: Kind, record: object) -> None:
    """Raise RecordRefused naming the first value of `record` that breaks a rule."""
    for problem in record_problems(kind, record):
        raise RecordRefused(_capital(problem))


def record_problems(kind: Kind, record: object) -> Iterator[str]:
    """What is wrong with `record`, as phrases that fit after "is damaged: "."""
    table = _RECORD_TABLES[kind]
    for column in columns(table):
        if not hasattr(record, column.field):
            continue
        problem = _value_problem(column, getattr(record, column.field))
        if problem:
            yield f"{column.label} {problem}"
            return
    yield from _RULES[kind](record)


def _changed_problems(kind: Kind, before: object, after: object) -> Iterator[str]:
    for column in columns(_RECORD_TABLES[kind]):
        value = getattr(after, column.field, _ABSENT)
        if value is _ABSENT or value is getattr(before, column.field, _ABSENT):
            continue
        problem = _value_problem(column, value)
        if problem:
            yield f"{column.label} {problem}"
            return
    yield from _RULES[kind](after)


_ABSENT = object()


def _value_problem(column: Column, value: object) -> str | None:
    if value is None:
        return None if column.nullable else "is missing"
    if column.kind == "integer":
        return None if _is_integer(value) else "is not a whole number"
    if column.kind == "flag":
        return None if value in (0, 1) else "is not yes or no"
    if column.kind == "list":
        if not isinstance(value, tuple | list):
            return "is not a list"
        wanted = _is_integer if column.item == "integer" else _is_text
        if not all(wanted(item) for item in value):
            return "holds a value of the wrong kind"
        size = len(list_to_json(value))
        if size > column.max_chars:
            return _too_long(size, column.max_chars)
        return _surrogate_problem(value) if column.item == "text" else None
    if column.kind == "blob":
        if not isinstance(value, bytes):
            return "is not bytes"
        return None if len(value) <= column.max_chars else _too_long(len(value), column.max_chars)
    if not isinstance(value, str):
        return "is not text"
    if len(value) > column.max_chars:
        return _too_long(len(value), column.max_chars)
    return _surrogate_problem((value,))


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _too_long(size: int, limit: int) -> str:
    return f"is {size:,} characters long; at most {limit:,} fit"


def _surrogate_problem(values: Sequence[str]) -> str | None:
    # Half of a character (a lone surrogate, from a damaged file or a mis-decoded command
    # line) cannot be stored as UTF-8; sqlite3 would raise deep inside the write.
    for value in values:
        if not value.isascii() and _SURROGATE.search(value):
            return "holds a broken character (half of a surrogate pair)"
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article_rules(article: Article) -> Iterator[str]:
    if not is_reliability(article.reliability):
        yield f"article {article.id} has a reliability grade that is not A to F"
    if not pages_fit(article.pages, len(article.text)):
        yield f"article {article.id} has page starts that do not fit its text"


def _theme_rules(theme: Theme) -> Iterator[str]:
    if not is_valid_colour(theme.colour):
        yield f"theme {theme.id} has a colour that is not #RRGGBB"


def _passage_rules(p: Passage) -> Iterator[str]:
    label = f"passage {p.id}"
    if not 0 <= p.start < p.end:
        yield f"{label} has offsets that are not a span of text ({p.start}-{p.end})"
    elif len(p.quote) != p.end - p.start:
        yield f"{label} no longer matches its article (its quote and offsets disagree)"
    elif not is_credibility(p.credibility):
        yield f"{label} has a credibility grade that is not 1 to 6"
    elif not p.theme_ids or not all(_is_integer(t) for t in p.theme_ids):
        yield f"{label} is not tagged with any theme"
    elif p.corroborates == p.id:
        yield f"{label} is marked as corroborating itself"


def _no_rules(record: object) -> Iterator[str]:
    return iter(())


# The same rules as a condition on a row (`t` its table): every row that breaks one meets it.
# Opening a file checks in Python only the rows the conditions pick out (see `suspect_rows`).
_SQL_RULES: dict[str, str] = {
    "articles": ("t.reliability NOT IN ({grades}) OR t.pages IS NOT '[]'").format(
        grades=", ".join(f"'{g}'" for g in RELIABILITY)
    ),
    "passages": (
        "NOT (0 <= t.start_offset AND t.start_offset < t.end_offset)"
        " OR length(t.quote) IS NOT t.end_offset - t.start_offset"
        " OR t.credibility NOT IN ({grades}) OR t.corroborates IS t.id"
    ).format(grades=", ".join(str(g) for g in CREDIBILITY)),
}
# ...and the rules on a row's rows in another table (a passage's themes): `suspect_condition`
# leaves them out when asked (`tags=False`) for a caller that checks them as it reads them.
_SQL_TAG_RULES: dict[str, str] = {
    "passages": (
        "NOT EXISTS (SELECT 1 FROM passage_themes AS m WHERE m.passage_id = t.id)"
        " OR EXISTS (SELECT 1 FROM passage_themes AS m WHERE m.passage_id = t.id"
        " AND typeof(m.theme_id) != 'integer')"
    ),
}


def suspect_rows(table: str, version: int) -> str:
    """SQL for the ids of the rows of a record table that may break a rule: a wrong kind of
    value, or a record rule (values too long are refused before loading, in SQL too; a broken
    character cannot be read at all). List columns are JSON, checked in Python for every row.
    The rest of the rows need no check of their own: loading a large project checks 100,000
    passages in one query instead of a million values one by one."""
    return f'SELECT t.id FROM "{table}" AS t WHERE {suspect_condition(table, version)}'


def suspect_condition(
    table: str, version: int, only: Collection[str] | None = None, tags: bool = True
) -> str:
    """The condition `suspect_rows` puts on a row of `table` (named `t`); with `only`, the
    part about those columns' kinds of value alone (not the table's record rules); without
    `tags`, not the rules on its rows in another table (a passage's themes)."""
    conditions = []
    for column in columns(table, version):
        if only is not None and column.column not in only:
            continue
        name = f't."{column.column}"'
        wanted = {"integer": "integer", "text": "text", "blob": "blob"}.get(column.kind)
        if wanted is not None:
            wrong = f"typeof({name}) != '{wanted}'"
            conditions.append(f"({name} IS NOT NULL AND {wrong})" if column.nullable else wrong)
        elif column.kind == "flag":
            conditions.append(f"({name} IS NULL OR {name} NOT IN (0, 1))")
    if only is None:
        rules = [_SQL_RULES.get(table), _SQL_TAG_RULES.get(table) if tags else None]
        conditions.extend(f"({rule})" for rule in rules if rule)
    return " OR ".join(conditions) or "0"


def wrong_kinds(
    table: str, version: int, names: Sequence[str], found: Sequence[Sequence[Any]]
) -> set[object]:
    """The first values (the ids) of the rows `found` (values of the columns `names`, in
    order) holding a value of the wrong kind: `suspect_condition(table, version, names)` asked
    of rows already read, column by column (a tenth of the time of asking SQLite for each)."""
    declared = {c.column: c for c in columns(table, version)}
    wrong: set[object] = set()
    for at, name in enumerate(names):
        column = declared[name]
        kind = {"text": str, "integer": int, "blob": bytes}.get(column.kind)
        if kind is None:  # a flag: 0 or 1
            wrong.update(row[0] for row in found if row[at] not in (0, 1) or row[at] is None)
        elif column.nullable:
            wrong.update(
                row[0] for row in found if type(row[at]) is not kind and row[at] is not None
            )
        else:
            wrong.update(row[0] for row in found if type(row[at]) is not kind)
    return wrong


_RULES: dict[Kind, Callable[[Any], Iterator[str]]] = {
    Kind.ARTICLE: _article_rules,
    Kind.THEME: _theme_rules,
    Kind.PASSAGE: _passage_rules,
    Kind.SETTINGS: _no_rules,
    Kind.REJECTION: _no_rules,
}
