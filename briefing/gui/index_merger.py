"""Merges the project file's full-text indexes a few pages at a time in idle moments, after
each edit that wrote to them, so no commit of an edit does that merging on the UI thread
(`store/index_merging.py`: 30-52 ms in one step in three of an import at 10,000 articles).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from briefing.core.edit import Applied, ArticleChange
from briefing.core.errors import ProjectError
from briefing.core.project import MergesIndexes
from briefing.gui.hub import Opened, ProjectHub
from briefing.gui.idle import IdleWork

log = logging.getLogger(__name__)

SLICE_SECONDS = 0.004  # of merging between two turns of the event loop
# Pages of each index a step, in one short transaction: up to 11-13 ms a call at 10,000
# articles (16 pages: up to 18 ms).
PAGES_A_STEP = 4


class IndexMerger(QObject):
    def __init__(self, hub: ProjectHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._work = IdleWork(self._step, SLICE_SECONDS, self)

    def on_opened(self, opened: Opened) -> None:
        self._work.stop()
        session = self.hub.session
        if session is not None and session.reading:
            # Once all of it is read: no write may come before the opening's checks are over.
            session.read.connect(self._work.start)
            return
        self._work.start()  # (the first step stops commits merging, in a file that did)

    def on_changed(self, applied: Applied) -> None:
        if applied.edit.touches(ArticleChange):  # only articles' texts are indexed
            self._work.start()

    def _step(self) -> bool:
        project = self.hub.project
        backend = None if project is None else project.backend
        if not isinstance(backend, MergesIndexes):
            return False
        try:
            return backend.merge_indexes(PAGES_A_STEP)
        except ProjectError as error:  # a full disk, say: queries only read more segments
            log.warning("Stopped merging the search indexes: %s", error)
            return False
