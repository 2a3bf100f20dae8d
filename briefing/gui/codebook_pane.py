"""The codebook pane: themes with swatch, name and count; add, rename, recolour, reorder,
merge and delete them; the checkbox shows or hides a theme's highlights in the reader.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QInputDialog,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.codebook_edits import OrphanPolicy
from briefing.core.project import Project
from briefing.gui import dialogs
from briefing.gui.big_edits import Done, Plan
from briefing.gui.codebook_model import CodebookModel
from briefing.gui.flow_layout import FlowLayout
from briefing.gui.hub import Run


class CodebookPane(QWidget):
    def __init__(
        self,
        model: CodebookModel,
        run_planned: Callable[[Plan, str | None, Done | None], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._run_planned = run_planned
        self.list = QListView()
        self.list.setModel(model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDragDropOverwriteMode(False)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Codebook")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        def action(
            text: str, tip: str, slot: Callable[[], object], shortcut: str | None = None
        ) -> QAction:
            made = QAction(text, self)
            made.setToolTip(tip)
            made.triggered.connect(slot)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            return made

        self.add_action = action("Add theme…", "Add a theme to the codebook", self.add_theme)
        self.rename_action = action(
            "Rename theme…", "Rename the selected theme", self.rename_theme, "F2"
        )
        self.colour_action = action(
            "Colour…", "Choose the selected theme's colour", self.recolour_theme
        )
        self.up_action = action(
            "Move up", "Move the theme up (its shortcut number too)", lambda: self.move_theme(-1)
        )
        self.down_action = action("Move down", "Move the theme down", lambda: self.move_theme(1))
        self.merge_action = action(
            "Merge into…",
            "Move the theme's passages to another theme and remove it",
            self.merge_theme,
        )
        self.delete_action = action("Delete theme…", "Delete the selected theme", self.delete_theme)
        self.details_action = action(
            "Keywords…",
            "Edit the theme's description and the keywords that suggest sentences for it",
            self.edit_details,
        )
        self.theme_actions = [
            self.add_action, self.rename_action, self.colour_action, self.details_action,
            self.up_action, self.down_action, self.merge_action, self.delete_action,
        ]  # fmt: skip

        # Wrapping rows of buttons: the pane is as narrow as its widest button allows.
        buttons = FlowLayout()
        hint = QLabel("Tick a theme to show its highlights; drag to reorder.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self._buttons = buttons
        self.add_buttons(self.theme_actions)
        self.list.selectionModel().currentChanged.connect(self._update_actions)
        model.modelReset.connect(self._update_actions)
        self._update_actions()

    @property
    def project(self) -> Project | None:
        return self.model.project

    @property
    def run_edit(self) -> Run:
        assert self.model.run is not None
        return self.model.run

    def selected_theme(self) -> int | None:
        index = self.list.currentIndex()
        return self.model.theme_id(index.row()) if index.isValid() else None

    def select_theme(self, theme_id: int) -> None:
        row = self.model.row_of(theme_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))

    # ----- actions --------------------------------------------------------------------------

    def add_theme(self) -> None:
        if self.project is None:
            return
        name, ok = QInputDialog.getText(self, "Add theme", "Name of the new theme:")
        if ok and name.strip():
            project = self.project
            edit = self.run_edit(lambda: project.add_theme(name))
            if edit:
                self.select_theme(max(t.id for t in project.themes()))

    def rename_theme(self) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project, theme = self.project, self.project.theme(theme_id)
        name, ok = QInputDialog.getText(
            self, "Rename theme", f"New name for “{theme.name}”:", text=theme.name
        )
        if ok and name.strip() and name != theme.name:
            self.run_edit(lambda: project.rename_theme(theme_id, name))

    def recolour_theme(self) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project, theme = self.project, self.project.theme(theme_id)
        colour = QColorDialog.getColor(QColor(theme.colour), self, f"Colour of “{theme.name}”")
        if colour.isValid():
            self.run_edit(lambda: project.recolour_theme(theme_id, colour.name().upper()))

    def edit_details(self) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project = self.project
        details = dialogs.edit_theme_details(self, project.theme(theme_id))
        if details is not None:
            description, keywords = details
            self.run_edit(lambda: project.describe_theme(theme_id, description, keywords))

    def add_buttons(self, actions: list[QAction]) -> None:
        """More buttons after the theme buttons (the window's codebook import/export)."""
        for made in actions:
            button = QToolButton()
            button.setDefaultAction(made)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self._buttons.addWidget(button)

    def move_theme(self, step: int) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project = self.project
        target = self.model.row_of(theme_id) + step
        if 0 <= target < self.model.rowCount():
            self.run_edit(lambda: project.move_theme(theme_id, target))
            self.select_theme(theme_id)

    def merge_theme(self) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project, theme = self.project, self.project.theme(theme_id)
        others = [t for t in project.themes() if t.id != theme_id]
        if not others:
            return
        names = [t.name for t in others]
        name, ok = QInputDialog.getItem(
            self, "Merge theme", f"Move the passages of “{theme.name}” into:", names, 0, False
        )
        if ok and name in names:
            target = others[names.index(name)].id
            # The target chosen once it holds them all (in steps, the list changes meanwhile).
            self._run_plan(
                lambda: project.merging_themes(theme_id, target),
                lambda edit: self.select_theme(target if edit else theme_id),
            )

    def delete_theme(self) -> None:
        theme_id = self.selected_theme()
        if self.project is None or theme_id is None:
            return
        project, theme = self.project, self.project.theme(theme_id)
        count = project.passage_counts_by_theme()[theme_id]
        if count == 0:
            self.run_edit(lambda: project.delete_theme(theme_id))
            return
        others = [t for t in project.themes() if t.id != theme_id]
        choice = dialogs.ask_orphan_policy(self, theme, count, others)
        if choice is None:
            return
        move_to = choice.move_to if choice.policy is OrphanPolicy.MOVE else None
        self._run_plan(lambda: project.deleting_theme(theme_id, choice.policy, move_to))

    def _run_plan(self, plan: Plan, then: Done | None = None) -> None:
        """Apply the edit `plan` makes (in steps if it has many changes, where the window
        gave the way: `big_edits`), then `then(edit)` (None: refused)."""
        project = self.project
        if self._run_planned is not None:
            self._run_planned(plan, None, then)
        elif project is not None:
            edit = self.run_edit(lambda: project.apply(plan().edit()))
            if then is not None:
                then(edit)

    def _update_actions(self, *_args: QModelIndex) -> None:
        editing = self.model.editing
        chosen = self.selected_theme() is not None and editing
        row = self.list.currentIndex().row()
        for made in (self.rename_action, self.colour_action, self.merge_action, self.delete_action,
                     self.details_action):  # fmt: skip
            made.setEnabled(chosen)
        self.up_action.setEnabled(chosen and row > 0)
        self.down_action.setEnabled(chosen and row < self.model.rowCount() - 1)
        self.add_action.setEnabled(self.project is not None and editing)
