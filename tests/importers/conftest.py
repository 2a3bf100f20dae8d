"""Fixtures for the importer tests: files written on the fly, and a machine with no network."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[[str, bytes | str], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write `content` to `tmp_path / name`; str content is written as UTF-8, byte for byte."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Make any attempt to open a connection fail loudly, and record it."""
    attempts: list[tuple[object, ...]] = []
    # The web-page reader's extractor is loaded on first use; its HTTP client (never used to
    # read a saved page) refers to socket types when it loads, so load it before they go.
    from briefing.importers.web_page import load_extractor

    load_extractor()

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts
