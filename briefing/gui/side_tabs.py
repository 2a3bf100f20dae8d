"""The window's side tabs, each pane made the first time it is shown or asked for.

A start shows one side pane; making the others (their widgets, their modules, their first
look at a project of 10,000 articles) would only delay the first paint. A pane that is not
made yet has an empty page in its tab; `pane(index)` makes it (the window wires it then and
brings it up to date, see `MainWindow`), and so does the page's first show, however it
comes (a click on the tab, a shortcut, the tab restored at start). Asked for a pane,
`indexOf`, `setCurrentWidget` and `currentWidget` answer with the pane, not its page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

Make = Callable[[], QWidget]


class _Page(QWidget):
    """A tab's page: holds its pane, made when the page is first shown."""

    def __init__(self, make: Make) -> None:
        super().__init__()
        self._make: Make | None = make
        self.pane: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def made(self) -> QWidget:
        if self.pane is None:
            make, self._make = self._make, None
            assert make is not None, "a pane was asked for while it was being made"
            pane = make()
            self._layout.addWidget(pane)
            self.pane = pane
            if self.isVisible():
                pane.show()  # added in the page's show: it would show a turn later
        return self.pane

    def showEvent(self, event: QShowEvent) -> None:
        self.made()
        super().showEvent(event)


class SideTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)

    def add_pane(self, pane: QWidget | Make, title: str, tip: str) -> None:
        """A tab for a pane, or for the pane `pane()` makes when first needed."""
        index = self.addTab(pane if isinstance(pane, QWidget) else _Page(pane), title)
        self.setTabToolTip(index, tip)

    def pane(self, index: int) -> QWidget:
        """The pane in a tab, made now if it was not yet."""
        page = self.widget(index)
        assert page is not None, f"no tab {index}"
        return page.made() if isinstance(page, _Page) else page

    def is_made(self, index: int) -> bool:
        page = self.widget(index)
        return not isinstance(page, _Page) or page.pane is not None

    def indexOf(self, widget: QWidget) -> int:
        for index in range(self.count()):
            page = self.widget(index)
            if page is widget or (isinstance(page, _Page) and page.pane is widget):
                return index
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)

    def currentWidget(self) -> QWidget:
        page = super().currentWidget()
        return page.pane if isinstance(page, _Page) and page.pane is not None else page
