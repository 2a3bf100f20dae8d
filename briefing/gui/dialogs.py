"""Small dialogs: article properties and what to do with a deleted theme's passages.

Each is opened through a module-level function, so tests can replace it with a stub.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.codebook_edits import OrphanPolicy
from briefing.core.grading import RELIABILITY
from briefing.core.records import Article, Theme


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons that accept or reject the dialog."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ArticleDialog(QDialog):
    def __init__(self, article: Article, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article properties")
        self.title = QLineEdit(article.title)
        self.outlet = QLineEdit(article.outlet)
        self.author = QLineEdit(article.author)
        self.published = QLineEdit(article.published or "")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.reliability = QComboBox()
        for grade, meaning in RELIABILITY.items():
            self.reliability.addItem(f"{grade} – {meaning}", grade)
        self.reliability.setCurrentIndex(self.reliability.findData(article.reliability))
        self.reliability.setToolTip("Source reliability on the Admiralty (NATO) scale")
        self.title.setMinimumWidth(380)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Outlet:", self.outlet)
        form.addRow("&Author:", self.author)
        form.addRow("&Date:", self.published)
        form.addRow("&Reliability:", self.reliability)
        source = QLabel(f"Imported from {article.source_file}" if article.source_file else "")
        source.setWordWrap(True)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(source)
        layout.addWidget(buttons)

    def fields(self) -> dict[str, str | None]:
        return {
            "title": self.title.text().strip(),
            "outlet": self.outlet.text().strip(),
            "author": self.author.text().strip(),
            "published": self.published.text().strip() or None,
            "reliability": self.reliability.currentData(),
        }


def edit_article(parent: QWidget | None, article: Article) -> dict[str, str | None] | None:
    """The edited fields, or None if the user cancelled."""
    dialog = ArticleDialog(article, parent)
    return dialog.fields() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ThemeDetailsDialog(QDialog):
    """A theme's description (shown in the briefing) and keywords (which propose sentences)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Theme “{theme.name}”")
        self.description = QLineEdit(theme.description)
        self.description.setMinimumWidth(420)
        self.keywords = QPlainTextEdit("\n".join(theme.keywords))
        self.keywords.setPlaceholderText("One keyword or phrase per line, e.g. kamikaze drone")
        hint = QLabel(
            "Keywords match whole words in any case, with plurals and simple inflections "
            "(drone finds drones); a line may hold a phrase."
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Description:", self.description)
        form.addRow("&Keywords:", self.keywords)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def details(self) -> tuple[str, list[str]]:
        lines = self.keywords.toPlainText().replace(",", "\n").splitlines()
        return self.description.text().strip(), [k.strip() for k in lines if k.strip()]


def edit_theme_details(parent: QWidget | None, theme: Theme) -> tuple[str, list[str]] | None:
    """(description, keywords) as edited, or None if the user cancelled."""
    dialog = ThemeDetailsDialog(theme, parent)
    return dialog.details() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class OrphanChoice:
    policy: OrphanPolicy
    move_to: int | None = None


class DeleteThemeDialog(QDialog):
    def __init__(
        self, theme: Theme, count: int, others: list[Theme], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Delete theme “{theme.name}”")
        noun = "passage" if count == 1 else "passages"
        intro = QLabel(f"“{theme.name}” tags {count} {noun}. What should happen to them?")
        intro.setWordWrap(True)
        self.untag = QRadioButton(
            f"&Untag them (a passage tagged only as “{theme.name}” is deleted)"
        )
        self.move_to = QRadioButton("&Move them to:")
        self.target = QComboBox()
        for other in others:
            self.target.addItem(other.name, other.id)
        group = QButtonGroup(self)
        group.addButton(self.untag)
        group.addButton(self.move_to)
        self.untag.setChecked(True)
        self.move_to.setEnabled(bool(others))
        self.target.setEnabled(False)
        self.move_to.toggled.connect(self.target.setEnabled)
        buttons = ok_cancel(self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete theme")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.untag)
        layout.addWidget(self.move_to)
        layout.addWidget(self.target)
        layout.addWidget(QLabel("Ctrl+Z undoes the deletion."))
        layout.addWidget(buttons)

    def choice(self) -> OrphanChoice:
        if self.move_to.isChecked():
            return OrphanChoice(OrphanPolicy.MOVE, self.target.currentData())
        return OrphanChoice(OrphanPolicy.UNTAG)


def ask_orphan_policy(
    parent: QWidget | None, theme: Theme, count: int, others: list[Theme]
) -> OrphanChoice | None:
    """What to do with a deleted theme's passages, or None if the user cancelled."""
    dialog = DeleteThemeDialog(theme, count, others, parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
