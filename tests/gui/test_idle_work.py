"""Idle work: slices of work between turns of the event loop, within one budget a turn;
an urgent one goes first."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from briefing.gui import idle
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


class Clock:
    """A clock that only steps move: each step of a `Costly` job takes `cost` seconds."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


class Costly(Counted):
    def __init__(self, steps: int, log: list[str], name: str, clock: Clock, cost: float) -> None:
        super().__init__(steps, log, name)
        self.clock, self.cost = clock, cost

    def step(self) -> bool:
        self.clock.now += self.cost
        return super().step()


def turns_of(log: list[str]) -> list[list[str]]:
    """The steps of each turn of the event loop (the log's "turn" entries cut them)."""
    turns: list[list[str]] = [[]]
    for entry in log:
        if entry == "turn":
            turns.append([])
        else:
            turns[-1].append(entry)
    return [t for t in turns if t]


def marking_turns(owner: QObject, log: list[str]) -> QTimer:
    """A timer that notes "turn" in the log once every turn of the event loop, started."""
    turns = QTimer(owner)
    turns.setInterval(0)
    turns.timeout.connect(lambda: log.append("turn"))
    turns.start()
    return turns


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The idle work's clock, moved only by the steps of `Costly` jobs."""
    made = Clock()
    monkeypatch.setattr(idle, "time", made)
    return made


def test_idle_works_due_together_share_one_budget_a_turn(qtbot: QtBot, clock: Clock) -> None:
    """Three works due together, each allowed long slices: one turn of the event loop runs
    no more than the turn's budget of their steps (and one step over), and they take turns."""
    owner = QObject()
    log: list[str] = []
    cost = idle.TURN_SECONDS / 4
    jobs = [Costly(12, log, name, clock, cost) for name in ("a", "b", "c")]
    works = [IdleWork(job.step, 1.0, owner) for job in jobs]
    turns = marking_turns(owner, log)
    for work in works:
        work.start()
    qtbot.waitUntil(lambda: all(job.left == 0 for job in jobs))
    turns.stop()
    steps = turns_of(log)
    assert sum(map(len, steps)) == 36
    assert max(map(len, steps)) <= idle.TURN_SECONDS / cost + 1
    # Round robin: each of the first three turns starts with another work.
    assert [turn[0] for turn in steps[:3]] == ["a", "b", "c"]
    assert not any(work.due() for work in works)


def test_a_work_alone_runs_its_own_slice_within_the_budget(qtbot: QtBot, clock: Clock) -> None:
    owner = QObject()
    log: list[str] = []
    cost = idle.TURN_SECONDS / 10
    short, long = Costly(9, log, "short", clock, cost), Costly(20, log, "long", clock, cost)
    turns = marking_turns(owner, log)
    IdleWork(short.step, 3 * cost, owner).start()  # its slice: 3 steps
    qtbot.waitUntil(lambda: short.left == 0)
    IdleWork(long.step, 100.0, owner).start()  # the budget's: 10 steps
    qtbot.waitUntil(lambda: long.left == 0)
    turns.stop()
    assert [len(t) for t in turns_of(log)] == [3, 3, 3, 10, 10]


def test_an_urgent_work_takes_its_own_slice_whatever_the_budget(qtbot: QtBot, clock: Clock) -> None:
    owner = QObject()
    log: list[str] = []
    cost = idle.TURN_SECONDS / 2
    urgent, plain = Costly(8, log, "urgent", clock, cost), Costly(2, log, "plain", clock, cost)
    turns = marking_turns(owner, log)
    IdleWork(plain.step, 1.0, owner).start()
    IdleWork(urgent.step, 4 * cost, owner, urgent=True).start()
    qtbot.waitUntil(lambda: urgent.left == 0 and plain.left == 0)
    turns.stop()
    assert turns_of(log) == [["urgent"] * 4, ["urgent"] * 4, ["plain"] * 2]


def test_a_work_stopped_by_another_in_the_same_turn_does_not_run(qtbot: QtBot) -> None:
    log: list[str] = []
    victim = Counted(3, log, "victim")
    owner = QObject()
    stopped = IdleWork(victim.step, 0.0, owner)

    def stop_the_other() -> bool:
        log.append("stopper")
        stopped.stop()
        return False

    IdleWork(stop_the_other, 0.0, owner).start()
    stopped.start()
    qtbot.waitUntil(lambda: not stopped.due())
    qtbot.wait(20)  # some turns of the event loop: nothing more runs
    assert log == ["stopper"]


def test_a_work_started_again_by_its_last_step_runs_again(qtbot: QtBot) -> None:
    log: list[str] = []
    rounds = {"left": 2}

    def step() -> bool:
        log.append("step")
        if rounds["left"]:
            rounds["left"] -= 1
            work.start()  # more came in while it worked: it says it is done, and starts again
        return False

    work = IdleWork(step, 0.0)
    work.start()
    qtbot.waitUntil(lambda: len(log) == 3)  # started again twice: three runs in all
    assert rounds["left"] == 0
    assert not work.due()


def test_after_the_loop_was_busy_what_waited_goes_before_idle_work(
    qtbot: QtBot, clock: Clock
) -> None:
    """Other work held the loop (an action, its paint): a timer that came due meanwhile
    fires before the next slice of idle work, which does not add to the same stall."""
    log: list[str] = []
    job = Counted(4, log, "idle")
    owner = QObject()
    waiting = idle.soon(owner, lambda: log.append("waited"))

    def busy() -> None:  # as an action: holds the loop, and something comes due meanwhile
        log.append("busy")
        clock.now += 10 * idle.BUSY_SECONDS
        waiting.start()

    work = IdleWork(job.step, 0.0, owner)
    first = Counted(1, log, "first")
    IdleWork(first.step, 0.0, owner).start()
    qtbot.waitUntil(lambda: first.left == 0)
    work.start()
    QTimer.singleShot(0, owner, busy)
    qtbot.waitUntil(lambda: job.left == 0)
    assert "waited" in log
    assert log.index("waited") == log.index("busy") + 1


def test_held_idle_work_waits_for_the_release(qtbot: QtBot) -> None:
    log: list[str] = []
    job = Counted(3, log, "job")
    work = IdleWork(job.step, 0.0)
    IdleWork.hold()
    IdleWork.hold()  # two holds (say, two stepwise edits): two releases
    try:
        work.start()
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(1)
        qtbot.waitUntil(lambda: len(ticks) > 20)  # the loop ran, the held work did not
        assert log == [] and work.due()
        IdleWork.release()
        qtbot.waitUntil(lambda: len(ticks) > 40)
        assert log == []
    finally:
        IdleWork.release()
    qtbot.waitUntil(lambda: job.left == 0)
    assert log == ["job"] * 3
    timer.stop()
