"""What a format reader hands back: the readable text and any metadata the format itself holds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Extracted:
    """Empty metadata fields mean "the format did not say"; the text sniffer may fill them in."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: str | None = None
    notes: tuple[str, ...] = ()  # how the reader had to read it, e.g. as plain text
