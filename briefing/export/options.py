"""What the analyst chose to put in a briefing: the same options drive every format."""

from __future__ import annotations

from dataclasses import dataclass

GROUP_BY = ("theme", "source")
ORDERS = ("position", "date")


@dataclass(frozen=True, slots=True)
class OutlineOptions:
    theme_ids: tuple[int, ...] | None = None  # None: every theme
    article_ids: tuple[int, ...] | None = None  # None: every article
    group_by: str = "theme"  # "theme" | "source"
    order: str = "position"  # "position" (sources by import, passages in reading order) | "date"
    include_notes: bool = True
    include_empty_themes: bool = False
    front_matter: bool = True  # Markdown only: YAML front matter with title, date, analyst
    name_contributors: bool = False  # the byline names every analyst who tagged a passage

    def __post_init__(self) -> None:
        if self.group_by not in GROUP_BY:
            raise ValueError(
                f"group_by must be one of {', '.join(GROUP_BY)}, not {self.group_by!r}"
            )
        if self.order not in ORDERS:
            known = ", ".join(ORDERS)
            raise ValueError(f"order must be one of {known}, not {self.order!r}")
