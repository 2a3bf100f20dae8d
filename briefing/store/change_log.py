"""The change log both backends keep: one append-only row per stored edit.

A row says when, by whom, what the edit was called ("Tag passage as drones") and which records
it changed, as a JSON list of [kind, id] pairs. It is the project's record of who did what
(every passage, note, grade and codebook change), and on a server the way other analysts'
windows learn of an edit: the row's id is announced, and they read the records it names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.core.edit import Change, Edit, Kind
from briefing.core.text import shorten
from briefing.store import limits

MAX_DESCRIPTION = 500  # an edit's description in the log (an import names its title)
Item = tuple[Kind, int]
HISTORY = "SELECT id, at, author, description, changes FROM change_log ORDER BY id DESC LIMIT "


@dataclass(frozen=True, slots=True)
class Logged:
    """One stored edit, as the log keeps it."""

    id: int
    at: str  # UTC, ISO 8601
    author: str  # a server's database role; in a file, the analyst named in the settings
    description: str
    items: tuple[Item, ...]


def logged_from(row: tuple[object, ...]) -> Logged:
    """A row of `HISTORY` as an entry (a damaged row's items are left out, not trusted)."""
    entry_id, at, author, description, changes = row
    when = at.isoformat(timespec="seconds") if hasattr(at, "isoformat") else str(at)
    try:
        found = tuple(parse_items(changes))
    except limits.RecordRefused:
        found = ()
    return Logged(int(str(entry_id)), when, str(author), str(description), found)


def items(changes: Iterable[Change]) -> list[Item]:
    """The records an edit changes, each once, in order."""
    return list(dict.fromkeys((change.kind, change.id) for change in changes))


def item_text(item: Item) -> str:
    """One item as the log stores it, compact: ["passage",7]."""
    return json.dumps([str(item[0]), item[1]], separators=(",", ":"))


def items_to_json(edit: Edit) -> str:
    return "[" + ",".join(item_text(i) for i in items(edit.changes)) + "]"


def parse_items(stored: object) -> list[Item]:
    """The items of a stored row (JSON text, or the list a server's jsonb gives), or
    RecordRefused: a log written by someone else's client (or by hand) is untrusted."""
    if isinstance(stored, list):
        value: tuple[object, ...] | list[object] = stored
    else:
        value = limits.list_from_json("change_log", "changes", stored)
    found: list[Item] = []
    for entry in value:
        if not (isinstance(entry, list) and len(entry) == 2):
            raise limits.RecordRefused("a change's items are not [kind, id] pairs")
        kind, record_id = entry
        if kind not in set(Kind) or not isinstance(record_id, int) or isinstance(record_id, bool):
            raise limits.RecordRefused("a change names a record that is not one")
        found.append((Kind(kind), record_id))
    return found


def description(edit: Edit) -> str:
    return shorten(" ".join(edit.description.split()), MAX_DESCRIPTION)
