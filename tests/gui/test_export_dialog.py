"""The export dialog: options to outline, the export and its check off the UI thread, the
project held still meanwhile, clear failures."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from briefing.core.project import Project
from briefing.export import ExportCancelled, OutlineOptions
from briefing.gui import export_dialog, export_task
from briefing.gui.export_dialog import ExportDialog
from briefing.gui.session import Session
from briefing.importers.batch import import_files
from briefing.store import ProjectFile, create_project


@pytest.fixture
def project_file(tmp_path: Path, seed_paths: list[Path]) -> ProjectFile:
    project_file = create_project(tmp_path / "p.briefing", title="Dialog test")
    project = project_file.project
    import_files(project, seed_paths)
    for quote, theme in (("kamikaze drones", "drones"), ("ballistic missiles", "missiles")):
        article = next(a for a in project.articles() if quote in a.text)
        start = article.text.index(quote)
        project.tag(article.id, start, start + len(quote), [project.theme_named(theme).id])
    return project_file


@pytest.fixture
def project(project_file: ProjectFile) -> Project:
    return project_file.project


def make(qtbot: QtBot, project: Project, session: Session | None = None) -> ExportDialog:
    dialog = ExportDialog(project, "Dialog: test/1", session=session)
    qtbot.addWidget(dialog)
    return dialog


def held_write(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The export's write waits for the event returned (then writes as it would)."""
    go = threading.Event()
    write = export_dialog.write_briefing

    def waiting_write(outline, path, fmt, progress):  # type: ignore[no-untyped-def]
        assert go.wait(10)
        return write(outline, path, fmt, progress)

    monkeypatch.setattr(export_dialog, "write_briefing", waiting_write)
    return go


def test_defaults_are_everything(qtbot: QtBot, project: Project) -> None:
    dialog = make(qtbot, project)
    assert dialog.fmt() == "docx"
    assert dialog.options() == OutlineOptions()
    assert dialog.default_path().name == "Dialog- test-1.docx"
    assert not dialog.article_list.isEnabled()


def test_widgets_map_to_options(qtbot: QtBot, project: Project) -> None:
    dialog = make(qtbot, project)
    dialog.theme_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.chosen_articles.setChecked(True)
    assert dialog.article_list.isEnabled()
    second = dialog.article_choice.index(1)
    dialog.article_choice.setData(second, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.article_choice.data(second, Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    dialog.group_box.setCurrentIndex(dialog.group_box.findData("source"))
    dialog.order_box.setCurrentIndex(dialog.order_box.findData("date"))
    dialog.notes_check.setChecked(False)
    dialog.empty_check.setChecked(True)
    themes = [t.id for t in project.briefing_theme_order()]
    assert dialog.options() == OutlineOptions(
        theme_ids=tuple(themes[1:]), article_ids=(project.articles()[0].id,),
        group_by="source", order="date", include_notes=False, include_empty_themes=True,
    )  # fmt: skip


def test_export_to_writes_the_file_and_reports(
    qtbot: QtBot, project: Project, tmp_path: Path, message_boxes: list
) -> None:
    dialog = make(qtbot, project)
    target = tmp_path / "out" / "brief"
    target.parent.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=5000) as signal:
        dialog.export_to(target)
    assert signal.args[0] == target.with_name("brief.docx")
    document = docx.Document(str(signal.args[0]))
    quotes = {p.text for p in document.paragraphs if p.style.name == "Quote"}
    assert quotes == {"kamikaze drones", "ballistic missiles"}
    assert message_boxes and message_boxes[-1][0] == "info"
    assert "Exported to" in message_boxes[-1][1]
    assert "2 of 2 quotes verified against their sources" in message_boxes[-1][1]
    assert dialog.last_report is not None and dialog.last_report.ok
    assert not dialog.is_exporting()


def test_failure_shows_a_message_and_leaves_nothing(
    qtbot: QtBot, project: Project, tmp_path: Path, message_boxes: list
) -> None:
    dialog = make(qtbot, project)
    with qtbot.waitSignal(dialog.failed, timeout=5000) as signal:
        dialog.export_to(tmp_path / "missing" / "b.docx")
    assert "missing/b.docx" in signal.args[0] and "does not exist" in signal.args[0]
    assert message_boxes[-1][0] == "warning"
    assert dialog.buttons.isEnabled()


def test_remembers_folder_and_options(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make(qtbot, project)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    dialog.group_box.setCurrentIndex(dialog.group_box.findData("source"))
    dialog.notes_check.setChecked(False)
    chosen = tmp_path / "briefings" / "mine.md"
    chosen.parent.mkdir()
    asked = []

    def save_name(parent, caption, directory, filter_):  # type: ignore[no-untyped-def]
        asked.append((directory, filter_))
        return str(chosen), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.buttons.accepted.emit()
    assert asked[0][1] == "Markdown (*.md)"
    assert chosen.read_text(encoding="utf-8").startswith("---\n")

    again = make(qtbot, project)
    assert again.fmt() == "md"
    assert again.options().group_by == "source" and not again.options().include_notes
    assert again.default_path() == chosen.parent / "Dialog- test-1.md"


def test_cancelled_file_dialog_does_nothing(
    qtbot: QtBot, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make(qtbot, project)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    dialog.choose_and_export()
    assert not dialog.is_exporting()


def test_cancel_button_stops_the_export(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_write(outline, path, fmt, progress):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 5
        while progress(0, 1) is not False and time.monotonic() < deadline:
            time.sleep(0.01)
        raise ExportCancelled(path)

    monkeypatch.setattr(export_dialog, "write_briefing", slow_write)
    dialog = make(qtbot, project)
    dialog.export_to(tmp_path / "c.docx")
    assert dialog.is_exporting() and not dialog.buttons.isEnabled()
    with qtbot.waitSignal(dialog.finished_export, timeout=5000):
        dialog._progress.canceled.emit()  # what its Cancel button sends
    assert not dialog.is_exporting() and dialog.buttons.isEnabled()
    assert list(tmp_path.glob("c*")) == []


def test_the_file_is_written_and_checked_off_the_ui_thread(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    message_boxes: list,
) -> None:  # fmt: skip
    threads: list[str] = []
    verify = export_task.verify_export

    def noted_verify(project: Project, path: Path):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return verify(project, path)

    monkeypatch.setattr(export_task, "verify_export", noted_verify)
    dialog = make(qtbot, project)
    with qtbot.waitSignal(dialog.finished_export, timeout=10000):
        dialog.export_to(tmp_path / "checked.docx")
    assert threads and threads[0] != threading.main_thread().name
    assert dialog.last_report is not None and dialog.last_report.checked == 2


def test_other_analysts_edits_wait_for_the_export(
    qtbot: QtBot, project_file: ProjectFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    message_boxes: list,
) -> None:  # fmt: skip
    taken: list[object] = []
    monkeypatch.setattr(project_file, "take_in", taken.append)
    session = Session(project_file)
    go = held_write(monkeypatch)
    dialog = make(qtbot, project_file.project, session)
    dialog.export_to(tmp_path / "held.docx")
    session._news.emit("first")  # as the store's listening thread delivers them
    session._news.emit("second")
    qtbot.waitUntil(lambda: session._held == ["first", "second"])
    assert taken == []
    with qtbot.waitSignal(dialog.finished_export, timeout=10000):
        go.set()
    assert taken == ["first", "second"]
    session._news.emit("third")
    qtbot.waitUntil(lambda: taken == ["first", "second", "third"])


@pytest.fixture
def still_read(project_file: ProjectFile, monkeypatch: pytest.MonkeyPatch) -> Session:
    """A session over a project that opened before all of it was read."""
    monkeypatch.setattr(Session, "reading", property(lambda _session: True))
    return Session(project_file)


def test_a_project_still_read_is_read_in_full_first(
    qtbot: QtBot, still_read: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    message_boxes: list,
) -> None:  # fmt: skip
    session = still_read
    outlined = threading.Event()
    iter_outline = export_task.iter_outline

    def noted_outline(*args):  # type: ignore[no-untyped-def]
        outlined.set()
        return iter_outline(*args)

    monkeypatch.setattr(export_task, "iter_outline", noted_outline)
    dialog = make(qtbot, session.project, session)
    dialog.export_to(tmp_path / "later.docx")
    # The worker has begun (it reports progress while it waits), and reads nothing yet.
    qtbot.waitUntil(lambda: dialog._progress.maximum() == export_task.STEPS)
    assert dialog.is_exporting() and not outlined.is_set()
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        session.read.emit()
    assert outlined.is_set()
    assert "2 of 2 quotes verified" in message_boxes[-1][1]


def test_a_project_found_unsound_while_read_stops_the_export(
    qtbot: QtBot, still_read: Session, tmp_path: Path, message_boxes: list
) -> None:
    session = still_read
    dialog = make(qtbot, session.project, session)
    dialog.export_to(tmp_path / "refused.docx")
    with qtbot.waitSignal(dialog.failed, timeout=10000) as failed:
        session.refused.emit("p.briefing cannot be opened: it is damaged")
    assert "damaged" in failed.args[0]
    assert list(tmp_path.glob("refused*")) == []
