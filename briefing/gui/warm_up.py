"""The side panes' modules imported in idle moments once the window has shown, one a turn.

The panes are made when first shown (`gui/side_tabs.py`), so a start imports none of their
modules; but then their first visit imported them: 15 ms of the Search pane's 40 ms at 10,000
articles (PySide reads each new module's source as it is imported, and `dataclass` compiles
its methods). Imported here beforehand, a visit only makes the pane.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QObject, QTimer

from briefing.gui.idle import IdleWork

MODULES = (
    "briefing.gui.search_pane",
    "briefing.gui.settings_pane",
    "briefing.gui.briefing_preview",
)
DELAY_MS = 300  # after the window's first paint and the start of the project's reading


class WarmUp(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._left = list(MODULES)
        self._work = IdleWork(self._step, 0.0, self)  # a module a turn

    def start_soon(self) -> None:
        QTimer.singleShot(DELAY_MS, self, self._work.start)

    def _step(self) -> bool:
        if self._left:
            importlib.import_module(self._left.pop(0))
        return bool(self._left)
