"""Selections on their way to becoming passages: each one planned, then created in an order
where a passage exists before any passage that corroborates it."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from briefing.core.records import Passage
from briefing.store.qdpx_positions import Span
from briefing.store.qdpx_reader import Selection

# ISO 8601 date and time as QDA tools write them (seconds and zone optional).
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")


@dataclass
class Plan:
    """A selection that will become a passage, once the one it corroborates exists."""

    label: str
    article_id: int
    start: int
    end: int
    themes: list[int]
    note: str
    credibility: int
    created: str
    modified: str
    author: str = ""  # the name of the file's user who made the selection, if it says
    target: str | None = None  # GUID of the selection this one corroborates


def targets_first(plans: dict[str, Plan]) -> tuple[list[str], list[str]]:
    """Selection GUIDs in an order where each comes after the one it corroborates, and those
    whose link was cut: a cycle of links (which no honest file has) is cut where it closes."""
    order: list[str] = []
    cut: list[str] = []
    done: set[str] = set()
    for start in plans:
        walk: list[str] = []
        guid: str | None = start
        while guid is not None and guid not in done and guid in plans:
            if guid in walk:
                plans[walk[-1]].target = None
                cut.append(walk[-1])
                break
            walk.append(guid)
            guid = plans[guid].target
        for guid in reversed(walk):
            if guid not in done:
                done.add(guid)
                order.append(guid)
    return order, cut


def restamped(passage: Passage, plan: Plan) -> Passage:
    """The passage with the file's author and its creation and change times, where it gives
    them."""
    if plan.author:
        passage = dataclasses.replace(passage, created_by=plan.author, updated_by=plan.author)
    if not _DATE_TIME.fullmatch(plan.created):
        return passage
    updated = plan.modified if _DATE_TIME.fullmatch(plan.modified) else plan.created
    return dataclasses.replace(passage, created=plan.created, updated=updated)


def span(selection: Selection) -> Span | None:
    if selection.start is None or selection.end is None:
        return None
    return Span(selection.start, selection.end, selection.name)


def label(selection: Selection, title: str) -> str:
    name = " ".join(selection.name.split())
    if len(name) > 40:
        name = name[:39] + "…"
    where = f"{selection.start}-{selection.end}"
    return (
        f"selection “{name}” ({where}) in “{title}”" if name else f"selection {where} in “{title}”"
    )
