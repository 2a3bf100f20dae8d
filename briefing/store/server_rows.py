"""Read a server project's records, with the revision of each, all of them or by id.

The columns and their order are `record_rows`'s, as for a file; each row also gives the
change-log entry that last wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing.core.edit import Kind
from briefing.store import record_rows as rows
from briefing.store.server_schema import RECORD_TABLE

Item = tuple[Kind, int]
Fetched = dict[Item, tuple[object, int]]  # item -> (record, revision)

_COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.ARTICLE: rows.ARTICLE_COLUMNS,
    Kind.THEME: rows.THEME_COLUMNS,
    Kind.PASSAGE: rows.PASSAGE_COLUMNS,
    Kind.SETTINGS: rows.SETTINGS_COLUMNS,
    Kind.REJECTION: rows.REJECTION_COLUMNS,
}


def fetch(cur: Any, items: Iterable[Item] | None = None) -> Fetched:
    """The records named (all of them for None) as they are now, with their revisions.
    A record that no longer exists is left out. RecordRefused for a list that is not one."""
    wanted: dict[Kind, list[int]] | None = None
    if items is not None:
        wanted = {}
        for kind, record_id in items:
            wanted.setdefault(kind, []).append(record_id)
    found: Fetched = {}
    for kind, columns in _COLUMNS.items():
        ids = None if wanted is None else wanted.get(kind)
        if wanted is not None and not ids:
            continue
        query = rows.select(RECORD_TABLE[kind], (*columns, "revision"))
        if ids is not None:
            cur.execute(query + " WHERE id = ANY(%s)", (ids,))
        else:
            cur.execute(query)
        table = cur.fetchall()
        themes_of = _themes_of(cur, ids) if kind is Kind.PASSAGE else {}
        for row in table:
            record = _record(kind, row[:-1], themes_of)
            key = (kind, 1) if kind is Kind.SETTINGS else (kind, row[0])
            found[key] = (record, row[-1])
    return found


def _themes_of(cur: Any, passage_ids: list[int] | None) -> dict[int, list[int]]:
    query = "SELECT passage_id, theme_id FROM passage_themes"
    order = " ORDER BY passage_id, ordinal"
    if passage_ids is None:
        cur.execute(query + order)
    else:
        cur.execute(query + " WHERE passage_id = ANY(%s)" + order, (passage_ids,))
    themes_of: dict[int, list[int]] = {}
    for passage_id, theme_id in cur.fetchall():
        themes_of.setdefault(passage_id, []).append(theme_id)
    return themes_of


def _record(kind: Kind, row: tuple[Any, ...], themes_of: dict[int, list[int]]) -> object:
    if kind is Kind.ARTICLE:
        return rows.article_from(row)
    if kind is Kind.THEME:
        return rows.theme_from(row)
    if kind is Kind.PASSAGE:
        return rows.passage_from(row, themes_of.get(row[0], ()))
    if kind is Kind.SETTINGS:
        return rows.settings_from(row)
    return rows.rejection_from(row)
