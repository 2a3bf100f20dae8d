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
    pages: tuple[int, ...] = ()  # where each page starts in `text` (PDF)
    encoding: str = ""  # the text encoding used, for formats that are text
    reader: str = ""  # which reader (and version) made the text; "" for the default one
    view: str = ""  # "page" when a web page was read whole rather than for its article
    url: str = ""  # the address a saved page (.mhtml) says it was captured from
    notes: tuple[str, ...] = ()  # what the analyst should know about this reading
