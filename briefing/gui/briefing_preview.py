"""The Briefing tab: the briefing as the Markdown export renders it, kept up to date live."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from briefing.core.edit import Applied
from briefing.core.project import Project
from briefing.export import OutlineOptions, markdown_to_html, render_markdown
from briefing.gui.hub import Opened

REFRESH_DELAY_MS = 300
# Rendering Markdown is slow in Python (about 0.7 ms a passage): the preview shows the start
# of a long briefing, and renders only while it is on screen.
PREVIEW_LIMIT = 300
_STYLE = """
h1 { font-size: x-large; }
h2 { margin-top: 18px; }
blockquote { margin-left: 16px; font-style: italic; }
"""


class BriefingPreview(QWidget):
    """A read-only view of the project the hub has open; it owns no domain state."""

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

    def on_opened(self, opened: Opened) -> None:
        self.project = opened.project
        self._stale = True
        if self.isVisible():
            self.refresh()  # never show the previous project's briefing, even briefly

    def on_change(self, _applied: Applied) -> None:
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

    @Slot()
    def refresh(self) -> None:
        self._timer.stop()
        self._stale = False
        if self.project is None:
            self.browser.clear()
            return
        scroll = self.browser.verticalScrollBar()
        position = scroll.value()
        text = render_markdown(self.project, self.options, PREVIEW_LIMIT)
        self.browser.setHtml(markdown_to_html(text))
        scroll.setValue(min(position, scroll.maximum()))
