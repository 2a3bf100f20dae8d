"""The window shows a project before all of it is read (the rest comes in idle moments): every
view shows then what it shows once all is read, an edit meanwhile is stored as any edit (the
rest read after it), and a project found damaged meanwhile is closed with the store's one
line, its file untouched."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from gui_helpers import make_window, press, project_with, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from random_edits import random_edit, random_project

from briefing.core.edit import Edit
from briefing.gui.articles_model import DETAILS_ROLE
from briefing.gui.main_window import MainWindow
from briefing.store import ProjectFileError, open_project, opening_reads
from briefing.store.project_file import write_new_project
from tests.robustness.hostile_projects import make_valid, tamper
from tests.store.deferred_reading import HeldChecks


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few records, so a small project is read in many idle moments."""
    monkeypatch.setattr(opening_reads, "_TEXT_BATCH_CHARS", 200)
    monkeypatch.setattr(opening_reads, "_THEME_BATCH", 1)
    monkeypatch.setattr(opening_reads, "_PASSAGE_BATCH", 1)


def tagged_project(path: Path) -> Path:
    rng = random.Random(11)
    project = random_project(rng)
    edits: list[Edit] = []
    for _ in range(30):
        random_edit(project, rng, edits)
    return write_new_project(path, project)


def shown(window: MainWindow) -> tuple[object, ...]:
    """What the views show of the project (none of it needs every passage at once)."""
    articles = window.articles_model
    passages, codebook = window.passages_model, window.codebook_model
    groups = [passages.index(row, 0) for row in range(passages.rowCount())]
    return (
        [articles.index(row).data(DETAILS_ROLE) for row in range(articles.rowCount())],
        [codebook.index(row, 0).data() for row in range(codebook.rowCount())],
        [[passages.passage_id(passages.index(r, 0, g)) for r in range(passages.rowCount(g))]
         for g in groups],
        [passages.index(0, 0, g).data() for g in groups if passages.rowCount(g)],
        window.counts_label.text(),
        window.reader.view.toPlainText(),
    )  # fmt: skip


def test_the_views_show_what_they_show_once_all_is_read(qtbot: QtBot, tmp_path: Path) -> None:
    path = tagged_project(tmp_path / "p.briefing")
    window = make_window(qtbot, path)
    session = window.session
    assert session is not None and session.reading
    before = shown(window)
    qtbot.waitUntil(lambda: not session.reading)
    assert shown(window) == before
    window.close()


def test_an_edit_before_all_is_read_is_stored(qtbot: QtBot, tmp_path: Path) -> None:
    path = tagged_project(tmp_path / "p.briefing")
    window = make_window(qtbot, path)
    session = window.session
    assert session is not None and session.reading
    article = session.project.articles()[0]
    before = len(session.project.passages_of(article.id))
    window.hub.run(lambda: session.project.tag(article.id, 0, 3, [1]))
    assert session.reading  # an edit waits for the checks only: the rest is read after it
    assert len(session.project.passages_of(article.id)) == before + 1
    qtbot.waitUntil(lambda: not session.reading)
    assert len(session.project.passages_of(article.id)) == before + 1
    window.close()
    reopened = open_project(path)
    assert len(reopened.project.passages_of(article.id)) == before + 1
    reopened.close()


def test_a_project_found_damaged_once_read_is_closed_and_said_so(
    qtbot: QtBot, tmp_path: Path, message_boxes: list[tuple[str, str]]
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET credibility = 9 WHERE id = 2")  # the second article's
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ProjectFileError) as refused:
        open_project(path)
    window = make_window(qtbot, path)
    assert window.session is not None and window.session.path == path  # shown at once
    qtbot.waitUntil(lambda: window.session is None)
    assert message_boxes[-1] == ("warning", f"Could not open the project: {refused.value}")
    assert "No project open" in window.counts_label.text()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    window.close()


def test_tagging_while_the_file_is_checked_does_not_wait_and_is_stored_after(
    qtbot: QtBot, tmp_path: Path, held: HeldChecks
) -> None:
    path = project_with(tmp_path / "p.briefing", ("Missiles", "Iran sent missiles to Russia."))
    window = make_window(qtbot, path)
    session = window.session
    assert session is not None and session.reading
    select_text(window.reader.view, "sent missiles")
    press(qtbot, window.reader.view, Qt.Key.Key_1)  # the checks are held: it must not wait
    article = session.project.articles()[0].id
    assert [p.quote for p in session.project.passages_of(article)] == ["sent missiles"]
    qtbot.waitUntil(lambda: "1 passage" in window.counts_label.text())
    assert session.reading and session.stored.queued() == 1  # type: ignore[union-attr]
    assert window.statusBar().currentMessage().endswith("(saved once the file's checks are over)")
    held.release()
    qtbot.waitUntil(lambda: not session.reading)
    assert session.stored.queued() == 0  # type: ignore[union-attr]
    window.close()
    reopened = open_project(path)
    assert [p.quote for p in reopened.project.passages()] == ["sent missiles"]
    reopened.close()


def test_an_edit_on_a_file_then_found_damaged_is_said_lost_and_the_file_untouched(
    qtbot: QtBot, tmp_path: Path, held: HeldChecks, message_boxes: list[tuple[str, str]]
) -> None:
    path = make_valid(tmp_path / "p.briefing")
    tamper(path, "UPDATE passages SET credibility = 9 WHERE id = 2")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    window = make_window(qtbot, path)
    assert window.session is not None
    window.hub.run(lambda: window.session.project.update_settings(title="changed"))  # type: ignore[union-attr]
    held.release()
    qtbot.waitUntil(lambda: window.session is None)
    kind, text = message_boxes[-1]
    assert kind == "warning" and "could not be saved" in text and str(path) in text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    window.close()
