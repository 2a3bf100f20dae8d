"""Names and versions of the readers that turn sources into text, for the chain of custody.

An article records which reader made its text, so `verify` can tell whether reading the kept
original again should give the same text, and a report can say how a quote was obtained.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from briefing import __version__


def own_reader(kind: str) -> str:
    return f"Briefing Builder {__version__} ({kind})"


@cache
def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # a frozen bundle without the package's metadata
        return "unknown version"


def trafilatura_reader() -> str:
    return f"trafilatura {package_version('trafilatura')}"
