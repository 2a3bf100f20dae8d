"""The side panes' modules are imported in idle moments after the window shows."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from briefing.gui import warm_up


def test_the_modules_are_imported_a_moment_after_it_starts(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("warm_first", "warm_second"):
        (tmp_path / f"{name}.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(warm_up, "MODULES", ("warm_first", "warm_second"))
    imports: list[str] = []
    real_import = importlib.import_module
    monkeypatch.setattr(
        importlib, "import_module", lambda name: (imports.append(name), real_import(name))[1]
    )
    warming = warm_up.WarmUp()
    warming.start_soon()
    assert imports == []  # not while the window is still to paint
    qtbot.waitUntil(lambda: "warm_second" in sys.modules, timeout=5000)
    assert imports == ["warm_first", "warm_second"]  # one a turn, in order
    for name in imports:
        monkeypatch.delitem(sys.modules, name)


def test_every_module_it_names_is_there() -> None:
    # A pane's module renamed or moved would go unnoticed here: its first visit imports it.
    assert all(importlib.util.find_spec(name) is not None for name in warm_up.MODULES)
