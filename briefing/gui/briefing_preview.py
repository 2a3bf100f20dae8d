"""The Briefing tab: the briefing as the Markdown export renders it, kept up to date live."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtGui import QFont, QHideEvent, QShowEvent, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from briefing.core.collection import collection_paused, keep_out_of_collections
from briefing.core.edit import Applied
from briefing.core.project import Project
from briefing.gui.hub import Opened

if TYPE_CHECKING:
    # The export package (the outline builder, the writers) loads with the first render, not
    # with the window: the preview is hidden when the window starts.
    from briefing.export import OutlineOptions

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 300
# Rendering Markdown is slow in Python (about 0.7 ms a passage): the preview shows the start
# of a long briefing, and renders only while it is on screen.
PREVIEW_LIMIT = 300
COLLECT_MS = 15  # how often the UI thread looks for a finished render
FAILURES_SHOWN = 3  # renders failing in a row, with no edit between, before saying so
_STYLE = """
h1 { font-size: x-large; }
h2 { margin-top: 18px; }
blockquote { margin-left: 16px; font-style: italic; }
"""


class BriefingPreview(QWidget):
    """A read-only view of the project the hub has open; it owns no domain state.

    The briefing is worked out and rendered in a thread of its own: the outline of a project
    of 100,000 passages takes seconds, which the window must not wait for. Its records are
    frozen, so the thread reads a consistent project unless an edit comes meanwhile; an edit
    renders it again anyway, and a render that tripped over one is tried again. The thread
    touches none of the window's objects (a window closing while it ran would take them
    away): it makes a document of its own, handed to the UI thread, which looks for the
    result every few milliseconds while it runs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options: OutlineOptions | None = None  # made with the first render
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
        self._renders = 0  # numbers the renders: only the last one asked for is shown
        self._worker: threading.Thread | None = None
        self._box = _Result()  # where the worker leaves its result
        self._collect = QTimer(self)
        self._collect.setInterval(COLLECT_MS)
        self._collect.timeout.connect(self._collect_result)
        self._again = False  # asked for while a render ran: render again when it is done
        self._failures = 0  # renders in a row that failed
        self._document: QTextDocument | None = None  # shown by the browser, made by a render

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

    def hideEvent(self, event: QHideEvent) -> None:
        # A render nobody will see is stopped (it is made again when the tab is shown): the
        # outline of 100,000 passages is seconds of Python in a thread, and while it ran
        # every call the window made into Python waited for the interpreter, up to 5 ms each.
        super().hideEvent(event)
        if self._worker is not None:
            self._box.stop = True
            self._stale = True

    def wait(self) -> None:
        """Stop a render under way and wait for its thread (the window is closing: Qt must
        not be torn down while the thread makes its document)."""
        worker = self._worker
        if worker is not None:
            self._box.stop = True
            worker.join()

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
        # The first render's options are made in its thread: they load the export package,
        # ~10 ms of imports the UI thread need not wait for.
        project, options, number = self.project, self._options, self._renders
        self._box = box = _Result()
        self._collect.start()
        font = QFont(self.browser.font())  # a copy: the thread reads no widget
        self._worker = threading.Thread(
            target=_render, args=(box, number, project, options, font),
            name="briefing-preview", daemon=True,
        )  # fmt: skip
        self._worker.start()

    def options(self) -> OutlineOptions:
        """What the preview shows of the briefing (no front matter)."""
        if self._options is None:
            self._options = preview_options()
        return self._options

    def _collect_result(self) -> None:
        if self._box.done is None:
            return
        number, document = self._box.done
        stopped = self._box.stop and document is None
        self._box = _Result()
        self._collect.stop()
        self._on_rendered(number, document, stopped)

    def _on_rendered(
        self, number: int, document: QTextDocument | None, stopped: bool = False
    ) -> None:
        self._worker = None
        if self._again:
            self._again = False
            self.refresh()
            return
        if number != self._renders:
            return  # another project opened, or the preview was closed, meanwhile
        if stopped:  # hidden meanwhile: made again when shown
            return
        if document is None:
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
        self.browser.setDocument(document)
        self._document = document  # the browser does not own it; the last one goes now
        scroll.setValue(min(position, scroll.maximum()))


def preview_options() -> OutlineOptions:
    from briefing.export import OutlineOptions

    return OutlineOptions(front_matter=False)


def render_markdown(
    project: Project, options: OutlineOptions, limit: int, stopped: Callable[[], bool]
) -> str:
    """The export's Markdown of the briefing, its first `limit` passages (PreviewStopped once
    `stopped()`)."""
    from briefing.export import render_markdown as render

    return render(project, options, limit, stopped)


def markdown_to_html(text: str) -> str:
    from briefing.export import markdown_to_html as to_html

    return to_html(text)


class _Result:
    """A finished render's number and document (None: it failed or was stopped), left by the
    worker thread; `stop` asks the worker to give up."""

    def __init__(self) -> None:
        self.done: tuple[int, QTextDocument | None] | None = None
        self.stop = False


def _render(
    box: _Result, number: int, project: Project, options: OutlineOptions | None, font: QFont
) -> None:
    """In the worker thread, touching none of the window's objects: the preview's document,
    left in `box`."""
    html = _html(number, project, options, box)
    if box.stop:
        html = None  # hidden, or the window closing: no document to make
    box.done = (number, None if html is None else _document(html, font))


def _html(
    number: int, project: Project, options: OutlineOptions | None, box: _Result
) -> str | None:
    from briefing.export import PreviewStopped

    html: str | None
    # Collections stay paused until what the render left alive (~90,000 objects at scale
    # 10) is left out of them: the outline's records hold no cycles, and the window's first
    # collections after a render walked all of it, 20-120 ms each, in the middle of what
    # the analyst did next.
    with collection_paused():
        try:
            options = options if options is not None else preview_options()
            html = markdown_to_html(
                render_markdown(project, options, PREVIEW_LIMIT, lambda: box.stop)
            )
        except PreviewStopped:
            html = None
        except Exception:  # an edit changed what was being read: rendered again
            log.info("Briefing preview render %d failed; trying again", number, exc_info=True)
            html = None
        keep_out_of_collections()
    return html


def _document(html: str, font: QFont) -> QTextDocument | None:
    """The document the browser shows, made here: parsing the HTML of 300 passages took the
    window's thread 25-70 ms (Qt lets go of Python's lock meanwhile). None if the app is
    going away."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(html)
    document.moveToThread(app.thread())  # from this thread, which made it, to the window's
    return document
