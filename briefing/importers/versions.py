"""Names and versions of the readers that turn sources into text, for the chain of custody.

An article records which reader made its text, so `verify` can tell whether reading the kept
original again should give the same text, and a report can say how a quote was obtained.
"""

from __future__ import annotations

from functools import cache

import briefing


def own_reader(kind: str) -> str:
    return f"Briefing Builder {briefing.__version__} ({kind})"


@cache
def package_version(name: str) -> str:
    # Imported when first asked (so is the app's own version): reading package metadata is a
    # noticeable part of starting the window, which imports this module without asking.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:  # a frozen bundle without the package's metadata
        return "unknown version"


def trafilatura_reader() -> str:
    return f"trafilatura {package_version('trafilatura')}"
