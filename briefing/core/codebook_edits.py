"""The codebook's edits: add, rename, recolour, describe, show or hide, reorder, delete and
merge themes. Part of `Project` (which these methods are mixed into); kept apart because a
codebook has rules of its own (unique names, valid colours, what happens to a deleted
theme's passages)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from briefing.core.edit import Change, Edit, Kind, PassageChange, PlannedEdit, ThemeChange
from briefing.core.errors import ProjectError, ThemeInUse
from briefing.core.palette import fresh_colours, is_valid_colour, next_colour
from briefing.core.records import Passage, Theme


class OrphanPolicy(Enum):
    """What deleting a theme does to the passages it tags."""

    UNTAG = "untag"  # remove the theme; passages left with no theme are deleted
    MOVE = "move"  # tag them with another theme instead


# Deleting a theme, planned: each passage it tags, then the theme.
ThemeRemoval = PlannedEdit[Passage | Theme]


class CodebookEdits:
    if TYPE_CHECKING:  # what Project provides
        _themes: dict[int, Theme]

        def theme(self, theme_id: int) -> Theme: ...
        def themes(self) -> list[Theme]: ...
        def passages(self) -> list[Passage]: ...
        def passage_counts_by_theme(self) -> Counter[int]: ...
        def next_id(self, kind: Kind, count: int = 1) -> int: ...
        def _edit(self, description: str, changes: Iterable[Change]) -> Edit: ...
        def apply(self, edit: Edit) -> Edit: ...
        def record(self, kind: Kind, record_id: int) -> Any: ...
        def _retag(self, passage: Passage, theme_ids: list[int]) -> PassageChange: ...

    def add_theme(
        self, name: str, colour: str | None = None, description: str = "",
        keywords: Sequence[str] = (),
    ) -> Edit:  # fmt: skip
        name = self._check_theme_name(name)
        colour = colour or next_colour({t.colour for t in self._themes.values()})
        self._check_colour(colour)
        position = max((t.position for t in self._themes.values()), default=-1) + 1
        theme = Theme(self.next_id(Kind.THEME), name, colour.upper(), description,
                      tuple(keywords), position)  # fmt: skip
        return self._edit(f"Add theme “{name}”", [ThemeChange(theme.id, None, theme)])

    def add_themes(
        self,
        new: Sequence[tuple[str, str | None, str]],
        replaced: Sequence[Theme] = (),
        description: str = "Add themes",
    ) -> Edit:
        """Add themes (name, colour or None for a fresh one, description) and replace existing
        ones, all as one edit: one transaction and one undo step, however many there are.
        Names are checked against a dict, so 20,000 of them cost no more than a scan each."""
        names = {t.name.casefold(): t for t in self._themes.values()}
        colours = fresh_colours(t.colour for t in self._themes.values())
        position = max((t.position for t in self._themes.values()), default=-1) + 1
        next_id = self.next_id(Kind.THEME, len(new)) if new else 0
        changes: list[Change] = []
        for offset, (raw_name, colour, text) in enumerate(new):
            name = " ".join(raw_name.split())
            if not name:
                raise ProjectError("A theme needs a name")
            if name.casefold() in names:
                existing = names[name.casefold()].name
                raise ProjectError(f"There is already a theme named “{existing}”")
            colour = colour or next(colours)
            self._check_colour(colour)
            theme = Theme(next_id + offset, name, colour.upper(), text, (), position + offset)
            names[name.casefold()] = theme
            changes.append(ThemeChange(theme.id, None, theme))
        for theme in replaced:
            self._check_colour(theme.colour)
            changes.append(ThemeChange(theme.id, self.theme(theme.id), theme))
        return self._edit(description, changes)

    def rename_theme(self, theme_id: int, name: str) -> Edit:
        old = self.theme(theme_id)
        name = self._check_theme_name(name, ignore=theme_id)
        return self._replace_theme(old, f"Rename “{old.name}” to “{name}”", name=name)

    def recolour_theme(self, theme_id: int, colour: str) -> Edit:
        self._check_colour(colour)
        old = self.theme(theme_id)
        return self._replace_theme(old, f"Recolour “{old.name}”", colour=colour.upper())

    def describe_theme(
        self, theme_id: int, description: str | None = None, keywords: Sequence[str] | None = None
    ) -> Edit:
        old = self.theme(theme_id)
        fields: dict[str, Any] = {}
        if description is not None:
            fields["description"] = description
        if keywords is not None:
            fields["keywords"] = tuple(k.strip() for k in keywords if k.strip())
        return self._replace_theme(old, f"Edit “{old.name}”", **fields)

    def set_theme_visible(self, theme_id: int, visible: bool) -> Edit:
        old = self.theme(theme_id)
        verb = "Show" if visible else "Hide"
        return self._replace_theme(old, f"{verb} “{old.name}” highlights", visible=visible)

    def move_theme(self, theme_id: int, index: int) -> Edit:
        """Put a theme at `index` in the codebook order; positions become 0..n-1."""
        ordered = self.themes()
        theme = self.theme(theme_id)
        ordered.remove(theme)
        ordered.insert(max(0, min(index, len(ordered))), theme)
        changes = [
            ThemeChange(t.id, t, dataclasses.replace(t, position=i))
            for i, t in enumerate(ordered)
            if t.position != i
        ]
        return self._edit(f"Move “{theme.name}”", changes)

    def delete_theme(
        self, theme_id: int, policy: OrphanPolicy | None = None, move_to: int | None = None
    ) -> Edit:
        """Delete a theme. If it tags passages, `policy` says what happens to them."""
        return self.apply(self.deleting_theme(theme_id, policy, move_to).edit())

    def deleting_theme(
        self, theme_id: int, policy: OrphanPolicy | None = None, move_to: int | None = None
    ) -> ThemeRemoval:
        """What `delete_theme` applies, planned (the window applies a big one in steps)."""
        theme = self.theme(theme_id)
        count = self.passage_counts_by_theme()[theme_id]
        if count and policy is None:
            raise ThemeInUse(theme.name, count)
        if policy is OrphanPolicy.MOVE:
            if move_to is None or move_to == theme_id:
                raise ProjectError("Choose another theme to move the passages to")
            self.theme(move_to)
        replacement = move_to if policy is OrphanPolicy.MOVE else None
        return self._theme_removal(f"Delete theme “{theme.name}”", theme, replacement)

    def merging_themes(self, source_id: int, target_id: int) -> ThemeRemoval:
        """Moving every passage of `source` to `target`, then deleting `source`, planned:
        apply its `edit()` (the window applies a big one in steps)."""
        source, target = self.theme(source_id), self.theme(target_id)
        if source_id == target_id:
            raise ProjectError("A theme cannot be merged into itself")
        description = f"Merge “{source.name}” into “{target.name}”"
        return self._theme_removal(description, source, target_id)

    def _theme_removal(
        self, description: str, theme: Theme, replacement: int | None
    ) -> ThemeRemoval:
        """Deleting `theme`: each passage it tags retagged with `replacement` (or untagged,
        and deleted if it has no theme left), then the theme itself."""
        records: list[Passage | Theme] = [p for p in self.passages() if theme.id in p.theme_ids]
        records.append(theme)

        def changes_of(part: Sequence[Passage | Theme]) -> Iterator[Change]:
            for record in part:
                if isinstance(record, Theme):
                    yield ThemeChange(record.id, record, None)
                    continue
                passage = self.record(Kind.PASSAGE, record.id)  # as it is by now
                if passage is None or theme.id not in passage.theme_ids:
                    continue
                swapped = (replacement if t == theme.id else t for t in passage.theme_ids)
                yield self._retag(passage, [t for t in dict.fromkeys(swapped) if t is not None])

        return PlannedEdit(description, records, changes_of)

    def _replace_theme(self, old: Theme, label: str, **fields: Any) -> Edit:
        new = dataclasses.replace(old, **fields)
        if new == old:
            return Edit(label, ())
        return self._edit(label, [ThemeChange(old.id, old, new)])

    def _check_theme_name(self, name: str, ignore: int | None = None) -> str:
        name = " ".join(name.split())
        if not name:
            raise ProjectError("A theme needs a name")
        for theme in self._themes.values():
            if theme.id != ignore and theme.name.casefold() == name.casefold():
                raise ProjectError(f"There is already a theme named “{theme.name}”")
        return name

    @staticmethod
    def _check_colour(colour: str) -> None:
        if not is_valid_colour(colour):
            raise ProjectError(f"“{colour}” is not a colour; use #RRGGBB")
