"""Small dialogs: article properties, theme details, what to do with a deleted theme's passages.

Each is opened through a module-level function, so tests can replace it with a stub.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
from briefing.core.records import Article, Theme

if TYPE_CHECKING:
    from briefing.gui.article_dialog import ArticleEdit, SourceAccess


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons that accept or reject the dialog."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def edit_article(
    parent: QWidget | None, article: Article, source: SourceAccess | None = None
) -> ArticleEdit | None:
    """The analyst's changes to an article (and how to read it again), or None if cancelled."""
    from briefing.gui.article_dialog import ArticleDialog

    dialog = ArticleDialog(article, source, parent)
    return dialog.result_edit() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_web_addresses(parent: QWidget | None, suggested: tuple[str, ...] = ()) -> str | None:
    """File > Import from web address: the text typed or pasted (one address a line), or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Import from web address")
    label = QLabel(
        "Web addresses of articles or PDF reports, one per line. Each page is fetched once; "
        "nothing on it is run, and no cookies are kept."
    )
    label.setWordWrap(True)
    field = QPlainTextEdit("\n".join(suggested))
    field.setPlaceholderText("https://www.example.com/news/2024/06/14/article.html")
    field.setMinimumWidth(420)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(field)
    layout.addWidget(ok_cancel(dialog))
    field.setFocus()
    return field.toPlainText() if dialog.exec() == QDialog.DialogCode.Accepted else None


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
