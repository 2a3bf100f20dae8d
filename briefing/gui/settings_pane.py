"""Briefing settings: title, analyst, handling line and executive summary.

A field is stored when the user leaves it (or presses Enter in a one-line field), as one
undoable edit; undo puts the old text back in the field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from briefing.core.edit import Applied, Kind, SettingsChange
from briefing.core.project import Project
from briefing.core.records import BriefingSettings
from briefing.gui.hub import Opened, Run


class SettingsPane(QWidget):
    def __init__(self, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.run = run
        self.title = QLineEdit()
        self.analyst = QLineEdit()
        self.handling = QLineEdit()
        self.handling.setPlaceholderText("e.g. OFFICIAL - FOR INTERNAL USE")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("A few sentences the reader of the briefing sees first.")
        self.summary.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Analyst:", self.analyst)
        form.addRow("&Handling:", self.handling)
        summary_label = QLabel("Executive &summary:")
        summary_label.setBuddy(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(summary_label)
        layout.addWidget(self.summary, 1)
        for field in (self.title, self.analyst, self.handling):
            field.editingFinished.connect(self.commit)
        self.summary.installEventFilter(self)
        self.setEnabled(False)

    def on_opened(self, opened: Opened) -> None:
        project = self.project = opened.project
        # The briefing's settings are its owner's on a shared project.
        self.setEnabled(project is not None and opened.may_change(Kind.SETTINGS))
        self._show(project.settings if project else BriefingSettings())

    def on_change(self, applied: Applied) -> None:
        if self.project is not None and applied.edit.touches(SettingsChange):
            self._show(self.project.settings)

    def commit(self) -> None:
        """Store whatever differs from the project's settings, as one edit."""
        if self.project is None:
            return
        current = self.project.settings
        typed = {
            "title": self.title.text().strip(),
            "analyst": self.analyst.text().strip(),
            "handling": self.handling.text().strip(),
            "summary": self.summary.toPlainText().strip(),
        }
        changed = {k: v for k, v in typed.items() if getattr(current, k) != v}
        if changed:
            project = self.project
            self.run(lambda: project.update_settings(**changed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.summary and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    def _show(self, settings: BriefingSettings) -> None:
        for field, value in (
            (self.title, settings.title),
            (self.analyst, settings.analyst),
            (self.handling, settings.handling),
        ):
            if field.text() != value:
                field.setText(value)
        if self.summary.toPlainText() != settings.summary:
            self.summary.setPlainText(settings.summary)
