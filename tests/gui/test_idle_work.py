"""Idle work: slices of work between turns of the event loop; an urgent one goes first."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from briefing.gui.idle import IdleWork


class Counted:
    """A job of `steps` steps that notes, at each, what the others had done by then."""

    def __init__(self, steps: int, log: list[str], name: str) -> None:
        self.left, self.log, self.name = steps, log, name

    def step(self) -> bool:
        self.log.append(self.name)
        self.left -= 1
        return self.left > 0


def test_other_idle_work_waits_for_an_urgent_one(qtbot: QtBot) -> None:
    owner = QObject()
    log: list[str] = []
    plain, urgent = Counted(5, log, "plain"), Counted(4, log, "urgent")
    # A slice of no time: one step a turn, so the turns show in the log.
    background = IdleWork(plain.step, 0.0, owner)
    answer = IdleWork(urgent.step, 0.0, owner, urgent=True)
    background.start()
    answer.start()
    qtbot.waitUntil(lambda: plain.left == 0 and urgent.left == 0)
    assert log == ["urgent"] * 4 + ["plain"] * 5


def test_an_urgent_work_stopped_or_gone_holds_nothing_up(qtbot: QtBot) -> None:
    log: list[str] = []
    plain = Counted(3, log, "plain")
    background = IdleWork(plain.step, 0.0)
    stopped = IdleWork(Counted(100, log, "stopped").step, 0.0, urgent=True)
    stopped.start()
    stopped.stop()
    parent = QObject()
    gone = IdleWork(Counted(100, log, "gone").step, 0.0, parent, urgent=True)
    gone.start()
    shiboken6.delete(parent)  # its timer goes with it, before it ever ran
    background.start()
    qtbot.waitUntil(lambda: plain.left == 0)
    assert log == ["plain"] * 3
