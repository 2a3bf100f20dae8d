"""The Briefing tab: the briefing as the Markdown export renders it, kept up to date live."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from briefing.core.edit import Applied
from briefing.core.project import Project
from briefing.export import OutlineOptions, markdown_to_html, render_markdown

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
    """A read-only view; it owns no domain state, only a subscription to the project."""

    def __init__(self, project: Project | None, parent: QWidget | None = None) -> None:
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

        self._project: Project | None = None
        self._stale = True  # edits arrived while the tab was hidden
        self._listener: Callable[[Applied], None] | None = None
        self.destroyed.connect(_unsubscriber(self))
        self.set_project(project)

    @property
    def project(self) -> Project | None:
        return self._project

    def set_project(self, project: Project | None) -> None:
        """Show another project (or none), dropping the subscription to the previous one."""
        self._unsubscribe()
        self._project = project
        if project is not None:
            self._listener = _listener_for(self)
            project.subscribe(self._listener)
        self._stale = True
        if self.isVisible():
            self.refresh()  # never show the previous project's briefing, even briefly

    def set_options(self, options: OutlineOptions) -> None:
        self.options = options
        self._stale = True
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
        if self._project is None:
            self.browser.clear()
            return
        scroll = self.browser.verticalScrollBar()
        position = scroll.value()
        text = render_markdown(self._project, self.options, PREVIEW_LIMIT)
        self.browser.setHtml(markdown_to_html(text))
        scroll.setValue(min(position, scroll.maximum()))

    def _unsubscribe(self) -> None:
        if self._project is not None and self._listener is not None:
            try:
                self._project.unsubscribe(self._listener)
            except ValueError:
                pass
        self._listener = None

    # Hooks for _unsubscriber: the widget's C++ side may already be gone.
    def _detach(self) -> None:
        self._unsubscribe()
        self._project = None


def _listener_for(preview: BriefingPreview) -> Callable[[Applied], None]:
    """A project listener that does not keep the widget alive and ignores a deleted one."""
    ref = weakref.ref(preview)

    def on_edit(_applied: Applied) -> None:
        widget = ref()
        if widget is not None and shiboken6.isValid(widget):
            widget.schedule_refresh()

    return on_edit


def _unsubscriber(preview: BriefingPreview) -> Callable[[], None]:
    ref = weakref.ref(preview)

    def on_destroyed() -> None:
        widget = ref()
        if widget is not None:
            widget._detach()

    return on_destroyed
