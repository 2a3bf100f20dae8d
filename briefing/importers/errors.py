"""Why a file could not be imported, in words an analyst can act on."""

from __future__ import annotations

from pathlib import Path


class ImportRefused(Exception):
    """A file that cannot become an article; `reason` is a sentence fit to show the user."""

    def __init__(self, path: Path, reason: str) -> None:
        # Both go to Exception so the error pickles and copies like any other.
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


class ContentRefused(Exception):
    """Raised by the format readers, which see bytes, not paths; `read_article` adds the path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


BINARY = "it looks like a binary file, not text"
