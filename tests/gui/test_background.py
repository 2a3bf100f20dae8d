"""The one helper for long work: progress, cancel, and exactly one outcome on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from briefing.core.errors import ProjectError
from briefing.gui.background import BackgroundTask, Cancelled, Progress


def run(qtbot: QtBot, work, cancel: bool = False) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    outcomes: list[tuple[str, object]] = []
    ui = QThread.currentThread()

    def record(kind: str):  # type: ignore[no-untyped-def]
        return lambda *value: outcomes.append(
            (kind, value[0] if value else QThread.currentThread() is ui)
        )

    task = BackgroundTask(
        parent, "Test work", work, record("done"), record("failed"), record("cancelled")
    )
    task.start()
    if cancel:
        task.cancel()
    qtbot.waitUntil(lambda: not task.running(), timeout=5000)
    return outcomes


def test_the_result_arrives_once(qtbot: QtBot) -> None:
    workers = []

    def work(progress: Progress) -> int:
        workers.append(threading.current_thread() is threading.main_thread())
        for done in range(3):
            progress(done, 3)
        return 42

    assert run(qtbot, work) == [("done", 42)]
    assert workers == [False]  # it ran off the UI thread


def test_a_refusal_is_a_message_and_a_bug_says_where_to_look(qtbot: QtBot) -> None:
    def refuse(_progress: Progress) -> None:
        raise ProjectError("b.docx: the folder does not exist")

    def crash(_progress: Progress) -> None:
        raise RuntimeError("oops")

    assert run(qtbot, refuse) == [("failed", "b.docx: the folder does not exist")]
    [(kind, message)] = run(qtbot, crash)
    assert kind == "failed" and "oops" in str(message) and "Show log" in str(message)


def test_cancel_stops_the_work(qtbot: QtBot) -> None:
    def endless(progress: Progress) -> None:
        while progress(0, 1):
            pass
        raise Cancelled

    assert run(qtbot, endless, cancel=True) == [("cancelled", True)]
