"""What opening a REFI-QDA project brought in and what it left out, in words for the analyst.

The standard asks an importing tool to tell the user which elements it discarded; this is that
report, shown by the app after the import and printed by `briefing new PROJECT FILE.qdpx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

_LISTED_NAMES = 5


@dataclass
class QdpxSummary:
    file_name: str
    origin: str = ""
    title: str = ""
    articles: int = 0
    themes: int = 0
    passages: int = 0
    notes: int = 0  # passages with a note
    graded: int = 0  # sources and passages with a grade other than "cannot be judged"
    links: int = 0  # corroboration links
    analysts: tuple[str, ...] = ()
    read_as: list[str] = field(default_factory=list)  # how something had to be read
    left_out: list[str] = field(default_factory=list)  # one line per thing (or kind) dropped

    def headline(self) -> str:
        origin = f" (from {self.origin})" if self.origin else ""
        return f"Opened “{self.title}”, a REFI-QDA project{origin}, from {self.file_name}."

    def counts(self) -> str:
        parts = [
            _count(self.articles, "article"), _count(self.themes, "theme"),
            _count(self.passages, "passage"),
        ]  # fmt: skip
        extras = [f"{self.notes} with notes"] if self.notes else []
        extras += [_count(self.graded, "grade")] if self.graded else []
        extras += [_count(self.links, "corroboration link")] if self.links else []
        line = ", ".join(parts) + (f" ({', '.join(extras)})" if extras else "")
        if self.analysts:
            line += f"; coded by {', '.join(self.analysts)}"
        return f"Imported {line}."

    def lines(self) -> list[str]:
        """Every line of the report: headline, counts, then how things were read and what was
        left out, one line each."""
        lines = [self.headline(), self.counts()]
        lines += [f"Read: {line}" for line in self.read_as]
        if self.left_out:
            lines.append("Left out:")
            lines += [f"  - {line}" for line in self.left_out]
        else:
            lines.append("Nothing was left out.")
        return lines

    def message(self, limit: int = 25) -> str:
        """The report for a dialog: at most `limit` lines of what was left out."""
        lines = self.lines()
        head = len(lines) - len(self.left_out)
        if len(self.left_out) > limit:
            hidden = len(self.left_out) - limit
            lines = [*lines[: head + limit], f"  … and {hidden} more (see Details)"]
        return "\n".join(lines)


def named(names: Sequence[str], noun: str, plural: str = "") -> str:
    """ "3 cases: “A”, “B”, “C”" with at most a few names shown."""
    shown = ", ".join(f"“{n}”" for n in names[:_LISTED_NAMES])
    if len(names) > _LISTED_NAMES:
        shown += f" and {len(names) - _LISTED_NAMES} more"
    return f"{_count(len(names), noun, plural)}: {shown}"


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
