"""The main window's actions, menus and toolbar (novelWriter keeps its main menu apart too).

Every action names the slot it triggers; the main window decides what those slots are. The
theme actions (1-9, the toolbar's theme buttons, the Tag menu) are made again whenever the
codebook changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStyle, QToolBar, QWidget

from briefing.core.edit import Kind
from briefing.core.records import Theme
from briefing.gui.swatches import swatch_icon
from briefing.gui.undo import History

MAX_THEME_KEYS = 9
Slot = Callable[[], object]
Shortcut = QKeySequence.StandardKey | str | list[str] | Qt.Key | None


@dataclass(frozen=True)
class Slots:
    """What the window's actions do."""

    new_project: Slot
    open_project: Slot
    new_server_project: Slot
    open_server_project: Slot
    save_as: Slot
    import_articles: Slot
    import_address: Slot
    paste_addresses: Slot
    export_briefing: Slot
    import_codebook: Slot
    export_codebook: Slot
    open_qdpx: Slot
    export_qdpx: Slot
    quit: Slot
    undo: Slot
    redo: Slot
    find: Slot
    find_everywhere: Slot
    delete_passage: Slot
    article_properties: Slot
    remove_article: Slot
    about: Slot
    show_log: Slot
    tag_with_theme: Callable[[int], object]
    fill_recent_menu: Callable[[QMenu], object]


class WindowActions(QObject):
    def __init__(self, window: QMainWindow, slots: Slots) -> None:
        super().__init__(window)
        self.window = window
        self.slots = slots
        std = window.style().standardIcon
        pix = QStyle.StandardPixmap
        new = QKeySequence.StandardKey.New
        self.new_action = self._make("&New project…", slots.new_project, new,
                                     "Create an empty project")  # fmt: skip
        self.open_action = self._make(
            "&Open…", slots.open_project, QKeySequence.StandardKey.Open, "Open a project file",
            std(pix.SP_DialogOpenButton),
        )  # fmt: skip
        self.new_server_action = self._make(
            "New &server project…", slots.new_server_project,
            tip="Create a project a desk shares, in a database on a PostgreSQL server",
        )  # fmt: skip
        self.open_server_action = self._make(
            "Open server projec&t…", slots.open_server_project, "Ctrl+Alt+O",
            "Open a project a desk shares on a PostgreSQL server (host, database, user, or "
            "its postgresql:// address)",
        )  # fmt: skip
        self.save_as_action = self._make(
            "Save &as…", slots.save_as, "Ctrl+Shift+S",
            "Save a copy of the project and continue in it",
        )  # fmt: skip
        self.import_action = self._make(
            "&Import articles…", slots.import_articles, "Ctrl+I",
            "Import article files (Ctrl+I), or drop them on the window",
            QIcon.fromTheme("document-import", std(pix.SP_FileDialogNewFolder)),
        )  # fmt: skip
        self.import_action.setIconText("Import")
        self.import_address_action = self._make(
            "Import from &web address…", slots.import_address, "Ctrl+Shift+I",
            "Fetch articles or PDF reports from their web addresses (or paste or drop links "
            "on the window)",
        )  # fmt: skip
        # Ctrl+V where no text field takes it (the reader, the lists): import pasted links.
        self.paste_addresses_action = self._make(
            "&Paste web addresses", slots.paste_addresses, QKeySequence.StandardKey.Paste,
            "Import the web addresses on the clipboard",
        )  # fmt: skip
        self.export_action = self._make(
            "&Export briefing…", slots.export_briefing, "Ctrl+E",
            "Export the briefing as Word or Markdown (Ctrl+E)",
            QIcon.fromTheme("document-export", std(pix.SP_DialogSaveButton)),
        )  # fmt: skip
        self.export_action.setIconText("Export")
        self.import_codebook_action = self._make(
            "&Import codebook…", slots.import_codebook,
            tip="Add or update themes from a REFI-QDA codebook (.qdc) of NVivo, ATLAS.ti, "
            "MAXQDA, QualCoder or Taguette",
        )  # fmt: skip
        self.export_codebook_action = self._make(
            "E&xport codebook…", slots.export_codebook,
            tip="Save the themes as a REFI-QDA codebook (.qdc) other tools can read",
        )  # fmt: skip
        self.open_qdpx_action = self._make(
            "Open REFI-QDA pro&ject…", slots.open_qdpx, "Ctrl+Shift+O",
            "Make a new project from a REFI-QDA project (.qdpx) of NVivo, ATLAS.ti, MAXQDA or "
            "QualCoder: its sources, codes, coded passages and notes",
        )  # fmt: skip
        self.export_qdpx_action = self._make(
            "Export project as REFI-Q&DA…", slots.export_qdpx, "Ctrl+Shift+E",
            "Save the whole project (articles, codebook, passages, notes, grades) as a REFI-QDA "
            "project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder",
        )  # fmt: skip
        self.quit_action = self._make("&Quit", slots.quit, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._make(
            "&Undo", slots.undo, ["Ctrl+Z"],
            icon=QIcon.fromTheme("edit-undo", std(pix.SP_ArrowBack)),
        )  # fmt: skip
        self.undo_action.setIconText("Undo")
        self.redo_action = self._make(
            "&Redo", slots.redo, ["Ctrl+Shift+Z", "Ctrl+Y"],
            icon=QIcon.fromTheme("edit-redo", std(pix.SP_ArrowForward)),
        )  # fmt: skip
        self.redo_action.setIconText("Redo")
        self.find_everywhere_action = self._make(
            "Find in &all articles…", slots.find_everywhere, "Ctrl+Shift+F",
            "Search every article of the project, and tag what is found",
        )  # fmt: skip
        self.find_action = self._make("&Find in article…", slots.find, "Ctrl+F",
                                      "Find text in the open article")  # fmt: skip
        self.delete_passage_action = self._make(
            "&Delete passage", slots.delete_passage, Qt.Key.Key_Delete,
            "Delete the selected passage (Del)",
        )  # fmt: skip
        self.properties_action = self._make(
            "Article &properties…", slots.article_properties,
            tip="Edit the title, outlet, author and date",
        )  # fmt: skip
        self.remove_article_action = self._make("&Remove article…", slots.remove_article)
        self.about_action = self._make("&About Briefing Builder", slots.about)
        self.show_log_action = self._make("Show &log", slots.show_log, tip="Open the log file")
        self.focus_actions: list[QAction] = []
        self.theme_actions: list[QAction] = []
        self.session_actions = [
            self.save_as_action, self.import_action, self.import_address_action,
            self.paste_addresses_action, self.find_action, self.find_everywhere_action,
            self.export_action,
            self.import_codebook_action, self.export_codebook_action, self.export_qdpx_action,
            self.delete_passage_action, self.properties_action, self.remove_article_action,
        ]  # fmt: skip
        # Actions that change records of one kind: greyed out where the role may not.
        self.changing: dict[Kind, list[QAction]] = {
            Kind.ARTICLE: [self.import_action, self.import_address_action,
                           self.paste_addresses_action],
            Kind.THEME: [self.import_codebook_action],
        }  # fmt: skip
        self._history: History | None = None
        self.follow_history(None)

    def _make(
        self, text: str, slot: Slot, shortcut: Shortcut = None, tip: str = "",
        icon: QIcon | None = None,
    ) -> QAction:  # fmt: skip
        action = QAction(text, self.window)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(icon)
        action.triggered.connect(lambda _=False: slot())
        return action

    def add_focus_actions(
        self, targets: list[tuple[str, Callable[[], QWidget]]], focus: Callable[[QWidget], object]
    ) -> None:
        """Ctrl+1, Ctrl+2...: go to a pane (each target gives the widget to focus when asked:
        a side pane is made when first needed)."""
        for number, (name, target) in enumerate(targets, start=1):
            go: Slot = partial(_focus_on, focus, target)
            self.focus_actions.append(self._make(f"Go to &{name}", go, f"Ctrl+{number}"))

    # ----- undo and redo follow the open project's history ----------------------------------

    def follow_history(self, history: History | None) -> None:
        """Undo and Redo act on this history (the open project's), and show its state."""
        if self._history is not None and shiboken6.isValid(self._history):
            for signal in _history_signals(self._history):
                signal.disconnect(self._update_undo)
        self._history = history
        if history is not None:
            for signal in _history_signals(history):
                signal.connect(self._update_undo)
        self._update_undo()

    def _update_undo(self, *_args: object) -> None:
        if self._history is not None and not shiboken6.isValid(self._history):
            # Going with its session as Python exits (a window never closed): it empties
            # itself as it goes, telling us, and can no longer be asked anything.
            self._history = None
        if not shiboken6.isValid(self.undo_action):
            return
        history = self._history
        can_undo = history is not None and history.canUndo()
        can_redo = history is not None and history.canRedo()
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        undo = f" {history.undoText()}" if history is not None and can_undo else ""
        redo = f" {history.redoText()}" if history is not None and can_redo else ""
        self.undo_action.setText(f"&Undo{undo}")
        self.redo_action.setText(f"&Redo{redo}")

    # ----- menus and toolbar -----------------------------------------------------------------

    def build_menus(self, codebook_actions: list[QAction], extra_view: list[QAction]) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addActions([self.new_server_action, self.open_server_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: self.slots.fill_recent_menu(self.recent_menu))
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.import_address_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.open_qdpx_action, self.export_qdpx_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [
                self.paste_addresses_action,
                self.find_action,
                self.find_everywhere_action,
                self.delete_passage_action,
            ]
        )
        edit_menu.addSeparator()
        edit_menu.addActions([self.properties_action, self.remove_article_action])
        self.tag_menu = bar.addMenu("&Tag")
        themes_menu = bar.addMenu("T&hemes")
        themes_menu.addActions(codebook_actions)
        themes_menu.addSeparator()
        themes_menu.addActions([self.import_codebook_action, self.export_codebook_action])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(self.focus_actions)
        view_menu.addSeparator()
        view_menu.addActions(extra_view)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.about_action, self.show_log_action])

    def build_toolbar(self) -> QToolBar:
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addSeparator()
        self.tag_label = QLabel("  Tag selection: ")
        self.toolbar.addWidget(self.tag_label)
        self._themes_end = self.toolbar.addSeparator()
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)
        return self.toolbar

    def rebuild_theme_actions(self, themes: list[Theme]) -> None:
        """One action per theme, in codebook order: keys 1-9, toolbar buttons, the Tag menu."""
        for action in self.theme_actions:
            self.toolbar.removeAction(action)
            action.deleteLater()
        self.theme_actions = []
        self.tag_menu.clear()
        for number, theme in enumerate(themes, start=1):
            keyed = number <= MAX_THEME_KEYS
            action = QAction(
                swatch_icon(theme.colour, str(number) if keyed else ""), theme.name, self.window
            )
            action.setData(theme.id)
            key = f" ({number})" if keyed else ""
            action.setToolTip(f"Tag the selection as {theme.name}{key}")
            action.setStatusTip(theme.description or f"Tag the selection as {theme.name}")
            if keyed:
                action.setShortcut(QKeySequence(str(number)))
            action.triggered.connect(lambda _=False, t=theme.id: self.slots.tag_with_theme(t))
            self.theme_actions.append(action)
            self.tag_menu.addAction(action)
            if keyed:
                self.toolbar.insertAction(self._themes_end, action)
        if not themes:
            self.tag_menu.addAction("Add themes in the Codebook tab").setEnabled(False)
        self.tag_label.setVisible(bool(self.theme_actions))


def _focus_on(focus: Callable[[QWidget], object], target: Callable[[], QWidget]) -> None:
    focus(target())


def _history_signals(history: History) -> list[SignalInstance]:
    return [
        history.canUndoChanged, history.canRedoChanged,
        history.undoTextChanged, history.redoTextChanged,
    ]  # fmt: skip
