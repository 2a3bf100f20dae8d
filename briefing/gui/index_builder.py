"""Builds the search index of a project that lacks part of it, in idle moments, with its
progress in the status bar.

A project made before the corpus search existed (or one whose damaged index was dropped) opens
at once with no index; its articles are indexed one at a time (each in its own transaction)
whenever the window has nothing else to do. Until then the search is just as exact: articles
not indexed yet are always read (`store/search_index.py`); the index only makes it quicker.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from briefing.core.errors import ProjectError
from briefing.gui.hub import Opened, ProjectHub
from briefing.gui.idle import IdleWork

log = logging.getLogger(__name__)

SLICE_SECONDS = 0.010  # of indexing between two turns of the event loop
ARTICLES_PER_STEP = 1  # one transaction each, so a slice ends soon after its deadline


class IndexBuilder(QObject):
    progressed = Signal(int, int)  # articles indexed so far, of how many (done == total: ready)

    def __init__(self, hub: ProjectHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub  # whose project is the one open now, whenever asked
        self.total = 0
        self.left = 0
        self._work = IdleWork(self._step, SLICE_SECONDS, self, after_slice=self._report)

    def on_opened(self, opened: Opened) -> None:
        # Imports and removals keep the index themselves, in their own transaction: only an
        # opened project can lack part of it.
        self._work.stop()
        self.total = self.left = 0
        session = self.hub.session
        if session is not None and session.reading:
            session.read.connect(self.resume)  # what the index lacks is known once it is read
        self.resume()

    def resume(self) -> None:
        """Start (again) if the project has articles its index lacks: when it opens (once
        all of it is read), and when a search found the index damaged and dropped it."""
        project, session = self.hub.project, self.hub.session
        if project is None or self.left or (session is not None and session.reading):
            return
        try:
            self.left = project.backend.unindexed()
        except ProjectError as error:
            log.warning("Could not tell what the search index lacks: %s", error)
            return
        if self.left:
            self.total = self.left
            self._report()
            self._work.start()

    def _step(self) -> bool:
        project = self.hub.project
        if project is None:
            return False
        try:
            self.left = project.backend.index_more(ARTICLES_PER_STEP)
        except ProjectError as error:  # a full disk, say: the search reads those articles
            log.warning("Stopped building the search index: %s", error)
            self.left = 0
        return self.left > 0

    def _report(self) -> None:
        self.progressed.emit(self.total - self.left, self.total)


class IndexProgress(QLabel):
    """The status bar's note while an index is being built; hidden otherwise."""

    WHY = "Searching works meanwhile; it gets quicker once every article is indexed."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(1)  # cut off rather than widen the window past a small screen
        self.setToolTip(self.WHY)
        self.hide()

    def show_progress(self, done: int, total: int) -> None:
        if done >= total:
            self.hide()
            return
        self.setText(f"Indexing for search: {done / total:.0%}")
        self.setToolTip(f"{done:,} of {total:,} articles indexed. {self.WHY}")
        self.show()
