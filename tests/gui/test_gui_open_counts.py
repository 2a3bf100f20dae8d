"""A project file just opened: the window shows it while whose its passages are is still
being counted, and the Passages pane's analysts fill in once that is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import make_window
from pytestqt.qtbot import QtBot

from briefing.gui.passages_model import AUTHOR
from tests.store.deferred_reading import HeldChecks
from tests.store.test_deferred_open import analysts_project


def test_the_analysts_fill_in_once_they_are_counted(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = analysts_project(tmp_path / "analysts.briefing")
    whose = HeldChecks(monkeypatch, "count_whose")
    window = make_window(qtbot, path)  # does not wait for them
    pane = window.passages_pane
    assert window.session is not None and not window.session.project.passage_authors_known()
    assert "3 passages" in window.counts_label.text()
    assert [pane.analyst.itemText(i) for i in range(pane.analyst.count())] == ["By anyone"]
    assert pane.analyst.isHidden() and pane.tree.isColumnHidden(AUTHOR)
    whose.release()
    qtbot.waitUntil(lambda: pane.analyst.count() == 4, timeout=5000)
    assert [pane.analyst.itemText(i) for i in range(4)] == [
        "By anyone", "(not named)", "Ana", "Ben",
    ]  # fmt: skip
    assert not pane.analyst.isHidden() and not pane.tree.isColumnHidden(AUTHOR)
    window.close()
