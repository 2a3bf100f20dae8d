"""How to read a source: the choices an analyst can make when a reading came out wrong."""

from __future__ import annotations

from dataclasses import dataclass

VIEW_ARTICLE = ""  # a web page's article body, as the extractor finds it
VIEW_PAGE = "page"  # every visible block of the page


@dataclass(frozen=True, slots=True)
class ReadOptions:
    view: str = VIEW_ARTICLE
    encoding: str = ""  # "" detects the text encoding; otherwise decode with this one


DEFAULT_OPTIONS = ReadOptions()
