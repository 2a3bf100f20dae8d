"""The default codebook, read from `resources/codebook/default.json`."""

from __future__ import annotations

import json

from briefing.core.records import Theme


def themes_from_json(data: str) -> list[Theme]:
    """Themes from a codebook file; ids and positions follow the file's order."""
    entries = json.loads(data)["themes"]
    return [
        Theme(
            id=index + 1,
            name=entry["name"],
            colour=entry["colour"].upper(),
            description=entry.get("description", ""),
            keywords=tuple(entry.get("keywords", ())),
            position=index,
        )
        for index, entry in enumerate(entries)
    ]


def default_themes() -> list[Theme]:
    from briefing.resources import resource

    return themes_from_json(resource("codebook", "default.json").read_text(encoding="utf-8"))
