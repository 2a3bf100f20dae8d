"""The Briefing tab: the briefing as the Markdown export renders it, kept up to date live."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from briefing.core.edit import Applied
from briefing.core.project import Project
from briefing.export import OutlineOptions, markdown_to_html, render_markdown
from briefing.gui.hub import Opened

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 300
# Rendering Markdown is slow in Python (about 0.7 ms a passage): the preview shows the start
# of a long briefing, and renders only while it is on screen.
PREVIEW_LIMIT = 300
FAILURES_SHOWN = 3  # renders failing in a row, with no edit between, before saying so
_STYLE = """
h1 { font-size: x-large; }
h2 { margin-top: 18px; }
blockquote { margin-left: 16px; font-style: italic; }
"""


class _Rendered(QObject):
    done = Signal(int, object)  # the render's number, its HTML (None: it failed)


class BriefingPreview(QWidget):
    """A read-only view of the project the hub has open; it owns no domain state.

    The briefing is worked out and rendered in a thread of its own: the outline of a project
    of 100,000 passages takes seconds, which the window must not wait for. Its records are
    frozen, so the thread reads a consistent project unless an edit comes meanwhile; an edit
    renders it again anyway, and a render that tripped over one is tried again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = OutlineOptions(front_matter=False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("briefingPreview")
        self.browser.setOpenLinks(False)  # nothing in a briefing should navigate away
        self.browser.document().setDefaultStyleSheet(_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.project: Project | None = None
        self._stale = True  # edits arrived while the tab was hidden
        self._rendered = _Rendered(self)
        self._rendered.done.connect(self._on_rendered)
        self._renders = 0  # numbers the renders: only the last one asked for is shown
        self._worker: threading.Thread | None = None
        self._again = False  # asked for while a render ran: render again when it is done
        self._failures = 0  # renders in a row that failed

    def on_opened(self, opened: Opened) -> None:
        self.project = opened.project
        self._stale = True
        self.browser.clear()  # never show the previous project's briefing, even briefly
        if self.isVisible():
            self.refresh()

    def on_change(self, _applied: Applied) -> None:
        self._failures = 0
        self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Re-render once edits pause, so typing a note does not re-render on every key; a
        hidden preview only remembers that it is out of date."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def rendering(self) -> bool:
        """Whether a render is under way (tests wait for it)."""
        return self._worker is not None

    @Slot()
    def refresh(self) -> None:
        self._timer.stop()
        self._stale = False
        self._renders += 1
        if self.project is None:
            self.browser.clear()
            return
        if self._worker is not None:
            self._again = True
            return
        project, options, number = self.project, self.options, self._renders
        self._worker = threading.Thread(
            target=self._render, args=(number, project, options), name="briefing-preview",
            daemon=True,
        )  # fmt: skip
        self._worker.start()

    def _render(self, number: int, project: Project, options: OutlineOptions) -> None:
        """In the worker thread: the preview's HTML, handed to the UI thread."""
        html: str | None
        try:
            html = markdown_to_html(render_markdown(project, options, PREVIEW_LIMIT))
        except Exception:  # an edit changed what was being read: rendered again below
            log.info("Briefing preview render %d failed; trying again", number, exc_info=True)
            html = None
        try:
            self._rendered.done.emit(number, html)
        except RuntimeError:  # the window closed meanwhile
            pass

    @Slot(int, object)
    def _on_rendered(self, number: int, html: str | None) -> None:
        self._worker = None
        if self._again:
            self._again = False
            self.refresh()
            return
        if number != self._renders:
            return  # another project opened, or the preview was closed, meanwhile
        if html is None:
            self._failures += 1
            if self._failures < FAILURES_SHOWN:
                self._timer.start()  # most likely an edit came while it was read
            else:
                self.browser.setPlainText(
                    "The briefing preview could not be made; the export is not affected. "
                    "Details are in the log."
                )
            return
        self._failures = 0
        scroll = self.browser.verticalScrollBar()
        position = scroll.value()
        self.browser.setHtml(html)
        scroll.setValue(min(position, scroll.maximum()))
