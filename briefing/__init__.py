"""Briefing Builder: tag passages of news articles with themes and export a briefing."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # Looked up when first asked: reading the installed packages' metadata takes a noticeable
    # part of starting the window, which never needs it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing-builder")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+checkout"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
