"""File > Export briefing…: choose what goes in and the format, then write it off the UI thread.

The outline is built on the UI thread (a quick snapshot of frozen records), so the worker
never reads the project while the analyst edits it; only writing the file runs in the worker.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.errors import ProjectError
from briefing.core.project import Project
from briefing.export import (
    FORMATS,
    ExportCancelled,
    OutlineOptions,
    build_outline,
    write_briefing,
)
from briefing.export.verify import VerifyReport, verify_export
from briefing.gui.background import BackgroundTask, Cancelled, Progress
from briefing.gui.gui_settings import gui_settings, setting_bool, setting_str

_GROUPS = (("theme", "Theme"), ("source", "Source article"))
_ORDERS = (("position", "Source, then position in the article"), ("date", "Source date"))
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ExportDialog(QDialog):
    """Options, format and file for one export. Remembers the folder and options."""

    exported = Signal(Path)  # the file written
    failed = Signal(str)  # message shown to the user
    finished_export = Signal()  # after success, failure or cancel

    def __init__(self, project: Project, project_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export briefing")
        self.project = project
        self.project_name = project_name
        self.last_report: VerifyReport | None = None  # of the last export, read back
        self._task: BackgroundTask[Path] | None = None

        self.format_box = QComboBox()
        for key, writer in FORMATS.items():
            self.format_box.addItem(f"{writer.label} ({writer.suffix})", key)
        self.group_box = QComboBox()
        for key, label in _GROUPS:
            self.group_box.addItem(label, key)
        self.order_box = QComboBox()
        for key, label in _ORDERS:
            self.order_box.addItem(label, key)
        self.notes_check = QCheckBox("Include the analyst’s notes")
        self.empty_check = QCheckBox("Include themes without passages")
        self.front_matter_check = QCheckBox("Start with YAML front matter (Markdown)")
        self.contributors_check = QCheckBox("Name the analysts who tagged the passages")
        self.contributors_check.setToolTip(
            "Under the title: everyone whose passages the briefing quotes (on a server project, "
            "the desk's members; in a file, the analyst named in Settings when they tagged)"
        )

        self.theme_list = QListWidget()
        self.theme_list.setObjectName("exportThemes")
        counts = project.passage_counts_by_theme()
        for theme in project.briefing_theme_order():
            item = QListWidgetItem(f"{theme.name} ({counts[theme.id]})")
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.theme_list.addItem(item)

        self.all_articles = QRadioButton("All articles")
        self.chosen_articles = QRadioButton("Only the articles ticked below")
        self._article_choice = QButtonGroup(self)
        self._article_choice.addButton(self.all_articles)
        self._article_choice.addButton(self.chosen_articles)
        self.all_articles.setChecked(True)
        self.article_list = QListWidget()
        self.article_list.setObjectName("exportArticles")
        for article in project.articles():
            item = QListWidgetItem(article.title)
            item.setData(Qt.ItemDataRole.UserRole, article.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.article_list.addItem(item)
        self.article_list.setEnabled(False)
        self.chosen_articles.toggled.connect(self.article_list.setEnabled)
        self.format_box.currentIndexChanged.connect(self._update_front_matter)

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Group passages by", self.group_box)
        form.addRow("Order passages by", self.order_box)
        form.addRow(self.notes_check)
        form.addRow(self.empty_check)
        form.addRow(self.front_matter_check)
        form.addRow(self.contributors_check)

        themes = QGroupBox("Themes")
        QVBoxLayout(themes).addWidget(self.theme_list)
        articles = QGroupBox("Articles")
        article_layout = QVBoxLayout(articles)
        article_layout.addWidget(self.all_articles)
        article_layout.addWidget(self.chosen_articles)
        article_layout.addWidget(self.article_list)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.choose_and_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(themes)
        layout.addWidget(articles)
        layout.addWidget(self.buttons)
        self._restore()
        self._update_front_matter()

    # ----- what the analyst chose ------------------------------------------------------------

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> OutlineOptions:
        themes = _checked(self.theme_list)
        articles = _checked(self.article_list) if self.chosen_articles.isChecked() else None
        every_theme = len(themes) == self.theme_list.count()
        return OutlineOptions(
            theme_ids=None if every_theme else tuple(themes),
            article_ids=None if articles is None else tuple(articles),
            group_by=str(self.group_box.currentData()),
            order=str(self.order_box.currentData()),
            include_notes=self.notes_check.isChecked(),
            include_empty_themes=self.empty_check.isChecked(),
            front_matter=self.front_matter_check.isChecked(),
            name_contributors=self.contributors_check.isChecked(),
        )

    def default_path(self) -> Path:
        name = _UNSAFE_NAME.sub("-", self.project_name).strip(" .-") or "briefing"
        return self._last_folder() / f"{name}{FORMATS[self.fmt()].suffix}"

    # ----- exporting -------------------------------------------------------------------------

    @Slot()
    def choose_and_export(self) -> None:
        writer = FORMATS[self.fmt()]
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export briefing", str(self.default_path()), f"{writer.label} (*{writer.suffix})"
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Export to `path` in the chosen format; the result arrives as a signal."""
        if self.is_exporting():
            return
        fmt = self.fmt()
        path = Path(path)
        if path.suffix.lower() != FORMATS[fmt].suffix:
            path = path.with_name(path.name + FORMATS[fmt].suffix)
        self._save(path.parent)
        # A snapshot of frozen records, made here: the worker never reads the project.
        outline = build_outline(self.project, self.options())

        def write(progress: Progress) -> Path:
            try:
                return write_briefing(outline, path, fmt, progress)
            except ExportCancelled:
                raise Cancelled from None

        self._task = BackgroundTask(
            self, "Export briefing", write, self._on_success, self._on_failure, self._finish
        )
        self.buttons.setEnabled(False)
        self._task.start()

    @property
    def _progress(self) -> QProgressDialog | None:
        return self._task.progress if self._task is not None else None

    def is_exporting(self) -> bool:
        return self._task is not None and self._task.running()

    def _on_success(self, path: Path) -> None:
        self._finish()
        self.exported.emit(path)
        self.last_report = self._verify(path)
        verdict = self.last_report.render() if self.last_report else "The file was not verified."
        show = (
            QMessageBox.information
            if self.last_report and self.last_report.ok
            else (QMessageBox.warning)
        )
        answer = show(
            self,
            "Briefing exported",
            f"Exported to {path}.\n\n{verdict}\n\nChoose Open to show the folder.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Close,
        )
        if answer == QMessageBox.StandardButton.Open:
            self.open_folder(path.parent)
        self.accept()

    def _verify(self, path: Path) -> VerifyReport | None:
        """Read the file just written back and check every quote against its source."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return verify_export(self.project, path)
        except ProjectError as error:
            QMessageBox.warning(self, "Verification failed", str(error))
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def _on_failure(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)
        QMessageBox.warning(self, "Export failed", message)

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _finish(self) -> None:
        self.buttons.setEnabled(True)
        self.finished_export.emit()

    def done(self, result: int) -> None:
        """Closing the dialog waits for a running export rather than killing it mid-file."""
        if self.is_exporting():
            assert self._task is not None
            self._task.wait()
        super().done(result)

    # ----- remembered between exports --------------------------------------------------------

    def _update_front_matter(self) -> None:
        self.front_matter_check.setEnabled(self.fmt() == "md")

    def _last_folder(self) -> Path:
        stored = setting_str("export/folder", "")
        folder = Path(stored) if stored else Path.home()
        return folder if folder.is_dir() else Path.home()

    def _save(self, folder: Path) -> None:
        settings = gui_settings()
        settings.setValue("export/folder", str(folder))
        settings.setValue("export/format", self.fmt())
        settings.setValue("export/group_by", self.group_box.currentData())
        settings.setValue("export/order", self.order_box.currentData())
        settings.setValue("export/notes", self.notes_check.isChecked())
        settings.setValue("export/empty_themes", self.empty_check.isChecked())
        settings.setValue("export/front_matter", self.front_matter_check.isChecked())
        settings.setValue("export/contributors", self.contributors_check.isChecked())
        settings.sync()

    def _restore(self) -> None:
        for box, key, default in (
            (self.format_box, "export/format", "docx"),
            (self.group_box, "export/group_by", "theme"),
            (self.order_box, "export/order", "position"),
        ):
            index = box.findData(setting_str(key, default))
            box.setCurrentIndex(max(index, 0))
        self.notes_check.setChecked(setting_bool("export/notes", True))
        self.empty_check.setChecked(setting_bool("export/empty_themes", False))
        self.front_matter_check.setChecked(setting_bool("export/front_matter", True))
        self.contributors_check.setChecked(setting_bool("export/contributors", False))


def _checked(widget: QListWidget) -> list[int]:
    return [
        int(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]
