"""Edits of many changes, and the undo and redo of any edit of many, applied in steps.

Merging a theme into another in a project of 100,000 passages retags up to all of them: at
10,000 articles, 96,000 changes took 2.5 s in one transaction with the window frozen, and
their undo 2.4 s; the undo of an import of 1,000 web pages took 1.0 s. An edit that would hold
the window longer than ~50 ms (`in_steps`) is applied instead as an import is (`StepwiseEdit`:
a transaction a step, the views told after each, a progress line, all or nothing, one undo
step for the whole), and so are its undo and redo, an import's included. A smaller one is
applied at once through the hub, as every edit is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from briefing.core.edit import Change, Edit, Kind, PlannedEdit
from briefing.core.errors import ProjectError
from briefing.gui.busy import busy_over
from briefing.gui.hub import ProjectHub
from briefing.gui.stepwise import StepwiseEdit

# What a change costs to store and show, counted in passage changes: at 10,000 articles a
# passage retagged took ~26 us, an article added or taken away ~1 ms (its text indexed for the
# search and the corroboration: 1,000 imported web pages took 1.0 s to undo, 1.2 s to redo).
ARTICLE_WEIGHT = 40
STEPWISE_WEIGHT = 2_000  # more than ~50 ms at once goes in steps

Plan = Callable[[], PlannedEdit[Any]]  # e.g. `Project.merging_themes`
Done = Callable[[Edit | None], object]


class BigEdits(QObject):
    def __init__(self, hub: ProjectHub, window: QWidget) -> None:
        super().__init__(window)
        self.hub, self.window = hub, window
        self._stepping: StepwiseEdit[Any] | None = None

    def running(self) -> bool:
        return self._stepping is not None and self._stepping.running()

    def complete(self) -> None:
        """Make the running edit whole now (the window is closing)."""
        if self._stepping is not None:
            self._stepping.complete()

    def run(self, plan: Plan, announce: str | None = None, then: Done | None = None) -> None:
        """Apply the edit `plan` plans, in steps if it is big; then `then(edit)`, the edit
        None if it was refused (at once, or once its steps are in)."""
        project = self.hub.project
        if project is None or self.running():
            return
        try:
            planned = plan()
        except ProjectError as error:
            self.hub.report(error)
            return
        items, description = planned.items, planned.description
        if len(items) <= STEPWISE_WEIGHT:  # (each item makes a change or more)
            with busy_over(len(items)):
                edit = self.hub.run(lambda: project.apply(planned.edit()), announce)
            if then is not None:
                then(edit)
            return
        self._step(
            f"{description}…", items, lambda part: project.apply(planned.edit(part)),
            description, announce or f"{description} - Ctrl+Z to undo", then=then,
        )  # fmt: skip

    def undo(self) -> None:
        self._move("Undo")

    def redo(self) -> None:
        self._move("Redo")

    def _move(self, verb: str) -> None:
        session = self.hub.session
        if session is None or self.running():
            return
        history = session.history
        command = history.next_command(verb)
        if command is None or not in_steps(command.edit):
            self.hub.undo() if verb == "Undo" else self.hub.redo()
            return
        project, edit = session.project, command.edit
        description = edit.description
        if verb == "Undo":  # the last changes first, each step's undone in reverse order
            items = edit.changes[::-1]

            def apply(chunk: Sequence[Change]) -> Edit:
                return project.undo(Edit(description, tuple(chunk[::-1])))

            label = f"Undoing “{description}”…"
        else:
            items = edit.changes

            def apply(chunk: Sequence[Change]) -> Edit:
                return project.redo(Edit(description, tuple(chunk)))

            label = f"Redoing “{description}”…"

        def step_over(whole: Edit) -> Edit:
            history.step_over(verb)
            return whole

        self._step(label, items, apply, description, "", step_over)

    def _step(
        self,
        label: str,
        items: Sequence[Any],
        apply: Callable[[Sequence[Any]], Edit],
        description: str,
        announce: str,
        record: Callable[[Edit], Edit | None] | None = None,
        then: Done | None = None,
    ) -> None:
        self._stepping = StepwiseEdit(
            self.hub, self.window, label, items, apply, description, announce,
            then or (lambda _edit: None), record,
        )  # fmt: skip
        self._stepping.start()


def in_steps(edit: Edit) -> bool:
    """Whether an edit is applied (or undone, or redone) in steps."""
    weights = (ARTICLE_WEIGHT if c.kind is Kind.ARTICLE else 1 for c in edit.changes)
    return sum(weights) > STEPWISE_WEIGHT
