"""An article's chain of custody as the project takes it in: where its text came from and how
it was read, and the exact bytes, kept by their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from briefing.core.errors import ProjectError
from briefing.core.records import ImportedArticle, Original


def custody_fields(
    item: ImportedArticle, stamp: str, originals: dict[str, Original]
) -> dict[str, Any]:
    """An article's chain-of-custody fields from what the importer read; queues its bytes."""
    digest = ""
    if item.original:
        digest = hashlib.sha256(item.original).hexdigest()
        originals[digest] = Original(item.original, item.original_packed)
    return {
        "pages": tuple(item.pages), "source_url": item.source_url,
        "final_url": item.final_url or item.source_url, "retrieved": item.retrieved or stamp,
        "sha256": digest, "original_size": len(item.original), "reader": item.reader,
        "view": item.view, "encoding": item.encoding,
    }  # fmt: skip


def pages_fit(pages: Sequence[int], size: int) -> bool:
    """Whether page starts suit a text of `size` characters: from 0, in order, inside it."""
    return not pages or (
        pages[0] == 0 and all(a <= b for a, b in zip(pages, pages[1:], strict=False))
        and pages[-1] <= size
    )  # fmt: skip


def check_pages(pages: Sequence[int], size: int) -> None:
    if not pages_fit(pages, size):
        raise ProjectError("The page starts of a paged source are out of order")
